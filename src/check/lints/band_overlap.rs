//! `band/overlap`: two metric bands, each reachable somewhere, both contain some
//! values; the earlier wins, and the table is ambiguous ("95%" in two rows).

use super::{Context, Lint};
use crate::check::band_range::BandRange;
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct BandOverlap;

impl Lint for BandOverlap {
    fn code(&self) -> Code {
        Code::BandOverlap
    }

    /// Reports each pair of overlapping bands once, over the longest run of pieces
    /// they share from where they first meet. A band wholly shadowed is
    /// `band/unreachable`'s, not an overlap.
    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        let Some(range) = BandRange::of(c) else {
            return;
        };
        let shadowed = range.shadowed();
        let matches = &range.matches;
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
                let (Some(interval), Some(first), Some(second)) =
                    (range.describe(k, last), c.bands.get(*a), c.bands.get(*b))
                else {
                    continue;
                };
                out.push(Diagnostic::new(
                    Code::BandOverlap,
                    format!(
                        "tiêu chí {}: mức '{}' và '{}' cùng chứa giá trị {interval}; mức đứng trước ('{}') được chọn, hãy ghi rõ ngưỡng thuộc mức nào / bands '{}' and '{}' both contain {interval}; the earlier one wins: say which row the boundary belongs to",
                        c.id, first.key, second.key, first.key, first.key, second.key
                    ),
                    Some(second.origin.location()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, at};

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&BandOverlap), []);
    }

    #[test]
    fn a_shared_bound_is_reported_at_the_later_band() {
        let base = Base::new().replace(
            C1,
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"0%\"\nat_most = \"50%\"",
        );
        assert_eq!(
            base.lint(&BandOverlap),
            [at(Code::BandOverlap, C1, base.band(C1, "duoi_50"))]
        );
        assert!(
            base.run(&BandOverlap)[0]
                .message
                .contains("mức 'mot_phan' và 'duoi_50' cùng chứa giá trị [50%; 50%]"),
        );
    }

    #[test]
    fn a_band_wholly_inside_an_earlier_one_is_no_overlap() {
        let base = Base::new().replace(
            C1,
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"50%\"\nbelow = \"60%\"",
        );
        assert_eq!(base.lint(&BandOverlap), []);
    }
}
