//! A unit's answers to the appraisal and the Sở's decisions on them, over the
//! API (#16 items 2 and 5): explanations (giải trình) in the explanation
//! window, appeals (phúc khảo) after publication, and the decision on an
//! appeal, which re-scores with the round's stored rules into a new revision.

use super::api::{actor, year32};
use super::auth::Caller;
use super::clock;
use super::error::{ApiFailure, Failure};
use super::publication::work_dir;
use super::state::{AppState, blocking};
use crate::accounts::{Action, Target};
use crate::store::{Actor, Appeal, Decision, Store};
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type ApiResult = Result<Json<Value>, ApiFailure>;

fn known_criterion(state: &AppState, store: &Store, year: i64, id: &str) -> Result<(), Failure> {
    let rules = state.rules(store, year)?;
    if rules.ruleset.criteria.iter().any(|c| c.id == id) {
        Ok(())
    } else {
        Err(Failure::NotFound(format!(
            "không có tiêu chí {id} / no criterion {id}"
        )))
    }
}

/// An appeal as the API and pages show it.
pub(crate) fn appeal_json(appeal: &Appeal) -> Value {
    json!({
        "id": appeal.id, "unit": appeal.ma_don_vi, "criterion": appeal.criterion,
        "reason": appeal.reason, "documents": appeal.documents,
        "decision": appeal.decision.as_ref().map(|d| json!({
            "accepted": d.accepted, "reason": d.reason, "revision": d.revision,
        })),
    })
}

#[derive(Deserialize)]
pub(crate) struct ExplanationBody {
    criterion: String,
    text: String,
}

/// What a unit sends in answer to the appraisal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reply {
    /// An explanation: answers the latest request on the criterion.
    Explanation,
    /// An appeal of the criterion's published result.
    Appeal,
}

/// Stores the unit's `reply` on `criterion` with its text and documents
/// (already stored); returns the request's or the appeal's id.
pub(crate) fn respond(
    state: &AppState,
    actor: &Actor,
    reply: Reply,
    (year, unit, criterion): (i64, &str, &str),
    (text, documents): (&str, &[String]),
) -> Result<i64, Failure> {
    let today = clock::today_or_fail()?;
    let mut store = state.store();
    known_criterion(state, &store, year, criterion)?;
    let target = (year, unit, criterion);
    Ok(match reply {
        Reply::Explanation => store.answer_explanation(actor, target, (text, documents), today)?,
        Reply::Appeal => store.file_appeal(actor, target, (text, documents), today)?,
    })
}

/// `POST /api/rounds/{year}/units/{unit}/explanations` `{"criterion","text"}`.
pub(crate) async fn explain(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    body: Result<Json<ExplanationBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    caller.allow_unit(Action::Respond, year, &unit)?;
    let Json(body) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"criterion\", \"text\"}} / expected {{\"criterion\", \"text\"}}: {e}"
        ))
    })?;
    let actor = actor(&caller, peer);
    let id = blocking(&state, move |state| {
        let target = (year, unit.as_str(), body.criterion.as_str());
        respond(state, &actor, Reply::Explanation, target, (&body.text, &[]))
    })
    .await?;
    Ok(Json(json!({"request": id})))
}

#[derive(Deserialize)]
pub(crate) struct AppealBody {
    criterion: String,
    reason: String,
}

/// `GET /api/rounds/{year}/units/{unit}/appeals`: the unit's appeals and decisions.
pub(crate) async fn unit_appeals(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((year, unit)): Path<(i64, String)>,
) -> ApiResult {
    caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    let appeals = blocking(&state, move |state| {
        Ok::<_, Failure>(state.store().appeals(year, Some(&unit))?)
    })
    .await?;
    Ok(Json(Value::Array(
        appeals.iter().map(appeal_json).collect(),
    )))
}

/// `POST /api/rounds/{year}/units/{unit}/appeals` `{"criterion","reason"}`.
pub(crate) async fn appeal(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    body: Result<Json<AppealBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    caller.allow_unit(Action::Respond, year, &unit)?;
    let Json(body) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"criterion\", \"reason\"}} / expected {{\"criterion\", \"reason\"}}: {e}"
        ))
    })?;
    let actor = actor(&caller, peer);
    let id = blocking(&state, move |state| {
        let target = (year, unit.as_str(), body.criterion.as_str());
        respond(state, &actor, Reply::Appeal, target, (&body.reason, &[]))
    })
    .await?;
    Ok(Json(json!({"id": id})))
}

/// `GET /api/rounds/{year}/appeals`: every appeal of the round (the Sở).
pub(crate) async fn round_appeals(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(year): Path<i64>,
) -> ApiResult {
    caller.allow(
        Action::ManageRound,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    let appeals = blocking(&state, move |state| {
        Ok::<_, Failure>(state.store().appeals(year, None)?)
    })
    .await?;
    Ok(Json(Value::Array(
        appeals.iter().map(appeal_json).collect(),
    )))
}

#[derive(Deserialize)]
pub(crate) struct DecisionBody {
    accepted: bool,
    reason: String,
    /// Field (column) → corrected value, for an accepted appeal that changes evidence.
    #[serde(default)]
    changes: BTreeMap<String, String>,
}

/// Decides appeal `id`; returns the new revision's number when evidence changed.
pub(crate) fn decide(
    state: &AppState,
    actor: &Actor,
    (year, id): (i64, i64),
    (accepted, reason, changes): (bool, &str, &BTreeMap<String, String>),
) -> Result<Option<i64>, Failure> {
    let mut store = state.store();
    let rules = state.rules(&store, year)?;
    let decision = Decision {
        accepted,
        reason,
        changes: changes
            .iter()
            .map(|(f, v)| (f.as_str(), v.as_str()))
            .collect(),
    };
    let work = work_dir(state, year);
    Ok(crate::publication::decide_appeal(
        &mut store,
        actor,
        &rules,
        (year, id),
        &decision,
        &work,
    )?)
}

/// `POST /api/rounds/{year}/appeals/{id}/decision` `{"accepted","reason","changes"}`.
pub(crate) async fn decision(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, id)): Path<(i64, i64)>,
    body: Result<Json<DecisionBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    caller.allow(
        Action::ManageRound,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    let Json(body) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"accepted\", \"reason\", \"changes\"}} / expected {{\"accepted\", \"reason\", \"changes\"}}: {e}"
        ))
    })?;
    let actor = actor(&caller, peer);
    let revision = blocking(&state, move |state| {
        decide(
            state,
            &actor,
            (year, id),
            (body.accepted, &body.reason, &body.changes),
        )
    })
    .await?;
    Ok(Json(json!({"id": id, "revision": revision})))
}
