//! One self-score checked against the unit it is for: counted, invalid (cannot
//! be read, or outside the criterion's range for the unit's level) or not
//! applicable (the criterion does not apply to the unit's level, or the unit is
//! exempt). Only a counted claim enters a total or a difference.

use super::self_scores::SelfScore;
use crate::evidence::CellProblem;
use crate::model::Status;
use crate::model::number::format_vi;
use crate::ruleset::Criterion;
use crate::score::{CriterionScore, UnitScore};
use rust_decimal::Decimal;

/// What became of a unit's self-score for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// Not self-scored.
    None,
    /// Read, and within 0 – the criterion's maximum for the unit's level.
    Counted(Decimal),
    /// Refused; the problem names the cell. Not counted: the unit's self total
    /// is then incomplete and has no difference.
    Invalid(CellProblem),
    /// The criterion does not apply to the unit; the note names the cell. Not
    /// counted (nothing can be earned there).
    NotApplicable(CellProblem),
}

impl Claim {
    /// The claim's machine code: `none`, `counted`, `invalid`, `not_applicable`.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Claim::None => "none",
            Claim::Counted(_) => "counted",
            Claim::Invalid(_) => "invalid",
            Claim::NotApplicable(_) => "not_applicable",
        }
    }

    /// The problem or note, with its cell, for an invalid or not applicable claim.
    pub(crate) fn problem(&self) -> Option<&CellProblem> {
        match self {
            Claim::Invalid(p) | Claim::NotApplicable(p) => Some(p),
            _ => None,
        }
    }
}

/// Checks `score` (if any) for `unit`: the range is the criterion's maximum for
/// the unit's own level in the (overlaid) ruleset, never the largest of all levels.
pub(crate) fn check(
    score: Option<&SelfScore>,
    unit: &UnitScore,
    criterion: &Criterion,
    scored: &CriterionScore,
) -> Claim {
    let Some(score) = score else {
        return Claim::None;
    };
    let problem = |message: String| CellProblem {
        field: None,
        cell: score.cell.clone(),
        message,
    };
    let points = match &score.points {
        Ok(points) => *points,
        Err(why) => return Claim::Invalid(problem(why.clone())),
    };
    let id = &criterion.id;
    let raw = &score.raw;
    if scored.status == Status::NotApplicable {
        let why = match unit.level {
            Some(level) if !criterion.applies_to.contains(&level) => format!(
                "tiêu chí {id} không áp dụng cho cấp {}: điểm tự chấm {raw} không được tính / criterion {id} does not apply to level {}: the self-score is not counted",
                level.code(),
                level.code()
            ),
            _ => format!(
                "tiêu chí {id} không áp dụng cho đơn vị {} (được miễn): điểm tự chấm {raw} không được tính / criterion {id} does not apply to unit {} (exempt): the self-score is not counted",
                unit.id, unit.id
            ),
        };
        return Claim::NotApplicable(problem(why));
    }
    let (max, at_vi, at_en) = match unit
        .level
        .and_then(|l| criterion.max_for(l).map(|m| (m, l)))
    {
        Some((max, level)) => (
            max,
            format!("cấp {}", level.code()),
            format!("level {}", level.code()),
        ),
        // No valid level (the unit is reported as broken): the largest maximum.
        None => (
            crate::Level::ALL
                .iter()
                .filter_map(|l| criterion.max_for(*l))
                .max()
                .unwrap_or_default(),
            "mọi cấp".to_string(),
            "any level".to_string(),
        ),
    };
    if points < Decimal::ZERO || points > max {
        return Claim::Invalid(problem(format!(
            "điểm tự chấm {raw} nằm ngoài 0–{} của tiêu chí {id} ở {at_vi} / self-score {points} is outside 0–{max} for criterion {id} at {at_en}",
            format_vi(max)
        )));
    }
    Claim::Counted(points)
}
