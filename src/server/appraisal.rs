//! Appraisal over the API (#16 items 1 and 9): the appraiser corrects facts
//! with a reason and the rules recompute the points; explanation requests.
//! Only admins and appraisers appraise; an appraiser only within their groups
//! of criteria; only once the unit has submitted or its deadline has passed.

use super::api::actor;
use super::auth::Caller;
use super::clock;
use super::error::{ApiFailure, Failure};
use super::state::{AppState, blocking};
use crate::Rules;
use crate::accounts::{Action, Role};
use crate::form_entry::{
    AppraisalState, appraisal_state, appraise, may_appraise_criterion, may_correct,
};
use crate::report::unit_json;
use crate::store::Store;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type ApiResult = Result<Json<Value>, ApiFailure>;

/// The caller's groups of criteria: every group for the Sở.
pub(crate) fn groups(store: &Store, caller: &Caller) -> Result<Vec<String>, Failure> {
    Ok(match caller.account.role {
        Role::Admin => vec!["*".to_string()],
        _ => store.appraiser_groups(caller.account.id)?,
    })
}

fn body(rules: &Rules, store: &Store, state: &AppraisalState) -> Result<Value, Failure> {
    let own = unit_json(&rules.ruleset, &state.own.score);
    let appraised = unit_json(&rules.ruleset, &state.appraised);
    let mut logins = BTreeMap::new();
    let mut corrections = Vec::new();
    for c in &state.corrections {
        let by = match c.by {
            Some(id) => match logins.get(&id) {
                Some(login) => Some(login),
                None => {
                    let login = store.account(id)?.map(|a| a.login).unwrap_or_default();
                    Some(&*logins.entry(id).or_insert(login))
                }
            },
            None => None,
        };
        corrections.push(
            json!({"field": c.field, "self": state.own.evidence.get(&c.field), "value": c.cell,
                                "reason": c.reason, "by": by}),
        );
    }
    let requests: Vec<Value> = state
        .requests
        .iter()
        .map(|r| json!({"id": r.id, "criterion": r.criterion, "note": r.note, "answer": r.answer, "documents": r.documents}))
        .collect();
    let mut reviews = Vec::new();
    for r in &state.reviews {
        let by = match r.by {
            Some(id) => store.account(id)?.map(|a| a.login),
            None => None,
        };
        reviews.push(json!({"criterion": r.criterion, "stage": r.stage, "by": by}));
    }
    let stage = store
        .appraisal_calendar(state.own.unit.year)?
        .stage(clock::today_or_fail()?);
    Ok(
        json!({"stage": stage, "reviews": reviews, "own": own, "appraised": appraised, "evidence": state.evidence, "corrections": corrections, "requests": requests}),
    )
}

/// Whether units see their appraisal: from the explanation window on.
pub(crate) fn unit_sees_appraisal(store: &Store, year: i64) -> Result<bool, Failure> {
    let stage = store
        .appraisal_calendar(year)?
        .stage(clock::today_or_fail()?);
    Ok(stage != crate::store::AppraisalStage::Round1)
}

/// `GET /api/rounds/{year}/units/{unit}/appraisal` (a unit: its own, from the
/// explanation window on).
pub(crate) async fn show(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path((year, unit)): Path<(i64, String)>,
) -> ApiResult {
    let appraiser = caller.allow_unit(Action::Appraise, year, &unit);
    if appraiser.is_err() {
        caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    }
    let value = blocking(&state, move |state| {
        let store = state.store();
        // A unit sees its appraisal once the explanation window has opened.
        if appraiser.is_err() && !unit_sees_appraisal(&store, year)? {
            return Err(Failure::Forbidden(
                "kết quả thẩm định chưa gửi đơn vị / the appraisal is not shown to units yet"
                    .into(),
            ));
        }
        let rules = state.rules(&store, year)?;
        let appraisal = appraisal_state(&store, &rules, year, &unit)?;
        body(&rules, &store, &appraisal)
    })
    .await?;
    Ok(Json(value))
}

#[derive(Deserialize)]
pub(crate) struct CorrectionBody {
    field: String,
    value: String,
    #[serde(default)]
    reason: String,
}

/// `POST /api/rounds/{year}/units/{unit}/appraisal` `{"field","value","reason"}`.
pub(crate) async fn correct(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    body_json: Result<Json<CorrectionBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    caller.allow_unit(Action::Appraise, year, &unit)?;
    let Json(change) = body_json.map_err(|e| {
        Failure::Invalid(format!("cần {{\"field\", \"value\", \"reason\"}} / expected {{\"field\", \"value\", \"reason\"}}: {e}"))
    })?;
    let actor = actor(&caller, peer);
    let value = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        if !may_correct(&rules, &groups(&store, &caller)?, &change.field) {
            return Err(Failure::Forbidden(format!(
                "trường {} thuộc tiêu chí ngoài nhóm được giao / the field {} belongs to criteria outside your groups",
                change.field, change.field
            )));
        }
        let outcome = appraise(&mut store, &actor, &rules, (year, &unit, &change.field), (&change.value, &change.reason), today)?;
        match outcome {
            Ok(appraisal) => body(&rules, &store, &appraisal),
            Err(error) => Err(Failure::Cells { errors: vec![error], result: Value::Null }),
        }
    })
    .await?;
    Ok(Json(value))
}

#[derive(Deserialize)]
pub(crate) struct RequestBody {
    criterion: String,
    #[serde(default)]
    note: String,
}

/// `POST /api/rounds/{year}/units/{unit}/explanation-requests` `{"criterion","note"}`.
pub(crate) async fn request_explanation(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    body_json: Result<Json<RequestBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    caller.allow_unit(Action::Appraise, year, &unit)?;
    let Json(request) = body_json.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"criterion\", \"note\"}} / expected {{\"criterion\", \"note\"}}: {e}"
        ))
    })?;
    let actor = actor(&caller, peer);
    let id = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        if !rules
            .ruleset
            .criteria
            .iter()
            .any(|c| c.id == request.criterion)
        {
            return Err(Failure::NotFound(format!(
                "không có tiêu chí {} / no criterion {}",
                request.criterion, request.criterion
            )));
        }
        if !may_appraise_criterion(&groups(&store, &caller)?, &request.criterion) {
            return Err(Failure::Forbidden(
                "tiêu chí ngoài nhóm được giao / a criterion outside your groups".into(),
            ));
        }
        Ok(store.request_explanation(
            &actor,
            (year, &unit, &request.criterion),
            &request.note,
            today,
        )?)
    })
    .await?;
    Ok(Json(json!({"id": id})))
}

#[derive(Deserialize)]
pub(crate) struct ReviewBody {
    criterion: String,
}

/// Confirms a criterion's evidence as it stands, within the caller's groups.
pub(crate) fn review(
    state: &AppState,
    caller: &Caller,
    actor: &crate::store::Actor,
    (year, unit, criterion): (i64, &str, &str),
) -> Result<(), Failure> {
    let today = clock::today_or_fail()?;
    let mut store = state.store();
    let rules = state.rules(&store, year)?;
    if !rules.ruleset.criteria.iter().any(|c| c.id == criterion) {
        return Err(Failure::NotFound(format!(
            "không có tiêu chí {criterion} / no criterion {criterion}"
        )));
    }
    if !may_appraise_criterion(&groups(&store, caller)?, criterion) {
        return Err(Failure::Forbidden(
            "tiêu chí ngoài nhóm được giao / a criterion outside your groups".into(),
        ));
    }
    Ok(store.review_criterion(actor, (year, unit, criterion), today)?)
}

/// `POST /api/rounds/{year}/units/{unit}/reviews` `{"criterion"}`: the
/// criterion's evidence is confirmed as it stands (xác nhận minh chứng).
pub(crate) async fn confirm_criterion(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    body_json: Result<Json<ReviewBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    caller.allow_unit(Action::Appraise, year, &unit)?;
    let Json(asked) = body_json.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"criterion\"}} / expected {{\"criterion\"}}: {e}"
        ))
    })?;
    let actor = actor(&caller, peer);
    let value = blocking(&state, move |state| {
        review(state, &caller, &actor, (year, &unit, &asked.criterion))?;
        let store = state.store();
        let rules = state.rules(&store, year)?;
        body(
            &rules,
            &store,
            &appraisal_state(&store, &rules, year, &unit)?,
        )
    })
    .await?;
    Ok(Json(value))
}
