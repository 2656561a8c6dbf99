//! The rulesets (`rules/`, overlays included) and the sample province
//! (`data/tinh-mau/`) built into the binary, so `cchc` runs from any directory.
//!
//! They stand in only for the defaults, and only when the working directory lacks
//! them: `--rules` left at `rules` with no `rules/` here, the sample evidence with
//! no `data/tinh-mau/` here. A run that uses them says so once on stderr.
//!
//! How they are read: the files are written once to a private directory,
//! `<temp>/cchc-builtin-<fingerprint of their contents>/`, and every loader reads
//! them from there like any other input. That keeps one way of reading rules and
//! evidence (size limits, link refusal, error messages naming a real file), makes
//! the fingerprints of a report the same as in the repository (they are taken over
//! the same bytes), and lets `cchc verify` reopen the evidence a report names. The
//! directory is written under a unique name and renamed into place (never seen
//! half-written), and reused only when it holds exactly these files with exactly
//! these bytes, owned by this user and writable by no one else; otherwise it is
//! replaced, or this run uses a fresh copy of its own. Paths shown in reports and
//! messages are that directory's real paths.

use cchc::error::Error;
use cchc::output::target::Inputs;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Every built-in file: its `/`-separated path relative to the repository, and its
/// bytes (the table `build.rs` writes, sorted by path).
static FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The directory the files were written to in this run.
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// What stands in for what is missing from the working directory.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StandIn {
    /// The rulesets, for a missing `rules/`.
    Rules,
    /// The sample province, for a missing `data/tinh-mau/`.
    Sample,
    /// Both.
    Both,
}

/// Whether `path` (a default input, relative to the working directory) is
/// absent, so the built-in copy may stand in. Present but unreadable is not
/// absent: the run then fails naming it.
pub fn absent(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// The directory holding the built-in `rules/` and `data/tinh-mau/`, written on
/// first use in this run, and the one stderr note saying what it stands in for.
pub fn root(stand_in: StandIn) -> Result<&'static Path, Error> {
    let root = match ROOT.get() {
        Some(root) => root,
        None => {
            let written = materialise()?;
            ROOT.get_or_init(|| written)
        }
    };
    let (vi, en, missing) = match stand_in {
        StandIn::Rules => ("bộ tiêu chí", "rulesets", "rules/"),
        StandIn::Sample => ("dữ liệu mẫu", "sample province", "data/tinh-mau/"),
        StandIn::Both => (
            "bộ tiêu chí và dữ liệu mẫu",
            "rulesets and sample province",
            "rules/, data/tinh-mau/",
        ),
    };
    let dir = root.display();
    eprintln!(
        "lưu ý: không có {missing} ở thư mục hiện hành, dùng {vi} có sẵn trong chương trình (chép ra {dir}) / note: no {missing} in the working directory, using the {en} built into cchc (copied to {dir})"
    );
    Ok(root)
}

/// Adds the built-in copy, if one was ever written for this binary, to the
/// inputs `-o` must not replace: a later run reads it.
pub fn protect(inputs: &mut Inputs) {
    let home = home();
    if home.is_dir() {
        inputs.rules(&home.join("rules"));
        inputs.samples(&home.join(super::inputs::SAMPLE_DIR));
    }
}

/// Where the copy of these exact files lives: named by their fingerprint, so
/// another version of cchc never reads this one's copy.
fn home() -> PathBuf {
    let mut hash = Sha256::new();
    for (path, bytes) in FILES {
        hash.update((path.len() as u64).to_le_bytes());
        hash.update(path.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    let hex: String = hash
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    std::env::temp_dir().join(format!("cchc-builtin-{hex}"))
}

/// The verified copy: reused when intact, else written under a unique name and
/// renamed into place.
fn materialise() -> Result<PathBuf, Error> {
    let home = home();
    let owner = owner_id();
    if intact(&home, owner) {
        return Ok(home);
    }
    let staging = write_staging(&home)?;
    if std::fs::rename(&staging, &home).is_ok() {
        return Ok(home);
    }
    if intact(&home, owner) {
        // Another cchc wrote it meanwhile.
        let _ = std::fs::remove_dir_all(&staging);
        return Ok(home);
    }
    // A damaged copy (or someone else's): replaced when we may, else this run
    // reads its own fresh copy where it was written.
    if std::fs::remove_dir_all(&home).is_ok() && std::fs::rename(&staging, &home).is_ok() {
        return Ok(home);
    }
    Ok(staging)
}

/// `<home>.<pid>-<n>.tmp`: no other running cchc writes there (a name left by a
/// crashed run with the same process id is skipped by trying the next `n`).
fn unique_sibling(home: &Path, n: u32) -> PathBuf {
    let mut name = home.as_os_str().to_owned();
    name.push(format!(".{}-{n}.tmp", std::process::id()));
    PathBuf::from(name)
}

/// Creates a new directory beside `home` (see [`unique_sibling`]) with every
/// built-in file in it.
fn write_staging(home: &Path) -> Result<PathBuf, Error> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o755);
    let mut n = 0;
    let dir = loop {
        let dir = unique_sibling(home, n);
        match builder.create(&dir) {
            Ok(()) => break dir,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(Error::io(&dir, e)),
        }
    };
    builder.recursive(true);
    for (relative, bytes) in FILES {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            builder.create(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        let mut file = options.open(&path).map_err(|e| Error::io(&path, e))?;
        std::io::Write::write_all(&mut file, bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(dir)
}

/// Whether `dir` holds exactly the built-in files (no other entry, no link), each
/// with its bytes, every entry owned by `owner` and writable by no one else.
fn intact(dir: &Path, owner: Option<u32>) -> bool {
    let expected: BTreeMap<PathBuf, &[u8]> = FILES
        .iter()
        .map(|(path, bytes)| (PathBuf::from(path), *bytes))
        .collect();
    let mut found = 0;
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let path = dir.join(&relative);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return false;
        };
        if !private(&meta, owner) {
            return false;
        }
        if meta.is_dir() {
            let Ok(entries) = std::fs::read_dir(&path) else {
                return false;
            };
            for entry in entries {
                let Ok(entry) = entry else { return false };
                let child = relative.join(entry.file_name());
                // Only a directory on the way to a built-in file belongs here.
                if !expected.contains_key(&child) && !expected.keys().any(|f| f.starts_with(&child))
                {
                    return false;
                }
                pending.push(child);
            }
        } else if meta.is_file() {
            match expected.get(&relative) {
                Some(bytes) if std::fs::read(&path).is_ok_and(|b| b == *bytes) => found += 1,
                _ => return false,
            }
        } else {
            return false;
        }
    }
    found == expected.len()
}

/// Owned by `owner` (when known) and writable by no other user.
#[cfg(unix)]
fn private(meta: &std::fs::Metadata, owner: Option<u32>) -> bool {
    use std::os::unix::fs::MetadataExt;
    owner.is_some_and(|uid| meta.uid() == uid) && meta.mode() & 0o022 == 0
}

/// The temporary directory is the user's own there.
#[cfg(not(unix))]
fn private(_meta: &std::fs::Metadata, _owner: Option<u32>) -> bool {
    true
}

/// This user's id, read from a file this run creates (std has no `getuid`).
#[cfg(unix)]
fn owner_id() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let base = std::env::temp_dir().join("cchc-owner");
    (0..100).find_map(|n| {
        let probe = unique_sibling(&base, n);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .ok()?;
        let uid = file.metadata().ok().map(|m| m.uid());
        let _ = std::fs::remove_file(&probe);
        uid
    })
}

#[cfg(not(unix))]
fn owner_id() -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_the_rulesets_overlays_and_sample() {
        let has = |p: &str| FILES.iter().any(|(path, _)| *path == p);
        assert!(has("rules/tdthpl-2025/ruleset.toml"));
        assert!(has("rules/overlays/binh-duong-2020.toml"));
        assert!(has("data/tinh-mau/2024.csv"));
        assert!(
            FILES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no duplicate"
        );
    }

    #[test]
    fn a_copy_is_reused_only_when_exactly_intact() {
        let dir = tempfile::tempdir().unwrap();
        let copy = write_staging(&dir.path().join("copy")).unwrap();
        let owner = owner_id();
        assert!(intact(&copy, owner));
        // An extra file (a ruleset slipped in) or changed bytes: not reused.
        std::fs::write(copy.join("rules/extra.toml"), "x").unwrap();
        assert!(!intact(&copy, owner));
        std::fs::remove_file(copy.join("rules/extra.toml")).unwrap();
        assert!(intact(&copy, owner));
        std::fs::write(copy.join("data/tinh-mau/2024.csv"), "ma_don_vi\n").unwrap();
        assert!(!intact(&copy, owner));
    }
}
