//! Appraisal of a unit's evidence: the appraiser corrects facts, never points.
//! The appraised evidence is the unit's own cells with the corrections laid
//! over them; both are scored by the round's rules, so every difference
//! between self-assessed and appraised points has its reasons.

use super::{FieldError, FormLayout, UnitState, score_cells, unit_state};
use crate::Rules;
use crate::error::Error;
use crate::model::Date;
use crate::score::UnitScore;
use crate::store::{Actor, Correction, ExplanationRequest, Review, Store};
use std::collections::BTreeMap;

/// A unit under appraisal.
#[derive(Debug, Clone)]
pub struct AppraisalState {
    /// The unit's own evidence and self-assessed score.
    pub own: UnitState,
    /// The appraised evidence (own cells with the corrections).
    pub evidence: BTreeMap<String, String>,
    /// The appraised score.
    pub appraised: UnitScore,
    /// The corrections, with their reasons.
    pub corrections: Vec<Correction>,
    /// The explanation requests.
    pub requests: Vec<ExplanationRequest>,
    /// The criteria confirmed as they stand.
    pub reviews: Vec<Review>,
}

/// The unit's appraisal as it stands.
pub fn appraisal_state(
    store: &Store,
    rules: &Rules,
    year: i64,
    unit: &str,
) -> Result<AppraisalState, Error> {
    let own = unit_state(store, rules, year, unit)?;
    let corrections = store.corrections(year, unit)?;
    let mut evidence = own.evidence.clone();
    for c in &corrections {
        if c.cell.is_empty() {
            evidence.remove(&c.field);
        } else {
            evidence.insert(c.field.clone(), c.cell.clone());
        }
    }
    let appraised = score_cells(rules, year, &own.unit, &evidence)?;
    let requests = store.explanation_requests(year, unit)?;
    let reviews = store.reviews(year, unit)?;
    Ok(AppraisalState {
        own,
        evidence,
        appraised,
        corrections,
        requests,
        reviews,
    })
}

/// The criterion group of a criterion id: the part before its first dot.
pub fn criterion_group(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

/// Whether an appraiser with `groups` may correct `column`: every criterion
/// that reads the field (a correction changes them all) is in their groups.
pub fn may_correct(rules: &Rules, groups: &[String], column: &str) -> bool {
    let all = groups.iter().any(|g| g == "*");
    let field = column.split("__").next().unwrap_or(column);
    let ruleset = &rules.ruleset;
    let Some(index) = ruleset.fields.iter().position(|f| f.id == field) else {
        return false;
    };
    all || ruleset
        .criteria
        .iter()
        .filter(|c| c.evidence.iter().any(|u| u.field == index))
        .all(|c| groups.iter().any(|g| g == criterion_group(&c.id)))
}

/// Whether an appraiser with `groups` may act on criterion `id`.
pub fn may_appraise_criterion(groups: &[String], id: &str) -> bool {
    groups.iter().any(|g| g == "*" || g == criterion_group(id))
}

/// Corrects `column` to `value` for `reason`. A value the evidence checks
/// refuse comes back as the field's error, nothing stored.
pub fn appraise(
    store: &mut Store,
    actor: &Actor,
    rules: &Rules,
    (year, unit, column): (i64, &str, &str),
    (value, reason): (&str, &str),
    today: Date,
) -> Result<Result<AppraisalState, FieldError>, Error> {
    if !FormLayout::of(rules).has_column(column) {
        return Ok(Err(FieldError {
            field: column.to_string(),
            message: format!(
                "bộ tiêu chí của kỳ {year} không có trường {column} / the {year} ruleset has no field {column}"
            ),
        }));
    }
    let current = appraisal_state(store, rules, year, unit)?;
    let mut trial = current.evidence.clone();
    trial.insert(column.to_string(), value.trim().to_string());
    let scored = score_cells(rules, year, &current.own.unit, &trial)?;
    if let Some(problem) = scored.problems.iter().find(|p| p.cell.header == column) {
        return Ok(Err(FieldError {
            field: column.to_string(),
            message: problem.message.clone(),
        }));
    }
    store.correct_cell(actor, (year, unit, column), value.trim(), reason, today)?;
    Ok(Ok(appraisal_state(store, rules, year, unit)?))
}

/// The first of `changes` (column → value) to the unit's appraised evidence
/// that the evidence checks refuse, if any: how an appeal decision is checked
/// before it is scored.
pub fn refused_change(
    store: &Store,
    rules: &Rules,
    (year, unit): (i64, &str),
    changes: &BTreeMap<String, String>,
) -> Result<Option<FieldError>, Error> {
    let layout = FormLayout::of(rules);
    if let Some(unknown) = changes.keys().find(|c| !layout.has_column(c)) {
        return Ok(Some(FieldError {
            field: unknown.clone(),
            message: format!(
                "bộ tiêu chí của kỳ {year} không có trường {unknown} / the {year} ruleset has no field {unknown}"
            ),
        }));
    }
    let current = appraisal_state(store, rules, year, unit)?;
    let mut trial = current.evidence;
    for (column, value) in changes {
        if value.is_empty() {
            trial.remove(column);
        } else {
            trial.insert(column.clone(), value.clone());
        }
    }
    let scored = score_cells(rules, year, &current.own.unit, &trial)?;
    Ok(scored
        .problems
        .iter()
        .find(|p| changes.contains_key(&p.cell.header))
        .map(|p| FieldError {
            field: p.cell.header.clone(),
            message: p.message.clone(),
        }))
}
