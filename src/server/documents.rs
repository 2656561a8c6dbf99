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
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// A multipart form: its text fields, and its files (field → name, bytes).
pub(crate) struct Upload {
    pub(crate) text: BTreeMap<String, String>,
    pub(crate) files: BTreeMap<String, (String, Vec<u8>)>,
}

/// Reads a whole multipart form, each part bounded like a document. Past the
/// bound the rest is read and dropped (up to the route's body limit), so the
/// browser finishes sending and gets the 413 page.
pub(crate) async fn read_form(mut multipart: Multipart) -> Result<Upload, Failure> {
    let too_large = || {
        Failure::TooLarge(format!(
            "tệp lớn hơn {} MB / the file is larger than {} MB",
            MAX_DOCUMENT_BYTES / 1_048_576,
            MAX_DOCUMENT_BYTES / 1_048_576
        ))
    };
    let mut upload = Upload {
        text: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    let mut over = false;
    while let Some(mut field) = multipart.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| too_large())? {
            over |= bytes.len().saturating_add(chunk.len()) > MAX_DOCUMENT_BYTES;
            if !over {
                bytes.extend_from_slice(&chunk);
            }
        }
        match file_name {
            Some(file) if !bytes.is_empty() => {
                upload.files.insert(name, (file, bytes));
            }
            Some(_) => {}
            None => {
                let text = String::from_utf8_lossy(&bytes).trim().to_string();
                upload.text.insert(name, text);
            }
        }
    }
    if over {
        return Err(too_large());
    }
    Ok(upload)
}

/// An uploaded file written where the library's readers can open it, under
/// its own name (`<exports>/uploads/<n>/<name>`), so the messages they give
/// name the file as the user knows it; removed when dropped.
pub(crate) struct KeptUpload {
    dir: PathBuf,
    path: PathBuf,
}

impl KeptUpload {
    /// Writes `bytes` as `name` (its last component, made safe; `.xlsx` or
    /// `.csv` as its content says when the name has neither).
    pub(crate) fn write(state: &AppState, name: &str, bytes: &[u8]) -> Result<KeptUpload, Failure> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = state
            .exports_dir
            .join("uploads")
            .join(format!("{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| crate::Error::io(&dir, e))?;
        let path = dir.join(safe_name(name, bytes));
        crate::output::write_atomic(&path, bytes)?;
        Ok(KeptUpload { dir, path })
    }

    pub(crate) fn path(&self) -> &FsPath {
        &self.path
    }

    /// `failure`, its message naming the file without the directory it was kept in.
    pub(crate) fn explain(&self, failure: Failure) -> Failure {
        let prefix = format!("{}{}", self.dir.display(), std::path::MAIN_SEPARATOR);
        match failure {
            Failure::Invalid(message) => Failure::Invalid(message.replace(&prefix, "")),
            other => other,
        }
    }
}

impl Drop for KeptUpload {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A file name safe to write: the last component of `name`, without
/// separators or controls, with the extension its content calls for.
fn safe_name(name: &str, bytes: &[u8]) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut safe: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .take(100)
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_string();
    if safe.is_empty() {
        safe = "tep".to_string();
    }
    let lower = safe.to_lowercase();
    let workbook = bytes.starts_with(b"PK\x03\x04");
    if workbook && !lower.ends_with(".xlsx") {
        safe.push_str(".xlsx");
    } else if !workbook && !lower.ends_with(".csv") {
        safe.push_str(".csv");
    }
    safe
}

/// The one file of a multipart upload (field `tep`).
pub(crate) async fn read_upload(multipart: Multipart) -> Result<(String, Vec<u8>), Failure> {
    read_form(multipart)
        .await?
        .files
        .remove("tep")
        .ok_or_else(|| Failure::Invalid("chưa chọn tệp / no file chosen".to_string()))
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

/// `GET /ky/{year}/don-vi/{unit}/tai-lieu/{sha256}`: a document of that unit
/// (its evidence, explanations or appeals), as an attachment.
pub(crate) async fn download(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Path((year, unit, sha256)): Path<(i64, String, String)>,
) -> PageResult {
    caller.allow_unit(Action::ReadEvidence, year, &unit)?;
    let (document, bytes) = blocking(&state, move |state| {
        let store = state.store();
        // A document of the unit's evidence, explanations or appeals.
        let linked = store
            .document_links(year, &unit)?
            .iter()
            .any(|l| l.document.sha256 == sha256)
            || store
                .explanation_requests(year, &unit)?
                .iter()
                .any(|r| r.documents.contains(&sha256))
            || store
                .appeals(year, Some(&unit))?
                .iter()
                .any(|a| a.documents.contains(&sha256));
        let missing = || Failure::NotFound("không có tài liệu này / no such document".into());
        if !linked {
            return Err(missing());
        }
        let document = store.document(&sha256)?.ok_or_else(missing)?;
        let bytes = store.document_bytes(&document.sha256)?;
        Ok::<_, Failure>((document, bytes))
    })
    .await?;
    Ok(attachment(
        bytes,
        &document.media_type,
        &document.original_name,
    ))
}
