//! A unit's history across years (`/don-vi/{unit}/lich-su`, `GET
//! /api/units/{unit}/history`) and the administrator's record of successor
//! units (`POST /api/units/{unit}/predecessors`, and the form on the page).

use super::api::actor;
use super::auth::{Caller, PageCaller};
use super::error::{ApiFailure, Failure, PageFailure};
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Target, UnitId};
use crate::form_entry::{UnitHistory, unit_history};
use crate::report::unit_json;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// Whether the caller may read `unit`'s history: the permission to read a
/// unit's evidence does not depend on the round's year.
fn allow(caller: &Caller, unit: &str) -> Result<(), Failure> {
    caller.allow(
        Action::ReadEvidence,
        Target::Unit {
            year: 0,
            unit: &UnitId(unit.to_string()),
        },
    )
}

async fn history(state: &Arc<AppState>, unit: String) -> Result<UnitHistory, Failure> {
    blocking(state, move |state| {
        let store = state.store();
        let rules_of = |year: i64| state.rules_of(&store, year);
        Ok(unit_history(&store, &rules_of, &unit)?)
    })
    .await
}

/// Each round as the API gives it.
fn rounds_json(history: &UnitHistory) -> Vec<Value> {
    history
        .rounds
        .iter()
        .map(|r| {
            let unit = unit_json(&r.rules.ruleset, &r.state.score);
            let key = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
            let criteria: BTreeMap<String, Value> = unit
                .get("criteria")
                .and_then(Value::as_array)
                .map(|cs| {
                    cs.iter()
                        .map(|c| (key(c, "id").as_str().unwrap_or_default().to_string(), key(c, "points")))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "year": r.year, "unit": r.state.unit.ma_don_vi, "name": r.state.unit.ten_don_vi,
                "predecessor": r.predecessor, "published": r.published, "total": key(&unit, "total"), "max": key(&unit, "max"),
                "percent": key(&unit, "percent"), "rank": key(&unit, "rank"), "criteria": criteria,
            })
        })
        .collect()
}

/// `GET /api/units/{unit}/history`.
pub(crate) async fn api(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(unit): Path<String>,
) -> Result<Json<Value>, ApiFailure> {
    allow(&caller, &unit)?;
    let history = history(&state, unit).await?;
    Ok(Json(json!(rounds_json(&history))))
}

/// `POST /api/units/{unit}/predecessors` `{"predecessor"}` (administrator).
pub(crate) async fn add_predecessor(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(unit): Path<String>,
    body: Result<Json<BTreeMap<String, String>>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiFailure> {
    caller.allow(Action::ManageRound, Target::Installation)?;
    let Json(body) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"predecessor\"}} / expected {{\"predecessor\"}}: {e}"
        ))
    })?;
    let predecessor = body.get("predecessor").cloned().unwrap_or_default();
    let actor = actor(&caller, peer);
    let id = unit.clone();
    blocking(&state, move |state| {
        state.store().add_successor(&actor, &predecessor, &id)?;
        Ok::<_, Failure>(())
    })
    .await?;
    let history = history(&state, unit).await?;
    Ok(Json(json!(rounds_json(&history))))
}

/// The trend of the percentage, as an inline SVG polyline (0–100 %).
fn trend_svg(rounds: &[Value]) -> String {
    let points: Vec<(usize, f64)> = rounds
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r["percent"]
                .as_str()
                .and_then(|p| p.parse::<f64>().ok())
                .map(|p| (i, p))
        })
        .collect();
    let (width, height) = (320.0, 120.0);
    let step = if rounds.len() > 1 {
        (width - 40.0) / (rounds.len() - 1) as f64
    } else {
        0.0
    };
    let xy: Vec<String> = points
        .iter()
        .map(|(i, p)| {
            format!(
                "{:.1},{:.1}",
                20.0 + step * *i as f64,
                height - 10.0 - p.clamp(0.0, 100.0) / 100.0 * (height - 20.0)
            )
        })
        .collect();
    let dots: String = xy
        .iter()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
            format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"3\"/>")
        })
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"tỷ lệ điểm qua các năm\" class=\"trend\"><line x1=\"20\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#9aa1ab\"/><polyline fill=\"none\" stroke=\"#7a1f1f\" stroke-width=\"2\" points=\"{}\"/><g fill=\"#7a1f1f\">{dots}</g></svg>",
        xy.join(" "),
        b = height - 10.0,
        r = width - 20.0,
    )
}

/// `GET /don-vi/{unit}/lich-su`.
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path(unit): Path<String>,
) -> Result<Response, PageFailure> {
    allow(&caller, &unit)?;
    let history = history(&state, unit.clone()).await?;
    let rounds = rounds_json(&history);
    let context = json!({
        "account": views::account(&caller), "csrf": caller.session.csrf, "unit": unit,
        "rounds": rounds, "svg": trend_svg(&rounds), "lost": history.lost_every_year,
        "manage": caller.allow(Action::ManageRound, Target::Installation).is_ok(),
    });
    templates::page("history.html", &context, axum::http::StatusCode::OK)
}

/// `POST /don-vi/{unit}/tien-than`: the form on the history page.
pub(crate) async fn add_predecessor_form(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(unit): Path<String>,
    axum::Form(form): axum::Form<BTreeMap<String, String>>,
) -> Result<Response, PageFailure> {
    caller.allow(Action::ManageRound, Target::Installation)?;
    let predecessor = form.get("tien_than").cloned().unwrap_or_default();
    let actor = actor(&caller, peer);
    let id = unit.clone();
    blocking(&state, move |state| {
        state
            .store()
            .add_successor(&actor, predecessor.trim(), &id)?;
        Ok::<_, Failure>(())
    })
    .await?;
    Ok(Redirect::to(&format!("/don-vi/{}/lich-su", super::pages::encode(&unit))).into_response())
}
