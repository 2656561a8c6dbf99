//! The Sở's actions in the browser: open a round (ruleset by year, the unit
//! list, the window; accounts shown once), set a round's window, and import
//! evidence collected offline. The same library calls as `cchc round …`.

use super::api::year32;
use super::auth::PageCaller;
use super::error::{Failure, PageFailure};
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Target};
use crate::model::Date;
use crate::round_setup::{
    Window, import_evidence_file, open_round, read_units_file, unit_accounts,
};
use crate::store::limits::MAX_DOCUMENT_BYTES;
use crate::store::{Actor, RoundState};
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

/// A multipart form: its text fields, and its files (field → name, bytes).
struct Upload {
    text: BTreeMap<String, String>,
    files: BTreeMap<String, (String, Vec<u8>)>,
}

/// Reads a whole multipart form, every file bounded like a document.
async fn read_form(mut multipart: Multipart) -> Result<Upload, Failure> {
    let too_large = || {
        Failure::TooLarge(format!(
            "tệp lớn hơn {} MB / a file is larger than {} MB",
            MAX_DOCUMENT_BYTES / 1_048_576,
            MAX_DOCUMENT_BYTES / 1_048_576
        ))
    };
    let mut upload = Upload {
        text: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|_| too_large())?;
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(too_large());
        }
        match file_name {
            Some(file) if !bytes.is_empty() => {
                upload.files.insert(name, (file, bytes.to_vec()));
            }
            Some(_) => {}
            None => {
                upload
                    .text
                    .insert(name, String::from_utf8_lossy(&bytes).trim().to_string());
            }
        }
    }
    Ok(upload)
}

/// Writes an uploaded file where the library can read it (named by its
/// content, beside the database); the caller removes it.
fn keep(state: &AppState, bytes: &[u8], extension: &str) -> Result<PathBuf, Failure> {
    let dir = state.exports_dir.join("uploads");
    std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
    let path = dir.join(format!(
        "{}.{extension}",
        crate::fingerprint::sha256_hex(bytes)
    ));
    crate::output::write_atomic(&path, bytes)?;
    Ok(path)
}

fn extension(name: &str) -> &'static str {
    if name.to_lowercase().ends_with(".xlsx") {
        "xlsx"
    } else {
        "csv"
    }
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
        let units_path = keep(state, &units_bytes, extension(&units_name))?;
        let units = read_units_file(&units_path);
        let _ = std::fs::remove_file(&units_path);
        let units = units?;
        // The overlay is kept: the round names it, and reports name it.
        let overlay_path = overlay
            .map(|(_, bytes)| keep(state, &bytes, "toml"))
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
    let html = templates::render("opened.html", minijinja::Value::from_serialize(&context))
        .map_err(|e| PageFailure(Failure::Internal(e)))?;
    Ok(Html(html).into_response())
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
        let path = keep(state, &bytes, extension(&name))?;
        let imported = import_evidence_file(&mut state.store(), &actor, year, &path);
        let _ = std::fs::remove_file(&path);
        imported?;
        Ok::<_, Failure>(())
    })
    .await?;
    Ok(Redirect::to(&format!("/ky/{year}")).into_response())
}
