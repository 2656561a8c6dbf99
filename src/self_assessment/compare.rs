//! Self-score against appraisal: per unit × criterion the claim, the score the
//! evidence supports, the difference and the reason; per unit the totals, the
//! criteria cut and those lacking evidence with no written explanation.

use super::self_scores::SelfScores;
use crate::evidence::{EvidenceSet, UnitRecord, document};
use crate::level::Level;
use crate::score::{CriterionScore, Scoreboard, Status, UnitScore};
use rust_decimal::Decimal;

/// One unit × criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionComparison {
    /// Criterion id.
    pub id: String,
    /// Criterion title.
    pub title: String,
    /// The unit's self-score (`None`: not self-scored).
    pub self_points: Option<Decimal>,
    /// The appraised score, rounded like reports (`None`: not applicable or in error).
    pub appraised: Option<Decimal>,
    /// The criterion's maximum for the unit.
    pub max: Option<Decimal>,
    /// Appraised − self (negative: cut); `None` when either is unknown.
    pub difference: Option<Decimal>,
    /// The appraisal status.
    pub status: Status,
    /// Why, in Vietnamese: the scoring explanation without its legal basis.
    pub reason: String,
    /// Whether the evidence is missing or incomplete (a required field blank, a
    /// blank field that cost points, a document without số/ký hiệu or ngày).
    pub lacks_evidence: bool,
    /// The unit's written explanation (`giai_trinh`).
    pub explanation: Option<String>,
}

impl CriterionComparison {
    /// Whether the appraisal gives less than the unit claimed.
    pub fn is_cut(&self) -> bool {
        self.difference.is_some_and(|d| d < Decimal::ZERO)
    }

    /// Lacks evidence and the unit wrote no explanation, which the guidance requires.
    pub fn needs_explanation(&self) -> bool {
        self.lacks_evidence && self.explanation.is_none()
    }
}

/// One unit's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitComparison {
    /// `ma_don_vi`.
    pub id: String,
    /// `ten_don_vi`.
    pub name: String,
    /// Level.
    pub level: Option<Level>,
    /// Sum of self-scores.
    pub self_total: Decimal,
    /// Appraised total.
    pub appraised_total: Decimal,
    /// Maximum for the unit.
    pub max: Decimal,
    /// Per criterion, in ruleset order.
    pub criteria: Vec<CriterionComparison>,
}

impl UnitComparison {
    /// Criteria the appraisal cut.
    pub fn cut(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria.iter().filter(|c| c.is_cut())
    }

    /// Criteria lacking evidence with no written explanation.
    pub fn unexplained(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria.iter().filter(|c| c.needs_explanation())
    }

    /// Applicable criteria the unit did not self-score.
    pub fn not_self_scored(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria
            .iter()
            .filter(|c| c.self_points.is_none() && c.status != Status::NotApplicable)
    }
}

/// The whole comparison.
#[derive(Debug)]
pub struct Comparison<'b, 'r> {
    /// The appraisal it compares with.
    pub board: &'b Scoreboard<'r>,
    /// The self-score file.
    pub self_scores: &'b SelfScores,
    /// Units in evidence order.
    pub units: Vec<UnitComparison>,
    /// Units self-scored but absent from the evidence: reported, never dropped.
    pub unmatched: Vec<String>,
}

/// Compares the self-scores with the appraisal of the same units.
pub fn compare<'b, 'r>(
    board: &'b Scoreboard<'r>,
    evidence: &EvidenceSet,
    self_scores: &'b SelfScores,
) -> Comparison<'b, 'r> {
    let units = board
        .units
        .iter()
        .map(|unit| {
            let record = evidence.units.iter().find(|r| r.row == unit.row);
            compare_unit(board, unit, record, &evidence.has_documents, self_scores)
        })
        .collect();
    let mut unmatched: Vec<String> = Vec::new();
    for s in &self_scores.scores {
        if !board.units.iter().any(|u| u.id == s.unit) && !unmatched.contains(&s.unit) {
            unmatched.push(s.unit.clone());
        }
    }
    Comparison {
        board,
        self_scores,
        units,
        unmatched,
    }
}

fn compare_unit(
    board: &Scoreboard<'_>,
    unit: &UnitScore,
    record: Option<&UnitRecord>,
    has_documents: &[bool],
    self_scores: &SelfScores,
) -> UnitComparison {
    let ruleset = board.ruleset;
    let criteria: Vec<CriterionComparison> = unit
        .criteria
        .iter()
        .map(|scored| {
            let criterion = &ruleset.criteria[scored.criterion];
            let claim = self_scores.get(&unit.id, &criterion.id);
            let self_points = claim.map(|c| at_least_places(c.points, ruleset.rounding.places));
            let appraised = scored.points.map(|p| ruleset.rounding.round(p));
            // A self-score on a criterion that does not apply earns nothing.
            let earned = match scored.status {
                Status::NotApplicable => Some(Decimal::ZERO),
                _ => appraised,
            };
            let difference = match (earned, self_points) {
                (Some(a), Some(s)) => Some(a - s),
                _ => None,
            };
            CriterionComparison {
                id: criterion.id.clone(),
                title: criterion.title.clone(),
                self_points,
                appraised,
                max: scored.max,
                difference,
                status: scored.status,
                reason: reason(&scored.explanation),
                lacks_evidence: record
                    .is_some_and(|r| lacks_evidence(board, scored, r, has_documents)),
                explanation: claim.and_then(|c| c.explanation.clone()),
            }
        })
        .collect();
    UnitComparison {
        id: unit.id.clone(),
        name: unit.name.clone(),
        level: unit.level,
        self_total: criteria.iter().filter_map(|c| c.self_points).sum(),
        appraised_total: ruleset.rounding.round(unit.total),
        max: unit.max,
        criteria,
    }
}

/// `0.5` shown as `0.50`, like the appraised points; never rounded (a claim is
/// compared as written).
fn at_least_places(mut value: Decimal, places: u32) -> Decimal {
    if value.scale() < places {
        value.rescale(places);
    }
    value
}

/// The scoring explanation without its legal basis, which the comparison's reader
/// does not need on every line.
pub fn reason(explanation: &str) -> String {
    explanation
        .split(" Căn cứ: ")
        .next()
        .unwrap_or(explanation)
        .to_string()
}

fn lacks_evidence(
    board: &Scoreboard<'_>,
    scored: &CriterionScore,
    record: &UnitRecord,
    has_documents: &[bool],
) -> bool {
    let lost = matches!(
        scored.status,
        Status::Partial | Status::Zero | Status::MissingEvidence
    );
    match scored.status {
        Status::MissingEvidence => return true,
        Status::NotApplicable | Status::Error => return false,
        _ => {}
    }
    let ruleset = board.ruleset;
    document::lacks_evidence(
        &ruleset.criteria[scored.criterion],
        &ruleset.fields,
        &record.values,
        &record.documents,
        has_documents,
        lost,
    )
}
