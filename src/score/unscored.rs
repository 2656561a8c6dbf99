//! The score shapes of the outcomes a script does not decide: not applicable (to
//! the level, or by exemption) and in error. No points; a maximum only for an error.

use super::CriterionScore;
use super::explanation::{Explanation, Outcome};
use super::render::{self, Lang};
use crate::model::Level;
use crate::model::Status;
use crate::ruleset::Criterion;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A result the script did not decide: not applicable, exempt or in error. Its
/// text needs nothing from the ruleset.
fn unscored(
    index: usize,
    status: Status,
    max: Option<Decimal>,
    outcome: Outcome,
) -> CriterionScore {
    let detail = Arc::new(Explanation::of(outcome));
    CriterionScore {
        criterion: index,
        points: None,
        max,
        status,
        band: None,
        metric: None,
        explanation: render::unscored(&detail.outcome, Lang::Vi)
            .unwrap_or_default()
            .into(),
        detail,
        missing_evidence: Vec::new(),
    }
}

pub(super) fn exempt_score(index: usize, exemption: &crate::ruleset::Exemption) -> CriterionScore {
    unscored(
        index,
        Status::NotApplicable,
        None,
        Outcome::Exempt(exemption.reason.clone()),
    )
}

/// No points and no maximum: left out of the unit's total and maximum.
pub(super) fn not_for_level(index: usize, level: Level) -> CriterionScore {
    unscored(
        index,
        Status::NotApplicable,
        None,
        Outcome::NotForLevel(level),
    )
}

/// A not-applicable result with the given text (tests of what does not read it).
#[cfg(test)]
pub(super) fn not_applicable(index: usize, explanation: String) -> CriterionScore {
    let mut score = not_for_level(index, Level::So);
    score.explanation = explanation.into();
    score
}

pub(super) fn error_score(
    index: usize,
    criterion: &Criterion,
    level: Option<Level>,
    explanation: String,
) -> CriterionScore {
    unscored(
        index,
        Status::Error,
        level.and_then(|l| criterion.max_for(l)),
        Outcome::Error(explanation),
    )
}
