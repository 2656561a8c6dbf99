//! `cchc check` from the command line: the shipped rules lint clean, exit codes,
//! text and JSON output, overlays and rules roots; and one test per load-time
//! diagnostic code, each breaking a scratch copy of the corpus's minimal ruleset
//! (`tests/corpus/base/`, made clean by [`Base::clean`]) in one place and
//! asserting the code, its file and line, and the exit code. The lints of `check`
//! itself are tested one file each, in `src/check/lints/`.
//!
//! None of these tests edits a copy of the shipped rules: a sample rule can change
//! without breaking a test of an unrelated code.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The base's percentage criterion.
const C1: &str = "1-kiem-tra.toml";
/// The base's days-late criterion (reads `params.han_bao_cao`).
const C2: &str = "2-bao-cao.toml";
const HEADER: &str = "ruleset.toml";

/// What the base lacks to lint clean: a quote and a note on each citation, and a
/// case for every band.
const QUOTE_AND_NOTE: &str = "status = \"unverified\"\nquote = \"Điều 1. Văn bản mẫu.\"\nnote = \"Số điều chưa kiểm chứng.\"";
const C1_CASES: &str = r#"
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
struct Base {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Base {
    /// The base as the corpus has it (no cases, no quotes: it has findings).
    fn new() -> Base {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("corpus");
        copy_dir(&repo_path("tests/corpus/base/rules"), &dir);
        Base { _tmp: tmp, dir }
    }

    /// The base with quotes, notes and cases: `cchc check` finds nothing.
    fn clean() -> Base {
        Base::new()
            .replace(C1, "status = \"unverified\"", QUOTE_AND_NOTE)
            .replace(C2, "status = \"unverified\"", QUOTE_AND_NOTE)
            .append(C1, C1_CASES)
            .append(C2, C2_CASES)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Replaces the one occurrence of `from` in `file`.
    fn replace(self, file: &str, from: &str, to: &str) -> Base {
        replace_once(&self.path(file), from, to);
        self
    }

    /// Removes `file`'s text from the first `from` up to (not including) `to`.
    fn cut(self, file: &str, from: &str, to: &str) -> Base {
        let text = std::fs::read_to_string(self.path(file)).unwrap();
        let (start, end) = (text.find(from).unwrap(), text.find(to).unwrap());
        std::fs::write(
            self.path(file),
            format!("{}{}", &text[..start], &text[end..]),
        )
        .unwrap();
        self
    }

    fn append(self, file: &str, text: &str) -> Base {
        let mut s = std::fs::read_to_string(self.path(file)).unwrap();
        s.push_str(text);
        std::fs::write(self.path(file), s).unwrap();
        self
    }

    /// The line of the first `needle` in `file`.
    fn line(&self, file: &str, needle: &str) -> usize {
        line_of(&self.path(file), needle)
    }

    /// The line of band `key`'s `points`, where its findings point.
    fn band(&self, file: &str, key: &str) -> usize {
        band_points_line(&self.path(file), key)
    }

    /// The line of the `[[case]]` header of case `name`.
    fn case(&self, file: &str, name: &str) -> usize {
        case_line(&self.path(file), name)
    }

    /// `cchc check --format json` on the copy: exit code and its findings as
    /// `(code, severity, file name, line)`.
    fn check_json(&self) -> (i32, Vec<(String, String, String, u64)>) {
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
    fn assert_finding(&self, code: &str, file: &str, line: usize, exit: i32) {
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

// ---------------------------------------------------------------------------
// The command: clean rules, exit codes, output
// ---------------------------------------------------------------------------

#[test]
fn every_shipped_ruleset_and_overlay_is_clean() {
    let run = run(["check"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "tdthpl-2018-2019 (rules/tdthpl-2018-2019): 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2020-2024 (rules/tdthpl-2020-2024): 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2025 (rules/tdthpl-2025): 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2020-2024 + rules/overlays/binh-duong-2020.toml: 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2020-2024 + rules/overlays/tinh-mau-2024.toml: 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n"
    );
}

#[test]
fn a_clean_copy_has_no_findings_in_json() {
    let (exit, findings) = Base::clean().check_json();
    assert_eq!((exit, findings), (0, vec![]));
}

#[test]
fn the_corpus_base_as_it_is_has_lint_findings_only() {
    let base = Base::new();
    let (exit, findings) = base.check_json();
    assert_eq!(exit, 1, "{findings:#?}");
    let mut codes: Vec<&str> = findings.iter().map(|f| f.0.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes,
        [
            "case/none",
            "legal/missing-quote",
            "legal/unverified-without-note"
        ]
    );
}

#[test]
fn a_lint_finding_exits_1_and_is_rendered_with_its_interval() {
    let base = Base::clean().replace(
        C1,
        "at_least = \"50%\"\nbelow = \"100%\"",
        "at_least = \"60%\"\nbelow = \"100%\"",
    );
    base.assert_finding("band/gap", C1, base.band(C1, "duoi_50"), 1);
    let run = run(["check", "--rules", arg(&base.dir)]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "error[band/gap]: tiêu chí 1: không mức nào chứa giá trị [50%; 60%) (ví dụ 50%)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(&format!(
            "corpus ({}): 1 lỗi, 0 cảnh báo / 1 error(s), 0 warning(s): có phát hiện / findings\n",
            base.dir.display()
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_broken_copy_yields_each_code_at_its_line() {
    // Wrong band points, an undeclared variable, a band no one can reach, no quote.
    let base = Base::clean()
        .replace(
            C1,
            "key = \"mot_phan\"\npoints = \"0.10\"",
            "key = \"mot_phan\"\npoints = \"0.35\"",
        )
        .replace(
            C1,
            "ratio(so_thuc_hien, so_ke_hoach)",
            "ratio(so_thuc, so_ke_hoach)",
        )
        .replace(
            C1,
            "[[band]]\nkey = \"khong_phat_sinh\"",
            "[[band]]\nkey = \"bi_huy\"\npoints = \"0\"\nclause = \"Kế hoạch bị hủy\"\n\n[[band]]\nkey = \"khong_phat_sinh\"",
        )
        .replace(C1, "quote = \"Điều 1. Văn bản mẫu.\"\n", "");
    let (exit, findings) = base.check_json();
    assert_eq!(exit, 2);
    let got: Vec<(String, u64)> = findings
        .iter()
        .map(|(code, _, _, line)| (code.clone(), *line))
        .collect();
    let expected = [
        ("band/points-out-of-range", base.band(C1, "mot_phan")),
        ("band/unreachable", base.band(C1, "bi_huy")),
        ("script/undeclared-variable", base.line(C1, "so_thuc,")),
        ("legal/missing-quote", base.line(C1, "[[legal_basis]]")),
    ];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(c, l)| (c.to_string(), *l as u64))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn text_output_underlines_the_source() {
    let base = Base::clean().replace(
        C1,
        "key = \"duoi_50\"\npoints = \"0\"",
        "key = \"duoi_50\"\npoints = \"0.30\"",
    );
    let path = base.path(C1);
    let line = base.line(C1, "points = \"0.30\"");
    let run = run(["check", "--rules", arg(&base.dir)]);
    run.expect_code(2);
    let expected = format!(
        "error[band/points-out-of-range]: tiêu chí 1, mức 'duoi_50', cấp so, huyen, xa: 0.30 điểm vượt điểm tối đa 0.25 / band 'duoi_50' at level so, huyen, xa: 0.30 points exceed the maximum 0.25\n  --> {}:{line}:10\n   |\n{line} | points = \"0.30\"\n   |          ^^^^^^\n",
        path.display()
    );
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    assert!(run.stdout.ends_with(&format!(
        "corpus ({}): 1 lỗi, 0 cảnh báo / 1 error(s), 0 warning(s): KHÔNG DÙNG ĐƯỢC / UNUSABLE\n",
        base.dir.display()
    )));
}

// ---------------------------------------------------------------------------
// Load-time findings: the ruleset cannot score (exit 2)
// ---------------------------------------------------------------------------

#[test]
fn toml_invalid() {
    let base = Base::clean().replace(C1, "[[band]]\nkey = \"du\"", "[[band]\nkey = \"du\"");
    base.assert_finding("toml/invalid", C1, base.line(C1, "[[band]\n"), 2);
}

#[test]
fn toml_encoding() {
    let base = Base::clean();
    let path = base.path(C1);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"# \xff\xfe\n");
    std::fs::write(&path, bytes).unwrap();
    let run = run(["check", "--rules", arg(&base.dir), "--format", "json"]);
    run.expect_code(2);
    let codes: Vec<Value> = run.json()[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].clone())
        .collect();
    assert_eq!(codes, ["toml/encoding"]);
}

#[test]
fn value_points_not_string() {
    let base = Base::clean().replace(
        C1,
        "key = \"du\"\npoints = \"0.25\"",
        "key = \"du\"\npoints = 0.25",
    );
    base.assert_finding(
        "value/points-not-string",
        C1,
        base.line(C1, "points = 0.25"),
        2,
    );
}

#[test]
fn value_threshold_not_string() {
    let base = Base::clean().replace(C1, "at_least = \"50%\"", "at_least = 0.5");
    base.assert_finding(
        "value/threshold-not-string",
        C1,
        base.line(C1, "at_least = 0.5"),
        2,
    );
}

#[test]
fn value_invalid_decimal() {
    let base = Base::clean().replace(
        C1,
        "key = \"du\"\npoints = \"0.25\"",
        "key = \"du\"\npoints = \"0,2x\"",
    );
    base.assert_finding(
        "value/invalid-decimal",
        C1,
        base.line(C1, "points = \"0,2x\""),
        2,
    );
}

#[test]
fn value_negative_points() {
    let base = Base::clean().replace(
        C1,
        "key = \"duoi_50\"\npoints = \"0\"",
        "key = \"duoi_50\"\npoints = \"-0.05\"",
    );
    base.assert_finding(
        "value/negative-points",
        C1,
        base.line(C1, "points = \"-0.05\""),
        2,
    );
}

#[test]
fn level_unknown() {
    let base = Base::clean().replace(
        C1,
        "applies_to = [\"so\", \"huyen\", \"xa\"]",
        "applies_to = [\"so\", \"tinh\"]",
    );
    base.assert_finding("level/unknown", C1, base.line(C1, "applies_to"), 2);
}

#[test]
fn level_duplicate() {
    let base = Base::clean().replace(
        C1,
        "applies_to = [\"so\", \"huyen\", \"xa\"]",
        "applies_to = [\"so\", \"so\", \"xa\"]",
    );
    base.assert_finding("level/duplicate", C1, base.line(C1, "applies_to"), 2);
}

#[test]
fn level_not_in_ruleset() {
    let base = Base::clean().replace(
        HEADER,
        "levels = [\"so\", \"huyen\", \"xa\"]",
        "levels = [\"so\", \"huyen\"]",
    );
    base.assert_finding("level/not-in-ruleset", C1, base.line(C1, "applies_to"), 2);
}

#[test]
fn ruleset_invalid_years() {
    let base = Base::clean().replace(HEADER, "years = [2024]", "years = [2024, 2020]");
    base.assert_finding(
        "ruleset/invalid-years",
        HEADER,
        base.line(HEADER, "years ="),
        2,
    );
}

#[test]
fn ruleset_max_mismatch() {
    let base = Base::clean().replace(
        HEADER,
        "rounding = { places = 2, mode = \"half_up\" }",
        "rounding = { places = 2, mode = \"half_up\" }\nmax_points = \"0.60\"",
    );
    base.assert_finding(
        "ruleset/max-mismatch",
        HEADER,
        base.line(HEADER, "max_points = \"0.60\""),
        2,
    );
}

#[test]
fn ruleset_ungrouped_criterion() {
    let base = Base::clean()
        .replace(C1, "id = \"1\"", "id = \"1.1\"")
        .append(
            HEADER,
            "\n[[group]]\nid = \"1\"\ntitle = \"Nhóm 1\"\nmax_points = \"0.25\"\n",
        );
    base.assert_finding(
        "ruleset/ungrouped-criterion",
        C2,
        base.line(C2, "max_points"),
        2,
    );
}

#[test]
fn criterion_duplicate_id() {
    let base = Base::clean().replace(C2, "id = \"2\"", "id = \"1\"");
    base.assert_finding("criterion/duplicate-id", C2, base.line(C2, "max_points"), 2);
}

#[test]
fn criterion_missing_level_max() {
    let base = Base::clean().replace(
        C1,
        "max_points = \"0.25\"",
        "max_points = { so = \"0.25\", huyen = \"0.25\" }",
    );
    base.assert_finding(
        "criterion/missing-level-max",
        C1,
        base.line(C1, "max_points"),
        2,
    );
}

#[test]
fn evidence_invalid_id() {
    let base = Base::clean().replace(C2, "[evidence.ngay_bao_cao]", "[evidence.Ngay-bao-cao]");
    base.assert_finding(
        "evidence/invalid-id",
        C2,
        base.line(C2, "[evidence.Ngay-bao-cao]"),
        2,
    );
}

#[test]
fn evidence_type_conflict() {
    let base = Base::clean().replace(
        C2,
        "[evidence.ngay_bao_cao]",
        "[evidence.so_ke_hoach]\ntype = \"date\"\nlabel = \"x\"\nrequired = false\n\n[evidence.ngay_bao_cao]",
    );
    base.assert_finding(
        "evidence/type-conflict",
        C2,
        base.line(C2, "[evidence.so_ke_hoach]"),
        2,
    );
}

#[test]
fn band_none() {
    let base = Base::clean().cut(C2, "[[band]]", "[rule]");
    base.assert_finding("band/none", C2, base.line(C2, "id = \"2\""), 2);
}

#[test]
fn band_duplicate_key() {
    let base = Base::clean().replace(C2, "key = \"cham\"", "key = \"dung_han\"");
    let text = std::fs::read_to_string(base.path(C2)).unwrap();
    let second = text.rfind("key = \"dung_han\"").unwrap();
    let line = text[..second].matches('\n').count() + 1;
    base.assert_finding("band/duplicate-key", C2, line, 2);
}

#[test]
fn band_missing_level_points() {
    let base = Base::clean().replace(
        C1,
        "key = \"duoi_50\"\npoints = \"0\"",
        "key = \"duoi_50\"\npoints = { so = \"0\" }",
    );
    base.assert_finding(
        "band/missing-level-points",
        C1,
        base.line(C1, "points = { so"),
        2,
    );
}

#[test]
fn band_points_out_of_range() {
    let base = Base::clean().replace(
        C1,
        "key = \"duoi_50\"\npoints = \"0\"",
        "key = \"duoi_50\"\npoints = \"0.30\"",
    );
    base.assert_finding(
        "band/points-out-of-range",
        C1,
        base.line(C1, "points = \"0.30\""),
        2,
    );
}

#[test]
fn band_top_below_max() {
    let base = Base::clean().replace(
        C2,
        "key = \"dung_han\"\npoints = \"0.25\"",
        "key = \"dung_han\"\npoints = \"0.20\"",
    );
    base.assert_finding("band/top-below-max", C2, base.line(C2, "max_points"), 2);
}

#[test]
fn band_too_precise() {
    let base = Base::clean().replace(
        C1,
        "key = \"duoi_50\"\npoints = \"0\"",
        "key = \"duoi_50\"\npoints = \"0.125\"",
    );
    base.assert_finding(
        "band/too-precise",
        C1,
        base.line(C1, "points = \"0.125\""),
        2,
    );
}

#[test]
fn band_inverted_bounds() {
    let base = Base::clean().replace(
        C1,
        "at_least = \"50%\"\nbelow = \"100%\"",
        "at_least = \"100%\"\nbelow = \"50%\"",
    );
    base.assert_finding("band/inverted-bounds", C1, base.band(C1, "mot_phan"), 2);
}

#[test]
fn band_two_upper_bounds() {
    let base = Base::clean().replace(
        C1,
        "at_least = \"50%\"\nbelow = \"100%\"",
        "at_least = \"50%\"\nbelow = \"100%\"\nat_most = \"99%\"",
    );
    base.assert_finding("band/two-upper-bounds", C1, base.band(C1, "mot_phan"), 2);
}

#[test]
fn script_compile() {
    let base = Base::clean().replace(C1, "if is_missing(r) {", "if is_missing(r) {{");
    base.assert_finding(
        "script/compile",
        C1,
        base.line(C1, "if is_missing(r) {{"),
        2,
    );
}

#[test]
fn script_undeclared_variable() {
    let base = Base::clean().replace(C1, "ratio(so_thuc_hien,", "ratio(so_thuc,");
    base.assert_finding(
        "script/undeclared-variable",
        C1,
        base.line(C1, "ratio(so_thuc,"),
        2,
    );
}

#[test]
fn script_unknown_param() {
    let base = Base::clean().replace(C2, "params.han_bao_cao", "params.han_khac");
    base.assert_finding(
        "script/unknown-param",
        C2,
        base.line(C2, "params.han_khac"),
        2,
    );
}

#[test]
fn param_invalid_name() {
    let base = Base::clean().append(
        HEADER,
        "\n[params.Han-Sai]\ntype = \"integer\"\nvalue = 5\nbasis = \"mẫu\"\nstatus = \"provincial_choice\"\n",
    );
    base.assert_finding(
        "param/invalid-name",
        HEADER,
        base.line(HEADER, "[params.Han-Sai]"),
        2,
    );
}

#[test]
fn param_invalid_type() {
    let base = Base::clean().append(
        HEADER,
        "\n[params.han_x]\ntype = \"hour\"\nvalue = 5\nbasis = \"mẫu\"\nstatus = \"provincial_choice\"\n",
    );
    base.assert_finding(
        "param/invalid-type",
        HEADER,
        base.line(HEADER, "type = \"hour\""),
        2,
    );
}

#[test]
fn param_invalid_value() {
    let base = Base::clean().replace(HEADER, "value = \"30/11\"", "value = \"31/02\"");
    base.assert_finding(
        "param/invalid-value",
        HEADER,
        base.line(HEADER, "value = \"31/02\""),
        2,
    );
}

#[test]
fn case_unknown_band() {
    let base = Base::clean().replace(
        C2,
        "expect = { band = \"cham\"",
        "expect = { band = \"khong_co\"",
    );
    base.assert_finding(
        "case/unknown-band",
        C2,
        base.line(C2, "band = \"khong_co\""),
        2,
    );
}

#[test]
fn case_unknown_field() {
    let base = Base::clean().replace(
        C2,
        "input = { ngay_bao_cao = \"02/12/2024\" }",
        "input = { ngay = \"02/12/2024\" }",
    );
    base.assert_finding(
        "case/unknown-field",
        C2,
        base.line(C2, "input = { ngay = "),
        2,
    );
}

#[test]
fn case_invalid_input() {
    let base = Base::clean().replace(
        C2,
        "input = { ngay_bao_cao = \"02/12/2024\" }",
        "input = { ngay_bao_cao = \"Có lẽ\" }",
    );
    base.assert_finding("case/invalid-input", C2, base.line(C2, "\"Có lẽ\""), 2);
}

#[test]
fn case_invalid_level() {
    let base = Base::clean().replace(C1, "level = \"xa\"", "level = \"tinh\"");
    base.assert_finding(
        "case/invalid-level",
        C1,
        base.line(C1, "level = \"tinh\""),
        2,
    );
}

#[test]
fn case_empty_expect() {
    let base = Base::clean().replace(
        C2,
        "expect = { band = \"khong_bao_cao\", points = \"0\" }",
        "expect = {}",
    );
    base.assert_finding("case/empty-expect", C2, base.case(C2, "không báo cáo"), 2);
}

// Warnings at load time: the ruleset still scores, so exit 1.

#[test]
fn legal_missing_basis() {
    let base = Base::clean().cut(C2, "[[legal_basis]]", "[evidence.");
    base.assert_finding("legal/missing-basis", C2, base.line(C2, "id = \"2\""), 1);
}

#[test]
fn legal_empty_quote() {
    let base = Base::clean().replace(C1, "quote = \"Điều 1. Văn bản mẫu.\"", "quote = \" \"");
    base.assert_finding("legal/missing-quote", C1, base.line(C1, "quote = \" \""), 1);
}

// ---------------------------------------------------------------------------
// Overlays and rules roots
// ---------------------------------------------------------------------------

fn write_overlay(dir: &Path, body: &str) -> PathBuf {
    write_file(
        dir,
        "overlay.toml",
        format!("id = \"thu\"\ntitle = \"Thử\"\nruleset = \"corpus\"\n{body}"),
    )
}

#[test]
fn an_overlay_that_opens_a_gap_is_reported_at_the_band_below_it() {
    let base = Base::clean();
    let overlay = write_overlay(
        base._tmp.path(),
        "\n[criterion.\"1\".band.mot_phan]\nat_least = \"60%\"\n",
    );
    let run = run([
        "check",
        "--rules",
        arg(&base.dir),
        "--overlay",
        arg(&overlay),
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let report = &run.json()[0];
    assert_eq!(report["ruleset"], "corpus");
    assert_eq!(report["usable"], true);
    let gaps: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "band/gap")
        .map(|f| {
            (
                f["location"]["file"].as_str().unwrap(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // The gap [50%; 60%) is shown at the band just below it, in the rule file.
    assert_eq!(
        gaps,
        [(arg(&base.path(C1)), base.band(C1, "duoi_50") as u64)],
        "{report:#}"
    );
}

#[test]
fn an_overlay_naming_an_unknown_band_is_unusable() {
    let base = Base::clean();
    let overlay = write_overlay(
        base._tmp.path(),
        "\n[criterion.\"1\".band.khong_co]\npoints = \"0.10\"\n",
    );
    let run = run([
        "check",
        "--rules",
        arg(&base.dir),
        "--overlay",
        arg(&overlay),
    ]);
    run.expect_code(2);
    assert!(
        run.stdout.contains("error[overlay/unknown-band]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{}:5:", overlay.display())),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rules_root_checks_every_ruleset_and_its_overlays() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("rules"), tmp.path());
    let broken = tmp.path().join("overlays/xau.toml");
    std::fs::write(
        &broken,
        "id = \"xau\"\ntitle = \"x\"\nruleset = \"khong-co\"\n",
    )
    .unwrap();
    let run = run(["check", "--rules", arg(tmp.path()), "--format", "json"]);
    run.expect_code(2);
    let reports = run.json();
    let summary: Vec<(String, bool)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{}{}",
                    r["ruleset"].as_str().unwrap(),
                    r["overlay"]
                        .as_str()
                        .map(|p| format!(
                            " + {}",
                            Path::new(p).file_name().unwrap().to_string_lossy()
                        ))
                        .unwrap_or_default()
                ),
                r["usable"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("tdthpl-2018-2019", true),
        ("tdthpl-2020-2024", true),
        ("tdthpl-2025", true),
        ("tdthpl-2020-2024 + binh-duong-2020.toml", true),
        ("tdthpl-2020-2024 + tinh-mau-2024.toml", true),
        ("khong-co + xau.toml", false),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(s, b)| (s.to_string(), *b)).collect();
    assert_eq!(summary, expected);
}

#[test]
fn a_directory_without_rulesets_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run(["check", "--rules", arg(tmp.path())]);
    run.expect_code(2);
    assert!(run.stderr.contains("holds no ruleset"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Documentation
// ---------------------------------------------------------------------------

/// Every `"prefix/name"` string literal in `src/` whose prefix is a diagnostic family.
fn codes_in_source(dir: &Path, out: &mut Vec<String>) {
    const FAMILIES: [&str; 13] = [
        "toml",
        "value",
        "level",
        "ruleset",
        "overlay",
        "criterion",
        "evidence",
        "band",
        "script",
        "param",
        "case",
        "legal",
        "path",
    ];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            codes_in_source(&path, out);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            if let Some((family, name)) = literal.split_once('/')
                && FAMILIES.contains(&family)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !out.iter().any(|c| c == literal)
            {
                out.push(literal.to_string());
            }
        }
    }
}

#[test]
fn every_code_is_documented_with_a_wrong_and_a_right_example() {
    let mut codes = Vec::new();
    codes_in_source(&repo_path("src"), &mut codes);
    assert!(codes.len() > 40, "found the codes: {codes:?}");
    let readme = std::fs::read_to_string(repo_path("rules/README.md")).unwrap();
    for code in &codes {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "{code} is used in src/ but missing from the table in rules/README.md"
        );
        let heading = format!("#### `{code}`\n");
        let at = readme
            .find(&heading)
            .unwrap_or_else(|| panic!("rules/README.md has no example section for {code}"));
        let section = &readme[at + heading.len()..];
        let section = &section[..section.find("\n#### ").unwrap_or(section.len())];
        assert!(
            section.contains("# Sai / wrong") && section.contains("# Đúng / right"),
            "the example of {code} shows a wrong and a right version"
        );
    }
}
