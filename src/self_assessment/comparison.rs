//! Self-score against appraisal: per unit × criterion the claim, the score the
//! evidence supports, the difference and the reason; per unit the totals, the
//! criteria cut and those lacking evidence with no written explanation.

use super::claim::{self, Claim};
use super::self_scores::SelfScores;
use crate::evidence::{CellProblem, EvidenceSet, UnitRecord, document};
use crate::model::Level;
use crate::model::Status;
use crate::score::render;
use crate::score::{CriterionScore, Lang, Scoreboard, UnitScore};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One unit × criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionComparison {
    /// Criterion id.
    pub id: String,
    /// Criterion title.
    pub title: String,
    /// The unit's self-score when counted (`None`: not self-scored, invalid or
    /// not applicable; see `claim`).
    pub self_points: Option<Decimal>,
    /// What became of the self-score.
    pub claim: Claim,
    /// The appraised score, rounded like reports (`None`: not applicable or in error).
    pub appraised: Option<Decimal>,
    /// The criterion's maximum for the unit.
    pub max: Option<Decimal>,
    /// Appraised − self (negative: cut); `None` when either is unknown.
    pub difference: Option<Decimal>,
    /// The appraisal status.
    pub status: Status,
    /// Why, in Vietnamese: the scoring explanation without its legal basis
    /// ([`render::reason`]).
    pub reason: String,
    /// Whether the evidence is missing or incomplete (a required field blank, a
    /// blank field that cost points, a document without số/ký hiệu or ngày).
    pub lacks_evidence: bool,
    /// The unit's written explanation (`giai_trinh`).
    pub explanation: Option<String>,
}

impl CriterionComparison {
    /// Whether the appraisal gives less than the unit claimed.
    pub(crate) fn is_cut(&self) -> bool {
        self.difference.is_some_and(|d| d < Decimal::ZERO)
    }

    /// Lacks evidence and the unit wrote no explanation, which the guidance requires.
    pub(crate) fn needs_explanation(&self) -> bool {
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
    /// Sum of the counted self-scores (invalid and not applicable ones left out:
    /// see [`UnitComparison::is_complete`]).
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
    pub(crate) fn cut(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria.iter().filter(|c| c.is_cut())
    }

    /// Criteria lacking evidence with no written explanation.
    pub(crate) fn unexplained(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria.iter().filter(|c| c.needs_explanation())
    }

    /// Applicable criteria the unit did not self-score.
    pub(crate) fn not_self_scored(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria
            .iter()
            .filter(|c| c.claim == Claim::None && c.status != Status::NotApplicable)
    }

    /// Criteria whose self-score was refused (unreadable or out of range).
    pub(crate) fn invalid(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria
            .iter()
            .filter(|c| matches!(c.claim, Claim::Invalid(_)))
    }

    /// Criteria self-scored although they do not apply to the unit.
    pub(crate) fn not_applicable_claims(&self) -> impl Iterator<Item = &CriterionComparison> {
        self.criteria
            .iter()
            .filter(|c| matches!(c.claim, Claim::NotApplicable(_)))
    }

    /// Whether the unit self-scored every criterion that applies to it and every
    /// self-score was counted: otherwise its self total leaves something out and
    /// a difference with the appraised total would be invented.
    pub(crate) fn is_complete(&self) -> bool {
        self.invalid().next().is_none() && self.not_self_scored().next().is_none()
    }

    /// Whether any self-score of the unit was counted: otherwise it has no self
    /// total at all (never a 0 it did not write).
    pub(crate) fn has_counted(&self) -> bool {
        self.criteria.iter().any(|c| c.self_points.is_some())
    }

    /// Appraised − self total, only when the self total is complete.
    pub(crate) fn difference(&self) -> Option<Decimal> {
        self.is_complete()
            .then(|| self.appraised_total.checked_sub(self.self_total))
            .flatten()
    }
}

/// Where every non-blank row of the self-score file went: the counts add up to
/// `rows`, so a summary never leaves a refused row out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Non-blank data rows read.
    pub rows: usize,
    /// Counted in a unit's self total.
    pub counted: usize,
    /// Refused: unreadable, or outside the criterion's range for the unit's level.
    pub invalid: usize,
    /// On a criterion that does not apply to the unit.
    pub not_applicable: usize,
    /// For a unit not in the evidence.
    pub unmatched: usize,
    /// Not usable at all (blank unit, unknown criterion, a second score).
    pub rejected: usize,
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
    /// Every refused row, each naming its cell: the file's unusable rows, then
    /// the invalid self-scores in unit order.
    pub problems: Vec<CellProblem>,
    /// Self-scores on criteria that do not apply to the unit (not counted).
    pub notes: Vec<CellProblem>,
    /// Where every row went.
    pub tally: Tally,
}

/// Compares the self-scores with the appraisal of the same units.
pub fn compare<'b, 'r>(
    board: &'b Scoreboard<'r>,
    evidence: &EvidenceSet,
    self_scores: &'b SelfScores,
) -> Comparison<'b, 'r> {
    let records: BTreeMap<usize, &UnitRecord> = evidence.units.iter().map(|r| (r.row, r)).collect();
    let units: Vec<UnitComparison> = board
        .units
        .iter()
        .map(|unit| {
            let record = records.get(&unit.row).copied();
            compare_unit(board, unit, record, &evidence.has_documents, self_scores)
        })
        .collect();
    let mut unmatched: Vec<String> = Vec::new();
    // Seen ids, so that a file of a million unknown ids is not searched per row.
    let mut unmatched_seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut problems = self_scores.problems.clone();
    let mut tally = Tally {
        rows: self_scores.rows,
        rejected: self_scores.problems.len(),
        ..Tally::default()
    };
    let mut notes = Vec::new();
    // Each row once, as the first unit with its id saw it.
    let mut first: BTreeMap<&str, &UnitComparison> = BTreeMap::new();
    for u in &units {
        first.entry(u.id.as_str()).or_insert(u);
    }
    for s in &self_scores.scores {
        let claim = first
            .get(s.unit.as_str())
            .and_then(|u| u.criteria.iter().find(|c| c.id == s.criterion))
            .map(|c| &c.claim);
        match claim {
            None => {
                tally.unmatched += 1;
                if let Err(why) = &s.points {
                    problems.push(CellProblem {
                        field: None,
                        cell: s.cell.clone(),
                        message: why.clone(),
                    });
                }
                if unmatched_seen.insert(s.unit.as_str()) {
                    unmatched.push(s.unit.clone());
                }
            }
            Some(Claim::Invalid(p)) => {
                tally.invalid += 1;
                problems.push(p.clone());
            }
            Some(Claim::NotApplicable(p)) => {
                tally.not_applicable += 1;
                notes.push(p.clone());
            }
            Some(Claim::Counted(_) | Claim::None) => tally.counted += 1,
        }
    }
    Comparison {
        board,
        self_scores,
        units,
        unmatched,
        problems,
        notes,
        tally,
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
            let criterion = ruleset.criterion(scored.criterion);
            let score = self_scores.get(&unit.id, &criterion.id);
            let claim = match claim::check(score, unit, criterion, scored) {
                Claim::Counted(p) => Claim::Counted(at_least_places(p, ruleset.rounding.places)),
                other => other,
            };
            let self_points = match &claim {
                Claim::Counted(p) => Some(*p),
                _ => None,
            };
            let appraised = scored.points.map(|p| ruleset.rounding.round(p));
            let difference = match (appraised, self_points) {
                (Some(a), Some(s)) => a.checked_sub(s),
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
                reason: render::reason(ruleset, scored, Lang::Vi),
                lacks_evidence: record
                    .is_some_and(|r| lacks_evidence(board, scored, r, has_documents)),
                explanation: score.and_then(|c| c.explanation.clone()),
                claim,
            }
        })
        .collect();
    UnitComparison {
        id: unit.id.clone(),
        name: unit.name.clone(),
        level: unit.level,
        // Each counted claim is at most its criterion's maximum, so the sum is at
        // most the unit's maximum and cannot overflow.
        self_total: criteria
            .iter()
            .filter_map(|c| c.self_points)
            .try_fold(Decimal::ZERO, |sum, p| sum.checked_add(p))
            .unwrap_or(Decimal::MAX),
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
        ruleset.criterion(scored.criterion),
        &ruleset.fields,
        &record.values,
        &record.documents,
        has_documents,
        lost,
    )
}
