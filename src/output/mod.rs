//! Writing outputs atomically: a temporary file beside the target, flushed, then
//! renamed over it, so an interrupted run leaves the previous report intact.
//!
//! A run killed mid-write (power cut, `kill -9`) cannot remove its temporary file;
//! the next write to the same target removes the temporaries that processes no
//! longer running left behind, so litter never accumulates.
//!
//! Only a regular file is ever replaced, and never an input of the run: see
//! [`target`]; [`format`] chooses the format from `-o`'s extension.
//!
//! For the kill-mid-write test only: when the environment variable
//! [`PAUSE_ENV`] holds a number of milliseconds, the write pauses that long after
//! half of the bytes are in the temporary file, so a test can kill the process at a
//! known point instead of racing it.

pub(crate) mod csv;
pub mod format;
pub mod target;

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Test hook: milliseconds to pause halfway through writing the temporary file.
pub(crate) const PAUSE_ENV: &str = "CCHC_TEST_WRITE_PAUSE_MS";

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut file = AtomicFile::create(path)?;
    let (head, tail) = bytes.split_at(bytes.len() / 2);
    // Flushed, so that a pause for tests finds half of the bytes in the file.
    let result = file
        .write_all(head)
        .and_then(|()| file.flush())
        .and_then(|()| {
            pause_for_tests();
            file.write_all(tail)
        });
    result.map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// A file written in pieces that appears at its path, whole, only on
/// [`AtomicFile::commit`]; dropped without a commit, it leaves no trace.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Starts writing `path` (removing temporaries that dead runs left beside it).
    /// Errs unless `path` is a regular file or a new file in an existing
    /// directory (see [`target::writable`]); a link to a regular file is followed.
    pub fn create(path: &Path) -> Result<AtomicFile, Error> {
        let path = &target::writable(path)?;
        let (dir, name) = dir_and_name(path);
        remove_stale_temporaries(dir, &name);
        let tmp = temporary(dir, &name, std::process::id());
        let file = std::fs::File::create(&tmp).map_err(|e| Error::io(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(std::io::BufWriter::with_capacity(256 * 1024, file)),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<(), Error> {
        let path = self.path.clone();
        let result = (|| {
            // `commit` consumes `self`, so the writer is always still there.
            let file = self.file.take().ok_or_else(|| {
                std::io::Error::other("tệp đã được ghi / output already committed")
            })?;
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            std::fs::rename(&self.tmp, &self.path)?;
            // Make the rename itself durable; not every platform can open a directory.
            if let Some(dir) = self.path.parent()
                && let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                })
            {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        result.map_err(|e: std::io::Error| {
            let _ = std::fs::remove_file(&self.tmp);
            Error::io(&path, e)
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// The directory a report goes to and its file name.
pub fn dir_and_name(path: &Path) -> (&Path, String) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    (dir, name)
}

fn temporary(dir: &Path, name: &str, pid: u32) -> PathBuf {
    dir.join(format!(".{name}.{pid}.tmp"))
}

/// Removes `.{name}.{pid}.tmp` (and `.{name}.{pid}.spill.tmp`, see
/// the streamed pipeline) files whose process is gone. Only where the process
/// table can be asked (Linux `/proc`); elsewhere nothing is removed, never a
/// temporary that a live run is still writing.
pub fn remove_stale_temporaries(dir: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .map(|rest| rest.strip_suffix(".spill").unwrap_or(rest))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The longest pause [`PAUSE_ENV`] can ask for: a stray huge value must not
/// hang a write.
pub(crate) const MAX_PAUSE_MS: u64 = 60_000;

/// Pauses for [`PAUSE_ENV`] milliseconds, at most [`MAX_PAUSE_MS`]; a value that
/// is not a whole number of milliseconds is ignored.
fn pause_for_tests() {
    if let Some(ms) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(MAX_PAUSE_MS)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("report.json");
        std::fs::write(&target, "old").expect("write");
        write_atomic(&target, b"new").expect("atomic write");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn temporaries_of_dead_processes_are_removed_and_others_kept() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("report.json");
        // No process has pid 0 in /proc: a dead writer's leftover.
        let dead = temporary(dir.path(), "report.json", 0);
        // pid 1 always runs: a live writer's temporary stays.
        let live = temporary(dir.path(), "report.json", 1);
        let other = temporary(dir.path(), "other.json", 0);
        for p in [&dead, &live, &other] {
            std::fs::write(p, "partial").expect("write");
        }
        write_atomic(&target, b"new").expect("atomic write");
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(
            other.exists(),
            "only the target's own temporaries are touched"
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
    }
}
