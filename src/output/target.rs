//! Where `-o` may write. An output only ever replaces a regular file, never a
//! device, a FIFO or a directory (nor, through a link, what the link points to
//! when that is not a regular file), and never a file the same run reads: the
//! evidence, the self-scores, the overlay or a rule file, recognised by path after
//! normalisation (`./x/../ev.csv`, links) and by identity (device and inode, so a
//! hard link is caught too). Nor may it add a `.toml` file where rules are read,
//! which would change the ruleset behind the next run's back.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The files and rule directories a run reads, each with what it is.
#[derive(Debug, Default)]
pub struct Inputs {
    files: Vec<(PathBuf, Role)>,
    rule_dirs: Vec<PathBuf>,
}

/// What an input is, for the message that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The evidence file.
    Evidence,
    /// The self-score file of `compare`.
    SelfScores,
    /// A provincial overlay.
    Overlay,
    /// A `.toml` file of a ruleset.
    RuleFile,
    /// A file of the shipped sample (`data/tinh-mau/`), the default evidence
    /// and self-scores of `score` and `compare`.
    Sample,
    /// The database of `cchc serve`.
    Database,
}

impl Role {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Role::Evidence => ("tệp minh chứng", "the evidence"),
            Role::SelfScores => ("tệp điểm tự chấm", "the self-score file"),
            Role::Overlay => ("tệp điều chỉnh", "the overlay"),
            Role::RuleFile => ("tệp tiêu chí", "a rule file"),
            Role::Sample => ("tệp dữ liệu mẫu", "a sample data file"),
            Role::Database => ("cơ sở dữ liệu", "the database"),
        }
    }
}

impl Inputs {
    /// No inputs yet.
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// Adds an input file.
    pub fn file(&mut self, path: &Path, role: Role) -> &mut Inputs {
        self.files.push((path.to_path_buf(), role));
        self
    }

    /// Adds every regular file directly in `dir` (at most
    /// [`crate::input_file::MAX_RULESET_ENTRIES`] entries are looked at) as a
    /// sample: the shipped sample is the default input of several commands, and
    /// an output must not replace the year a later run will read by default.
    pub fn samples(&mut self, dir: &Path) -> &mut Inputs {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries
                .flatten()
                .take(crate::input_file::MAX_RULESET_ENTRIES)
            {
                let path = entry.path();
                if path.is_file() {
                    self.files.push((path, Role::Sample));
                }
            }
        }
        self
    }

    /// Adds a rules directory (a ruleset, or the root of several): every rule
    /// file under a ruleset it holds is an input, and no `.toml` may be added there.
    pub fn rules(&mut self, dir: &Path) -> &mut Inputs {
        self.rule_dirs.push(dir.to_path_buf());
        // A directory that cannot be listed reads no rule file: nothing to protect.
        if let Ok(files) = crate::fingerprint::ruleset_files(dir) {
            for (_, path) in files {
                self.files.push((path, Role::RuleFile));
            }
        }
        self
    }
}

fn usage(output: &Path, vi: String, en: String) -> Error {
    let shown = output.display();
    Error::Usage(format!("-o {shown}: {vi} / -o {shown}: {en}"))
}

/// The path a write to `output` goes to, once `output` is known to be a regular
/// file or a new file in an existing directory: a link to a regular file is
/// followed (the link stays, its target gets the new content).
pub fn writable(output: &Path) -> Result<PathBuf, Error> {
    if output.as_os_str() == "-" {
        return Err(usage(
            output,
            "'-' không phải tên tệp: bỏ -o để in ra màn hình (stdout)".into(),
            "'-' is not a file name: leave -o out to write to stdout".into(),
        ));
    }
    if names_a_directory(output) {
        return Err(usage(
            output,
            "đường dẫn kết thúc bằng '/' (hoặc '.', '..') là tên thư mục, không phải tệp: hãy ghi tên tệp".into(),
            "a path ending in '/' (or '.', '..') names a directory, not a file: give a file name".into(),
        ));
    }
    match std::fs::symlink_metadata(output) {
        Ok(meta) if meta.file_type().is_symlink() => match std::fs::metadata(output) {
            Ok(target) if target.is_file() => {
                std::fs::canonicalize(output).map_err(|e| Error::io(output, e))
            }
            Ok(target) => {
                let (vi, en) = crate::input_file::describe(target.file_type());
                Err(usage(
                    output,
                    format!(
                        "là liên kết tới {vi}, không phải tệp thông thường: chỉ ghi đè lên tệp thông thường"
                    ),
                    format!(
                        "a link to {en}, not to a regular file: only a regular file is ever replaced"
                    ),
                ))
            }
            Err(_) => Err(usage(
                output,
                "là liên kết không trỏ tới đâu: hãy xoá liên kết hoặc ghi ra tệp khác".into(),
                "a link that points nowhere: remove the link or write elsewhere".into(),
            )),
        },
        Ok(meta) if meta.is_file() => Ok(output.to_path_buf()),
        Ok(meta) => {
            let (vi, en) = crate::input_file::describe(meta.file_type());
            Err(usage(
                output,
                format!("là {vi}, không phải tệp thông thường: chỉ ghi đè lên tệp thông thường"),
                format!("{en}, not a regular file: only a regular file is ever replaced"),
            ))
        }
        Err(_) => {
            let (dir, _) = super::dir_and_name(output);
            match std::fs::metadata(dir) {
                Ok(meta) if meta.is_dir() => Ok(output.to_path_buf()),
                Ok(_) => Err(usage(
                    output,
                    format!("{} không phải thư mục", dir.display()),
                    format!("{} is not a directory", dir.display()),
                )),
                Err(_) => Err(usage(
                    output,
                    format!("thư mục {} không tồn tại", dir.display()),
                    format!("the directory {} does not exist", dir.display()),
                )),
            }
        }
    }
}

/// Whether `path` can only name a directory: it ends in a separator, or its
/// last part is `.` or `..` (or it is a root).
fn names_a_directory(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    // `Path` reads `new/.` as `new`: the text is looked at, not the components.
    text.ends_with(std::path::MAIN_SEPARATOR)
        || text.ends_with('/')
        || text == "."
        || text.ends_with("/.")
        || path.file_name().is_none()
}

/// Checks `output` before anything is written: [`writable`], not an input of the
/// run, not a new rule file.
pub fn check(output: &Path, inputs: &Inputs) -> Result<(), Error> {
    let path = writable(output)?;
    let existing = std::fs::metadata(&path).ok();
    let canonical = canonical(&path);
    for (input, role) in &inputs.files {
        let same_path = canonical.is_some() && canonical == std::fs::canonicalize(input).ok();
        let same_file = match (&existing, std::fs::metadata(input)) {
            (Some(out), Ok(inp)) => same_identity(out, &inp),
            _ => false,
        };
        if same_path || same_file {
            let (vi, en) = role.names();
            return Err(usage(
                output,
                format!(
                    "đây là {vi} {} của chính lần chạy này: báo cáo không bao giờ ghi đè lên đầu vào, hãy ghi ra tệp khác",
                    input.display()
                ),
                format!(
                    "this is {en} {} of this very run: a report never replaces an input, write elsewhere",
                    input.display()
                ),
            ));
        }
    }
    let is_toml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml && let Some(canonical) = &canonical {
        for dir in &inputs.rule_dirs {
            if std::fs::canonicalize(dir).is_ok_and(|d| canonical.starts_with(d)) {
                return Err(usage(
                    output,
                    format!(
                        "một tệp .toml trong {} sẽ thành tệp tiêu chí của bộ tiêu chí: hãy ghi ra ngoài thư mục quy tắc",
                        dir.display()
                    ),
                    format!(
                        "a .toml file inside {} would become a rule file of the ruleset: write outside the rules directory",
                        dir.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The absolute path without `.`, `..` or links: of the file if it exists, else
/// of its directory, joined with its name.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let (dir, name) = super::dir_and_name(path);
    std::fs::canonicalize(dir).ok().map(|d| d.join(name))
}

#[cfg(unix)]
fn same_identity(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_identity(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    // Paths, compared after normalisation, are all there is to compare.
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_recognised_through_dot_dot_and_a_new_toml_in_the_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let evidence = dir.path().join("ev.csv");
        std::fs::write(&evidence, "x").expect("write");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let mut inputs = Inputs::new();
        inputs.file(&evidence, Role::Evidence).rules(dir.path());
        let twisted = dir.path().join("sub/../ev.csv");
        assert!(check(&twisted, &inputs).is_err());
        assert!(check(&dir.path().join("sub/new.toml"), &inputs).is_err());
        assert!(check(&dir.path().join("sub/report.csv"), &inputs).is_ok());
        assert!(check(&dir.path().join("missing/report.csv"), &inputs).is_err());
    }

    #[test]
    fn a_trailing_slash_dot_or_dash_is_refused_with_a_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("r.csv"), "x").expect("write");
        for bad in ["r.csv/", "new.csv/", ".", "new/.", "sub/..", "-"] {
            let path = dir.path().join(bad);
            let path = if bad == "-" {
                Path::new("-").to_path_buf()
            } else {
                path
            };
            let err = writable(&path).expect_err(bad).to_string();
            assert!(
                err.contains("names a directory") || err.contains("leave -o out"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_sample_file_is_an_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sample = dir.path().join("2024.csv");
        std::fs::write(&sample, "x").expect("write");
        let mut inputs = Inputs::new();
        inputs.samples(dir.path());
        let err = check(&sample, &inputs).expect_err("sample").to_string();
        assert!(err.contains("a sample data file"), "{err}");
        assert!(check(&dir.path().join("report.csv"), &inputs).is_ok());
    }
}
