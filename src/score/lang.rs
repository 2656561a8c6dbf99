//! The language explanations are written in, and numbers, metrics and levels as
//! each language writes them.

use crate::model::Level;
use crate::model::number::{format_percent_vi, format_vi};
use crate::ruleset::MetricUnit;
use rust_decimal::{Decimal, RoundingStrategy};

/// The language explanations are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Vietnamese, the language of every report by default.
    #[default]
    Vi,
    /// English, for readers of both.
    En,
}

impl Lang {
    /// Reads `vi` or `en`, as `--lang` takes them.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// `vi` in Vietnamese, `en` in English.
    pub(crate) fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A decimal as the language writes it: `0,50` / `0.50`.
pub fn format_number(value: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Vi => format_vi(value),
        Lang::En => value.to_string(),
    }
}

/// Shows a metric in its unit: `87,5%`, `12 ngày`, `3` (`87.5%`, `12 days`, `3`).
pub fn format_metric_in(value: Decimal, unit: MetricUnit, lang: Lang) -> String {
    let plain = |v: Decimal| format_number(v.normalize(), lang);
    match (unit, lang) {
        // Only a value near `Decimal::MAX` has no percentage; scoring turns such a
        // metric into an error before explaining it, other callers show the fraction.
        (MetricUnit::Percent, Lang::Vi) => format_percent_vi(value).unwrap_or_else(|| {
            format!(
                "{} (quá lớn để đổi ra % / too large to show as a percentage)",
                plain(value)
            )
        }),
        (MetricUnit::Percent, Lang::En) => crate::model::number::percent_of(value).map_or_else(
            || format!("{} (too large to show as a percentage)", plain(value)),
            |p| {
                let p = p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                format!("{}%", plain(p))
            },
        ),
        (MetricUnit::Days, Lang::Vi) if value.is_sign_negative() => {
            format!("trước hạn {} ngày", plain(value.abs()))
        }
        (MetricUnit::Days, Lang::Vi) => format!("{} ngày", plain(value)),
        (MetricUnit::Days, Lang::En) if value.is_sign_negative() => {
            format!("{} {} early", plain(value.abs()), days_en(value.abs()))
        }
        (MetricUnit::Days, Lang::En) => format!("{} {}", plain(value), days_en(value)),
        (MetricUnit::Count, _) => plain(value),
    }
}

/// [`format_metric_in`] Vietnamese, as every report writes it.
pub fn format_metric(value: Decimal, unit: MetricUnit) -> String {
    format_metric_in(value, unit, Lang::Vi)
}

fn days_en(value: Decimal) -> &'static str {
    if value == Decimal::ONE { "day" } else { "days" }
}

/// The level's name in English.
pub fn level_en(level: Level) -> &'static str {
    match level {
        Level::So => "provincial departments and agencies",
        Level::Huyen => "district People's Committees",
        Level::Xa => "commune People's Committees",
    }
}
