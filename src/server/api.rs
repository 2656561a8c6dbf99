//! The JSON API (README "The API"): thin handlers over `form_entry`, the store
//! and the report renderers. Every route takes a [`Caller`] (401 without a
//! session) and asks [`Caller::allow`] (403) before touching anything.

use super::auth::Caller;
use super::clock;
use super::error::{ApiFailure, Failure};
use super::exports;
use super::state::{AppState, blocking};
use crate::accounts::{Action, Target, UnitId};
use crate::form_entry::{self, UnitState};
use crate::report::unit_json;
use crate::store::Actor;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

type ApiResult<T> = Result<T, ApiFailure>;

/// The actor recorded in the audit log for a request.
pub(crate) fn actor(caller: &Caller, peer: std::net::SocketAddr) -> Actor {
    Actor {
        account: Some(caller.account.id),
        address: peer.to_string(),
    }
}

/// `GET /api/rounds`: the rounds the account may see.
pub(crate) async fn rounds(
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> ApiResult<Json<Value>> {
    let rounds = blocking(&state, move |state| {
        let store = state.store();
        let mut out = Vec::new();
        for info in store.rounds()? {
            if !visible(&store, &caller, info.year)? {
                continue;
            }
            out.push(json!({
                "year": info.year,
                "ruleset": {"id": info.ruleset_id, "fingerprint": info.ruleset_fingerprint},
                "overlay": info.overlay.as_ref().map(|(id, fp)| json!({"id": id, "fingerprint": fp})),
                "state": info.state.code(),
                "self_assessment_start": info.self_assessment_start.map(|d| d.to_string()),
                "self_assessment_deadline": info.self_assessment_deadline.map(|d| d.to_string()),
            }));
        }
        Ok::<_, Failure>(out)
    })
    .await?;
    Ok(Json(Value::Array(rounds)))
}

/// Whether `caller` sees the `year` round: the Sở and appraisers see every
/// round, a unit account the rounds that have one of its units.
pub(crate) fn visible(
    store: &crate::store::Store,
    caller: &Caller,
    year: i64,
) -> Result<bool, Failure> {
    if caller
        .allow(
            Action::ViewRound,
            Target::Round {
                year: year32(year)?,
            },
        )
        .is_ok()
    {
        return Ok(true);
    }
    Ok(store
        .units(year)?
        .iter()
        .any(|u| caller.account.acts_for(&UnitId(u.ma_don_vi.clone()))))
}

pub(crate) fn year32(year: i64) -> Result<i32, Failure> {
    i32::try_from(year)
        .map_err(|_| Failure::NotFound(format!("không có kỳ {year} / no round {year}")))
}

/// `GET /api/rounds/{year}/units/{unit}`: the unit's cells and its result.
pub(crate) async fn unit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((year, unit)): Path<(i64, String)>,
) -> ApiResult<Json<Value>> {
    let _target = UnitId(unit.clone());
    caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    let body = blocking(&state, move |state| {
        let store = state.store();
        let rules = state.rules(&store, year)?;
        let unit_state = form_entry::unit_state(&store, &rules, year, &unit)?;
        Ok::<_, Failure>(unit_body(&rules, &unit_state))
    })
    .await?;
    Ok(Json(body))
}

fn unit_body(rules: &crate::Rules, state: &UnitState) -> Value {
    json!({
        "evidence": state.evidence,
        "submitted": state.submitted,
        "result": unit_json(&rules.ruleset, &state.score),
    })
}

/// `PUT /api/rounds/{year}/units/{unit}/evidence`: saves the valid cells,
/// refuses the invalid ones (422 with their messages), answers the re-scored unit.
pub(crate) async fn put_evidence(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    body: Result<Json<BTreeMap<String, String>>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Response> {
    let _target = UnitId(unit.clone());
    caller.allow_unit(Action::WriteEvidence, year, &unit)?;
    let Json(changes) = body.map_err(|e| {
        Failure::Invalid(format!(
            "thân yêu cầu phải là một đối tượng JSON {{trường: chuỗi}} / the body must be a JSON object {{field: string}}: {e}"
        ))
    })?;
    let actor = actor(&caller, peer);
    let outcome = blocking(&state, move |state| {
        let timer = clock::Stopwatch::start();
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        let outcome = form_entry::edit(&mut store, &actor, &rules, (year, &unit), &changes, today)?;
        let body = unit_body(&rules, &outcome.state);
        Ok::<_, Failure>((outcome.errors, body, timer.server_timing()))
    })
    .await?;
    let (errors, body, timing) = outcome;
    if errors.is_empty() {
        Ok(([("server-timing", timing)], Json(body)).into_response())
    } else {
        let result = body.get("result").cloned().unwrap_or(Value::Null);
        Err(ApiFailure(Failure::Cells { errors, result }))
    }
}

/// `POST /api/rounds/{year}/units/{unit}/submit`: nộp; the self-assessment locks.
pub(crate) async fn submit(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
) -> ApiResult<Json<Value>> {
    let _target = UnitId(unit.clone());
    caller.allow_unit(Action::Submit, year, &unit)?;
    let actor = actor(&caller, peer);
    blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        state.store().submit(&actor, year, &unit, today)?;
        Ok::<_, Failure>(())
    })
    .await?;
    Ok(Json(json!({"submitted": true})))
}

/// `GET /api/rounds/{year}/evidence.csv` and `GET /api/rounds/{year}/{report file}`
/// (administrator): the round's evidence, or a report of `cchc score` on it.
pub(crate) async fn download(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((year, file)): Path<(i64, String)>,
) -> ApiResult<Response> {
    let kind = exports::Download::parse(&file)
        .ok_or_else(|| Failure::NotFound(format!("không có tệp {file} / no file {file}")))?;
    let action = if kind.is_evidence() {
        Action::DownloadEvidence
    } else {
        Action::DownloadReport
    };
    caller.allow(
        action,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    let (bytes, content_type) =
        blocking(&state, move |state| exports::render(state, year, kind)).await?;
    Ok(exports::attachment(
        bytes,
        content_type,
        &format!("cchc-{year}-{file}"),
    ))
}
