//! Documents attached to a unit's fields: uploads checked by their content
//! (PDF, PNG, JPEG, DOCX, XLSX), bounded in size, stored by SHA-256; served
//! back only as attachments, only to accounts that may read the unit.

use super::api::actor;
use super::auth::PageCaller;
use super::clock;
use super::error::{Failure, PageFailure};
use super::exports::attachment;
use super::pages::unit_path;
use super::state::{AppState, blocking};
use crate::accounts::Action;
use crate::store::limits::MAX_DOCUMENT_BYTES;
use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

/// The media type of an accepted document, judged by its bytes (never by its
/// name or the browser's claim), or `None` when it is not one of the kinds a
/// unit may attach.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // Office documents are ZIP archives; the central directory says which.
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let has = |name: &str| archive.file_names().any(|n| n.is_ok_and(|n| n == name));
        if !has("[Content_Types].xml") {
            return None;
        }
        if has("word/document.xml") {
            return Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        }
        if has("xl/workbook.xml") {
            return Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        }
    }
    None
}

/// Reads the one file of a multipart upload (field `tep`), bounded.
pub(crate) async fn read_upload(mut multipart: Multipart) -> Result<(String, Vec<u8>), Failure> {
    let too_large = || {
        Failure::TooLarge(format!(
            "tệp lớn hơn {} MB / the file is larger than {} MB",
            MAX_DOCUMENT_BYTES / 1_048_576,
            MAX_DOCUMENT_BYTES / 1_048_576
        ))
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|_| too_large())? {
        if field.name() != Some("tep") {
            continue;
        }
        let name = field.file_name().unwrap_or("tai-lieu").to_string();
        let mut bytes = Vec::new();
        let mut over = false;
        while let Some(chunk) = field.chunk().await.map_err(|_| too_large())? {
            // Past the limit the rest is read and dropped (up to the route's body
            // limit), so the browser finishes sending and gets the 413 page.
            over |= bytes.len().saturating_add(chunk.len()) > MAX_DOCUMENT_BYTES;
            if !over {
                bytes.extend_from_slice(&chunk);
            }
        }
        if over {
            return Err(too_large());
        }
        if bytes.is_empty() {
            break;
        }
        return Ok((name, bytes));
    }
    Err(Failure::Invalid(
        "chưa chọn tệp / no file chosen".to_string(),
    ))
}

/// `POST /ky/{year}/don-vi/{unit}/tai-lieu?truong=FIELD`: attach a document.
pub(crate) async fn upload(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    Query(query): Query<BTreeMap<String, String>>,
    multipart: Multipart,
) -> PageResult {
    caller.allow_unit(Action::WriteEvidence, year, &unit)?;
    let field = query.get("truong").cloned().unwrap_or_default();
    let (name, bytes) = read_upload(multipart).await?;
    let media_type = sniff(&bytes).ok_or_else(|| {
        Failure::Invalid(format!(
            "{name}: chỉ nhận PDF, ảnh PNG/JPEG, DOCX hoặc XLSX (xét theo nội dung tệp) / only PDF, PNG/JPEG images, DOCX or XLSX are accepted (judged by the content)"
        ))
    })?;
    let actor = actor(&caller, peer);
    let id = unit.clone();
    blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        if !rules.ruleset.fields.iter().any(|f| f.id == field) {
            return Err(Failure::Invalid(format!(
                "không có trường {field} / no field {field}"
            )));
        }
        let document = store.put_document(&name, media_type, &bytes)?;
        store.link_document(&actor, (year, &id, &field), &document.sha256, today)?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&unit_path(year, &unit)).into_response())
}

/// `GET /ky/{year}/don-vi/{unit}/tai-lieu/{sha256}`: a document of that unit,
/// as an attachment.
pub(crate) async fn download(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path((year, unit, sha256)): Path<(i64, String, String)>,
) -> PageResult {
    caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    let (document, bytes) = blocking(&state, move |state| {
        let store = state.store();
        let link = store
            .document_links(year, &unit)?
            .into_iter()
            .find(|l| l.document.sha256 == sha256)
            .ok_or_else(|| Failure::NotFound("không có tài liệu này / no such document".into()))?;
        let bytes = store.document_bytes(&link.document.sha256)?;
        Ok::<_, Failure>((link.document, bytes))
    })
    .await?;
    Ok(attachment(
        bytes,
        &document.media_type,
        &document.original_name,
    ))
}
