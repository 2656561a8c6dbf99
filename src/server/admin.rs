//! The Sở's actions in the browser: open a round (ruleset by year, the unit
//! list, the window; accounts shown once), set a round's window, and import
//! evidence collected offline. The same library calls as `cchc round …`.

use super::api::year32;
use super::auth::PageCaller;
use super::documents::{KeptUpload, read_form};
use super::error::{Failure, PageFailure};
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Target};
use crate::model::Date;
use crate::round_setup::{
    Window, import_evidence_file, open_round, read_units_file, unit_accounts,
};
use crate::store::{Actor, RoundState};
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

/// The overlay of a new round, kept for good beside the database (the round
/// names it, and its reports name it), named by its content.
fn keep_overlay(state: &AppState, bytes: &[u8]) -> Result<PathBuf, Failure> {
    let dir = state.exports_dir.join("overlays");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    let path = dir.join(format!("{}.toml", crate::fingerprint::sha256_hex(bytes)));
    crate::output::write_atomic(&path, bytes)?;
    Ok(path)
}

fn date_field(
    form: &BTreeMap<String, String>,
    key: &str,
    label: &str,
) -> Result<Option<Date>, Failure> {
    match form.get(key).map(String::as_str).unwrap_or("") {
        "" => Ok(None),
        text => Date::parse(text).map(Some).ok_or_else(|| {
            Failure::Invalid(format!(
                "{label}: '{text}' không phải ngày dd/mm/yyyy / is not a dd/mm/yyyy date"
            ))
        }),
    }
}

fn window(form: &BTreeMap<String, String>) -> Result<Option<Window>, Failure> {
    let start = date_field(form, "bat_dau", "ngày bắt đầu / start")?;
    let deadline = date_field(form, "han", "hạn / deadline")?;
    Ok(start
        .zip(deadline)
        .map(|(start, deadline)| Window { start, deadline }))
}

fn actor(caller: &super::auth::Caller, peer: SocketAddr) -> Actor {
    super::api::actor(caller, peer)
}

/// `POST /ky/mo`: opens a round from the form on the home page.
pub(crate) async fn open(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    multipart: Multipart,
) -> PageResult {
    caller.allow(Action::ManageRound, Target::Installation)?;
    let form = read_form(multipart).await?;
    let year: i64 = form
        .text
        .get("nam")
        .and_then(|y| y.parse().ok())
        .filter(|y| (1000..=9999).contains(y))
        .ok_or_else(|| {
            Failure::Invalid(
                "năm đánh giá phải có bốn chữ số / the year must have four digits".into(),
            )
        })?;
    let window = window(&form.text)?;
    let (units_name, units_bytes) = form.files.get("don_vi").cloned().ok_or_else(|| {
        Failure::Invalid("chưa chọn danh sách đơn vị / no unit list chosen".into())
    })?;
    let overlay = form.files.get("dieu_chinh").cloned();
    let actor = actor(&caller, peer);
    let issued = blocking(&state, move |state| {
        let kept = KeptUpload::write(state, &units_name, &units_bytes)?;
        let units = read_units_file(kept.path()).map_err(|e| kept.explain(e.into()))?;
        let overlay_path = overlay
            .map(|(_, bytes)| keep_overlay(state, &bytes))
            .transpose()?;
        let mut store = state.store();
        open_round(
            &mut store,
            &actor,
            year,
            &state.rules_root,
            overlay_path.as_deref(),
            window,
        )?;
        store.add_units(&actor, year, &units)?;
        let round_units = store.units(year)?;
        Ok::<_, Failure>(unit_accounts(&mut store, &actor, &round_units)?)
    })
    .await?;
    let lines: Vec<String> = issued.iter().map(|a| a.line()).collect();
    let context = serde_json::json!({
        "account": views::account(&caller), "csrf": caller.session.csrf, "year": year, "lines": lines,
    });
    templates::page("opened.html", &context, axum::http::StatusCode::OK)
}

/// `POST /ky/{year}/thoi-han`: sets the self-assessment window (and opens the round).
pub(crate) async fn set_window(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
    axum::Form(form): axum::Form<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow(
        Action::ManageRound,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    let window = window(&form)?.ok_or_else(|| {
        Failure::Invalid(
            "cần cả ngày bắt đầu và hạn / both the start and the deadline are needed".into(),
        )
    })?;
    let actor = actor(&caller, peer);
    blocking(&state, move |state| {
        state.store().set_round_window(
            &actor,
            year,
            RoundState::Open,
            Some(window.start),
            Some(window.deadline),
        )?;
        Ok::<_, Failure>(())
    })
    .await?;
    Ok(Redirect::to(&format!("/ky/{year}")).into_response())
}

/// `POST /ky/{year}/nhap-minh-chung`: evidence for many units, all or nothing.
pub(crate) async fn import(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(year): Path<i64>,
    multipart: Multipart,
) -> PageResult {
    caller.allow(
        Action::ManageRound,
        Target::Round {
            year: year32(year)?,
        },
    )?;
    let form = read_form(multipart).await?;
    let (name, bytes) = form
        .files
        .get("tep")
        .cloned()
        .ok_or_else(|| Failure::Invalid("chưa chọn tệp / no file chosen".into()))?;
    let actor = actor(&caller, peer);
    blocking(&state, move |state| {
        let kept = KeptUpload::write(state, &name, &bytes)?;
        import_evidence_file(&mut state.store(), &actor, year, kept.path())
            .map_err(|e| kept.explain(e.into()))?;
        Ok::<_, Failure>(())
    })
    .await?;
    Ok(Redirect::to(&format!("/ky/{year}")).into_response())
}
