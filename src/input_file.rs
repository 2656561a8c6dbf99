//! Opening the files a run reads: only regular files (links followed), each kind
//! with a size bound, so that a FIFO, a device (`/dev/zero`), a directory or a file
//! of hundreds of megabytes is a clear error instead of a hang or an exhausted memory.
//!
//! | input | bound |
//! |---|---|
//! | a rule file (`*.toml` of a ruleset) | [`MAX_RULE_FILE_BYTES`] |
//! | a ruleset directory | [`MAX_RULESET_FILES`] rule files, [`MAX_RULESET_BYTES`] in all, [`MAX_RULESET_ENTRIES`] entries walked |
//! | an overlay | [`MAX_OVERLAY_BYTES`] |
//! | a report given to `verify` | [`MAX_REPORT_BYTES`] |
//! | evidence and self-scores read whole | `evidence::delimited::MAX_EVIDENCE_BYTES` (their own message) |
//! | evidence streamed (`csv`, `wide`) | no file bound; a row is bounded instead |
//!
//! A refusal is an [`Error::Io`] whose source is an [`InputError`], so it reads
//! `cannot access <file>: <why>` like every other unreadable input.

use crate::error::Error;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// A rule file: the largest shipped one is 5 KB.
pub(crate) const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;
/// An overlay: the shipped ones are 3 KB.
pub(crate) const MAX_OVERLAY_BYTES: u64 = 1024 * 1024;
/// `.toml` files in one ruleset directory (the shipped ones have 8).
pub(crate) const MAX_RULESET_FILES: usize = 1000;
/// Entries of every kind walked in one ruleset directory, so that a directory of
/// millions of other files is refused rather than listed.
pub(crate) const MAX_RULESET_ENTRIES: usize = 10_000;
/// All rule files of one ruleset together (the shipped ones: 30 KB).
pub(crate) const MAX_RULESET_BYTES: u64 = 16 * 1024 * 1024;
/// A JSON report given to `verify`: about 4.5 KB per unit, so some 28,000 units,
/// several times a province (a few thousand units).
pub(crate) const MAX_REPORT_BYTES: u64 = 128 * 1024 * 1024;

/// What an input is, for its bound and its name in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A `.toml` file of a ruleset.
    RuleFile,
    /// A provincial overlay.
    Overlay,
    /// A JSON report given to `verify`.
    Report,
}

impl Kind {
    /// The size bound.
    pub(crate) fn limit(self) -> u64 {
        match self {
            Kind::RuleFile => MAX_RULE_FILE_BYTES,
            Kind::Overlay => MAX_OVERLAY_BYTES,
            Kind::Report => MAX_REPORT_BYTES,
        }
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Kind::RuleFile => ("tệp tiêu chí", "a rule file"),
            Kind::Overlay => ("tệp điều chỉnh", "an overlay"),
            Kind::Report => ("báo cáo", "a report"),
        }
    }
}

/// Why an input is refused before (or while) it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InputError {
    /// Not a regular file: a directory, a FIFO, a device or a socket.
    NotRegular(&'static str, &'static str),
    /// Larger than its bound. `size` is `None` when the file grew while read.
    TooLarge {
        /// The input's kind.
        kind: Kind,
        /// Its size in bytes, when known.
        size: Option<u64>,
        /// The bound in bytes.
        limit: u64,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotRegular(vi, en) => write!(
                f,
                "là {vi}, không phải tệp thông thường / {en}, not a regular file"
            ),
            InputError::TooLarge { kind, size, limit } => {
                let (vi, en) = kind.names();
                let (size_vi, size_en) = match size {
                    Some(size) => (format!("{size} byte"), format!("{size} bytes")),
                    None => (
                        format!("hơn {limit} byte"),
                        format!("more than {limit} bytes"),
                    ),
                };
                write!(
                    f,
                    "tệp quá lớn ({size_vi}; giới hạn cho {vi} là {}) / the file is too large ({size_en}; the limit for {en} is {})",
                    human(*limit),
                    human(*limit)
                )
            }
        }
    }
}

impl std::error::Error for InputError {}

/// `1 MB`, `128 MB`, or bytes below a megabyte.
fn human(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} byte")
    }
}

fn refuse(path: &Path, error: InputError) -> Error {
    Error::io(path, invalid(error))
}

fn invalid(error: InputError) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
}

/// What a non-regular file is, in Vietnamese and English.
pub(crate) fn describe(kind: std::fs::FileType) -> (&'static str, &'static str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return ("ống có tên (FIFO)", "a named pipe (FIFO)");
        }
        if kind.is_char_device() {
            return ("thiết bị ký tự", "a character device");
        }
        if kind.is_block_device() {
            return ("thiết bị khối", "a block device");
        }
        if kind.is_socket() {
            return ("socket", "a socket");
        }
    }
    if kind.is_dir() {
        ("thư mục", "a directory")
    } else {
        ("tệp đặc biệt", "a special file")
    }
}

/// Opens `path` (links followed) if it is a regular file within `kind`'s bound;
/// returns the file and its size.
pub(crate) fn open(path: &Path, kind: Kind) -> Result<(File, u64), Error> {
    let file = open_regular(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let limit = kind.limit();
    if size > limit {
        return Err(refuse(
            path,
            InputError::TooLarge {
                kind,
                size: Some(size),
                limit,
            },
        ));
    }
    Ok((file, size))
}

/// Opens `path` (links followed) if it is a regular file, whatever its size. The
/// type is checked before opening, since opening a FIFO blocks until someone
/// writes to it, and again on the open file, in case the path was swapped.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    regular(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    regular(&file.metadata()?)?;
    Ok(file)
}

fn regular(meta: &std::fs::Metadata) -> std::io::Result<()> {
    if meta.is_file() {
        Ok(())
    } else {
        let (vi, en) = describe(meta.file_type());
        Err(invalid(InputError::NotRegular(vi, en)))
    }
}

/// Reads a whole regular file within `kind`'s bound (never more than the bound
/// plus one byte, even if the file grows while it is read).
pub(crate) fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, Error> {
    let (file, size) = open(path, kind)?;
    let limit = kind.limit();
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(refuse(
            path,
            InputError::TooLarge {
                kind,
                size: None,
                limit,
            },
        ));
    }
    Ok(bytes)
}

/// The entries of a rules directory (a root of rulesets, or of overlays), at
/// most [`MAX_RULESET_ENTRIES`]: a directory of millions of files is the wrong one.
pub(crate) fn list_dir(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        paths.push(entry.map_err(|e| Error::io(dir, e))?.path());
        if paths.len() > MAX_RULESET_ENTRIES {
            let shown = dir.display();
            return Err(Error::RulesetChoice(format!(
                "{shown} có hơn {MAX_RULESET_ENTRIES} mục: đây không phải thư mục quy tắc / {shown} holds more than {MAX_RULESET_ENTRIES} entries: this is not a rules directory"
            )));
        }
    }
    Ok(paths)
}

/// Refuses a ruleset whose rule files together pass [`MAX_RULESET_BYTES`]
/// (`total` is what was read so far).
pub(crate) fn check_ruleset_total(dir: &Path, total: u64) -> Result<(), Error> {
    if total > MAX_RULESET_BYTES {
        let (shown, limit) = (dir.display(), human(MAX_RULESET_BYTES));
        return Err(Error::RulesetChoice(format!(
            "{shown}: các tệp tiêu chí cộng lại hơn {limit}: đây không phải một bộ tiêu chí / the rule files of {shown} add up to more than {limit}: this is not a ruleset"
        )));
    }
    Ok(())
}

/// [`read`], as UTF-8 text (an I/O error of kind `InvalidData` otherwise, as
/// `std::fs::read_to_string` gives).
pub(crate) fn read_text(path: &Path, kind: Kind) -> Result<String, Error> {
    String::from_utf8(read(path, kind)?).map_err(|_| {
        Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "tệp không phải UTF-8 / stream did not contain valid UTF-8",
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_its_bound_is_refused_by_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("big.toml");
        let file = File::create(&path).expect("create");
        file.set_len(MAX_RULE_FILE_BYTES + 1).expect("set_len");
        let err = read(&path, Kind::RuleFile).expect_err("too large");
        assert!(
            err.to_string().contains(
                "the file is too large (1048577 bytes; the limit for a rule file is 1 MB)"
            ),
            "{err}"
        );
        std::fs::write(&path, "x").expect("write");
        assert_eq!(read(&path, Kind::RuleFile).expect("small"), b"x");
    }

    #[test]
    fn a_directory_is_not_a_regular_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = read(dir.path(), Kind::Overlay).expect_err("directory");
        assert!(
            err.to_string().ends_with(
                "là thư mục, không phải tệp thông thường / a directory, not a regular file"
            ),
            "{err}"
        );
    }
}
