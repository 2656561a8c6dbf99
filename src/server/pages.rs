//! The HTML pages: login, home, the unit's form, the round's overview and the
//! password change. Handlers are thin: the domain is `form_entry` and the
//! store; what a page shows is built in `views` and rendered from templates.

use super::api::{actor, visible, year32};
use super::auth::PageCaller;
use super::clock;
use super::error::{Failure, PageFailure};
use super::exports::Download;
use super::login::{sign_in, sign_out};
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Role, Target, UnitId};
use crate::form_entry::{self, FieldError, FormLayout};
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::Value as Ctx;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

fn page(name: &str, context: Value) -> PageResult {
    templates::page(name, &context, StatusCode::OK)
}

/// The Vietnamese error page for `status`.
pub(crate) fn error_page(status: StatusCode, message: &str) -> String {
    templates::render(
        "error.html",
        Ctx::from_serialize(json!({"status": status.as_u16(), "message": message})),
    )
    .unwrap_or_else(|_| format!("Lỗi {} / error: {message}", status.as_u16()))
}

/// `GET /dang-nhap`.
pub(crate) async fn login_form() -> PageResult {
    page("login.html", json!({}))
}

/// `POST /dang-nhap`.
pub(crate) async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    match sign_in(&state, field("login"), field("password"), peer, None).await {
        Ok(signed) => Ok((
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/".to_string()),
                (header::SET_COOKIE, signed.set_cookie),
            ],
        )
            .into_response()),
        Err(
            failure @ (Failure::Unauthenticated(_) | Failure::Forbidden(_) | Failure::Throttled(_)),
        ) => {
            let mut response = page(
                "login.html",
                json!({"message": failure.message(), "login": field("login")}),
            )?;
            *response.status_mut() = failure.status();
            Ok(response)
        }
        Err(other) => Err(PageFailure(other)),
    }
}

/// `POST /dang-xuat`.
pub(crate) async fn logout(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
) -> PageResult {
    let clear = sign_out(&state, caller).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/dang-nhap".to_string()),
            (header::SET_COOKIE, clear),
        ],
    )
        .into_response())
}

/// `GET /`: the rounds and units this account works on.
pub(crate) async fn home(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
) -> PageResult {
    let context = blocking(&state, move |state| {
        let store = state.store();
        let mut rounds = Vec::new();
        for info in store.rounds()? {
            if !visible(&store, &caller, info.year)? {
                continue;
            }
            let overview = caller.allow(Action::ViewRound, Target::Round { year: year32(info.year)? }).is_ok();
            let units: Vec<Value> = store
                .units(info.year)?
                .into_iter()
                .filter(|u| caller.account.role == Role::Unit && caller.account.acts_for(&UnitId(u.ma_don_vi.clone())))
                .map(|u| json!({"id": u.ma_don_vi, "name": u.ten_don_vi}))
                .collect();
            rounds.push(views::round_summary(&info, overview, units));
        }
        let can_open = caller.allow(Action::ManageRound, Target::Installation).is_ok();
        Ok::<_, Failure>(json!({"account": views::account(&caller), "csrf": caller.session.csrf, "rounds": rounds, "can_open": can_open}))
    })
    .await?;
    page("home.html", context)
}

/// `GET /ky/{year}`: units, their progress, the live ranking, downloads.
pub(crate) async fn round(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path(year): Path<i64>,
) -> PageResult {
    caller.allow(
        Action::ViewRound,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    let round_target = Target::Round {
        year: year32(year)?,
    };
    let downloads = caller.allow(Action::DownloadReport, round_target).is_ok();
    let manage = caller.allow(Action::ManageRound, round_target).is_ok();
    let context = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let store = state.store();
        let info = store.round_info(year)?;
        let rules = state.rules(&store, year)?;
        let (units, counts) = views::progress(&form_entry::round_progress(&store, year, today)?);
        let ranking = views::ranking(&rules, &form_entry::round_ranking(&store, &rules, year)?);
        let files: Vec<&str> = if downloads {
            Download::ALL.iter().map(|(n, _)| *n).collect()
        } else {
            Vec::new()
        };
        Ok::<_, Failure>(json!({
            "account": views::account(&caller), "csrf": caller.session.csrf, "year": year,
            "ruleset": info.ruleset_id, "state": info.state.code(),
            "start": info.self_assessment_start.map(|d| d.to_string()),
            "deadline": info.self_assessment_deadline.map(|d| d.to_string()),
            "units": units, "counts": counts, "ranking": ranking, "downloads": files, "manage": manage,
        }))
    })
    .await?;
    page("round.html", context)
}

/// `GET /ky/{year}/don-vi/{unit}`: the unit's form and its score.
pub(crate) async fn unit(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path((year, unit)): Path<(i64, String)>,
) -> PageResult {
    caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    unit_page(
        &state,
        caller,
        (year, unit),
        Refusal::default(),
        StatusCode::OK,
    )
    .await
}

/// What a refused change brings back to the unit's form: the text typed, the
/// cells' messages, and the message at the top.
#[derive(Default)]
pub(crate) struct Refusal {
    pub(crate) typed: BTreeMap<String, String>,
    pub(crate) errors: Vec<FieldError>,
    pub(crate) message: Option<String>,
}

/// The unit's page, answered with `status`.
pub(crate) async fn unit_page(
    state: &Arc<AppState>,
    caller: super::auth::Caller,
    (year, unit): (i64, String),
    refusal: Refusal,
    status: StatusCode,
) -> PageResult {
    let context = unit_context(state, caller, (year, unit), refusal).await?;
    templates::page("unit.html", &context, status)
}

/// The unit page's data, with a refused change's text and messages.
async fn unit_context(
    state: &Arc<AppState>,
    caller: super::auth::Caller,
    (year, unit): (i64, String),
    refusal: Refusal,
) -> Result<Value, Failure> {
    let Refusal {
        typed,
        errors,
        message,
    } = refusal;
    blocking(state, move |state| {
        let today = clock::today_or_fail()?;
        let store = state.store();
        let info = store.round_info(year)?;
        let rules = state.rules(&store, year)?;
        let unit_state = form_entry::unit_state(&store, &rules, year, &unit)?;
        let documents = store.document_links(year, &unit)?;
        let target = Target::Unit { year: year32(year)?, unit: &UnitId(unit.clone()) };
        let may_write = caller.allow(Action::WriteEvidence, target).is_ok();
        let locked = locked_reason(&info, today, unit_state.submitted);
        let readonly = !may_write || locked.is_some();
        let can_submit = !readonly && caller.allow(Action::Submit, target).is_ok();
        let layout = FormLayout::of(&rules);
        Ok(json!({
            "account": views::account(&caller), "csrf": caller.session.csrf, "year": year,
            "unit": {"id": unit_state.unit.ma_don_vi, "name": unit_state.unit.ten_don_vi, "level": unit_state.unit.cap.code()},
            "deadline": info.self_assessment_deadline.map(|d| d.to_string()),
            "submitted": unit_state.submitted, "locked": locked, "readonly": readonly, "can_submit": can_submit,
            "fields": views::fields(&layout, &unit_state, &typed, &errors, &documents),
            "result": views::result(&rules, &unit_state),
            "message": message,
        }))
    })
    .await
}

fn locked_reason(
    info: &crate::store::RoundInfo,
    today: crate::model::Date,
    submitted: bool,
) -> Option<String> {
    if submitted {
        return Some("Đơn vị đã nộp.".into());
    }
    if info.state != crate::store::RoundState::Open {
        return Some("Kỳ đánh giá không mở cho tự đánh giá.".into());
    }
    match info.self_assessment_deadline {
        Some(deadline) if today > deadline => Some(format!("Đã quá hạn tự đánh giá ({deadline}).")),
        _ => None,
    }
}

/// `POST /ky/{year}/don-vi/{unit}`: saves the form (every field, or the one the
/// script sends). The script gets JSON with the new results panel; a plain
/// form post gets the page again (303 when everything was saved).
pub(crate) async fn save_unit(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path((year, unit)): Path<(i64, String)>,
    Form(mut form): Form<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow_unit(Action::WriteEvidence, year, &unit)?;
    form.remove("csrf");
    let script = headers.get("x-requested-with").is_some_and(|v| v == "cchc");
    let actor = actor(&caller, peer);
    let changes = form.clone();
    let unit_id = unit.clone();
    let edited = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        let unit = unit.clone();
        let outcome = form_entry::edit(&mut store, &actor, &rules, (year, &unit), &changes, today)?;
        let result = views::result(&rules, &outcome.state);
        Ok::<_, Failure>((outcome.errors, result))
    })
    .await;
    if script {
        return Ok(match edited {
            Ok((errors, result)) => {
                let html = templates::fragment("results.html", &json!({"result": result}))?;
                let status = if errors.is_empty() {
                    StatusCode::OK
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                (
                    status,
                    axum::Json(json!({"results_html": html, "errors": errors})),
                )
                    .into_response()
            }
            Err(failure) => (
                failure.status(),
                axum::Json(json!({"error": failure.message()})),
            )
                .into_response(),
        });
    }
    let (errors, message) = match edited {
        Ok((errors, _)) if errors.is_empty() => {
            return Ok(Redirect::to(&unit_path(year, &unit_id)).into_response());
        }
        Ok((errors, _)) => (
            errors,
            "Một số ô chưa hợp lệ và chưa được lưu; các ô khác đã lưu.".to_string(),
        ),
        Err(Failure::Locked(m)) => (Vec::new(), m),
        Err(other) => return Err(PageFailure(other)),
    };
    let refusal = Refusal {
        typed: form,
        errors,
        message: Some(message),
    };
    unit_page(
        &state,
        caller,
        (year, unit_id),
        refusal,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The unit page's path, the unit id percent-encoded.
pub(crate) fn unit_path(year: i64, unit: &str) -> String {
    format!("/ky/{year}/don-vi/{}", encode(unit))
}

/// `text` percent-encoded for a path segment.
pub(crate) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
