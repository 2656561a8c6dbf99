//! A round's stored rule files, written back to disk to be loaded: the loader
//! reads directories, and this keeps it the one way rules are read.

use super::{Round, fingerprint_of};
use crate::engine::{Rules, load_ruleset};
use crate::error::Error;
use crate::fingerprint::sha256_hex;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes the round's files into a fresh private directory, loads them and
/// checks the fingerprints the round recorded; the directory is removed after.
pub(super) fn rules(round: &Round) -> Result<Rules, Error> {
    let temp = PrivateDir::create()?;
    let ruleset_dir = temp.path.join("ruleset");
    let mut overlay = None;
    for file in &round.files {
        // The overlay's stored path is where it came from; the copy gets a fixed name.
        let path = if file.overlay {
            temp.path.join("overlay.toml")
        } else {
            safe_join(&ruleset_dir, &file.path).ok_or_else(|| tampered(round, &file.path))?
        };
        if sha256_hex(&file.bytes) != file.sha256 {
            return Err(tampered(round, &file.path));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(&path, e))?;
        if file.overlay {
            overlay = Some((path, &file.path));
        }
    }
    if fingerprint_of(&round.files) != round.info.ruleset_fingerprint {
        return Err(tampered(round, "ruleset"));
    }
    let mut rules = load_ruleset(&ruleset_dir)?;
    if rules.ruleset.fingerprint != round.info.ruleset_fingerprint {
        return Err(tampered(round, "ruleset"));
    }
    if let Some((path, _)) = &overlay {
        rules = rules.with_overlay(path)?;
    }
    let loaded = rules.ruleset.overlay.as_ref().map(|o| &o.fingerprint);
    if loaded != round.info.overlay.as_ref().map(|o| &o.1) {
        return Err(tampered(round, "overlay"));
    }
    // Reports name the ruleset directory and overlay file: the ones the round was
    // opened from, never the temporary copies (removed when this returns).
    rules.ruleset.dir = round.info.ruleset_dir.clone();
    if let (Some(info), Some((_, given))) = (rules.ruleset.overlay.as_mut(), overlay) {
        info.path = PathBuf::from(given);
    }
    Ok(rules)
}

fn tampered(round: &Round, what: &str) -> Error {
    let year = round.info.year;
    Error::Store {
        path: PathBuf::from(what),
        kind: crate::error::StoreErrorKind::Failure,
        message: format!(
            "tệp quy tắc đã lưu của kỳ {year} không khớp dấu vân tay đã ghi / the stored rule file of the {year} round does not match its recorded fingerprint"
        ),
    }
}

/// A directory only this process's user can read, removed on drop.
struct PrivateDir {
    path: PathBuf,
}

impl PrivateDir {
    fn create() -> Result<PrivateDir, Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut attempts = 0;
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let name = format!("cchc-round-{}-{n}", std::process::id());
            let path = std::env::temp_dir().join(name);
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            // `create`, not `create_all`: an existing directory (a stale one, or
            // someone else's) is never reused; the next name is tried.
            match builder.create(&path) {
                Ok(()) => return Ok(PrivateDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 100 => {
                    attempts += 1;
                }
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A stored relative path as a path under `root`, refusing anything that could
/// escape it (only a tampered database has one).
fn safe_join(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    for part in relative.split('/') {
        let mut components = Path::new(part).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(c)), None) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}
