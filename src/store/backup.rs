//! `cchc backup`: a consistent copy of a database that may be in use, with the
//! documents it refers to.

use super::{Store, migrations};
use crate::error::Error;
use std::path::Path;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// Documents copied into `<copy>.documents/`.
    pub documents: usize,
}

impl Store {
    /// Copies the database to `target` (one read transaction: the server may go
    /// on writing; the copy is the database at one instant) and then every
    /// document file into `<target>.documents/`. Documents are written before
    /// the rows that name them and never change, so each one the copy names is
    /// already there to copy. `target` must not exist.
    pub fn backup_to(&self, target: &Path) -> Result<BackupSummary, Error> {
        if target.exists() {
            return Err(self.ctx().fail(
                format!("{} đã có; bản sao không ghi đè tệp nào", target.display()),
                format!(
                    "{} exists; a backup never replaces a file",
                    target.display()
                ),
            ));
        }
        if same_file(target, self.path()) {
            return Err(self.ctx().fail(
                "bản sao trùng cơ sở dữ liệu",
                "the copy is the database itself",
            ));
        }
        migrations::vacuum_into(&self.conn, self.path(), target)?;
        // The documents the copy names, from the copy itself.
        let copy = Store::open(target)?;
        let names = copy.document_names()?;
        for sha256 in &names {
            let bytes = self.document_bytes(sha256)?;
            let file = copy.file_of(sha256);
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            crate::output::write_atomic(&file, &bytes)?;
        }
        Ok(BackupSummary {
            documents: names.len(),
        })
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl Store {
    /// The SHA-256 of every stored document.
    fn document_names(&self) -> Result<Vec<String>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT sha256 FROM documents ORDER BY sha256")
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<String>, _>>()
            .map_err(|e| ctx.sql(e))
    }
}
