//! The round's appraisal and publication page (`/ky/{year}/ket-qua`): every
//! account of the round sees the stage, the published ranking and the
//! revisions' files it may read; the Sở sets the explanation window, confirms,
//! publishes and decides appeals there. A unit's notice is shown at
//! `/ky/{year}/thong-bao/{unit}`.

use super::api::{actor, year32};
use super::appraisal_views;
use super::auth::{Caller, PageCaller};
use super::clock;
use super::error::{Failure, PageFailure};
use super::publication::{allow_published, date_of, publish_round};
use super::state::{AppState, blocking};
use super::{responses, templates, views};
use crate::accounts::{Action, Role, Target};
use crate::publication::{notice_file, published_ranking, unit_may_read};
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

/// The policy of a notice shown in the browser: its own inline style, nothing else.
const NOTICE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

fn context(
    state: &AppState,
    caller: &Caller,
    year: i64,
    message: Option<String>,
) -> Result<Value, Failure> {
    let store = state.store();
    allow_published(&store, caller, year)?;
    let today = clock::today_or_fail()?;
    let manage = caller
        .allow(
            Action::ManageRound,
            Target::Round {
                year: year32(year)?,
            },
        )
        .is_ok();
    let calendar = store.appraisal_calendar(year)?;
    let stage = calendar.stage(today);
    let own_units: Vec<String> = caller.account.units.iter().map(|u| u.0.clone()).collect();
    let revisions: Vec<Value> = store
        .revisions(year)?
        .into_iter()
        .rev()
        .map(|r| {
            let files: Vec<String> = r
                .files
                .into_iter()
                .filter(|f| caller.account.role != Role::Unit || unit_may_read(f, &own_units))
                .filter(|f| caller.account.role == Role::Unit || !f.starts_with("notice-"))
                .collect();
            json!({"number": r.number, "appeal": r.appeal, "evidence_fingerprint": r.evidence_fingerprint,
                   "ruleset_fingerprint": r.ruleset_fingerprint, "files": files})
        })
        .collect();
    let ranking = if revisions.is_empty() {
        Vec::new()
    } else {
        published_ranking(&store, year, None)?.1
    };
    let units = store.units(year)?;
    let notices: Vec<Value> = units
        .iter()
        .filter(|u| caller.account.role != Role::Unit || own_units.contains(&u.ma_don_vi))
        .map(
            |u| json!({"id": u.ma_don_vi, "name": u.ten_don_vi, "file": notice_file(&u.ma_don_vi)}),
        )
        .collect();
    let overview = caller
        .allow(
            Action::ViewRound,
            Target::Round {
                year: year32(year)?,
            },
        )
        .is_ok();
    let progress = if overview {
        appraisal_views::round_progress(&store, year)?
    } else {
        Vec::new()
    };
    let appeals = if manage {
        appraisal_views::appeals(&store, &store.appeals(year, None)?)?
    } else {
        Vec::new()
    };
    Ok(json!({
        "account": views::account(caller), "csrf": caller.session.csrf, "year": year,
        "stage": stage.vi(), "stage_code": stage, "message": message, "manage": manage,
        "explanation": calendar.explanation.map(|(s, d)| json!({"start": s.to_string(), "deadline": d.to_string()})),
        "confirmed": calendar.confirmed_at.is_some(),
        "appeal_deadline": calendar.appeal_deadline.map(|d| d.to_string()),
        "published": !revisions.is_empty(),
        "revisions": revisions, "ranking": ranking, "notices": notices, "appeals": appeals,
        "progress": progress,
    }))
}

async fn render(
    state: &Arc<AppState>,
    caller: Caller,
    year: i64,
    message: Option<String>,
    status: StatusCode,
) -> PageResult {
    let value = blocking(state, move |state| context(state, &caller, year, message)).await?;
    templates::page("publication.html", &value, status)
}

/// Back to the page when done, else the page with the refusal.
async fn after(
    state: &Arc<AppState>,
    caller: Caller,
    year: i64,
    done: Result<(), Failure>,
) -> PageResult {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/ky/{year}/ket-qua")).into_response()),
        Err(failure @ (Failure::Locked(_) | Failure::Invalid(_) | Failure::NotFound(_))) => {
            let status = failure.status();
            render(state, caller, year, Some(failure.message()), status).await
        }
        Err(other) => Err(PageFailure(other)),
    }
}

/// `GET /ky/{year}/ket-qua`.
pub(crate) async fn show(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path(year): Path<i64>,
) -> PageResult {
    render(&state, caller, year, None, StatusCode::OK).await
}

fn manage(caller: &Caller, year: i64) -> Result<(), Failure> {
    caller.allow(
        Action::ManageRound,
        Target::Round {
            year: year32(year)?,
        },
    )
}

fn field(form: &BTreeMap<String, String>, key: &str) -> String {
    form.get(key)
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// `POST /ky/{year}/giai-trinh` (`bat_dau`, `han`): the explanation window.
pub(crate) async fn set_window(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    manage(&caller, year)?;
    let actor = actor(&caller, peer);
    let done = match (
        date_of(&field(&form, "bat_dau"), "bat_dau"),
        date_of(&field(&form, "han"), "han"),
    ) {
        (Ok(start), Ok(deadline)) => {
            blocking(&state, move |state| {
                Ok::<_, Failure>(state.store().set_explanation_window(
                    &actor,
                    year,
                    (start, deadline),
                )?)
            })
            .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    after(&state, caller, year, done).await
}

/// `POST /ky/{year}/xac-nhan`: the Sở confirms the appraisal.
pub(crate) async fn confirm(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
) -> PageResult {
    manage(&caller, year)?;
    let actor = actor(&caller, peer);
    let done = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        Ok::<_, Failure>(state.store().confirm_appraisal(&actor, year, today)?)
    })
    .await;
    after(&state, caller, year, done).await
}

/// `POST /ky/{year}/cong-bo` (`han_phuc_khao`): publishes revision 1.
pub(crate) async fn publish(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    manage(&caller, year)?;
    let actor = actor(&caller, peer);
    let done = match date_of(&field(&form, "han_phuc_khao"), "han_phuc_khao") {
        Ok(deadline) => {
            blocking(&state, move |state| {
                publish_round(state, &actor, year, deadline).map(|_| ())
            })
            .await
        }
        Err(e) => Err(e),
    };
    after(&state, caller, year, done).await
}

/// `POST /ky/{year}/phuc-khao/{id}` (`chap_nhan` có/không, `ly_do`, and
/// `truong`/`gia_tri` for an accepted appeal that corrects evidence).
pub(crate) async fn decide(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, id)): Path<(i64, i64)>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    manage(&caller, year)?;
    let accepted = field(&form, "chap_nhan") == "co";
    let reason = field(&form, "ly_do");
    let mut changes = BTreeMap::new();
    let column = field(&form, "truong");
    if !column.is_empty() {
        changes.insert(column, field(&form, "gia_tri"));
    }
    let actor = actor(&caller, peer);
    let done = blocking(&state, move |state| {
        responses::decide(state, &actor, (year, id), (accepted, &reason, &changes)).map(|_| ())
    })
    .await;
    after(&state, caller, year, done).await
}

/// `GET /ky/{year}/thong-bao/{unit}?ban=N`: a unit's notice, shown to print
/// (the latest revision unless `ban` names one).
pub(crate) async fn notice(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path((year, unit)): Path<(i64, String)>,
    Query(query): Query<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    let number = match query.get("ban") {
        Some(n) => Some(n.parse::<i64>().map_err(|_| {
            Failure::NotFound(format!("không có bản công bố {n} / no revision {n}"))
        })?),
        None => None,
    };
    let bytes = blocking(&state, move |state| {
        let store = state.store();
        allow_published(&store, &caller, year)?;
        Ok::<_, Failure>(store.revision_file(year, number, &notice_file(&unit))?.1)
    })
    .await?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(NOTICE_CSP),
    );
    Ok(response)
}
