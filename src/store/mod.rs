//! The server's storage: one SQLite file (bundled SQLite, nothing to install) and a
//! directory of content-addressed documents beside it (issue #15, item 2).
//!
//! All SQL of the crate lives here: callers pass typed values and get typed rows.
//! Every mutation is one transaction, and every change a person makes appends its
//! audit row in that same transaction, so the log never misses a committed write.
//! [`Store`] owns one connection; a server shares it behind a lock or opens one per
//! worker (WAL lets readers run beside the writer).

mod accounts;
mod appeals;
mod appraisal;
mod audit;
mod audit_query;
mod backup;
mod connection;
mod documents;
mod evidence;
mod explanations;
mod migrations;
mod reviews;
mod revisions;
mod rounds;
mod sessions;
mod stages;
mod successors;
mod units;

pub use accounts::NewAccount;
pub use appeals::{Appeal, AppealDecision, Decision, MAX_APPEALS_PER_UNIT};
pub use appraisal::Correction;
pub use audit::{Action, Actor, AuditRow, action_label};
pub use audit_query::{AuditFilter, MAX_AUDIT_ROWS};
pub use backup::BackupSummary;
pub use documents::{Document, DocumentLink};
pub use evidence::Submission;
pub use explanations::ExplanationRequest;
pub use migrations::SCHEMA_VERSION;
pub use reviews::Review;
pub use revisions::{NewRevision, RevisionInfo};
pub use rounds::{Round, RoundFile, RoundInfo, RoundState};
pub use stages::{AppraisalCalendar, AppraisalStage};
pub use units::{NewUnit, Unit};

use crate::error::{Error, StoreErrorKind};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};

/// Bounds on what one request can make the store hold.
pub mod limits {
    /// Longest evidence cell, in characters (a long note, never a document).
    pub const MAX_CELL_CHARS: usize = 4_000;
    /// Most cells one write may set.
    pub const MAX_CELLS_PER_WRITE: usize = 2_000;
    /// Largest document, in bytes.
    pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;
    /// Longest original document name or media type, in characters.
    pub const MAX_NAME_CHARS: usize = 255;
    /// Most documents linked to one field of one unit.
    pub const MAX_DOCUMENTS_PER_FIELD: usize = 50;
    /// Most units in one round (a province has a few hundred; generated tests 20 000).
    pub const MAX_UNITS_PER_ROUND: usize = 50_000;
    /// Longest login, unit id or unit name, in characters.
    pub const MAX_ID_CHARS: usize = 200;
    /// Largest ruleset or overlay file a round stores, in bytes.
    pub const MAX_RULE_FILE_BYTES: usize = 4 * 1024 * 1024;
}

/// The opened database and its documents directory.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    documents_dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, sets its pragmas and
    /// applies pending migrations, keeping a copy `<path>.before-v<N>` of a
    /// non-empty file before migration `N`. Documents live in `<path>.documents/`.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let mut conn = connection::open(path)?;
        migrations::apply(&mut conn, path)?;
        let documents_dir = documents::dir_beside(path);
        std::fs::create_dir_all(&documents_dir).map_err(|e| Error::io(&documents_dir, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            documents_dir,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The directory documents are stored in, by SHA-256.
    pub fn documents_dir(&self) -> &Path {
        &self.documents_dir
    }

    /// Runs `work` in one IMMEDIATE transaction (the write lock is taken up front,
    /// so two writers queue on the busy timeout instead of failing on upgrade);
    /// commits only if it returns `Ok`.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>, &StoreCtx<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let ctx = StoreCtx { path: &self.path };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| ctx.sql(e))?;
        let value = work(&tx, &ctx)?;
        tx.commit().map_err(|e| ctx.sql(e))?;
        Ok(value)
    }

    fn ctx(&self) -> StoreCtx<'_> {
        StoreCtx { path: &self.path }
    }
}

/// What error messages need: the database path.
struct StoreCtx<'a> {
    path: &'a Path,
}

impl StoreCtx<'_> {
    /// A refusal of the caller's input, in Vietnamese and English.
    fn fail(&self, vi: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
        store_error(self.path, vi, en)
    }

    /// Something named does not exist.
    fn not_found(&self, vi: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
        store_error_of(self.path, StoreErrorKind::NotFound, vi, en)
    }

    /// A write the self-assessment lock refuses.
    fn locked(&self, vi: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
        store_error_of(self.path, StoreErrorKind::Locked, vi, en)
    }

    /// An SQLite error.
    fn sql(&self, e: rusqlite::Error) -> Error {
        store_error_of(
            self.path,
            StoreErrorKind::Failure,
            format!("lỗi cơ sở dữ liệu: {e}"),
            format!("database error: {e}"),
        )
    }
}

fn store_error(path: &Path, vi: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    store_error_of(path, StoreErrorKind::Invalid, vi, en)
}

fn store_error_of(
    path: &Path,
    kind: StoreErrorKind,
    vi: impl std::fmt::Display,
    en: impl std::fmt::Display,
) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        kind,
        message: format!("{vi} / {en}"),
    }
}

/// Milliseconds since the Unix epoch: when rows were written.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Refuses `text` longer than `max` characters; `what` names it in both languages.
fn check_len(ctx: &StoreCtx<'_>, text: &str, max: usize, what: (&str, &str)) -> Result<(), Error> {
    let n = text.chars().count();
    if n > max {
        return Err(ctx.fail(
            format!("{} dài {n} ký tự, tối đa {max}", what.0),
            format!("{} is {n} characters long, at most {max}", what.1),
        ));
    }
    Ok(())
}
