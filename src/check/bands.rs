//! Lints on a criterion's band table: metric bands must cover the metric's whole
//! range with no gap and no overlap, and every band must be reachable, by its
//! bounds (not shadowed by an earlier band) or by a key the script returns.
//!
//! The metric's range follows its unit: a percentage lies in [0%; 100%], days late
//! are any whole number (negative = early), a count is a whole number ≥ 0. The
//! bounds cut that range into pieces; one sample value per piece decides which
//! bands contain the whole piece, so the analysis is exact.

use super::script;
use crate::diagnostic::Diagnostic;
use crate::model::number::format_vi;
use crate::ruleset::{Band, Criterion, MetricUnit};
use crate::score::format_metric;
use rust_decimal::Decimal;

/// A piece of the metric's range: a single bound value, or the open stretch
/// between two bounds (either side unbounded when `None`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    At(Decimal),
    Between(Option<Decimal>, Option<Decimal>),
}

/// Lints one criterion's bands.
pub(super) fn lint_criterion(c: &Criterion, out: &mut Vec<Diagnostic>) {
    let returned = script::string_literals(&c.script_source);
    for band in c.bands.iter().filter(|b| !b.is_metric()) {
        if !returned.contains(&band.key.as_str()) {
            out.push(Diagnostic::error(
                "band/unreachable",
                format!(
                    "tiêu chí {}, mức '{}': script không bao giờ trả về \"{}\" và mức không có ngưỡng, nên không đơn vị nào đạt mức này / the script never returns \"{}\" and the band has no bounds: no unit can reach it",
                    c.id, band.key, band.key, band.key
                ),
                Some(band.origin.location()),
            ));
        }
    }
    let metric: Vec<(usize, &Band)> = c
        .bands
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_metric())
        .collect();
    let Some(&(_, lowest)) = metric.first() else {
        return;
    };
    let unit = c.metric.as_ref().map_or(MetricUnit::Count, |m| m.unit);
    let samples: Vec<(Piece, Decimal)> = pieces(&metric, unit)
        .into_iter()
        .filter_map(|p| sample(p, unit).map(|v| (p, v)))
        .collect();
    let matches: Vec<Vec<usize>> = samples
        .iter()
        .map(|(_, v)| {
            metric
                .iter()
                .filter(|(_, b)| b.contains(*v))
                .map(|(i, _)| *i)
                .collect()
        })
        .collect();

    // Gaps: runs of consecutive pieces no band contains.
    let mut run: Option<(usize, usize)> = None;
    for (k, m) in matches.iter().enumerate() {
        if m.is_empty() {
            run = Some(run.map_or((k, k), |(s, _)| (s, k)));
        }
        // `matches` and `samples` are parallel: `s` and `e` index both.
        if let Some((s, e)) = run
            && (!m.is_empty() || k + 1 == matches.len())
            && let (Some(from), Some(to)) = (samples.get(s), samples.get(e))
        {
            let range = describe(from.0, to.0, unit);
            let example = format_metric(from.1, unit);
            // The band just below the gap, else just above it: where the table breaks.
            let near = s
                .checked_sub(1)
                .and_then(|k| matches.get(k))
                .and_then(|m| m.first())
                .or_else(|| matches.get(e + 1).and_then(|m| m.first()))
                .and_then(|i| c.bands.get(*i))
                .unwrap_or(lowest);
            out.push(Diagnostic::error(
                "band/gap",
                format!(
                    "tiêu chí {}: không mức nào chứa giá trị {range} (ví dụ {example}); đơn vị có giá trị đó sẽ bị báo lỗi thay vì được chấm / no band covers metric values {range} (e.g. {example}): a unit there gets an error instead of a score",
                    c.id
                ),
                Some(near.origin.location()),
            ));
            run = None;
        }
    }

    // Shadowed bands: every value they contain is taken by an earlier band.
    let mut shadowed = Vec::new();
    for (i, band) in &metric {
        let reached = matches.iter().any(|m| m.first() == Some(i));
        if !reached {
            shadowed.push(*i);
            let earlier: Vec<&str> = matches
                .iter()
                .filter(|m| m.contains(i))
                .filter_map(|m| m.first())
                .filter_map(|k| c.bands.get(*k))
                .map(|b| b.key.as_str())
                .fold(Vec::new(), |mut acc, k| {
                    if !acc.contains(&k) {
                        acc.push(k);
                    }
                    acc
                });
            let why = if earlier.is_empty() {
                format!(
                    "ngưỡng của mức nằm ngoài miền giá trị {} / its bounds lie outside the metric's range {}",
                    domain_label(unit),
                    domain_label(unit)
                )
            } else {
                format!(
                    "mọi giá trị của mức đã thuộc mức đứng trước ({}) / every value it contains falls in an earlier band ({})",
                    earlier.join(", "),
                    earlier.join(", ")
                )
            };
            out.push(Diagnostic::error(
                "band/unreachable",
                format!(
                    "tiêu chí {}, mức '{}': không bao giờ được chọn: {why}",
                    c.id, band.key
                ),
                Some(band.origin.location()),
            ));
        }
    }

    // Overlaps between two bands that are each reachable somewhere.
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for (k, m) in matches.iter().enumerate() {
        for (a, b) in m.iter().zip(m.iter().skip(1)) {
            if shadowed.contains(b) || reported.contains(&(*a, *b)) {
                continue;
            }
            reported.push((*a, *b));
            let last = (k..matches.len())
                .take_while(|j| {
                    matches
                        .get(*j)
                        .is_some_and(|m| m.contains(a) && m.contains(b))
                })
                .last()
                .unwrap_or(k);
            let (Some(from), Some(to), Some(first), Some(second)) = (
                samples.get(k),
                samples.get(last),
                c.bands.get(*a),
                c.bands.get(*b),
            ) else {
                continue;
            };
            let range = describe(from.0, to.0, unit);
            out.push(Diagnostic::error(
                "band/overlap",
                format!(
                    "tiêu chí {}: mức '{}' và '{}' cùng chứa giá trị {range}; mức đứng trước ('{}') được chọn, hãy ghi rõ ngưỡng thuộc mức nào / bands '{}' and '{}' both contain {range}; the earlier one wins: say which row the boundary belongs to",
                    c.id, first.key, second.key, first.key, first.key, second.key
                ),
                Some(second.origin.location()),
            ));
        }
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

fn domain_label(unit: MetricUnit) -> &'static str {
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
