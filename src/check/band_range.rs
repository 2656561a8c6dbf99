//! The range analysis behind the band lints (`band/gap`, `band/overlap`,
//! `band/unreachable`): metric bands must cover the metric's whole range with no
//! gap and no overlap, and every band must be reachable.
//!
//! The metric's range follows its unit: a percentage lies in [0%; 100%], days late
//! are any whole number (negative = early), a count is a whole number ≥ 0. The
//! bounds cut that range into pieces; one sample value per piece decides which
//! bands contain the whole piece, so the analysis is exact.

use crate::model::number::format_vi;
use crate::ruleset::{Band, Criterion, MetricUnit};
use crate::score::format_metric;
use rust_decimal::Decimal;

/// A piece of the metric's range: a single bound value, or the open stretch
/// between two bounds (either side unbounded when `None`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Piece {
    At(Decimal),
    Between(Option<Decimal>, Option<Decimal>),
}

/// A criterion's metric bands against the pieces of the metric's range.
pub(super) struct BandRange<'a> {
    /// The criterion.
    pub criterion: &'a Criterion,
    /// The metric's unit (a count when the criterion names none).
    pub unit: MetricUnit,
    /// The metric bands (those with bounds), with their index in `criterion.bands`.
    pub metric: Vec<(usize, &'a Band)>,
    /// Each piece of the range that holds a value, with one such value.
    pub samples: Vec<(Piece, Decimal)>,
    /// Parallel to `samples`: the indices of the bands containing that piece, in
    /// table order (the first one wins).
    pub matches: Vec<Vec<usize>>,
}

impl<'a> BandRange<'a> {
    /// The analysis of `c`'s metric bands; `None` when it has none.
    pub(crate) fn of(c: &'a Criterion) -> Option<BandRange<'a>> {
        let metric: Vec<(usize, &Band)> = c
            .bands
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_metric())
            .collect();
        if metric.is_empty() {
            return None;
        }
        let unit = c.metric.as_ref().map_or(MetricUnit::Count, |m| m.unit);
        let samples: Vec<(Piece, Decimal)> = pieces(&metric, unit)
            .into_iter()
            .filter_map(|p| sample(p, unit).map(|v| (p, v)))
            .collect();
        let matches = samples
            .iter()
            .map(|(_, v)| {
                metric
                    .iter()
                    .filter(|(_, b)| b.contains(*v))
                    .map(|(i, _)| *i)
                    .collect()
            })
            .collect();
        Some(BandRange {
            criterion: c,
            unit,
            metric,
            samples,
            matches,
        })
    }

    /// The metric bands no value selects: every value they contain is taken by an
    /// earlier band, or they lie outside the range.
    pub(crate) fn shadowed(&self) -> Vec<usize> {
        self.metric
            .iter()
            .map(|(i, _)| *i)
            .filter(|i| !self.matches.iter().any(|m| m.first() == Some(i)))
            .collect()
    }

    /// Interval notation for samples `from` to `to` (indices into `samples`).
    pub(crate) fn describe(&self, from: usize, to: usize) -> Option<String> {
        let (first, last) = (self.samples.get(from)?, self.samples.get(to)?);
        Some(describe(first.0, last.0, self.unit))
    }
}

/// The pieces the bounds cut the metric's range into, in increasing order.
fn pieces(bands: &[(usize, &Band)], unit: MetricUnit) -> Vec<Piece> {
    let mut bounds: Vec<Decimal> = bands
        .iter()
        .flat_map(|(_, b)| [b.at_least, b.below, b.at_most])
        .flatten()
        .collect();
    let (low, high) = domain(unit);
    bounds.extend(low);
    bounds.extend(high);
    bounds.retain(|b| low.is_none_or(|l| *b >= l) && high.is_none_or(|h| *b <= h));
    bounds.sort();
    bounds.dedup();
    let mut out = Vec::new();
    if low.is_none() {
        out.push(Piece::Between(None, bounds.first().copied()));
    }
    for (k, b) in bounds.iter().enumerate() {
        out.push(Piece::At(*b));
        let next = bounds.get(k + 1).copied();
        if next.is_some() || high.is_none() {
            out.push(Piece::Between(Some(*b), next));
        }
    }
    out
}

/// A value inside `piece` that the metric can take, if any (whole numbers for days
/// and counts). Past `Decimal::MAX` there is no value to take: a bound there leaves
/// nothing above (or below) it, never a panic.
fn sample(piece: Piece, unit: MetricUnit) -> Option<Decimal> {
    let whole = unit != MetricUnit::Percent;
    match piece {
        Piece::At(v) => (!whole || v.fract().is_zero()).then_some(v),
        Piece::Between(None, None) => Some(Decimal::ZERO),
        Piece::Between(None, Some(hi)) => {
            let hi = if whole { hi.ceil() } else { hi };
            hi.checked_sub(Decimal::ONE)
        }
        Piece::Between(Some(lo), None) => {
            let lo = if whole { lo.floor() } else { lo };
            lo.checked_add(Decimal::ONE)
        }
        Piece::Between(Some(lo), Some(hi)) => {
            if whole {
                let v = lo.floor().checked_add(Decimal::ONE)?;
                (v < hi).then_some(v)
            } else {
                // lo + (hi − lo) / 2 cannot overflow where (lo + hi) / 2 could.
                let half = hi.checked_sub(lo)?.checked_div(Decimal::TWO)?;
                lo.checked_add(half)
            }
        }
    }
}

/// The metric's range: [0, 1] for percentages, ≥ 0 for counts, unbounded for days.
fn domain(unit: MetricUnit) -> (Option<Decimal>, Option<Decimal>) {
    match unit {
        MetricUnit::Percent => (Some(Decimal::ZERO), Some(Decimal::ONE)),
        MetricUnit::Count => (Some(Decimal::ZERO), None),
        MetricUnit::Days => (None, None),
    }
}

pub(super) fn domain_label(unit: MetricUnit) -> &'static str {
    match unit {
        MetricUnit::Percent => "[0%; 100%]",
        MetricUnit::Count => "[0; +∞)",
        MetricUnit::Days => "(−∞; +∞)",
    }
}

/// Interval notation for the pieces from `first` to `last`: `[50%; 80%)`.
fn describe(first: Piece, last: Piece, unit: MetricUnit) -> String {
    let show = |v: Decimal| match unit {
        MetricUnit::Percent => format_metric(v, unit),
        _ => format_vi(v.normalize()),
    };
    let open = match first {
        Piece::At(v) => format!("[{}", show(v)),
        Piece::Between(Some(v), _) => format!("({}", show(v)),
        Piece::Between(None, _) => "(−∞".to_string(),
    };
    let close = match last {
        Piece::At(v) => format!("{}]", show(v)),
        Piece::Between(_, Some(v)) => format!("{})", show(v)),
        Piece::Between(_, None) => "+∞)".to_string(),
    };
    let suffix = if unit == MetricUnit::Days {
        " ngày"
    } else {
        ""
    };
    format!("{open}; {close}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn whole_number_pieces_skip_empty_stretches() {
        assert_eq!(
            sample(
                Piece::Between(Some(dec("10")), Some(dec("11"))),
                MetricUnit::Days
            ),
            None
        );
        assert_eq!(
            sample(
                Piece::Between(Some(dec("0")), Some(dec("2"))),
                MetricUnit::Days
            ),
            Some(dec("1"))
        );
        assert_eq!(sample(Piece::At(dec("0.5")), MetricUnit::Count), None);
    }

    #[test]
    fn describes_intervals_in_vietnamese_notation() {
        let d = describe(
            Piece::At(dec("0.5")),
            Piece::Between(Some(dec("0.5")), Some(dec("0.8"))),
            MetricUnit::Percent,
        );
        assert_eq!(d, "[50%; 80%)");
        let d = describe(
            Piece::Between(Some(dec("10")), None),
            Piece::Between(Some(dec("10")), None),
            MetricUnit::Days,
        );
        assert_eq!(d, "(10; +∞) ngày");
    }
}
