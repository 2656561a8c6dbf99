//! Scoring: each unit × criterion gets points, a status, a band and an explanation
//! (recorded as data, [`Explanation`], and rendered by [`render`] in Vietnamese or
//! English); each unit a total, a maximum, a percentage and a rank in its level.
//!
//! No unchecked arithmetic here or in the submodules (`clippy::arithmetic_side_effects`
//! is denied): points come from rule files and metrics from scripts, and an overflow
//! must be one unit's `error`, not a panic that loses the run.
#![deny(clippy::arithmetic_side_effects)]

mod band;
pub(crate) mod bounds;
mod cache;
mod criterion;
mod exempt;
pub(crate) mod explanation;
mod extract;
mod lang;
mod parallel;
pub(crate) mod plausibility;
mod rank;
mod recording;
pub(crate) mod render;
mod unit_scorer;
mod unscored;

#[cfg(test)]
use crate::engine::Rules;
use crate::evidence::CellProblem;
#[cfg(test)]
use crate::evidence::{CellLocator, EvidenceSet};
use crate::model::Level;
use crate::model::Status;
use crate::ruleset::Ruleset;
use rust_decimal::Decimal;
use std::sync::Arc;

pub(crate) use band::{BandChoice, select_band};
pub(crate) use bounds::{BoundsStyle, describe_bounds};
pub(crate) use cache::ResultCache;
pub(crate) use criterion::score_criterion;
pub(crate) use exempt::{is_fully_exempt, unknown_exempt_units};
pub(crate) use explanation::Explanation;
pub(crate) use extract::Extract;
pub use parallel::{MAX_THREADS, Workers, available_threads};
pub(crate) use rank::{RankTable, rank_key};
pub use render::{Lang, format_metric};
pub(crate) use unit_scorer::UnitScorer;

#[cfg(test)]
use unscored::not_applicable;
use unscored::{error_score, exempt_score};

/// A piece of required evidence a unit did not supply.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MissingEvidence {
    /// Field id (CSV column).
    pub field: String,
    /// What the unit must supply.
    pub label: String,
    /// Which document proves it.
    pub document_hint: Option<String>,
}

/// One unit × criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionScore {
    /// Index into [`Ruleset::criteria`].
    pub criterion: usize,
    /// Points earned (`None` when not applicable or in error).
    pub points: Option<Decimal>,
    /// Maximum for the unit's level (`None` when not applicable).
    pub max: Option<Decimal>,
    /// Outcome class.
    pub status: Status,
    /// The band reached (shared: results are cloned from the cache for every unit).
    pub band: Option<Arc<str>>,
    /// The script's metric, when it returned one.
    pub metric: Option<Decimal>,
    /// Why, in Vietnamese: [`CriterionScore::detail`] rendered (shared, like `band`).
    pub explanation: Arc<str>,
    /// Why, as data (shared, like `band`): what [`render`] writes in either language.
    pub detail: Arc<Explanation>,
    /// Required evidence that was blank.
    pub missing_evidence: Vec<MissingEvidence>,
}

/// One unit's scores.
#[derive(Debug, Clone)]
pub struct UnitScore {
    /// `ma_don_vi`.
    pub id: String,
    /// `ten_don_vi`.
    pub name: String,
    /// Level, when it parsed.
    pub level: Option<Level>,
    /// Row in the evidence file.
    pub row: usize,
    /// Sum of points earned.
    pub total: Decimal,
    /// Sum of applicable maxima.
    pub max: Decimal,
    /// `total / max` as a fraction (exact; rounded only when published).
    pub fraction: Option<Decimal>,
    /// Rank within the level (1 = best, ties share); `None` when any criterion is in error.
    pub rank: Option<usize>,
    /// Problems with the unit's evidence (implausible values included).
    pub problems: Vec<CellProblem>,
    /// Plausibility warnings: values that still score but deserve a look (also
    /// noted on each criterion reading them). They do not stop ranking.
    pub warnings: Vec<CellProblem>,
    /// Per criterion, in ruleset order.
    pub criteria: Vec<CriterionScore>,
}

impl CriterionScore {
    /// The explanation in `lang`: the Vietnamese one already rendered, or the English one.
    pub(crate) fn explanation_in(
        &self,
        ruleset: &Ruleset,
        lang: Lang,
    ) -> std::borrow::Cow<'_, str> {
        match lang {
            Lang::Vi => std::borrow::Cow::Borrowed(&*self.explanation),
            Lang::En => std::borrow::Cow::Owned(render::explanation(ruleset, self, lang)),
        }
    }
}

impl UnitScore {
    /// Criteria where points were lost or could not be scored (what a gap list shows).
    pub(crate) fn lost(&self) -> impl Iterator<Item = &CriterionScore> {
        self.criteria
            .iter()
            .filter(|c| !matches!(c.status, Status::Full | Status::NotApplicable))
    }

    /// Whether any criterion could not be scored.
    pub fn has_error(&self) -> bool {
        self.criteria.iter().any(|c| c.status == Status::Error)
    }
}

/// The result of scoring one evidence file with one ruleset.
#[derive(Debug)]
pub struct Scoreboard<'r> {
    /// The ruleset used.
    pub ruleset: &'r Ruleset,
    /// Assessment year.
    pub year: i64,
    /// The evidence file's path.
    pub evidence_path: std::path::PathBuf,
    /// The evidence file's SHA-256.
    pub evidence_fingerprint: String,
    /// Units in input order.
    pub units: Vec<UnitScore>,
    /// Non-fatal notes about the inputs.
    pub warnings: Vec<String>,
    /// Set when the board was cut to one unit (`score --unit`): see [`Extract`].
    pub extract: Option<Extract>,
}

impl Scoreboard<'_> {
    /// Number of unit × criterion results in error.
    pub fn error_count(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| &u.criteria)
            .filter(|c| c.status == Status::Error)
            .count()
    }
}

// Test helper: scoring runs through `crate::pipeline`, the one path from a file to its scores.
#[cfg(test)]
/// Scores every unit of `evidence` for assessment `year`, on one thread per core.
/// Units whose evidence is broken are kept, with `error` statuses; every other
/// unit is still scored.
pub fn score<'r>(
    rules: &'r Rules,
    evidence: &EvidenceSet,
    year: i64,
) -> Result<Scoreboard<'r>, crate::error::Error> {
    score_on(&Workers::new(0), rules, evidence, year)
}

// Test helper: scoring runs through `crate::pipeline`, the one path from a file to its scores.
#[cfg(test)]
/// [`score`] on the given workers. The result is the same on any number of threads.
pub(crate) fn score_on<'r>(
    workers: &Workers,
    rules: &'r Rules,
    evidence: &EvidenceSet,
    year: i64,
) -> Result<Scoreboard<'r>, crate::error::Error> {
    let ruleset = &rules.ruleset;
    let scorer = UnitScorer::new(rules, year, &evidence.has_documents)?
        .with_cells(CellLocator::of(evidence));
    let mut units = workers.map(&evidence.units, |record, cache| scorer.score(record, cache));
    rank::assign_ranks(&mut units);
    let ids: std::collections::BTreeSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let mut warnings = evidence.warnings.clone();
    warnings.extend(unknown_exempt_units(ruleset, |id| ids.contains(id)));
    Ok(Scoreboard {
        ruleset,
        year,
        evidence_path: evidence.path.clone(),
        evidence_fingerprint: evidence.fingerprint.clone(),
        units,
        warnings,
        extract: None,
    })
}
