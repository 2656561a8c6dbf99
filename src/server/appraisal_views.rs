//! What the appraisal page shows, as data for its template: the unit's two
//! scores side by side per criterion with their difference, the corrections
//! with their reasons, the explanation requests with the answers, the appeals.

use crate::Rules;
use crate::form_entry::{AppraisalState, FormLayout};
use crate::model::number::format_vi;
use crate::store::{Appeal, Store};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// Per criterion: maximum, self-assessed and appraised points, the
/// difference, and whether an appraiser confirmed its evidence (and who).
pub(crate) fn comparison(
    rules: &Rules,
    state: &AppraisalState,
    reviewers: &std::collections::BTreeMap<i64, String>,
) -> Vec<Value> {
    let ruleset = &rules.ruleset;
    let text = |p: Option<Decimal>| p.map(|d| format_vi(ruleset.rounding.round(d)));
    state
        .appraised
        .criteria
        .iter()
        .zip(&state.own.score.criteria)
        .map(|(appraised, own)| {
            let criterion = ruleset.criterion(appraised.criterion);
            let difference = match (appraised.points, own.points) {
                (Some(a), Some(s)) => a.checked_sub(s),
                _ => None,
            };
            let shown = difference.and_then(|d| {
                let t = text(Some(d))?;
                Some(if d > Decimal::ZERO {
                    format!("+{t}")
                } else {
                    t
                })
            });
            let review = state.reviews.iter().find(|r| r.criterion == criterion.id).map(|r| {
                let stage = if r.stage == "round2" { "vòng 2" } else { "vòng 1" };
                let by = r.by.and_then(|a| reviewers.get(&a.0)).map_or("—", String::as_str);
                format!("{by}, {stage}")
            });
            json!({
                "id": criterion.id, "title": criterion.title, "max": text(appraised.max), "review": review,
                "own": text(own.points), "appraised": text(appraised.points),
                "difference": shown, "changed": difference.is_some_and(|d| !d.is_zero()),
                "explanation": appraised.explanation.as_ref(),
            })
        })
        .collect()
}

/// The corrections with the unit's own value and who made them.
pub(crate) fn corrections(
    store: &Store,
    state: &AppraisalState,
) -> Result<Vec<Value>, crate::Error> {
    let mut out = Vec::new();
    for c in &state.corrections {
        let by = match c.by {
            Some(id) => store.account(id)?.map(|a| a.login),
            None => None,
        };
        let stage = match c.stage.as_str() {
            "round2" => "vòng 2",
            "appeal" => "phúc khảo",
            _ => "vòng 1",
        };
        out.push(json!({
            "field": c.field, "own": state.own.evidence.get(&c.field), "value": c.cell,
            "reason": c.reason, "by": by, "stage": stage,
        }));
    }
    Ok(out)
}

/// The explanation requests with their answers and documents' names.
pub(crate) fn requests(store: &Store, state: &AppraisalState) -> Result<Vec<Value>, crate::Error> {
    let mut out = Vec::new();
    for r in &state.requests {
        // A unit answers the latest request on a criterion (what the store answers).
        let latest = state
            .requests
            .iter()
            .filter(|o| o.criterion == r.criterion)
            .all(|o| o.id <= r.id);
        out.push(json!({
            "id": r.id, "criterion": r.criterion, "note": r.note, "answer": r.answer,
            "documents": documents(store, &r.documents)?, "latest": latest,
        }));
    }
    Ok(out)
}

/// Documents by SHA-256, with their names.
pub(crate) fn documents(store: &Store, shas: &[String]) -> Result<Vec<Value>, crate::Error> {
    let mut out = Vec::new();
    for sha in shas {
        if let Some(d) = store.document(sha)? {
            out.push(json!({"sha256": d.sha256, "name": d.original_name, "size": d.size}));
        }
    }
    Ok(out)
}

/// Appeals with their decisions and documents.
pub(crate) fn appeals(store: &Store, appeals: &[Appeal]) -> Result<Vec<Value>, crate::Error> {
    let mut out = Vec::new();
    for a in appeals {
        out.push(json!({
            "id": a.id, "unit": a.ma_don_vi, "criterion": a.criterion, "reason": a.reason,
            "documents": documents(store, &a.documents)?,
            "decided": a.decision.is_some(),
            "accepted": a.decision.as_ref().map(|d| d.accepted),
            "decision_reason": a.decision.as_ref().map(|d| d.reason.clone()),
            "revision": a.decision.as_ref().and_then(|d| d.revision),
        }));
    }
    Ok(out)
}

/// The fields an appraiser with `groups` may correct, for the correction form.
pub(crate) fn correctable_fields(rules: &Rules, groups: &[String]) -> Vec<Value> {
    let layout = FormLayout::of(rules);
    layout
        .fields
        .iter()
        .flat_map(|f| {
            std::iter::once((f.column.clone(), f.label.clone())).chain(
                f.parts
                    .iter()
                    .map(|p| (p.column.clone(), format!("{} – {}", f.label, p.label))),
            )
        })
        .filter(|(column, _)| crate::form_entry::may_correct(rules, groups, column))
        .map(|(column, label)| json!({"column": column, "label": label}))
        .collect()
}

/// The logins of the accounts that confirmed criteria, by account id.
pub(crate) fn reviewers(
    store: &Store,
    state: &AppraisalState,
) -> Result<std::collections::BTreeMap<i64, String>, crate::Error> {
    let mut out = std::collections::BTreeMap::new();
    for id in state.reviews.iter().filter_map(|r| r.by) {
        if let Some(account) = store.account(id)? {
            out.insert(id.0, account.login);
        }
    }
    Ok(out)
}

/// Each field of the form with the unit's value, the appraised value where it
/// differs, and the documents attached to it.
pub(crate) fn evidence(
    rules: &Rules,
    state: &AppraisalState,
    links: &[crate::store::DocumentLink],
) -> Vec<Value> {
    let layout = FormLayout::of(rules);
    layout
        .fields
        .iter()
        .map(|f| {
            let columns: Vec<&str> = std::iter::once(f.column.as_str())
                .chain(f.parts.iter().map(|p| p.column.as_str()))
                .collect();
            let cells: Vec<Value> = columns
                .iter()
                .filter_map(|column| {
                    let own = state.own.evidence.get(*column);
                    let appraised = state.evidence.get(*column);
                    (own.is_some() || appraised.is_some()).then(|| {
                        json!({"column": column, "own": own, "appraised": appraised,
                               "corrected": own != appraised})
                    })
                })
                .collect();
            let documents: Vec<Value> = links
                .iter()
                .filter(|l| l.field == f.column)
                .map(|l| json!({"sha256": l.document.sha256, "name": l.document.original_name, "size": l.document.size}))
                .collect();
            json!({"column": f.column, "label": f.label, "cells": cells, "documents": documents})
        })
        .collect()
}

/// Where each unit's appraisal stands, for the Sở and appraisers: facts
/// corrected, criteria confirmed, explanations answered of those asked, appeals.
pub(crate) fn round_progress(store: &Store, year: i64) -> Result<Vec<Value>, crate::Error> {
    let appeals = store.appeals(year, None)?;
    let mut out = Vec::new();
    for unit in store.units(year)? {
        let id = &unit.ma_don_vi;
        let requests = store.explanation_requests(year, id)?;
        let answered = requests.iter().filter(|r| r.answer.is_some()).count();
        out.push(json!({
            "id": id, "name": unit.ten_don_vi,
            "corrections": store.corrections(year, id)?.len(),
            "reviewed": store.reviews(year, id)?.len(),
            "requests": requests.len(), "answered": answered,
            "appeals": appeals.iter().filter(|a| &a.ma_don_vi == id).count(),
        }));
    }
    Ok(out)
}
