//! `band/gap`: metric bands that leave values of the metric's range uncovered; a
//! unit with such a value would get an error instead of a score.

use super::{Context, Lint};
use crate::check::band_range::BandRange;
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;
use crate::score::format_metric;

/// See the module documentation.
pub(crate) struct BandGap;

impl Lint for BandGap {
    fn code(&self) -> Code {
        Code::BandGap
    }

    /// Reports each run of consecutive pieces no band contains, once.
    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        let Some(range) = BandRange::of(c) else {
            return;
        };
        let Some(&(_, lowest)) = range.metric.first() else {
            return;
        };
        let matches = &range.matches;
        let mut run: Option<(usize, usize)> = None;
        for (k, m) in matches.iter().enumerate() {
            if m.is_empty() {
                run = Some(run.map_or((k, k), |(s, _)| (s, k)));
            }
            // `matches` and `samples` are parallel: `s` and `e` index both.
            if let Some((s, e)) = run
                && (!m.is_empty() || k + 1 == matches.len())
                && let (Some(from), Some(interval)) = (range.samples.get(s), range.describe(s, e))
            {
                let example = format_metric(from.1, range.unit);
                // The band just below the gap, else just above it: where the table breaks.
                let near = s
                    .checked_sub(1)
                    .and_then(|k| matches.get(k))
                    .and_then(|m| m.first())
                    .or_else(|| matches.get(e + 1).and_then(|m| m.first()))
                    .and_then(|i| c.bands.get(*i))
                    .unwrap_or(lowest);
                out.push(Diagnostic::new(
                    Code::BandGap,
                    format!(
                        "tiêu chí {}: không mức nào chứa giá trị {interval} (ví dụ {example}); đơn vị có giá trị đó sẽ bị báo lỗi thay vì được chấm / no band covers metric values {interval} (e.g. {example}): a unit there gets an error instead of a score",
                        c.id
                    ),
                    Some(near.origin.location()),
                ));
                run = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, C2, at};

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&BandGap), []);
    }

    #[test]
    fn a_gap_is_reported_at_the_band_below_it_with_its_interval() {
        let base = Base::new().replace(
            C1,
            "at_least = \"50%\"\nbelow = \"100%\"",
            "at_least = \"60%\"\nbelow = \"100%\"",
        );
        assert_eq!(
            base.lint(&BandGap),
            [at(Code::BandGap, C1, base.band(C1, "duoi_50"))]
        );
        assert!(
            base.run(&BandGap)[0]
                .message
                .starts_with("tiêu chí 1: không mức nào chứa giá trị [50%; 60%) (ví dụ 50%)"),
        );
    }

    #[test]
    fn a_gap_at_the_bottom_is_reported_at_the_band_above_it() {
        let base = Base::new().replace(C2, "at_most = 0", "at_most = 0\nat_least = -5");
        let found = base.run(&BandGap);
        assert_eq!(
            base.lint(&BandGap),
            [at(Code::BandGap, C2, base.band(C2, "dung_han"))]
        );
        assert!(
            found[0].message.contains("(−∞; -5) ngày"),
            "{}",
            found[0].message
        );
    }
}
