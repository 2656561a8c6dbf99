//! A unit's self-assessment as a web form fills it: the fields of the round's
//! ruleset laid out once, cells typed and checked with the same messages as an
//! evidence file, valid cells saved and invalid ones refused one by one, and
//! the unit re-scored after every change. The server's handlers only translate
//! this to HTTP; the command line and the tests call it directly.

mod appraisal;
mod history;
mod layout;
mod progress;
mod ranking;

pub use appraisal::{
    AppraisalState, appraisal_state, appraise, criterion_group, may_appraise_criterion,
    may_correct, refused_change,
};
pub use history::{HistoryRound, UnitHistory, unit_history};
pub use layout::{FormField, FormLayout, PartInput, WidgetKind};
pub use progress::{UnitProgress, UnitProgressState, round_progress};
pub use ranking::{appraised_ranking, round_ranking};

use crate::Rules;
use crate::error::Error;
use crate::model::Date;
use crate::pipeline::UnitScoring;
use crate::score::UnitScore;
use crate::store::{Actor, Store, Unit};
use std::collections::BTreeMap;

/// A cell refused by the checks an evidence file gets.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// The column (a field id or one of its document-reference columns).
    pub field: String,
    /// The message, in Vietnamese and English, as for a CSV cell.
    pub message: String,
}

/// A unit's stored cells and its score on them.
#[derive(Debug, Clone)]
pub struct UnitState {
    /// The unit.
    pub unit: Unit,
    /// Column → cell text, as stored (blank cells absent).
    pub evidence: BTreeMap<String, String>,
    /// The unit scored on its stored cells.
    pub score: UnitScore,
    /// Whether the unit has submitted (nộp): its self-assessment is locked.
    pub submitted: bool,
}

/// What an edit did: the cells refused (the others are saved) and the unit's
/// score on what is now stored.
#[derive(Debug, Clone)]
pub struct EditOutcome {
    /// Cells refused, with their messages; empty when all were saved.
    pub errors: Vec<FieldError>,
    /// The unit after the edit.
    pub state: UnitState,
}

/// The unit's stored cells, scored with the round's `rules`.
pub fn unit_state(store: &Store, rules: &Rules, year: i64, unit: &str) -> Result<UnitState, Error> {
    let unit = store.unit(year, unit)?;
    let evidence: BTreeMap<String, String> =
        store.cells(year, &unit.ma_don_vi)?.into_iter().collect();
    let score = score_cells(rules, year, &unit, &evidence)?;
    let submitted = store.submission(year, &unit.ma_don_vi)?.is_some();
    Ok(UnitState {
        unit,
        evidence,
        score,
        submitted,
    })
}

/// Applies `changes` (column → text as typed; an empty text clears the cell) to
/// the unit's self-assessment. Unknown columns and cells the evidence checks
/// refuse are returned as errors and not saved; the rest are saved in one
/// transaction (refused as a whole when the unit is locked: submitted, round not
/// open, or `today` past the deadline).
pub fn edit(
    store: &mut Store,
    actor: &Actor,
    rules: &Rules,
    (year, unit): (i64, &str),
    changes: &BTreeMap<String, String>,
    today: Date,
) -> Result<EditOutcome, Error> {
    let layout = FormLayout::of(rules);
    let current = unit_state(store, rules, year, unit)?;
    let mut errors = Vec::new();
    let mut proposed = current.evidence.clone();
    for (column, text) in changes {
        if !layout.has_column(column) {
            errors.push(FieldError {
                field: column.clone(),
                message: format!(
                    "bộ tiêu chí của kỳ {year} không có trường {column} / the {year} ruleset has no field {column}"
                ),
            });
            continue;
        }
        proposed.insert(column.clone(), text.trim().to_string());
    }
    // The same checks as a CSV row: every problem the scorer reports on a
    // changed column refuses that cell.
    let trial = score_cells(rules, year, &current.unit, &proposed)?;
    for problem in trial.problems.iter() {
        let column = &problem.cell.header;
        if changes.contains_key(column) && !errors.iter().any(|e| &e.field == column) {
            errors.push(FieldError {
                field: column.clone(),
                message: problem.message.clone(),
            });
        }
    }
    let valid: Vec<(&str, &str)> = changes
        .iter()
        .filter(|(column, _)| !errors.iter().any(|e| &e.field == *column))
        .map(|(column, text)| (column.as_str(), text.trim()))
        .collect();
    if !valid.is_empty() {
        store.set_cells(actor, year, unit, &valid, today)?;
    }
    let state = if valid.is_empty() {
        current
    } else {
        unit_state(store, rules, year, unit)?
    };
    Ok(EditOutcome { errors, state })
}

/// Scores `unit` on `evidence` (stored columns) as a form with every column.
pub(super) fn score_cells(
    rules: &Rules,
    year: i64,
    unit: &Unit,
    evidence: &BTreeMap<String, String>,
) -> Result<UnitScore, Error> {
    let mut cells: Vec<(&str, &str)> = vec![
        ("ma_don_vi", unit.ma_don_vi.as_str()),
        ("ten_don_vi", unit.ten_don_vi.as_str()),
        ("cap", unit.cap.code()),
    ];
    cells.extend(evidence.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    Ok(UnitScoring::new(rules, year)?.score(&cells))
}
