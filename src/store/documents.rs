//! Documents: stored once by SHA-256 (the same file attached twice is one file),
//! with the original name, media type and size of its first upload, and linked
//! to a unit's field. The bytes live in `<db>.documents/<2 hex>/<sha256>`, written
//! to a temporary file, synced, then renamed: a document file is whole or absent.

use super::audit::{self, Action, Actor, Entry};
use super::evidence::{check_writable, target};
use super::limits::{MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_FIELD, MAX_ID_CHARS, MAX_NAME_CHARS};
use super::{Store, StoreCtx, check_len, now_ms};
use crate::error::Error;
use crate::fingerprint::sha256_hex;
use crate::model::Date;
use rusqlite::{OptionalExtension, params};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// SHA-256 of the bytes (hex): its identity.
    pub sha256: String,
    /// The file name of its first upload.
    pub original_name: String,
    /// Media type, as checked by the caller from the content.
    pub media_type: String,
    /// Size in bytes.
    pub size: i64,
}

/// A document attached to a unit's field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLink {
    /// The field.
    pub field: String,
    /// The document.
    pub document: Document,
}

/// `<db>.documents`.
pub(super) fn dir_beside(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".documents");
    PathBuf::from(name)
}

impl Store {
    /// Stores `bytes` (once per content) and returns the document; refused above
    /// [`MAX_DOCUMENT_BYTES`](super::limits::MAX_DOCUMENT_BYTES).
    pub fn put_document(
        &mut self,
        name: &str,
        media_type: &str,
        bytes: &[u8],
    ) -> Result<Document, Error> {
        let ctx = self.ctx();
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(ctx.fail(
                format!(
                    "tài liệu {name} lớn hơn {} MB",
                    MAX_DOCUMENT_BYTES / (1024 * 1024)
                ),
                format!(
                    "the document {name} is larger than {} MB",
                    MAX_DOCUMENT_BYTES / (1024 * 1024)
                ),
            ));
        }
        check_len(&ctx, name, MAX_NAME_CHARS, ("tên tệp", "the file name"))?;
        check_len(
            &ctx,
            media_type,
            MAX_NAME_CHARS,
            ("kiểu tệp", "the media type"),
        )?;
        let sha256 = sha256_hex(bytes);
        // The file first, then its row: a row never names a missing file (a crash
        // between the two leaves an unreferenced file, rewritten identically later).
        write_atomically(&self.file_of(&sha256), bytes)?;
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        self.write(|tx, ctx| {
            tx.execute(
                "INSERT INTO documents (sha256, original_name, media_type, size, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING",
                params![sha256, name, media_type, size, now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            Ok(())
        })?;
        self.document(&sha256)?.ok_or_else(|| {
            self.ctx().fail(
                "tài liệu vừa lưu không thấy",
                "the stored document is missing",
            )
        })
    }

    /// The document with this SHA-256, if stored.
    pub fn document(&self, sha256: &str) -> Result<Option<Document>, Error> {
        self.conn
            .query_row(
                "SELECT sha256, original_name, media_type, size FROM documents WHERE sha256 = ?1",
                [sha256],
                row_to_document,
            )
            .optional()
            .map_err(|e| self.ctx().sql(e))
    }

    /// A stored document's bytes, checked against its SHA-256.
    pub fn document_bytes(&self, sha256: &str) -> Result<Vec<u8>, Error> {
        let path = self.file_of(sha256);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        if sha256_hex(&bytes) != sha256 {
            return Err(self.ctx().fail(
                format!("tệp {} đã bị sửa", path.display()),
                format!("the file {} has been altered", path.display()),
            ));
        }
        Ok(bytes)
    }

    /// Attaches a stored document to a unit's field (self-assessment: same window
    /// rules as [`Store::set_cells`]).
    pub fn link_document(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, field): (i64, &str, &str),
        sha256: &str,
        today: Date,
    ) -> Result<(), Error> {
        check_len(
            &self.ctx(),
            field,
            MAX_ID_CHARS,
            ("mã trường", "the field id"),
        )?;
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            check_writable(ctx, &t, year, ma_don_vi, today)?;
            let count: i64 = tx
                .query_row(
                    "SELECT count(*) FROM document_links WHERE unit_id = ?1 AND field = ?2",
                    params![t.unit_id, field],
                    |r| r.get(0),
                )
                .map_err(|e| ctx.sql(e))?;
            if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_DOCUMENTS_PER_FIELD {
                return Err(ctx.fail(
                    format!("tối đa {MAX_DOCUMENTS_PER_FIELD} tài liệu mỗi trường"),
                    format!("at most {MAX_DOCUMENTS_PER_FIELD} documents per field"),
                ));
            }
            tx.execute(
                "INSERT INTO document_links (unit_id, field, sha256, linked_by, linked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                params![
                    t.unit_id,
                    field,
                    sha256,
                    actor.account.map(|a| a.0),
                    now_ms()
                ],
            )
            .map_err(|e| link_error(ctx, sha256, e))?;
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                field: Some(field),
                new_value: Some(sha256),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::DocumentLinked, entry)
        })
    }

    /// Detaches a document from a unit's field (the stored bytes stay).
    pub fn unlink_document(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, field): (i64, &str, &str),
        sha256: &str,
        today: Date,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            check_writable(ctx, &t, year, ma_don_vi, today)?;
            tx.execute(
                "DELETE FROM document_links WHERE unit_id = ?1 AND field = ?2 AND sha256 = ?3",
                params![t.unit_id, field, sha256],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                field: Some(field),
                old_value: Some(sha256),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::DocumentUnlinked, entry)
        })
    }

    /// The documents attached to a unit's fields, by field then name.
    pub fn document_links(&self, year: i64, ma_don_vi: &str) -> Result<Vec<DocumentLink>, Error> {
        let unit = self.unit(year, ma_don_vi)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.sha256, d.original_name, d.media_type, d.size, l.field
                 FROM document_links l JOIN documents d ON d.sha256 = l.sha256
                 WHERE l.unit_id = ?1 ORDER BY l.field, d.original_name",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([unit.id], |r| {
                Ok(DocumentLink {
                    document: row_to_document(r)?,
                    field: r.get(4)?,
                })
            })
            .map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| ctx.sql(e))
    }

    pub(super) fn file_of(&self, sha256: &str) -> PathBuf {
        let prefix: String = sha256.chars().take(2).collect();
        self.documents_dir.join(prefix).join(sha256)
    }
}

fn row_to_document(r: &rusqlite::Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        sha256: r.get(0)?,
        original_name: r.get(1)?,
        media_type: r.get(2)?,
        size: r.get(3)?,
    })
}

fn link_error(ctx: &StoreCtx<'_>, sha256: &str, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            ctx.fail(
                format!("chưa lưu tài liệu {sha256}"),
                format!("no stored document {sha256}"),
            )
        }
        other => ctx.sql(other),
    }
}

/// Writes `bytes` to `path` unless it exists (same name, same content), through
/// a synced temporary file renamed into place, then syncs the directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if path.exists() {
        return Ok(());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Unique per process and call: two connections storing the same bytes at once
    // each write their own temporary file; the second rename replaces identical bytes.
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".tmp-{}-{n}", std::process::id()));
    let temp = PathBuf::from(temp);
    let mut file = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(&temp, e))?;
    drop(file);
    std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))?;
    // The rename itself must reach the disk before the row that names the file.
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))?;
    Ok(())
}
