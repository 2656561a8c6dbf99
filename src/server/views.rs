//! What each page shows, as data for its template: built from the library's
//! results (the unit object of the JSON report, the form layout, progress),
//! never recomputed here.

use super::auth::Caller;
use crate::Rules;
use crate::form_entry::{FieldError, FormLayout, UnitProgress, UnitProgressState, UnitState};
use crate::model::fold_vietnamese;
use crate::report::unit_json;
use crate::store::{DocumentLink, RoundInfo};
use serde_json::{Value, json};

/// The account as the header shows it.
pub(crate) fn account(caller: &Caller) -> Value {
    let role_label = match caller.account.role {
        crate::accounts::Role::Admin => "quản trị",
        crate::accounts::Role::Appraiser => "thẩm định",
        crate::accounts::Role::Unit => "đơn vị",
    };
    json!({ "login": caller.account.login, "role_label": role_label })
}

/// The unit object of the JSON report, with each criterion's status in words.
pub(crate) fn result(rules: &Rules, state: &UnitState) -> Value {
    let mut value = unit_json(&rules.ruleset, &state.score);
    if let Some(criteria) = value.get_mut("criteria").and_then(Value::as_array_mut) {
        for (criterion, scored) in criteria.iter_mut().zip(&state.score.criteria) {
            if let Some(object) = criterion.as_object_mut() {
                object.insert(
                    "status_label".into(),
                    json!(crate::report::status_label(scored.status)),
                );
                // The line of the official table the band implements, not its key.
                let clause = scored.band.as_deref().and_then(|key| {
                    let bands = &rules.ruleset.criterion(scored.criterion).bands;
                    bands
                        .iter()
                        .find(|b| b.key == key)
                        .map(|b| b.clause.clone())
                });
                object.insert("band_clause".into(), json!(clause));
            }
        }
    }
    value
}

/// The form's fields with their values, errors and documents.
pub(crate) fn fields(
    layout: &FormLayout,
    state: &UnitState,
    typed: &std::collections::BTreeMap<String, String>,
    errors: &[FieldError],
    documents: &[DocumentLink],
) -> Vec<Value> {
    let value_of = |column: &str| -> String {
        typed
            .get(column)
            .or_else(|| state.evidence.get(column))
            .cloned()
            .unwrap_or_default()
    };
    let error_of = |column: &str| -> String {
        errors
            .iter()
            .filter(|e| e.field == column)
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    layout
        .fields
        .iter()
        .map(|f| {
            let value = value_of(&f.column);
            let folded = fold_vietnamese(value.trim()).to_lowercase();
            let parts: Vec<Value> = f
                .parts
                .iter()
                .map(|p| json!({"column": p.column, "label": p.label, "value": value_of(&p.column), "error": error_of(&p.column)}))
                .collect();
            let parts_open = f.parts.iter().any(|p| !value_of(&p.column).is_empty() || !error_of(&p.column).is_empty());
            let docs: Vec<Value> = documents
                .iter()
                .filter(|d| d.field == f.column)
                .map(|d| json!({"name": d.document.original_name, "sha256": d.document.sha256, "size": d.document.size}))
                .collect();
            json!({
                "column": f.column, "label": f.label, "hint": f.hint, "widget": f.widget,
                "value": value, "yes": folded == "co", "no": folded == "khong",
                "error": error_of(&f.column), "parts": parts, "parts_open": parts_open,
                "documents": docs,
            })
        })
        .collect()
}

/// A round as the home page lists it.
pub(crate) fn round_summary(info: &RoundInfo, overview: bool, units: Vec<Value>) -> Value {
    json!({
        "year": info.year,
        "ruleset": info.ruleset_id,
        "state": info.state.code(),
        "window": window(info),
        "overview": overview,
        "units": units,
    })
}

fn window(info: &RoundInfo) -> String {
    match (info.self_assessment_start, info.self_assessment_deadline) {
        (Some(s), Some(d)) => format!("từ {s} đến hết {d}"),
        (None, Some(d)) => format!("đến hết {d}"),
        (Some(s), None) => format!("từ {s}"),
        (None, None) => "chưa đặt".to_string(),
    }
}

/// The units of a round with their progress, and the counts per state.
pub(crate) fn progress(units: &[UnitProgress]) -> (Vec<Value>, Vec<Value>) {
    let rows = units
        .iter()
        .map(|u| {
            json!({
                "id": u.unit.ma_don_vi, "name": u.unit.ten_don_vi, "level": u.unit.cap.code(),
                "state": u.state, "state_label": u.state.label(), "cells": u.cells,
            })
        })
        .collect();
    let counts = [
        UnitProgressState::NotStarted,
        UnitProgressState::InProgress,
        UnitProgressState::Submitted,
        UnitProgressState::Overdue,
    ]
    .into_iter()
    .map(|s| json!({"label": s.label(), "count": units.iter().filter(|u| u.state == s).count()}))
    .collect();
    (rows, counts)
}

/// The ranking per level, best first, as the round page shows it.
pub(crate) fn ranking(rules: &Rules, units: &[UnitState]) -> Vec<Value> {
    crate::Level::ALL
        .into_iter()
        .filter_map(|level| {
            let mut of_level: Vec<&UnitState> = units
                .iter()
                .filter(|u| u.score.level == Some(level))
                .collect();
            if of_level.is_empty() {
                return None;
            }
            of_level.sort_by_key(|u| u.score.rank.unwrap_or(usize::MAX));
            let rows: Vec<Value> = of_level.iter().map(|u| result(rules, u)).collect();
            Some(json!({"name": level.name_vi(), "units": rows}))
        })
        .collect()
}
