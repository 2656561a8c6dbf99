//! Band coverage of the rule files' `[[case]]` tests: which bands of each criterion
//! some case actually reaches (the band the engine produced, not the band the case
//! expected), so an auditor sees which rows of the scoring table no test exercises.
//!
//! ```text
//! let results = cchc::cases::run_cases(&ruleset);
//! let coverage = cchc::coverage::band_coverage(&ruleset, &results);
//! if !coverage.meets(threshold) { /* list coverage.unreached() */ }
//! ```
#![deny(clippy::arithmetic_side_effects)]

use crate::cases::CaseResult;
use crate::ruleset::Ruleset;
use rust_decimal::{Decimal, RoundingStrategy};
use std::path::PathBuf;

/// Band coverage of one ruleset, criteria and bands in ruleset order.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Ruleset id.
    pub ruleset: String,
    /// One entry per criterion, in ruleset order.
    pub criteria: Vec<CriterionCoverage>,
}

/// Band coverage of one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionCoverage {
    /// Criterion id.
    pub criterion: String,
    /// The criterion's file.
    pub file: PathBuf,
    /// One entry per band, in declared order.
    pub bands: Vec<BandCoverage>,
}

/// Whether one band is reached by some case.
#[derive(Debug, Clone, PartialEq)]
pub struct BandCoverage {
    /// Band key.
    pub key: String,
    /// The file where the band's points are written.
    pub file: PathBuf,
    /// 1-based line of the band's points ([`crate::ruleset::Band::line`]).
    pub line: usize,
    /// Names of the cases whose engine result reached this band, in case order.
    pub cases: Vec<String>,
}

impl BandCoverage {
    /// Whether at least one case reached this band.
    pub fn covered(&self) -> bool {
        !self.cases.is_empty()
    }
}

impl CriterionCoverage {
    /// Bands reached by at least one case.
    pub fn covered(&self) -> usize {
        self.bands.iter().filter(|b| b.covered()).count()
    }

    /// Bands declared.
    pub fn total(&self) -> usize {
        self.bands.len()
    }

    /// `covered / total` as a percentage, see [`percent`].
    pub fn percent(&self) -> Decimal {
        percent(self.covered(), self.total())
    }
}

impl Coverage {
    /// Bands reached by at least one case, over every criterion.
    pub fn covered(&self) -> usize {
        self.criteria.iter().map(CriterionCoverage::covered).sum()
    }

    /// Bands declared, over every criterion.
    pub fn total(&self) -> usize {
        self.criteria.iter().map(CriterionCoverage::total).sum()
    }

    /// `covered / total` as a percentage, see [`percent`].
    pub fn percent(&self) -> Decimal {
        percent(self.covered(), self.total())
    }

    /// Whether the overall coverage is at least `threshold` percent, compared
    /// exactly (2 of 3 bands is below 66.67).
    pub fn meets(&self, threshold: Decimal) -> bool {
        // A threshold so large that `threshold × total` overflows is met only when negative.
        let covered = Decimal::from(self.covered()).checked_mul(Decimal::ONE_HUNDRED);
        match (covered, threshold.checked_mul(Decimal::from(self.total()))) {
            (Some(covered), Some(needed)) => covered >= needed,
            (_, needed) => needed.is_none() && threshold.is_sign_negative(),
        }
    }

    /// Bands no case reaches, with their criterion, in ruleset order.
    pub fn unreached(&self) -> impl Iterator<Item = (&CriterionCoverage, &BandCoverage)> {
        self.criteria
            .iter()
            .flat_map(|c| c.bands.iter().filter(|b| !b.covered()).map(move |b| (c, b)))
    }
}

/// `covered / total × 100`, truncated to 2 decimal places so that only full
/// coverage shows as 100 (an empty set counts as fully covered).
pub(crate) fn percent(covered: usize, total: usize) -> Decimal {
    if total == 0 {
        return Decimal::ONE_HUNDRED;
    }
    // Counts are far below Decimal's range: neither step can fail.
    let Some(exact) = Decimal::from(covered)
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|c| c.checked_div(Decimal::from(total)))
    else {
        return Decimal::ONE_HUNDRED;
    };
    exact
        .round_dp_with_strategy(2, RoundingStrategy::ToZero)
        .normalize()
}

/// The band coverage of `results` (from [`crate::cases::run_cases`] on the same
/// ruleset): a band is covered when the engine reached it for some case, whether or
/// not that case passed.
pub fn band_coverage(ruleset: &Ruleset, results: &[CaseResult]) -> Coverage {
    let criteria = ruleset
        .criteria
        .iter()
        .map(|criterion| CriterionCoverage {
            criterion: criterion.id.clone(),
            file: criterion.source.path.clone(),
            bands: criterion
                .bands
                .iter()
                .map(|band| BandCoverage {
                    key: band.key.clone(),
                    file: band.origin.file.path.clone(),
                    line: band.line(),
                    cases: results
                        .iter()
                        .filter(|r| {
                            r.criterion == criterion.id
                                && r.got_band.as_deref() == Some(band.key.as_str())
                        })
                        .map(|r| r.name.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Coverage {
        ruleset: ruleset.id.clone(),
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(key: &str, cases: &[&str]) -> BandCoverage {
        BandCoverage {
            key: key.into(),
            file: PathBuf::from("r/1.1.toml"),
            line: 1,
            cases: cases.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn sample() -> Coverage {
        Coverage {
            ruleset: "r".into(),
            criteria: vec![
                CriterionCoverage {
                    criterion: "1.1".into(),
                    file: PathBuf::from("r/1.1.toml"),
                    bands: vec![band("a", &["x"]), band("b", &[]), band("c", &["y", "z"])],
                },
                CriterionCoverage {
                    criterion: "1.2".into(),
                    file: PathBuf::from("r/1.2.toml"),
                    bands: vec![band("d", &["w"])],
                },
            ],
        }
    }

    #[test]
    fn counts_and_percentages() {
        let c = sample();
        assert_eq!((c.covered(), c.total()), (3, 4));
        assert_eq!(c.percent(), Decimal::from(75));
        assert_eq!(c.criteria[0].percent().to_string(), "66.66");
        assert_eq!(c.criteria[1].percent(), Decimal::ONE_HUNDRED);
        let unreached: Vec<(&str, &str)> = c
            .unreached()
            .map(|(cr, b)| (cr.criterion.as_str(), b.key.as_str()))
            .collect();
        assert_eq!(unreached, [("1.1", "b")]);
    }

    #[test]
    fn threshold_is_compared_exactly() {
        let c = sample();
        assert!(c.meets(Decimal::ZERO));
        assert!(c.meets(Decimal::from(75)));
        assert!(!c.meets(Decimal::new(7501, 2)));
        assert!(!c.meets(Decimal::ONE_HUNDRED));
        assert_eq!(percent(2, 3).to_string(), "66.66");
        assert_eq!(percent(0, 0), Decimal::ONE_HUNDRED);
    }
}
