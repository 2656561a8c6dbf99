//! The round after appraisal over the API (#16 items 3–5): the explanation
//! window, confirmation, publication, the published revisions and their
//! files. Thin handlers over [`crate::publication`] and the store; every
//! route asks [`Caller::allow`] first, and a unit reads only its round's
//! published files and its own notice.

use super::api::{actor, visible, year32};
use super::auth::Caller;
use super::clock;
use super::error::{ApiFailure, Failure};
use super::exports::attachment;
use super::state::{AppState, blocking};
use crate::accounts::{Action, Role, Target};
use crate::model::Date;
use crate::publication::{published_ranking, unit_may_read};
use crate::store::Store;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

type ApiResult<T> = Result<T, ApiFailure>;

/// A private directory for the files of a publication being built.
pub(crate) fn work_dir(state: &AppState, year: i64) -> PathBuf {
    state.exports_dir.join("publication").join(year.to_string())
}

/// A `YYYY-MM-DD` date of a request, or a refusal naming `field`.
pub(crate) fn date_of(text: &str, field: &str) -> Result<Date, Failure> {
    Date::parse(text.trim()).ok_or_else(|| {
        Failure::Invalid(format!(
            "{field}: cần ngày dạng YYYY-MM-DD, nhận '{text}' / {field}: expected a YYYY-MM-DD date, got '{text}'"
        ))
    })
}

fn manage(caller: &Caller, year: i64) -> Result<(), Failure> {
    caller.allow(
        Action::ManageRound,
        Target::Round {
            year: year32(year)?,
        },
    )
}

/// Refuses a caller who may not read the `year` round's publication.
pub(crate) fn allow_published(store: &Store, caller: &Caller, year: i64) -> Result<(), Failure> {
    caller.allow(
        Action::ReadPublished,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    if visible(store, caller, year)? {
        Ok(())
    } else {
        Err(Failure::Forbidden(format!(
            "tài khoản không thuộc kỳ {year} / the account has no unit in the {year} round"
        )))
    }
}

/// The round's appraisal stage, dates, revisions and latest published ranking.
pub(crate) fn summary(store: &Store, year: i64, today: Date) -> Result<Value, Failure> {
    let calendar = store.appraisal_calendar(year)?;
    let revisions: Vec<Value> = store
        .revisions(year)?
        .into_iter()
        .map(|r| {
            json!({"number": r.number, "appeal": r.appeal, "ruleset_fingerprint": r.ruleset_fingerprint,
                   "evidence_fingerprint": r.evidence_fingerprint, "files": r.files})
        })
        .collect();
    let ranking = if revisions.is_empty() {
        Value::Null
    } else {
        serde_json::to_value(published_ranking(store, year, None)?.1)
            .map_err(|e| Failure::Internal(e.to_string()))?
    };
    let stage = calendar.stage(today);
    Ok(json!({
        "year": year,
        "stage": stage, "stage_vi": stage.vi(),
        "explanation": calendar.explanation.map(|(s, d)| json!({"start": s.iso(), "deadline": d.iso()})),
        "confirmed": calendar.confirmed_at.is_some(),
        "appeal_deadline": calendar.appeal_deadline.map(|d| d.iso()),
        "appeals_open": calendar.appeals_open(today),
        "revisions": revisions,
        "ranking": ranking,
    }))
}

/// `GET /api/rounds/{year}/publication`: stage, revisions and ranking.
pub(crate) async fn show(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(year): Path<i64>,
) -> ApiResult<Json<Value>> {
    let value = blocking(&state, move |state| {
        let store = state.store();
        allow_published(&store, &caller, year)?;
        summary(&store, year, clock::today_or_fail()?)
    })
    .await?;
    Ok(Json(value))
}

#[derive(Deserialize)]
pub(crate) struct WindowBody {
    start: String,
    deadline: String,
}

/// `POST /api/rounds/{year}/explanation-window` `{"start","deadline"}`.
pub(crate) async fn set_explanation_window(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
    body: Result<Json<WindowBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<Value>> {
    manage(&caller, year)?;
    let Json(window) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"start\", \"deadline\"}} / expected {{\"start\", \"deadline\"}}: {e}"
        ))
    })?;
    let window = (
        date_of(&window.start, "start")?,
        date_of(&window.deadline, "deadline")?,
    );
    let actor = actor(&caller, peer);
    let value = blocking(&state, move |state| {
        let mut store = state.store();
        store.set_explanation_window(&actor, year, window)?;
        summary(&store, year, clock::today_or_fail()?)
    })
    .await?;
    Ok(Json(value))
}

/// `POST /api/rounds/{year}/confirm`: the Sở confirms the appraisal.
pub(crate) async fn confirm(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
) -> ApiResult<Json<Value>> {
    manage(&caller, year)?;
    let actor = actor(&caller, peer);
    let value = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        store.confirm_appraisal(&actor, year, today)?;
        summary(&store, year, today)
    })
    .await?;
    Ok(Json(value))
}

#[derive(Deserialize)]
pub(crate) struct PublishBody {
    appeal_deadline: String,
}

/// Publishes the `year` round: revision 1, scored by the round's stored rules.
pub(crate) fn publish_round(
    state: &AppState,
    actor: &crate::store::Actor,
    year: i64,
    appeal_deadline: Date,
) -> Result<i64, Failure> {
    let today = clock::today_or_fail()?;
    let mut store = state.store();
    let rules = state.rules(&store, year)?;
    let work = work_dir(state, year);
    Ok(crate::publication::publish(
        &mut store,
        actor,
        &rules,
        (year, appeal_deadline),
        &work,
        today,
    )?)
}

/// `POST /api/rounds/{year}/publish` `{"appeal_deadline"}`.
pub(crate) async fn publish(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
    body: Result<Json<PublishBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<Value>> {
    manage(&caller, year)?;
    let Json(body) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"appeal_deadline\"}} / expected {{\"appeal_deadline\"}}: {e}"
        ))
    })?;
    let deadline = date_of(&body.appeal_deadline, "appeal_deadline")?;
    let actor = actor(&caller, peer);
    let value = blocking(&state, move |state| {
        publish_round(state, &actor, year, deadline)?;
        summary(&state.store(), year, clock::today_or_fail()?)
    })
    .await?;
    Ok(Json(value))
}

/// A revision's file for `caller`, refused where a unit may not read it.
pub(crate) fn revision_file(
    store: &Store,
    caller: &Caller,
    (year, number, file): (i64, Option<i64>, &str),
) -> Result<Response, Failure> {
    allow_published(store, caller, year)?;
    if caller.account.role == Role::Unit {
        let units: Vec<String> = caller.account.units.iter().map(|u| u.0.clone()).collect();
        if !unit_may_read(file, &units) {
            return Err(Failure::Forbidden(format!(
                "đơn vị không được xem tệp {file} / a unit may not read {file}"
            )));
        }
    }
    let (number, bytes) = store.revision_file(year, number, file)?;
    let media = match file.rsplit('.').next() {
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("zip") => "application/zip",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
    Ok(attachment(
        bytes,
        media,
        &format!("cchc-{year}-ban-{number}-{file}"),
    ))
}

/// `GET /api/rounds/{year}/revisions/{number}/{file}` (`latest` for the newest).
pub(crate) async fn download(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((year, number, file)): Path<(i64, String, String)>,
) -> ApiResult<Response> {
    let number = match number.as_str() {
        "latest" => None,
        n => Some(n.parse::<i64>().map_err(|_| {
            Failure::NotFound(format!("không có bản công bố {n} / no revision {n}"))
        })?),
    };
    let response = blocking(&state, move |state| {
        revision_file(&state.store(), &caller, (year, number, &file))
    })
    .await?;
    Ok(response)
}
