//! Opening the database file with the pragmas every connection needs.

use super::store_error;
use crate::error::Error;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another writer's transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens `path` (creating it) in WAL mode with foreign keys enforced and
/// `synchronous=FULL`: a write acknowledged by a commit survives a kill -9 or a
/// power cut (NORMAL would risk the last commits on power loss).
pub(super) fn open(path: &Path) -> Result<Connection, Error> {
    let sql = |e: rusqlite::Error| {
        store_error(
            path,
            format!("không mở được cơ sở dữ liệu: {e}"),
            format!("cannot open the database: {e}"),
        )
    };
    let conn = Connection::open(path).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(sql)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(store_error(
            path,
            format!("không bật được chế độ WAL (được {mode})"),
            format!("cannot switch to WAL mode (got {mode})"),
        ));
    }
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        .map_err(sql)?;
    Ok(conn)
}
