//! Decimal points: parsing as Vietnamese tables write them, formatting, and the
//! ruleset's rounding policy. Points are `Decimal` end to end; no `f64` anywhere.
//!
//! Every operator here is checked (`clippy::arithmetic_side_effects` is denied):
//! `Decimal`'s `+ - * /` panic on overflow, and its `checked_add` rounds.
#![deny(clippy::arithmetic_side_effects)]

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

/// The most decimal places a `Decimal` holds exactly.
pub(crate) const MAX_DECIMAL_PLACES: u32 = 28;

/// The most significant digits a `Decimal` holds (its mantissa is 96 bits:
/// 79 228 162 514 264 337 593 543 950 335 is the largest).
pub(crate) const MAX_DECIMAL_DIGITS: usize = 29;

/// Why a decimal string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalError {
    /// Not a decimal at all (letters, two marks, thousands separators, exponents).
    Invalid,
    /// More decimal places than a `Decimal` holds: it would be rounded silently.
    TooPrecise,
    /// More digits than a `Decimal` holds.
    TooLarge,
}

impl DecimalError {
    /// What was wrong, in Vietnamese and English (`… / …`).
    pub(crate) fn describe(self) -> &'static str {
        match self {
            DecimalError::Invalid => "không phải số thập phân / not a decimal number",
            DecimalError::TooPrecise => {
                "quá 28 chữ số thập phân, không giữ chính xác được / more than 28 decimal places: it cannot be held exactly"
            }
            DecimalError::TooLarge => {
                "quá lớn: tối đa 29 chữ số (79228162514264337593543950335) / too large: at most 29 digits (79228162514264337593543950335)"
            }
        }
    }
}

impl std::fmt::Display for DecimalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// Parses a decimal written with `.` or `,` as the decimal mark (`0.5`, `0,5`, `-1`),
/// exactly or not at all.
///
/// Rejects thousands separators, exponents and anything else: evidence is typed by
/// hand, and a guess here would silently change a score. A value with more digits
/// than a `Decimal` holds is refused rather than rounded (`Decimal::from_str` turns
/// 29 decimal places into 0). Every decimal that `cchc` reads from a rule file, an
/// overlay or an evidence cell goes through this function.
pub(crate) fn read_decimal(text: &str) -> Result<Decimal, DecimalError> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (whole, fraction) = match digits.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (digits, ""),
    };
    let has_mark = whole.len() != digits.len();
    if whole.is_empty()
        || (has_mark && fraction.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(DecimalError::Invalid);
    }
    // Trailing zeros after the mark are kept (they are the scale: "0.50").
    if fraction.len() > MAX_DECIMAL_PLACES as usize {
        return Err(DecimalError::TooPrecise);
    }
    let significant = format!("{whole}{fraction}");
    let significant = significant.trim_start_matches('0');
    if significant.len() > MAX_DECIMAL_DIGITS {
        return Err(DecimalError::TooLarge);
    }
    let mantissa: i128 = if significant.is_empty() {
        0
    } else {
        significant.parse().map_err(|_| DecimalError::TooLarge)?
    };
    let mantissa = if negative {
        mantissa.checked_neg().ok_or(DecimalError::TooLarge)?
    } else {
        mantissa
    };
    // `fraction.len()` ≤ 28, checked above.
    let scale = u32::try_from(fraction.len()).map_err(|_| DecimalError::TooPrecise)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| DecimalError::TooLarge)
}

/// [`read_decimal`], for callers that only need to know whether it parsed.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    read_decimal(text).ok()
}

/// Reads a band threshold: a decimal, or a percentage such as `95%` (= `0.95`),
/// exactly: `0.0000000000000000000000000001%` has 30 decimal places as a fraction
/// and is refused, never rounded to 0.
pub(crate) fn read_threshold(text: &str) -> Result<Decimal, DecimalError> {
    match text.trim().strip_suffix('%') {
        Some(pct) => {
            let d = read_decimal(pct)?;
            // Dividing by 100 is moving the decimal mark: exact, or too precise.
            if d.scale().saturating_add(2) > MAX_DECIMAL_PLACES {
                return Err(DecimalError::TooPrecise);
            }
            // With room for two more places the quotient is exact.
            d.checked_div(Decimal::ONE_HUNDRED)
                .ok_or(DecimalError::TooPrecise)
        }
        None => read_decimal(text),
    }
}

/// Formats a decimal the Vietnamese way, with a decimal comma (`0,50`).
pub fn format_vi(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

/// `fraction × 100`, or `None` when that does not fit in a `Decimal` (a metric
/// near `Decimal::MAX`).
pub(crate) fn percent_of(fraction: Decimal) -> Option<Decimal> {
    fraction.checked_mul(Decimal::ONE_HUNDRED)
}

/// Formats a fraction as a percentage with a decimal comma (`0.955` → `95,5%`).
/// Shown to two decimals at most: a ratio such as 2/3 reads `66,67%`. `None` when
/// the percentage does not fit in a `Decimal`: the caller reports it, never a
/// made-up figure.
pub(crate) fn format_percent_vi(fraction: Decimal) -> Option<String> {
    let percent =
        percent_of(fraction)?.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Some(format!("{}%", format_vi(percent.normalize())))
}

/// The largest points value or maximum a rule file may write (`value/points-too-large`):
/// a whole criterion of the index is worth a few points, the whole index 100.
pub(crate) const MAX_POINTS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// `a + b` exactly, or `None`. `Decimal::checked_add` returns `None` only when the
/// whole part overflows: it rounds away decimals that do not fit, so
/// `79228162514264337593543950335 + 0.25` is "exactly" the first number. Sums of
/// points must never round, so this adds the mantissas at the common scale.
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    add_at_common_scale(a, b).or_else(|| add_at_common_scale(a.normalize(), b.normalize()))
}

/// `a − b` exactly, or `None` (see [`exact_add`]).
pub(crate) fn exact_sub(a: Decimal, b: Decimal) -> Option<Decimal> {
    exact_add(a, b.checked_mul(Decimal::NEGATIVE_ONE)?)
}

/// `a × b` exactly, or `None`. `Decimal::checked_mul` rounds a product with more
/// than 28 decimal places (0.25 × 0.0000000000000000000000000001 is 0), so this
/// multiplies the mantissas and keeps every digit, or refuses.
pub(crate) fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let mut mantissa = a.mantissa().checked_mul(b.mantissa())?;
    let mut scale = a.scale().checked_add(b.scale())?;
    // Trailing zeros of the product (2 × 5) cost no precision.
    while scale > 0 && mantissa.checked_rem(10) == Some(0) {
        mantissa = mantissa.checked_div(10)?;
        scale = scale.checked_sub(1)?;
    }
    if scale > MAX_DECIMAL_PLACES {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

fn add_at_common_scale(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale().max(b.scale());
    let widen = |d: Decimal| {
        10_i128
            .checked_pow(scale.checked_sub(d.scale())?)
            .and_then(|f| d.mantissa().checked_mul(f))
    };
    let sum = widen(a)?.checked_add(widen(b)?)?;
    Decimal::try_from_i128_with_scale(sum, scale).ok()
}

/// Adds decimals exactly, or `None` when the sum does not fit (see [`exact_add`]).
pub(crate) fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, exact_add)
}

/// The most decimal places a ruleset's rounding policy may keep (`rounding.places`
/// from 0 to 6): scores are published to two places, and a policy past six keeps
/// digits no table prints.
pub(crate) const MAX_ROUNDING_PLACES: u32 = 6;

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
    pub(crate) fn round(&self, value: Decimal) -> Decimal {
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
    #[test]
    fn exact_mul_keeps_every_digit_or_refuses() {
        let d = |s: &str| read_decimal(s).unwrap();
        assert_eq!(exact_mul(d("0.25"), d("4")), Some(d("1")));
        assert_eq!(exact_mul(d("2"), d("0.5")), Some(d("1")));
        assert_eq!(
            exact_mul(d("0.5"), d("0.0000000000000000000000000002")),
            Some(d("0.0000000000000000000000000001"))
        );
        // 2.5e-29: `checked_mul` rounds it to 0.
        assert_eq!(
            exact_mul(d("0.25"), d("0.0000000000000000000000000001")),
            None
        );
        assert_eq!(exact_mul(Decimal::MAX, d("2")), None);
        assert_eq!(exact_mul(Decimal::MAX, d("1")), Some(Decimal::MAX));
        assert_eq!(exact_mul(d("-3"), d("0.1")), Some(d("-0.3")));
    }

    use super::*;
    use std::str::FromStr;

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
        assert_eq!(read_threshold("95%").ok(), Some(d("0.95")));
        assert_eq!(read_threshold("87,5%").ok(), Some(d("0.875")));
        assert_eq!(read_threshold("10").ok(), Some(d("10")));
        assert_eq!(read_threshold("%").ok(), None);
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
        assert_eq!(format_percent_vi(d("0.95")).as_deref(), Some("95%"));
        assert_eq!(format_percent_vi(d("0.875")).as_deref(), Some("87,5%"));
        assert_eq!(
            format_percent_vi(d("2") / d("3")).as_deref(),
            Some("66,67%")
        );
    }

    #[test]
    fn a_percentage_past_decimal_max_is_none_not_a_panic() {
        assert_eq!(format_percent_vi(Decimal::MAX), None);
        assert_eq!(percent_of(Decimal::MIN), None);
        assert_eq!(checked_sum([Decimal::MAX, Decimal::ONE]), None);
        assert_eq!(checked_sum([d("0.25"), d("0.5")]), Some(d("0.75")));
        // Decimal::checked_add would round these to Decimal::MAX and call it a sum.
        assert_eq!(exact_add(Decimal::MAX, d("0.25")), None);
        assert_eq!(exact_sub(Decimal::MAX, d("0.10")), None);
        assert_eq!(
            exact_sub(d("2.00"), d("0.5")).map(|v| v.to_string()),
            Some("1.50".into())
        );
        // Trailing zeros do not stand in the way of an exact result.
        let big = Decimal::from_i128_with_scale(7_922_816_251_426_433_759_354_395_033, 0);
        assert_eq!(exact_add(big, d("1.0")), Some(big + Decimal::ONE));
    }

    #[test]
    fn more_digits_than_a_decimal_holds_are_refused_never_rounded() {
        // 29 decimal places: Decimal::from_str rounds this to 0.
        let tiny = format!("0.{}1", "0".repeat(28));
        assert_eq!(read_decimal(&tiny), Err(DecimalError::TooPrecise));
        assert_eq!(
            read_decimal(&tiny.replace('.', ",")),
            Err(DecimalError::TooPrecise)
        );
        // 28 places is exact.
        let exact = format!("0.{}1", "0".repeat(27));
        assert_eq!(read_decimal(&exact).map(|v| v.scale()), Ok(28));
        assert_eq!(
            read_decimal("79228162514264337593543950335"),
            Ok(Decimal::MAX)
        );
        assert_eq!(
            read_decimal("-79228162514264337593543950335"),
            Ok(Decimal::MIN)
        );
        assert_eq!(
            read_decimal("79228162514264337593543950336"),
            Err(DecimalError::TooLarge)
        );
        assert_eq!(
            read_decimal("7922816251426433759354395033.51"),
            Err(DecimalError::TooLarge)
        );
        assert_eq!(read_decimal(&"9".repeat(40)), Err(DecimalError::TooLarge));
        // Leading zeros are not digits that need room.
        assert_eq!(
            read_decimal(&format!("{}1.5", "0".repeat(40))),
            Ok(d("1.5"))
        );
        assert_eq!(
            read_decimal("0.50").map(|v| v.to_string()),
            Ok("0.50".into())
        );
        // Percentages: moving the mark two places must stay exact.
        let pct = format!("0.{}1%", "0".repeat(26));
        assert_eq!(read_threshold(&pct), Err(DecimalError::TooPrecise));
        assert_eq!(read_threshold("95%"), Ok(d("0.95")));
        assert_eq!(read_threshold("-5%"), Ok(d("-0.05")));
    }
}
