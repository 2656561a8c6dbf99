//! SHA-256 fingerprints, so an auditor can tell which rules and evidence produced a report.

use crate::diagnostic::Code;
use crate::error::Error;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every `.toml` file under `dir`, recursively, sorted by relative path with `/`
/// separators: the canonical order the fingerprint is taken in.
///
/// A ruleset is what its directory holds: a symbolic link to a file outside it (whose
/// content the fingerprint would not pin to the ruleset) and a linked directory (which
/// may loop back on itself) are errors, never followed.
pub(crate) fn ruleset_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let root = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    let mut walked = 0;
    collect(dir, &root, dir, &mut files, &mut walked)?;
    files.sort();
    Ok(files)
}

/// Refuses a ruleset directory with more files than any ruleset needs: it is
/// the wrong directory, and listing or reading it all would take unbounded time.
fn too_many(dir: &Path, what_vi: &str, what_en: &str, limit: usize) -> Error {
    let dir = dir.display();
    Error::Rules(vec![crate::diagnostic::Diagnostic::error(
        Code::PathTooManyFiles,
        format!(
            "{dir} có hơn {limit} {what_vi}: đây không phải một thư mục bộ tiêu chí / {dir} holds more than {limit} {what_en}: this is not a ruleset directory"
        ),
        None,
    )])
}

fn collect(
    root: &Path,
    canonical_root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
    walked: &mut usize,
) -> Result<(), Error> {
    use crate::input_file::{MAX_RULESET_ENTRIES, MAX_RULESET_FILES};
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        *walked += 1;
        if *walked > MAX_RULESET_ENTRIES {
            return Err(too_many(root, "mục", "entries", MAX_RULESET_ENTRIES));
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_symlink() {
            let target = std::fs::canonicalize(&path).map_err(|e| Error::io(&path, e))?;
            let refuse = |code: Code, vi: String, en: String| {
                Error::Rules(vec![crate::diagnostic::Diagnostic::error(
                    code,
                    format!("{vi} / {en}"),
                    None,
                )])
            };
            let (link, to) = (path.display(), target.display());
            if target.is_dir() {
                return Err(refuse(
                    Code::PathLinkedDirectory,
                    format!(
                        "{link} là liên kết tới thư mục {to}, không được theo: hãy chép các tệp vào bộ tiêu chí"
                    ),
                    format!(
                        "{link} links to the directory {to}, which is not followed: copy the files into the ruleset"
                    ),
                ));
            }
            if !target.starts_with(canonical_root) && path.extension().is_some_and(|e| e == "toml")
            {
                return Err(refuse(
                    Code::PathOutsideRuleset,
                    format!(
                        "{link} là liên kết tới {to}, nằm ngoài thư mục bộ tiêu chí: hãy chép tệp vào bộ tiêu chí"
                    ),
                    format!(
                        "{link} links to {to}, outside the ruleset directory: copy the file into the ruleset"
                    ),
                ));
            }
        }
        if path.is_dir() {
            collect(root, canonical_root, &path, out, walked)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((key, path));
            if out.len() > MAX_RULESET_FILES {
                return Err(too_many(
                    root,
                    "tệp .toml",
                    ".toml files",
                    MAX_RULESET_FILES,
                ));
            }
        }
    }
    Ok(())
}

/// SHA-256 over `(relative path, length, bytes)` of each file in canonical order.
/// Line endings are hashed as stored: a re-saved file is a different rule file.
pub(crate) fn ruleset_fingerprint(files: &[(String, Vec<u8>)]) -> String {
    let mut hasher = Sha256::new();
    for (name, bytes) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_depends_on_names_and_contents() {
        let a = ruleset_fingerprint(&[("a.toml".into(), b"x".to_vec())]);
        let b = ruleset_fingerprint(&[("b.toml".into(), b"x".to_vec())]);
        let c = ruleset_fingerprint(&[("a.toml".into(), b"y".to_vec())]);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
