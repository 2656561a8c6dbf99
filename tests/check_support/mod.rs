//! A scratch copy of the corpus's minimal ruleset (`tests/corpus/base/rules`) for
//! the `cchc check` tests: edited in one place, then checked from the command
//! line. [`Base::clean`] adds what the base lacks to lint clean.

#![allow(dead_code)]

use crate::common::*;
use std::path::{Path, PathBuf};

/// The base's percentage criterion.
pub const C1: &str = "1-kiem-tra.toml";
/// The base's days-late criterion (reads `params.han_bao_cao`).
pub const C2: &str = "2-bao-cao.toml";
pub const HEADER: &str = "ruleset.toml";

/// What the base lacks to lint clean: a quote and a note on each citation, and a
/// case for every band.
const QUOTE_AND_NOTE: &str = "status = \"unverified\"\nquote = \"Điều 1. Văn bản mẫu.\"\nnote = \"Số điều chưa kiểm chứng.\"";
pub const C1_CASES: &str = r#"
[[case]]
name = "đủ 100%"
input = { so_ke_hoach = 4, so_thuc_hien = 4 }
expect = { band = "du", points = "0.25", status = "full" }

[[case]]
name = "75%"
input = { so_ke_hoach = 4, so_thuc_hien = 3 }
expect = { band = "mot_phan", points = "0.10", status = "partial" }

[[case]]
name = "25%"
level = "xa"
input = { so_ke_hoach = 4, so_thuc_hien = 1 }
expect = { band = "duoi_50", points = "0" }

[[case]]
name = "không đặt cuộc nào"
input = { so_ke_hoach = 0, so_thuc_hien = 0 }
expect = { band = "khong_phat_sinh", points = "0.25" }
"#;
const C2_CASES: &str = r#"
[[case]]
name = "đúng hạn"
input = { ngay_bao_cao = "30/11/2024" }
expect = { band = "dung_han", points = "0.25", status = "full" }

[[case]]
name = "chậm 2 ngày"
input = { ngay_bao_cao = "02/12/2024" }
expect = { band = "cham", points = "0.10" }

[[case]]
name = "không báo cáo"
input = {}
expect = { band = "khong_bao_cao", points = "0" }
"#;

/// A scratch copy of `tests/corpus/base/rules`, edited in place.
pub struct Base {
    /// The temporary directory holding the copy (and anything a test adds).
    pub tmp: tempfile::TempDir,
    /// The ruleset directory.
    pub dir: PathBuf,
}

impl Base {
    /// The base as the corpus has it (no cases, no quotes: it has findings).
    pub fn new() -> Base {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("corpus");
        copy_dir(&repo_path("tests/corpus/base/rules"), &dir);
        Base { tmp, dir }
    }

    /// The base with quotes, notes and cases: `cchc check` finds nothing.
    pub fn clean() -> Base {
        Base::new()
            .replace(C1, "status = \"unverified\"", QUOTE_AND_NOTE)
            .replace(C2, "status = \"unverified\"", QUOTE_AND_NOTE)
            .append(C1, C1_CASES)
            .append(C2, C2_CASES)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Replaces the one occurrence of `from` in `file`.
    pub fn replace(self, file: &str, from: &str, to: &str) -> Base {
        replace_once(&self.path(file), from, to);
        self
    }

    /// Removes `file`'s text from the first `from` up to (not including) `to`.
    pub fn cut(self, file: &str, from: &str, to: &str) -> Base {
        let text = std::fs::read_to_string(self.path(file)).unwrap();
        let (start, end) = (text.find(from).unwrap(), text.find(to).unwrap());
        std::fs::write(
            self.path(file),
            format!("{}{}", &text[..start], &text[end..]),
        )
        .unwrap();
        self
    }

    pub fn append(self, file: &str, text: &str) -> Base {
        let mut s = std::fs::read_to_string(self.path(file)).unwrap();
        s.push_str(text);
        std::fs::write(self.path(file), s).unwrap();
        self
    }

    /// The line of the first `needle` in `file`.
    pub fn line(&self, file: &str, needle: &str) -> usize {
        line_of(&self.path(file), needle)
    }

    /// The line of band `key`'s `points`, where its findings point.
    pub fn band(&self, file: &str, key: &str) -> usize {
        band_points_line(&self.path(file), key)
    }

    /// The line of the `[[case]]` header of case `name`.
    pub fn case(&self, file: &str, name: &str) -> usize {
        case_line(&self.path(file), name)
    }

    /// `cchc check --format json` on the copy: exit code and its findings as
    /// `(code, severity, file name, line)`.
    pub fn check_json(&self) -> (i32, Vec<(String, String, String, u64)>) {
        let run = run(["check", "--rules", arg(&self.dir), "--format", "json"]);
        let reports = run.json();
        let findings = reports[0]["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .map(|f| {
                let loc = &f["location"];
                (
                    f["code"].as_str().expect("code").to_string(),
                    f["severity"].as_str().expect("severity").to_string(),
                    loc["file"]
                        .as_str()
                        .map(|p| {
                            Path::new(p)
                                .file_name()
                                .unwrap()
                                .to_string_lossy()
                                .into_owned()
                        })
                        .unwrap_or_default(),
                    loc["line"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        (run.code, findings)
    }

    /// Asserts that `code` is reported in `file` at `line`, and the exit code.
    pub fn assert_finding(&self, code: &str, file: &str, line: usize, exit: i32) {
        let (got_exit, findings) = self.check_json();
        assert!(
            findings
                .iter()
                .any(|(c, _, f, l)| c == code && f == file && *l == line as u64),
            "{code} expected at {file}:{line}; got {findings:#?}"
        );
        assert_eq!(
            got_exit, exit,
            "exit code for {code}; findings {findings:#?}"
        );
    }
}
