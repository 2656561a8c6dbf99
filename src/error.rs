//! Errors that stop a run (exit code 2). Problems with single units or cells are
//! not errors here: they become `error` statuses in the scores, and every other
//! unit is still scored.

use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

/// A failure that makes the inputs unusable.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rule files do not load; each diagnostic points at its file and line.
    #[error("{}", render_diagnostics(.0))]
    Rules(Vec<Diagnostic>),

    /// A file or directory cannot be read or written.
    #[error("không đọc/ghi được / cannot access {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },

    /// The evidence file as a whole is unusable (encoding, header, required columns).
    #[error("{}: {message}", path.display())]
    Evidence {
        /// The evidence file.
        path: PathBuf,
        /// What is wrong, in Vietnamese and English.
        message: String,
    },

    /// Cells refused when importing evidence: nothing was imported. Each problem
    /// names its file, row and column as `cchc score` does.
    #[error(
        "{}: {} ô không hợp lệ, không nhập gì / {} invalid cell(s), nothing was imported:\n{}",
        path.display(), problems.len(), problems.len(), problems.join("\n")
    )]
    Cells {
        /// The evidence file.
        path: PathBuf,
        /// Every problem, one per cell.
        problems: Vec<String>,
    },

    /// No ruleset, or more than one, governs the requested assessment year.
    #[error("{0}")]
    RulesetChoice(String),

    /// Arguments that do not fit together.
    #[error("{0}")]
    Usage(String),

    /// The server's database refused or failed an operation (`store`).
    #[error("{}: {message}", path.display())]
    Store {
        /// The database file.
        path: PathBuf,
        /// Which kind of refusal or failure (the server maps it to a status).
        kind: StoreErrorKind,
        /// What failed, in Vietnamese and English.
        message: String,
    },
}

/// What kind of [`Error::Store`] happened: the server answers each differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreErrorKind {
    /// A value the store refuses (too long, empty, taken): the caller's input.
    Invalid,
    /// The round, unit or account does not exist.
    NotFound,
    /// The self-assessment is locked: submitted, round not open, or past its deadline.
    Locked,
    /// The database itself failed (I/O, corruption, an unexpected schema).
    Failure,
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl Error {
    /// Wraps an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
