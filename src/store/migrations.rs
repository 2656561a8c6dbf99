//! The schema, versioned by `PRAGMA user_version` and migrated on open.
//!
//! Migrations are only ever appended: migration `N` (1-based) turns a version
//! `N-1` database into version `N`. Before it runs on a database that holds a
//! schema, a consistent copy is kept as `<db>.before-v<N>`.

use super::store_error;
use crate::error::Error;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The first schema: rounds with their rule bytes, units, accounts, evidence,
/// submissions, documents and the append-only audit log. Dates are ISO
/// `yyyy-mm-dd` text; instants are milliseconds since the Unix epoch.
const V1: &str = r#"
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    ruleset_id TEXT NOT NULL,
    ruleset_dir TEXT NOT NULL,
    ruleset_fingerprint TEXT NOT NULL,
    overlay_id TEXT,
    overlay_fingerprint TEXT,
    state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed')),
    self_assessment_start TEXT,
    self_assessment_deadline TEXT,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE round_files (
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    kind TEXT NOT NULL CHECK (kind IN ('ruleset', 'overlay')),
    -- Ruleset files: the path within the ruleset; the overlay: its path as given.
    path TEXT NOT NULL,
    bytes BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (round_id, kind, path)
) STRICT;

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    ma_don_vi TEXT NOT NULL,
    ten_don_vi TEXT NOT NULL,
    cap TEXT NOT NULL CHECK (cap IN ('so', 'huyen', 'xa')),
    UNIQUE (round_id, ma_don_vi)
) STRICT;

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'appraiser', 'unit')),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

-- Accounts are disabled, never deleted.
CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts
BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END;

-- A unit account serves a unit id in every round that unit is in.
CREATE TABLE account_units (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    ma_don_vi TEXT NOT NULL,
    PRIMARY KEY (account_id, ma_don_vi)
) STRICT;

CREATE TABLE evidence_cells (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    cell TEXT NOT NULL,
    updated_by INTEGER REFERENCES accounts(id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, field)
) STRICT;

CREATE TABLE submissions (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id),
    submitted_by INTEGER REFERENCES accounts(id),
    submitted_at INTEGER NOT NULL
) STRICT;

CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    original_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE document_links (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    linked_by INTEGER REFERENCES accounts(id),
    linked_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, field, sha256)
) STRICT;

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    address TEXT NOT NULL,
    round_year INTEGER,
    ma_don_vi TEXT,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    action TEXT NOT NULL
) STRICT;

CREATE INDEX audit_by_unit ON audit (round_year, ma_don_vi);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Server-side sessions (`cchc serve`): only the SHA-256 of a session token is
/// kept, so a copy of the database gives no live session. Never edit V1: a
/// database written by it is migrated by this.
const V2: &str = r#"
CREATE TABLE sessions (
    key BLOB PRIMARY KEY CHECK (length(key) = 32),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    csrf TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account_id);
"#;

/// Successor units (đơn vị kế thừa): the 2025 reorganisation merged communes
/// and ended the district level; a unit's history includes the rounds of the
/// units it succeeds.
const V3: &str = r#"
CREATE TABLE successors (
    predecessor TEXT NOT NULL,
    successor TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (predecessor, successor),
    CHECK (predecessor <> successor)
) STRICT;
CREATE INDEX successors_by_successor ON successors (successor);
"#;

/// Appraisal (thẩm định, part 2): the appraiser's corrections of a unit's
/// evidence, each with its reason (the unit's own cells are never changed);
/// the groups of criteria each appraiser is assigned; explanation requests;
/// and the reason of an audited action.
const V4: &str = r#"
ALTER TABLE audit ADD COLUMN reason TEXT;
CREATE TABLE appraisal_cells (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    -- '' when the appraiser finds the cell should be blank.
    cell TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    updated_by INTEGER REFERENCES accounts(id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, field)
) STRICT;
CREATE TABLE appraiser_groups (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    -- A criterion group (the part of a criterion id before its first dot), or '*'.
    grp TEXT NOT NULL,
    PRIMARY KEY (account_id, grp)
) STRICT;
CREATE TABLE explanation_requests (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    criterion TEXT NOT NULL,
    note TEXT NOT NULL,
    requested_by INTEGER REFERENCES accounts(id),
    requested_at INTEGER NOT NULL
) STRICT;
"#;

/// The appraisal's course after round 1 (#16): the explanation window and the
/// confirmation of a round; the unit's answers and their documents; which
/// appraisal round a correction was made in; published revisions (frozen:
/// triggers refuse changes); appeals with their documents and decisions.
const V5: &str = r#"
CREATE TABLE round_appraisal (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id),
    explanation_start TEXT,
    explanation_deadline TEXT,
    confirmed_by INTEGER REFERENCES accounts(id),
    confirmed_at INTEGER,
    appeal_deadline TEXT,
    CHECK (explanation_start IS NULL OR explanation_start <= explanation_deadline)
) STRICT;
-- An appraiser's confirmation that a criterion's evidence holds as it stands
-- (xác nhận minh chứng), the latest per unit and criterion.
CREATE TABLE appraisal_reviews (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    criterion TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('round1', 'round2')),
    reviewed_by INTEGER REFERENCES accounts(id),
    reviewed_at INTEGER NOT NULL,
    PRIMARY KEY (unit_id, criterion)
) STRICT;
-- 'round1', 'round2' or 'appeal': when the cell was last corrected.
ALTER TABLE appraisal_cells ADD COLUMN stage TEXT NOT NULL DEFAULT 'round1'
    CHECK (stage IN ('round1', 'round2', 'appeal'));
CREATE TABLE explanations (
    request_id INTEGER PRIMARY KEY REFERENCES explanation_requests(id),
    text TEXT NOT NULL,
    answered_by INTEGER REFERENCES accounts(id),
    answered_at INTEGER NOT NULL
) STRICT;
CREATE TABLE explanation_documents (
    request_id INTEGER NOT NULL REFERENCES explanation_requests(id),
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    linked_by INTEGER REFERENCES accounts(id),
    linked_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, sha256)
) STRICT;
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    number INTEGER NOT NULL CHECK (number >= 1),
    -- The appeal whose decision made it; NULL for the publication.
    appeal_id INTEGER,
    ruleset_fingerprint TEXT NOT NULL,
    evidence_fingerprint TEXT NOT NULL,
    created_by INTEGER REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    UNIQUE (round_id, number)
) STRICT;
-- A file's bytes deflated (revisions are mostly HTML and CSV: a tenth of the
-- size); `size` and `sha256` are those of the file itself.
CREATE TABLE revision_files (
    revision_id INTEGER NOT NULL REFERENCES revisions(id),
    name TEXT NOT NULL,
    deflated BLOB NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL,
    PRIMARY KEY (revision_id, name)
) STRICT;
CREATE TRIGGER revisions_frozen BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'a published revision is read-only'); END;
CREATE TRIGGER revisions_kept BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'a published revision is read-only'); END;
CREATE TRIGGER revision_files_frozen BEFORE UPDATE ON revision_files
BEGIN SELECT RAISE(ABORT, 'a published revision is read-only'); END;
CREATE TRIGGER revision_files_kept BEFORE DELETE ON revision_files
BEGIN SELECT RAISE(ABORT, 'a published revision is read-only'); END;
CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    criterion TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    filed_by INTEGER REFERENCES accounts(id),
    filed_at INTEGER NOT NULL,
    decision TEXT CHECK (decision IN ('accepted', 'rejected')),
    decision_reason TEXT,
    decided_by INTEGER REFERENCES accounts(id),
    decided_at INTEGER,
    revision_id INTEGER REFERENCES revisions(id)
) STRICT;
CREATE TABLE appeal_documents (
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    PRIMARY KEY (appeal_id, sha256)
) STRICT;
"#;

/// Every migration, in order; the schema version is their count.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database at `path` up to [`SCHEMA_VERSION`], one transaction per
/// migration, each preceded by a backup when the file already holds a schema.
pub(super) fn apply(conn: &mut Connection, path: &Path) -> Result<(), Error> {
    apply_list(conn, path, MIGRATIONS)
}

/// [`apply`] with an explicit list (tests add a migration to exercise the backup).
pub(super) fn apply_list(
    conn: &mut Connection,
    path: &Path,
    migrations: &[&str],
) -> Result<(), Error> {
    let latest = migrations.len() as i64;
    let sql = |e: rusqlite::Error| {
        store_error(
            path,
            format!("không nâng cấp được lược đồ: {e}"),
            format!("cannot migrate the schema: {e}"),
        )
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(sql)?;
    if version == 0 && tables > 0 {
        return Err(store_error(
            path,
            "tệp này là cơ sở dữ liệu SQLite khác, không phải của cchc",
            "this is another SQLite database, not a cchc one",
        ));
    }
    if version > latest {
        return Err(store_error(
            path,
            format!(
                "lược đồ phiên bản {version} mới hơn bản cchc này ({latest}): hãy dùng cchc mới hơn"
            ),
            format!(
                "schema version {version} is newer than this cchc ({latest}): use a newer cchc"
            ),
        ));
    }
    for (done, migration) in migrations.iter().enumerate().skip(version as usize) {
        let next = done as i64 + 1;
        // A file that held a schema when opened is copied first; a new one has
        // nothing to keep.
        if version > 0 {
            backup(conn, path, next)?;
        }
        let tx = conn.transaction().map_err(sql)?;
        tx.execute_batch(migration).map_err(sql)?;
        tx.pragma_update(None, "user_version", next).map_err(sql)?;
        tx.commit().map_err(sql)?;
    }
    Ok(())
}

/// `<db>.before-v<N>`.
pub(super) fn backup_path(path: &Path, next: i64) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".before-v{next}"));
    PathBuf::from(name)
}

/// Writes a consistent copy of the database before migration `next` (see
/// [`vacuum_into`]).
pub(super) fn backup(conn: &Connection, path: &Path, next: i64) -> Result<(), Error> {
    vacuum_into(conn, path, &backup_path(path, next))
}

/// Writes a consistent copy of the database (WAL content included, which a
/// file copy would miss) with `VACUUM INTO` to a temporary name, syncs it, then
/// renames it into place: the copy either exists whole or not at all. It reads
/// in one transaction, so writers may go on meanwhile.
pub(super) fn vacuum_into(conn: &Connection, path: &Path, target: &Path) -> Result<(), Error> {
    let mut temp = target.to_path_buf().into_os_string();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    let _ = std::fs::remove_file(&temp);
    let temp_text = temp.to_str().ok_or_else(|| {
        store_error(
            path,
            "đường dẫn bản sao không phải UTF-8",
            "the copy's path is not UTF-8",
        )
    })?;
    conn.execute("VACUUM INTO ?1", [temp_text]).map_err(|e| {
        store_error(
            path,
            format!("không sao lưu được: {e}"),
            format!("cannot back up: {e}"),
        )
    })?;
    std::fs::File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, target).map_err(|e| Error::io(target, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_version_1_database_is_migrated_after_a_backup_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        // A database as the first schema wrote it, with an account in it.
        let mut conn = crate::store::connection::open(&db).unwrap();
        apply_list(&mut conn, &db, &[V1]).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (login, password_hash, role, created_at) VALUES ('admin', 'h', 'admin', 0)",
        )
        .unwrap();
        drop(conn);

        let store = Store::open(&db).unwrap();
        assert_eq!(count(&store.conn, "PRAGMA user_version"), SCHEMA_VERSION);
        assert_eq!(count(&store.conn, "SELECT count(*) FROM sessions"), 0);
        assert_eq!(store.account_count().unwrap(), 1);

        // The backup is the version-1 database, with its data and without sessions.
        let backup = backup_path(&db, 2);
        assert!(backup.exists());
        assert!(!backup.with_extension("before-v2.tmp").exists());
        let old = Connection::open(&backup).unwrap();
        let sessions = "SELECT count(*) FROM sqlite_master WHERE name = 'sessions'";
        assert_eq!(
            (
                count(&old, "PRAGMA user_version"),
                count(&old, "SELECT count(*) FROM accounts"),
                count(&old, sessions)
            ),
            (1, 1, 0)
        );
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("m.db");
        drop(Store::open(&db).unwrap());
        let mut conn = crate::store::connection::open(&db).unwrap();
        let mut next = MIGRATIONS.to_vec();
        next.push("CREATE TABLE a_future_table (id INTEGER PRIMARY KEY) STRICT;");
        apply_list(&mut conn, &db, &next).unwrap();
        drop(conn);
        let err = Store::open(&db).unwrap_err().to_string();
        assert!(err.contains("newer than this cchc"), "{err}");
    }

    #[test]
    fn a_fresh_database_gets_no_backup_and_a_foreign_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fresh.db");
        Store::open(&db).unwrap();
        assert!(!backup_path(&db, 1).exists());

        let foreign = dir.path().join("other.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let err = Store::open(&foreign).unwrap_err().to_string();
        assert!(err.contains("not a cchc one"), "{err}");
    }
}
