//! The per-lint tests' fixture: a scratch copy of `tests/corpus/base/rules` (the
//! minimal ruleset of the bad-input corpus, not the shipped rules), edited in one
//! place, then linted by one lint or checked whole.

use super::{Context, Lint};
use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

/// The first criterion file of the base ruleset (a percentage metric).
pub(crate) const C1: &str = "1-kiem-tra.toml";
/// The second criterion file (days late, reads `params.han_bao_cao`).
pub(crate) const C2: &str = "2-bao-cao.toml";
/// The ruleset header.
pub(crate) const HEADER: &str = "ruleset.toml";

/// A finding as the tests compare it: code, file name, 1-based line.
pub(crate) type Finding = (crate::diagnostic::Code, String, usize);

/// A scratch copy of the base ruleset.
pub(crate) struct Base {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Base {
    /// Copies `tests/corpus/base/rules` into a new temporary directory.
    pub(crate) fn new() -> Base {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("corpus");
        std::fs::create_dir(&dir).unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/base/rules");
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        Base { _tmp: tmp, dir }
    }

    /// Replaces the one occurrence of `from` in `file` by `to`.
    pub(crate) fn replace(self, file: &str, from: &str, to: &str) -> Base {
        let text = self.read(file);
        assert_eq!(text.matches(from).count(), 1, "{from:?} once in {file}");
        self.write(file, &text.replacen(from, to, 1));
        self
    }

    /// Appends `text` to `file`.
    pub(crate) fn append(self, file: &str, text: &str) -> Base {
        let old = self.read(file);
        self.write(file, &format!("{old}{text}"));
        self
    }

    /// The 1-based line of the first occurrence of `needle` in `file`.
    pub(crate) fn line(&self, file: &str, needle: &str) -> usize {
        let text = self.read(file);
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {file}"));
        text[..at].matches('\n').count() + 1
    }

    /// The line of band `key`'s `points` (where a band's findings point).
    pub(crate) fn band(&self, file: &str, key: &str) -> usize {
        let from = self.line(file, &format!("key = \"{key}\""));
        let text = self.read(file);
        let offset = text
            .lines()
            .skip(from)
            .position(|l| l.trim_start().starts_with("points"))
            .unwrap_or_else(|| panic!("band {key} has points"));
        from + offset + 1
    }

    /// The findings of `lint` alone on the edited copy.
    pub(crate) fn lint(&self, lint: &dyn Lint) -> Vec<Finding> {
        self.run(lint).iter().map(finding).collect()
    }

    /// The diagnostics of `lint` alone on the edited copy.
    pub(crate) fn run(&self, lint: &dyn Lint) -> Vec<Diagnostic> {
        let (inspection, scripts) = crate::engine::inspect_ruleset(&self.dir).unwrap();
        let loads = inspection.complete
            && !inspection
                .diagnostics
                .iter()
                .any(|d| d.severity == crate::diagnostic::Severity::Error);
        let rules = crate::engine::Rules {
            ruleset: inspection.ruleset.expect("the base copy converts"),
            scripts,
            warnings: Vec::new(),
        };
        let cx = Context::new(&rules, loads);
        let mut out = Vec::new();
        for c in &rules.ruleset.criteria {
            lint.criterion(&cx, c, &mut out);
        }
        lint.ruleset(&cx, &mut out);
        for d in &out {
            assert_eq!(d.code, lint.code(), "a lint reports its own code");
            assert_eq!(d.severity, lint.code().severity(), "{}", d.code);
        }
        out
    }

    /// Every finding of `cchc check` on the edited copy.
    pub(crate) fn check(&self) -> Vec<Finding> {
        let report = crate::check::check_ruleset(&self.dir, None).unwrap();
        report.findings.iter().map(finding).collect()
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap()
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join(file), text).unwrap();
    }
}

fn finding(d: &Diagnostic) -> Finding {
    let (file, line) = d.location.as_ref().map_or((String::new(), 0), |l| {
        let name = l.file.file_name().unwrap_or_default();
        (name.to_string_lossy().into_owned(), l.line)
    });
    (d.code, file, line)
}

/// A finding of `code` at line `line` of `file`.
pub(crate) fn at(code: crate::diagnostic::Code, file: &str, line: usize) -> Finding {
    (code, file.to_string(), line)
}
