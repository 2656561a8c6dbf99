//! The appraisal page of a unit (`/ky/{year}/don-vi/{unit}/tham-dinh`): for
//! appraisers the two scores side by side, the correction and request forms;
//! for the unit, from its explanation window on, the same view with its
//! answers, and after publication its appeals. Thin handlers over
//! [`crate::form_entry`], the store and [`super::responses`].

use super::api::{actor, year32};
use super::appraisal::{groups, unit_sees_appraisal};
use super::appraisal_views as views_of;
use super::auth::{Caller, PageCaller};
use super::clock;
use super::documents::{Upload, read_form, sniff};
use super::error::{Failure, PageFailure};
use super::pages::encode;
use super::responses::{self, Reply};
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Target, UnitId};
use crate::form_entry::{appraisal_state, appraise, may_appraise_criterion, may_correct};
use crate::store::{AppraisalStage, Store};
use axum::Form;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

/// The appraisal page's path.
pub(crate) fn appraisal_path(year: i64, unit: &str) -> String {
    format!("/ky/{year}/don-vi/{}/tham-dinh", encode(unit))
}

/// Whether `caller` appraises, or else may see the unit's appraisal now.
fn allow_view(store: &Store, caller: &Caller, year: i64, unit: &str) -> Result<bool, Failure> {
    if caller.allow_unit(Action::Appraise, year, unit).is_ok() {
        return Ok(true);
    }
    caller.allow_unit(Action::ReadEvidence, year, unit)?;
    if unit_sees_appraisal(store, year)? {
        Ok(false)
    } else {
        Err(Failure::Forbidden(
            "kết quả thẩm định chưa gửi đơn vị / the appraisal is not shown to units yet".into(),
        ))
    }
}

fn context(
    state: &AppState,
    caller: &Caller,
    (year, unit): (i64, &str),
    message: Option<String>,
) -> Result<Value, Failure> {
    let store = state.store();
    let appraiser = allow_view(&store, caller, year, unit)?;
    let today = clock::today_or_fail()?;
    let rules = state.rules(&store, year)?;
    let appraisal = appraisal_state(&store, &rules, year, unit)?;
    let calendar = store.appraisal_calendar(year)?;
    let stage = calendar.stage(today);
    // The unit's own declaration must be final: submitted, or its deadline passed.
    let deadline = store.round_info(year)?.self_assessment_deadline;
    let appraisable = appraisal.own.submitted || deadline.is_some_and(|d| today > d);
    let correctable =
        appraisable && matches!(stage, AppraisalStage::Round1 | AppraisalStage::Round2);
    let groups = if appraiser {
        groups(&store, caller)?
    } else {
        Vec::new()
    };
    let criteria: Vec<Value> = rules
        .ruleset
        .criteria
        .iter()
        .filter(|c| may_appraise_criterion(&groups, &c.id))
        .map(|c| json!({"id": c.id, "title": c.title}))
        .collect();
    let target = Target::Unit {
        year: year32(year)?,
        unit: &UnitId(unit.to_string()),
    };
    let responds = caller.allow(Action::Respond, target).is_ok();
    let all_criteria: Vec<Value> = rules
        .ruleset
        .criteria
        .iter()
        .map(|c| json!({"id": c.id, "title": c.title}))
        .collect();
    Ok(json!({
        "account": views::account(caller), "csrf": caller.session.csrf, "year": year,
        "unit": {"id": appraisal.own.unit.ma_don_vi, "name": appraisal.own.unit.ten_don_vi},
        "stage": stage.vi(), "message": message, "appraisable": appraisable,
        "comparison": views_of::comparison(&rules, &appraisal, &views_of::reviewers(&store, &appraisal)?),
        "reviewable": criteria.iter().filter_map(|c| c["id"].as_str().map(str::to_string)).collect::<Vec<String>>(),
        "own_total": crate::model::number::format_vi(rules.ruleset.rounding.round(appraisal.own.score.total)),
        "appraised_total": crate::model::number::format_vi(rules.ruleset.rounding.round(appraisal.appraised.total)),
        "corrections": views_of::corrections(&store, &appraisal)?,
        "evidence": views_of::evidence(&rules, &appraisal, &store.document_links(year, unit)?),
        "requests": views_of::requests(&store, &appraisal)?,
        "appeals": views_of::appeals(&store, &store.appeals(year, Some(unit))?)?,
        "may_correct": appraiser && correctable,
        "fields": if appraiser && correctable { views_of::correctable_fields(&rules, &groups) } else { Vec::new() },
        "criteria": criteria,
        "may_answer": responds && stage == AppraisalStage::Explanation,
        "may_appeal": responds && calendar.appeals_open(today),
        "all_criteria": all_criteria,
        "appeal_deadline": calendar.appeal_deadline.map(|d| d.to_string()),
    }))
}

async fn render(
    state: &Arc<AppState>,
    caller: Caller,
    (year, unit): (i64, String),
    message: Option<String>,
    status: StatusCode,
) -> PageResult {
    let value = blocking(state, move |state| {
        context(state, &caller, (year, &unit), message)
    })
    .await?;
    templates::page("appraisal.html", &value, status)
}

/// The page again after an action: back to it when done, else with the message.
async fn after(
    state: &Arc<AppState>,
    caller: Caller,
    (year, unit): (i64, String),
    done: Result<(), Failure>,
) -> PageResult {
    match done {
        Ok(()) => Ok(Redirect::to(&appraisal_path(year, &unit)).into_response()),
        Err(failure @ (Failure::Locked(_) | Failure::Invalid(_) | Failure::Cells { .. })) => {
            let status = failure.status();
            let message = match &failure {
                Failure::Cells { errors, .. } => errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                other => other.message(),
            };
            render(state, caller, (year, unit), Some(message), status).await
        }
        Err(other) => Err(PageFailure(other)),
    }
}

/// `GET /ky/{year}/don-vi/{unit}/tham-dinh`.
pub(crate) async fn show(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path((year, unit)): Path<(i64, String)>,
) -> PageResult {
    render(&state, caller, (year, unit), None, StatusCode::OK).await
}

/// `POST /ky/{year}/don-vi/{unit}/tham-dinh` (`truong`, `gia_tri`, `ly_do`).
pub(crate) async fn correct(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow_unit(Action::Appraise, year, &unit)?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (column, value, reason) = (field("truong"), field("gia_tri"), field("ly_do"));
    let actor = actor(&caller, peer);
    let (who, id) = (caller.clone(), unit.clone());
    let done = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        if !may_correct(&rules, &groups(&store, &who)?, &column) {
            return Err(Failure::Forbidden(format!(
                "trường {column} thuộc tiêu chí ngoài nhóm được giao / the field {column} belongs to criteria outside your groups"
            )));
        }
        match appraise(&mut store, &actor, &rules, (year, &id, &column), (&value, &reason), today)? {
            Ok(_) => Ok(()),
            Err(error) => Err(Failure::Cells { errors: vec![error], result: Value::Null }),
        }
    })
    .await;
    after(&state, caller, (year, unit), done).await
}

/// `POST /ky/{year}/don-vi/{unit}/xac-nhan-tieu-chi` (`tieu_chi`): the
/// criterion's evidence confirmed as it stands.
pub(crate) async fn review(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow_unit(Action::Appraise, year, &unit)?;
    let criterion = form.get("tieu_chi").cloned().unwrap_or_default();
    let actor = actor(&caller, peer);
    let (who, id) = (caller.clone(), unit.clone());
    let done = blocking(&state, move |state| {
        super::appraisal::review(state, &who, &actor, (year, &id, &criterion))
    })
    .await;
    after(&state, caller, (year, unit), done).await
}

/// `POST /ky/{year}/don-vi/{unit}/yeu-cau-giai-trinh` (`tieu_chi`, `ghi_chu`).
pub(crate) async fn request(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow_unit(Action::Appraise, year, &unit)?;
    let criterion = form.get("tieu_chi").cloned().unwrap_or_default();
    let note = form.get("ghi_chu").cloned().unwrap_or_default();
    let actor = actor(&caller, peer);
    let (who, id) = (caller.clone(), unit.clone());
    let done = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        if !may_appraise_criterion(&groups(&store, &who)?, &criterion) {
            return Err(Failure::Forbidden(
                "tiêu chí ngoài nhóm được giao / a criterion outside your groups".into(),
            ));
        }
        store.request_explanation(&actor, (year, &id, &criterion), &note, today)?;
        Ok(())
    })
    .await;
    after(&state, caller, (year, unit), done).await
}

/// The document of a multipart answer (field `tep`; other parts are not
/// documents), checked by its content and stored; none when no file was chosen.
fn store_documents(state: &AppState, upload: &Upload) -> Result<Vec<String>, Failure> {
    let Some((name, bytes)) = upload.files.get("tep") else {
        return Ok(Vec::new());
    };
    let media = sniff(bytes).ok_or_else(|| {
        Failure::Invalid(format!(
            "{name}: chỉ nhận PDF, ảnh PNG/JPEG, DOCX hoặc XLSX (xét theo nội dung tệp) / only PDF, PNG/JPEG images, DOCX or XLSX are accepted (judged by the content)"
        ))
    })?;
    Ok(vec![state.store().put_document(name, media, bytes)?.sha256])
}

/// A unit's multipart `reply` (`tieu_chi`, the text in field `text_field`,
/// a document in `tep`), stored, then the page again.
async fn respond_with(
    state: Arc<AppState>,
    caller: Caller,
    peer: SocketAddr,
    (year, unit): (i64, String),
    (reply, text_field): (Reply, &'static str),
    multipart: Multipart,
) -> PageResult {
    caller.allow_unit(Action::Respond, year, &unit)?;
    let upload = read_form(multipart).await;
    let actor = actor(&caller, peer);
    let id = unit.clone();
    let done = match upload {
        Ok(upload) => {
            blocking(&state, move |state| {
                let text = |k: &str| upload.text.get(k).cloned().unwrap_or_default();
                let documents = store_documents(state, &upload)?;
                let criterion = text("tieu_chi");
                let target = (year, id.as_str(), criterion.as_str());
                responses::respond(
                    state,
                    &actor,
                    reply,
                    target,
                    (&text(text_field), &documents),
                )?;
                Ok(())
            })
            .await
        }
        Err(failure) => Err(failure),
    };
    after(&state, caller, (year, unit), done).await
}

/// `POST /ky/{year}/don-vi/{unit}/giai-trinh` (multipart: `tieu_chi`, `noi_dung`, `tep`).
pub(crate) async fn answer(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(path): Path<(i64, String)>,
    multipart: Multipart,
) -> PageResult {
    let how = (Reply::Explanation, "noi_dung");
    respond_with(state, caller, peer, path, how, multipart).await
}

/// `POST /ky/{year}/don-vi/{unit}/phuc-khao` (multipart: `tieu_chi`, `ly_do`, `tep`).
pub(crate) async fn appeal(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(path): Path<(i64, String)>,
    multipart: Multipart,
) -> PageResult {
    let how = (Reply::Appeal, "ly_do");
    respond_with(state, caller, peer, path, how, multipart).await
}
