//! Decimal points: parsing as Vietnamese tables write them, formatting, and the
//! ruleset's rounding policy. Points are `Decimal` end to end; no `f64` anywhere.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;
use std::str::FromStr;

/// Parses a decimal written with `.` or `,` as the decimal mark (`0.5`, `0,5`, `-1`).
///
/// Rejects thousands separators, exponents and anything else: evidence is typed by
/// hand, and a guess here would silently change a score.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let marks = t.chars().filter(|c| *c == '.' || *c == ',').count();
    if t.is_empty() || marks > 1 {
        return None;
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty()
        || digits.starts_with([',', '.'])
        || digits.ends_with([',', '.'])
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    Decimal::from_str(&t.replace(',', ".")).ok()
}

/// Parses a band threshold: a decimal, or a percentage such as `95%` (= `0.95`).
pub fn parse_threshold(text: &str) -> Option<Decimal> {
    match text.trim().strip_suffix('%') {
        Some(pct) => parse_decimal(pct).map(|d| d / Decimal::ONE_HUNDRED),
        None => parse_decimal(text),
    }
}

/// Formats a decimal the Vietnamese way, with a decimal comma (`0,50`).
pub fn format_vi(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

/// Formats a fraction as a percentage with a decimal comma (`0.955` → `95,5%`).
/// Shown to two decimals at most: a ratio such as 2/3 reads `66,67%`.
pub fn format_percent_vi(fraction: Decimal) -> String {
    let percent = (fraction * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", format_vi(percent.normalize()))
}

/// How a ruleset rounds the figures it publishes (`rounding = { places = 2, mode = "half_up" }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundingPolicy {
    /// Decimal places kept.
    pub places: u32,
    /// Tie-breaking mode.
    pub mode: RoundingMode,
}

/// Tie-breaking modes a province may choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 0,125 → 0,13 (làm tròn lên khi từ 5 trở lên): the usual rule in Vietnamese tables.
    HalfUp,
    /// 0,125 → 0,12 (banker's rounding).
    HalfEven,
    /// Always toward zero (cắt bỏ).
    Down,
}

impl Default for RoundingPolicy {
    fn default() -> Self {
        RoundingPolicy {
            places: 2,
            mode: RoundingMode::HalfUp,
        }
    }
}

impl RoundingPolicy {
    /// Rounds `value` by this policy, always showing `places` decimals.
    pub fn round(&self, value: Decimal) -> Decimal {
        let strategy = match self.mode {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
        };
        let mut rounded = value.round_dp_with_strategy(self.places, strategy);
        rounded.rescale(self.places);
        rounded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn parses_both_decimal_marks() {
        assert_eq!(parse_decimal("0,5"), Some(d("0.5")));
        assert_eq!(parse_decimal(" 0.50 "), Some(d("0.50")));
        assert_eq!(parse_decimal("-3"), Some(d("-3")));
        for bad in ["", "1.000,5", "1e3", "abc", "0,", ",5", "1 000", "--1"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?} must be rejected");
        }
    }

    #[test]
    fn thresholds_accept_percentages() {
        assert_eq!(parse_threshold("95%"), Some(d("0.95")));
        assert_eq!(parse_threshold("87,5%"), Some(d("0.875")));
        assert_eq!(parse_threshold("10"), Some(d("10")));
        assert_eq!(parse_threshold("%"), None);
    }

    #[test]
    fn rounding_modes_differ_on_ties() {
        let half_up = RoundingPolicy {
            places: 2,
            mode: RoundingMode::HalfUp,
        };
        let half_even = RoundingPolicy {
            places: 2,
            mode: RoundingMode::HalfEven,
        };
        let down = RoundingPolicy {
            places: 2,
            mode: RoundingMode::Down,
        };
        assert_eq!(half_up.round(d("0.125")).to_string(), "0.13");
        assert_eq!(half_even.round(d("0.125")).to_string(), "0.12");
        assert_eq!(down.round(d("0.129")).to_string(), "0.12");
        assert_eq!(half_up.round(d("1.5")).to_string(), "1.50");
        assert_eq!(half_up.round(d("66.6666")).to_string(), "66.67");
    }

    #[test]
    fn formats_with_decimal_comma() {
        assert_eq!(format_vi(d("1.50")), "1,50");
        assert_eq!(format_percent_vi(d("0.95")), "95%");
        assert_eq!(format_percent_vi(d("0.875")), "87,5%");
        assert_eq!(format_percent_vi(d("2") / d("3")), "66,67%");
    }
}
