//! A band's bounds: which one a metric breaks, and the one description of them in
//! words that explanations, traces (`cchc explain`) and `cchc doc` all use.

use super::render::{Lang, format_metric_in};
use crate::ruleset::{Band, MetricUnit};
use rust_decimal::Decimal;

/// One bound of a metric band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `at_least`: the metric must be at least this (inclusive).
    AtLeast(Decimal),
    /// `below`: the metric must be below this (exclusive).
    Below(Decimal),
    /// `at_most`: the metric must be at most this (inclusive).
    AtMost(Decimal),
}

impl Bound {
    /// The band's bounds, in the order they are written: `at_least`, `below`, `at_most`.
    pub(crate) fn all(band: &Band) -> impl Iterator<Item = Bound> {
        [
            band.at_least.map(Bound::AtLeast),
            band.below.map(Bound::Below),
            band.at_most.map(Bound::AtMost),
        ]
        .into_iter()
        .flatten()
    }

    /// The value bounded by.
    pub(crate) fn value(self) -> Decimal {
        match self {
            Bound::AtLeast(v) | Bound::Below(v) | Bound::AtMost(v) => v,
        }
    }

    /// The relation a metric must have to the value: `≥`, `<`, `≤`.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Bound::AtLeast(_) => "≥",
            Bound::Below(_) => "<",
            Bound::AtMost(_) => "≤",
        }
    }

    /// The relation of a metric that breaks it: `<`, `≥`, `>`.
    pub(crate) fn broken_symbol(self) -> &'static str {
        match self {
            Bound::AtLeast(_) => "<",
            Bound::Below(_) => "≥",
            Bound::AtMost(_) => ">",
        }
    }

    /// Whether `metric` is on the right side of this bound alone (which bound a
    /// metric breaks; whether it is in the band is [`Band::contains`]).
    fn admits(self, metric: Decimal) -> bool {
        match self {
            Bound::AtLeast(v) => metric >= v,
            Bound::Below(v) => metric < v,
            Bound::AtMost(v) => metric <= v,
        }
    }

    /// The bound in symbols, in the metric's unit: `≥ 80%`.
    pub(crate) fn words(self, unit: MetricUnit, lang: Lang) -> String {
        format!(
            "{} {}",
            self.symbol(),
            format_metric_in(self.value(), unit, lang)
        )
    }
}

/// The bound of `band` that `metric` breaks, the first in written order; `None`
/// when the band contains the metric ([`Band::contains`] decides) or has no bounds
/// (it is reached by its key).
pub(crate) fn broken_bound(band: &Band, metric: Decimal) -> Option<Bound> {
    if !band.is_metric() || band.contains(metric) {
        return None;
    }
    Bound::all(band).find(|b| !b.admits(metric))
}

/// How [`describe_bounds`] writes the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BoundsStyle {
    /// Symbols in a list, as a trace shows them: `≥ 50%, < 100%`.
    Symbols,
    /// Symbols joined by "và"/"and", as the rule documentation's tables show them:
    /// `≥ 80% và < 100%`.
    SymbolsJoined,
    /// A phrase completing "cần …"/"needs …": `từ 50% đến dưới 100%`.
    Phrase,
}

/// `band`'s bounds in words, in the metric's `unit`; `None` when it has none (it is
/// reached only by the script naming it).
pub(crate) fn describe_bounds(
    band: &Band,
    unit: MetricUnit,
    style: BoundsStyle,
    lang: Lang,
) -> Option<String> {
    if !band.is_metric() {
        return None;
    }
    let parts = || -> Vec<String> { Bound::all(band).map(|b| b.words(unit, lang)).collect() };
    Some(match style {
        BoundsStyle::Symbols => parts().join(", "),
        BoundsStyle::SymbolsJoined => parts().join(match lang {
            Lang::Vi => " và ",
            Lang::En => " and ",
        }),
        BoundsStyle::Phrase => phrase(band, unit, lang)?,
    })
}

/// `từ 50% đến dưới 100%` / `from 50% to below 100%`. Loading allows `below` or
/// `at_most`, not both.
fn phrase(band: &Band, unit: MetricUnit, lang: Lang) -> Option<String> {
    let f = |v: Decimal| format_metric_in(v, unit, lang);
    let text = match (lang, band.at_least, band.below, band.at_most) {
        (Lang::Vi, Some(lo), Some(hi), _) => format!("từ {} đến dưới {}", f(lo), f(hi)),
        (Lang::Vi, Some(lo), None, Some(hi)) => format!("từ {} đến {}", f(lo), f(hi)),
        (Lang::Vi, Some(lo), None, None) => format!("từ {} trở lên", f(lo)),
        (Lang::Vi, None, Some(hi), _) => format!("dưới {}", f(hi)),
        (Lang::Vi, None, None, Some(hi)) => format!("không quá {}", f(hi)),
        (Lang::En, Some(lo), Some(hi), _) => format!("from {} to below {}", f(lo), f(hi)),
        (Lang::En, Some(lo), None, Some(hi)) => format!("from {} to {}", f(lo), f(hi)),
        (Lang::En, Some(lo), None, None) => format!("{} or more", f(lo)),
        (Lang::En, None, Some(hi), _) => format!("below {}", f(hi)),
        (Lang::En, None, None, Some(hi)) => format!("at most {}", f(hi)),
        (_, None, None, None) => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(at_least: Option<i64>, below: Option<i64>, at_most: Option<i64>) -> Band {
        let file = std::sync::Arc::new(crate::ruleset::SourceFile {
            path: "t.toml".into(),
            text: String::new(),
        });
        Band {
            key: "k".into(),
            points: crate::ruleset::PerLevel::All(Decimal::ZERO),
            clause: String::new(),
            at_least: at_least.map(|v| Decimal::new(v, 2)),
            below: below.map(|v| Decimal::new(v, 2)),
            at_most: at_most.map(|v| Decimal::new(v, 2)),
            origin: crate::ruleset::Origin { file, span: 0..0 },
        }
    }

    #[test]
    fn one_description_in_three_styles_and_two_languages() {
        let b = band(Some(50), Some(100), None);
        let pct = MetricUnit::Percent;
        let d = |style, lang| describe_bounds(&b, pct, style, lang).unwrap();
        assert_eq!(d(BoundsStyle::Symbols, Lang::Vi), "≥ 50%, < 100%");
        assert_eq!(d(BoundsStyle::SymbolsJoined, Lang::Vi), "≥ 50% và < 100%");
        assert_eq!(d(BoundsStyle::Phrase, Lang::Vi), "từ 50% đến dưới 100%");
        assert_eq!(d(BoundsStyle::SymbolsJoined, Lang::En), "≥ 50% and < 100%");
        assert_eq!(d(BoundsStyle::Phrase, Lang::En), "from 50% to below 100%");
        let keyed = band(None, None, None);
        assert_eq!(
            describe_bounds(&keyed, pct, BoundsStyle::Phrase, Lang::Vi),
            None
        );
    }

    #[test]
    fn the_broken_bound_is_named_and_a_contained_metric_breaks_none() {
        let b = band(Some(50), None, Some(80));
        assert_eq!(
            broken_bound(&b, Decimal::new(40, 2)),
            Some(Bound::AtLeast(Decimal::new(50, 2)))
        );
        assert_eq!(
            broken_bound(&b, Decimal::new(81, 2)),
            Some(Bound::AtMost(Decimal::new(80, 2)))
        );
        assert_eq!(broken_bound(&b, Decimal::new(80, 2)), None);
        assert_eq!(broken_bound(&band(None, None, None), Decimal::ONE), None);
    }
}
