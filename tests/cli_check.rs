//! `cchc check`: one test per diagnostic code, each breaking a copy of the shipped
//! 2020–2024 ruleset in one place and asserting the code, its file and line, and the
//! exit code; plus the clean shipped rules, text rendering, overlays and JSON.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const C11: &str = "1-hoat-dong/1.1-ke-hoach.toml";
const C12: &str = "1-hoat-dong/1.2-thu-thap-thong-tin.toml";
const C13: &str = "1-hoat-dong/1.3-kiem-tra.toml";
const C14: &str = "1-hoat-dong/1.4-dieu-tra-khao-sat.toml";
const C21: &str = "2-xu-ly-ket-qua/2.1-xu-ly-ket-qua.toml";
const HEADER: &str = "ruleset.toml";

/// `cchc check --format json` on one ruleset: exit code and its findings as
/// `(code, severity, file name, line)`.
fn check_json(dir: &Path) -> (i32, Vec<(String, String, String, u64)>) {
    let run = run(["check", "--rules", arg(dir), "--format", "json"]);
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

/// Breaks `file` of a fresh copy with `edit`, runs check, and asserts that `code`
/// is reported at the line of `at` (in the edited file) with the exit code.
fn assert_finding(
    code: &str,
    file: &str,
    edit: impl FnOnce(&Path),
    at: impl FnOnce(&Path) -> usize,
    exit: i32,
) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    let path = dir.join(file);
    edit(&path);
    let line = at(&path) as u64;
    let (got_exit, findings) = check_json(&dir);
    let name = Path::new(file).file_name().unwrap().to_string_lossy();
    assert!(
        findings
            .iter()
            .any(|(c, _, f, l)| c == code && *f == name && *l == line),
        "{code} expected at {name}:{line}; got {findings:#?}"
    );
    assert_eq!(
        got_exit, exit,
        "exit code for {code}; findings {findings:#?}"
    );
}

fn replace(from: &'static str, to: &'static str) -> impl FnOnce(&Path) {
    move |p: &Path| {
        replace_once(p, from, to);
    }
}

fn line(needle: &'static str) -> impl FnOnce(&Path) -> usize {
    move |p: &Path| line_of(p, needle)
}

fn band(key: &'static str) -> impl FnOnce(&Path) -> usize {
    move |p: &Path| band_points_line(p, key)
}

fn case(name: &'static str) -> impl FnOnce(&Path) -> usize {
    move |p: &Path| case_line(p, name)
}

fn append(text: &'static str) -> impl FnOnce(&Path) {
    move |p: &Path| {
        let mut s = std::fs::read_to_string(p).unwrap();
        s.push_str(text);
        std::fs::write(p, s).unwrap();
    }
}

// ---------------------------------------------------------------------------
// The clean case
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
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    let (exit, findings) = check_json(&dir);
    assert_eq!((exit, findings), (0, vec![]));
}

// ---------------------------------------------------------------------------
// Lints over a model that loads (exit 1)
// ---------------------------------------------------------------------------

#[test]
fn band_gap() {
    assert_finding(
        "band/gap",
        C13,
        replace(
            "at_least = \"50%\"\nbelow = \"100%\"",
            "at_least = \"60%\"\nbelow = \"100%\"",
        ),
        band("duoi_50"),
        1,
    );
}

#[test]
fn band_gap_message_names_the_interval() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    replace_once(
        &dir.join(C13),
        "at_least = \"50%\"\nbelow = \"100%\"",
        "at_least = \"60%\"\nbelow = \"100%\"",
    );
    let run = run(["check", "--rules", arg(&dir)]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "error[band/gap]: tiêu chí 1.3: không mức nào chứa giá trị [50%; 60%) (ví dụ 50%)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn band_overlap() {
    assert_finding(
        "band/overlap",
        C13,
        replace(
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"0%\"\nat_most = \"50%\"",
        ),
        band("duoi_50"),
        1,
    );
}

#[test]
fn band_unreachable_when_shadowed_by_an_earlier_band() {
    assert_finding(
        "band/unreachable",
        C13,
        replace(
            "at_least = \"0%\"\nbelow = \"50%\"",
            "at_least = \"50%\"\nbelow = \"60%\"",
        ),
        band("duoi_50"),
        1,
    );
}

#[test]
fn band_unreachable_when_the_script_never_returns_its_key() {
    assert_finding(
        "band/unreachable",
        C13,
        replace("} else {\n    \"khong_kiem_tra\"\n}", "} else {\n    0\n}"),
        band("khong_kiem_tra"),
        1,
    );
}

#[test]
fn band_missing_clause() {
    assert_finding(
        "band/missing-clause",
        C13,
        replace(
            "clause = \"Thực hiện dưới 50% số cuộc kiểm tra theo Kế hoạch\"",
            "clause = \"\"",
        ),
        band("duoi_50"),
        1,
    );
}

#[test]
fn case_none() {
    assert_finding(
        "case/none",
        C14,
        |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let cut = text.find("[[case]]").unwrap();
            std::fs::write(p, &text[..cut]).unwrap();
        },
        line("id = \"1.4\""),
        1,
    );
}

#[test]
fn case_year_outside() {
    assert_finding(
        "case/year-outside",
        C11,
        replace(
            "input = { ngay_ban_hanh_ke_hoach = \"10/01/2024\" }\nyear = 2024",
            "input = { ngay_ban_hanh_ke_hoach = \"10/01/2019\" }\nyear = 2019",
        ),
        case("ban hành sớm"),
        1,
    );
}

#[test]
fn case_failed() {
    assert_finding(
        "case/failed",
        C11,
        replace(
            "expect = { band = \"cham_den_10_ngay\", points = \"0.15\", status = \"partial\" }",
            "expect = { band = \"dung_han\", points = \"0.15\", status = \"partial\" }",
        ),
        case("chậm 1 ngày"),
        1,
    );
}

#[test]
fn case_missing_band() {
    assert_finding(
        "case/missing-band",
        C11,
        |p| {
            remove_case(p, "chậm 11 ngày");
        },
        band("cham_tren_10_ngay"),
        1,
    );
}

#[test]
fn legal_missing_quote() {
    assert_finding(
        "legal/missing-quote",
        C12,
        |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("quote =")).collect();
            std::fs::write(p, kept.join("\n") + "\n").unwrap();
        },
        line("[[legal_basis]]"),
        1,
    );
}

#[test]
fn legal_unverified_without_note() {
    assert_finding(
        "legal/unverified-without-note",
        C13,
        replace(
            "note = \"Tiêu đề 'Kiểm tra tình hình thi hành pháp luật' và số điều chưa kiểm chứng.\"\n",
            "",
        ),
        line("document = \"Nghị định 59/2012/NĐ-CP\""),
        1,
    );
}

#[test]
fn script_points_literal() {
    assert_finding(
        "script/points-literal",
        C13,
        replace(
            "so_cuoc_kiem_tra_thuc_hien > 0 {",
            "so_cuoc_kiem_tra_thuc_hien > 0.5 {",
        ),
        line("> 0.5 {"),
        1,
    );
}

#[test]
fn evidence_unused() {
    assert_finding(
        "evidence/unused",
        C12,
        replace(
            "[evidence.thu_thap_thong_tin]",
            "[evidence.ghi_chu]\ntype = \"text\"\nlabel = \"Ghi chú\"\nrequired = false\n\n[evidence.thu_thap_thong_tin]",
        ),
        line("[evidence.ghi_chu]"),
        1,
    );
}

#[test]
fn param_unused() {
    assert_finding(
        "param/unused",
        HEADER,
        append(
            "\n[params.han_khong_dung]\ntype = \"integer\"\nvalue = 5\nbasis = \"mẫu\"\nstatus = \"provincial_choice\"\n",
        ),
        line("[params.han_khong_dung]"),
        1,
    );
}

// ---------------------------------------------------------------------------
// Load-time findings: the ruleset cannot score (exit 2)
// ---------------------------------------------------------------------------

#[test]
fn toml_invalid() {
    assert_finding(
        "toml/invalid",
        C12,
        replace(
            "[[band]]\nkey = \"co_thuc_hien\"",
            "[[band]\nkey = \"co_thuc_hien\"",
        ),
        line("[[band]\n"),
        2,
    );
}

#[test]
fn toml_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    let path = dir.join(C12);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"# \xff\xfe\n");
    std::fs::write(&path, bytes).unwrap();
    let run = run(["check", "--rules", arg(&dir), "--format", "json"]);
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
    assert_finding(
        "value/points-not-string",
        C12,
        replace(
            "key = \"co_thuc_hien\"\npoints = \"0.25\"",
            "key = \"co_thuc_hien\"\npoints = 0.25",
        ),
        line("points = 0.25"),
        2,
    );
}

#[test]
fn value_threshold_not_string() {
    assert_finding(
        "value/threshold-not-string",
        C13,
        replace("at_least = \"50%\"", "at_least = 0.5"),
        line("at_least = 0.5"),
        2,
    );
}

#[test]
fn value_invalid_decimal() {
    assert_finding(
        "value/invalid-decimal",
        C12,
        replace(
            "key = \"co_thuc_hien\"\npoints = \"0.25\"",
            "key = \"co_thuc_hien\"\npoints = \"0,2x\"",
        ),
        line("points = \"0,2x\""),
        2,
    );
}

#[test]
fn value_negative_points() {
    assert_finding(
        "value/negative-points",
        C12,
        replace(
            "key = \"khong_thuc_hien\"\npoints = \"0\"",
            "key = \"khong_thuc_hien\"\npoints = \"-0.05\"",
        ),
        line("points = \"-0.05\""),
        2,
    );
}

#[test]
fn level_unknown() {
    assert_finding(
        "level/unknown",
        C12,
        replace(
            "applies_to = [\"so\", \"huyen\", \"xa\"]",
            "applies_to = [\"so\", \"tinh\"]",
        ),
        line("applies_to"),
        2,
    );
}

#[test]
fn level_duplicate() {
    assert_finding(
        "level/duplicate",
        C12,
        replace(
            "applies_to = [\"so\", \"huyen\", \"xa\"]",
            "applies_to = [\"so\", \"so\", \"xa\"]",
        ),
        line("applies_to"),
        2,
    );
}

#[test]
fn level_not_in_ruleset() {
    assert_finding(
        "level/not-in-ruleset",
        C12,
        |p| {
            let header = p.parent().unwrap().parent().unwrap().join(HEADER);
            replace_once(
                &header,
                "levels = [\"so\", \"huyen\", \"xa\"]",
                "levels = [\"so\", \"huyen\"]",
            );
        },
        line("applies_to"),
        2,
    );
}

#[test]
fn ruleset_invalid_years() {
    assert_finding(
        "ruleset/invalid-years",
        HEADER,
        replace("years = [2020, 2024]", "years = [2024, 2020]"),
        line("years ="),
        2,
    );
}

#[test]
fn ruleset_max_mismatch() {
    assert_finding(
        "ruleset/max-mismatch",
        HEADER,
        replace("max_points = \"0.75\"", "max_points = \"0.80\""),
        line("max_points = \"0.80\""),
        2,
    );
}

#[test]
fn ruleset_ungrouped_criterion() {
    assert_finding(
        "ruleset/ungrouped-criterion",
        C12,
        replace("id = \"1.2\"", "id = \"3.2\""),
        line("max_points"),
        2,
    );
}

#[test]
fn criterion_duplicate_id() {
    assert_finding(
        "criterion/duplicate-id",
        C13,
        replace("id = \"1.3\"", "id = \"1.2\""),
        line("max_points"),
        2,
    );
}

#[test]
fn criterion_missing_level_max() {
    assert_finding(
        "criterion/missing-level-max",
        C12,
        replace(
            "max_points = \"0.25\"",
            "max_points = { so = \"0.25\", huyen = \"0.25\" }",
        ),
        line("max_points"),
        2,
    );
}

#[test]
fn evidence_invalid_id() {
    assert_finding(
        "evidence/invalid-id",
        C12,
        replace("[evidence.thu_thap_thong_tin]", "[evidence.Thu-thap]"),
        line("[evidence.Thu-thap]"),
        2,
    );
}

#[test]
fn evidence_type_conflict() {
    assert_finding(
        "evidence/type-conflict",
        C14,
        replace(
            "[evidence.dieu_tra_khao_sat]",
            "[evidence.thu_thap_thong_tin]\ntype = \"date\"\nlabel = \"x\"\nrequired = false\n\n[evidence.dieu_tra_khao_sat]",
        ),
        line("[evidence.thu_thap_thong_tin]"),
        2,
    );
}

#[test]
fn band_none() {
    assert_finding(
        "band/none",
        C12,
        |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let (start, end) = (text.find("[[band]]").unwrap(), text.find("[rule]").unwrap());
            std::fs::write(p, format!("{}{}", &text[..start], &text[end..])).unwrap();
        },
        line("id = \"1.2\""),
        2,
    );
}

#[test]
fn band_duplicate_key() {
    assert_finding(
        "band/duplicate-key",
        C12,
        replace("key = \"khong_thuc_hien\"", "key = \"co_thuc_hien\""),
        |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let second = text.rfind("key = \"co_thuc_hien\"").unwrap();
            text[..second].matches('\n').count() + 1
        },
        2,
    );
}

#[test]
fn band_missing_level_points() {
    assert_finding(
        "band/missing-level-points",
        C12,
        replace(
            "key = \"khong_thuc_hien\"\npoints = \"0\"",
            "key = \"khong_thuc_hien\"\npoints = { so = \"0\" }",
        ),
        line("points = { so"),
        2,
    );
}

#[test]
fn band_points_out_of_range() {
    assert_finding(
        "band/points-out-of-range",
        C12,
        replace(
            "key = \"khong_thuc_hien\"\npoints = \"0\"",
            "key = \"khong_thuc_hien\"\npoints = \"0.30\"",
        ),
        line("points = \"0.30\""),
        2,
    );
}

#[test]
fn band_top_below_max() {
    assert_finding(
        "band/top-below-max",
        C12,
        replace(
            "key = \"co_thuc_hien\"\npoints = \"0.25\"",
            "key = \"co_thuc_hien\"\npoints = \"0.20\"",
        ),
        line("max_points"),
        2,
    );
}

#[test]
fn band_too_precise() {
    assert_finding(
        "band/too-precise",
        C12,
        replace(
            "key = \"khong_thuc_hien\"\npoints = \"0\"",
            "key = \"khong_thuc_hien\"\npoints = \"0.125\"",
        ),
        line("points = \"0.125\""),
        2,
    );
}

#[test]
fn band_inverted_bounds() {
    assert_finding(
        "band/inverted-bounds",
        C13,
        replace(
            "at_least = \"50%\"\nbelow = \"100%\"",
            "at_least = \"100%\"\nbelow = \"50%\"",
        ),
        band("tu_50_den_duoi_100"),
        2,
    );
}

#[test]
fn band_two_upper_bounds() {
    assert_finding(
        "band/two-upper-bounds",
        C13,
        replace(
            "at_least = \"50%\"\nbelow = \"100%\"",
            "at_least = \"50%\"\nbelow = \"100%\"\nat_most = \"99%\"",
        ),
        band("tu_50_den_duoi_100"),
        2,
    );
}

#[test]
fn script_compile() {
    assert_finding(
        "script/compile",
        C12,
        replace("if thu_thap_thong_tin {", "if thu_thap_thong_tin {{"),
        line("if thu_thap_thong_tin {{"),
        2,
    );
}

#[test]
fn script_undeclared_variable() {
    assert_finding(
        "script/undeclared-variable",
        C12,
        replace("if thu_thap_thong_tin {", "if thu_thap {"),
        line("if thu_thap {"),
        2,
    );
}

#[test]
fn script_unknown_param() {
    assert_finding(
        "script/unknown-param",
        C11,
        replace("params.han_ke_hoach, ngay", "params.han_khac, ngay"),
        line("params.han_khac"),
        2,
    );
}

#[test]
fn param_invalid_name() {
    assert_finding(
        "param/invalid-name",
        HEADER,
        append(
            "\n[params.Han-Sai]\ntype = \"integer\"\nvalue = 5\nbasis = \"mẫu\"\nstatus = \"provincial_choice\"\n",
        ),
        line("[params.Han-Sai]"),
        2,
    );
}

#[test]
fn param_invalid_type() {
    assert_finding(
        "param/invalid-type",
        HEADER,
        append(
            "\n[params.han_x]\ntype = \"hour\"\nvalue = 5\nbasis = \"mẫu\"\nstatus = \"provincial_choice\"\n",
        ),
        line("type = \"hour\""),
        2,
    );
}

#[test]
fn param_invalid_value() {
    assert_finding(
        "param/invalid-value",
        HEADER,
        replace("value = \"31/01\"", "value = \"31/02\""),
        line("value = \"31/02\""),
        2,
    );
}

#[test]
fn case_unknown_band() {
    assert_finding(
        "case/unknown-band",
        C12,
        replace(
            "expect = { band = \"khong_thuc_hien\"",
            "expect = { band = \"khong_co\"",
        ),
        line("band = \"khong_co\""),
        2,
    );
}

#[test]
fn case_unknown_field() {
    assert_finding(
        "case/unknown-field",
        C12,
        replace(
            "input = { thu_thap_thong_tin = \"Không\" }",
            "input = { thu_thap = \"Không\" }",
        ),
        line("input = { thu_thap = "),
        2,
    );
}

#[test]
fn case_invalid_input() {
    assert_finding(
        "case/invalid-input",
        C12,
        replace(
            "input = { thu_thap_thong_tin = \"Không\" }",
            "input = { thu_thap_thong_tin = \"Có lẽ\" }",
        ),
        line("\"Có lẽ\""),
        2,
    );
}

#[test]
fn case_invalid_level() {
    assert_finding(
        "case/invalid-level",
        C12,
        replace("level = \"xa\"", "level = \"tinh\""),
        line("level = \"tinh\""),
        2,
    );
}

#[test]
fn case_empty_expect() {
    assert_finding(
        "case/empty-expect",
        C12,
        replace(
            "expect = { points = \"0\", status = \"missing_evidence\" }",
            "expect = {}",
        ),
        case("bỏ trống: thiếu minh chứng"),
        2,
    );
}

// Warnings at load time: the ruleset still scores, so exit 1.

#[test]
fn legal_missing_basis() {
    assert_finding(
        "legal/missing-basis",
        C21,
        |p| {
            let text = std::fs::read_to_string(p).unwrap();
            let start = text.find("[[legal_basis]]").unwrap();
            let end = text.find("[evidence.").unwrap();
            std::fs::write(p, format!("{}{}", &text[..start], &text[end..])).unwrap();
        },
        line("id = \"2.1\""),
        1,
    );
}

#[test]
fn legal_empty_quote() {
    assert_finding(
        "legal/missing-quote",
        C13,
        replace("quote = \"Kiểm tra tình hình THPL\"", "quote = \" \""),
        line("quote = \" \""),
        1,
    );
}

// ---------------------------------------------------------------------------
// One broken copy, several faults: each reported at its own line
// ---------------------------------------------------------------------------

#[test]
fn a_broken_copy_of_a_shipped_criterion_yields_each_code_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    let path = dir.join(C11);
    // Wrong band points, an undeclared variable, a band no one can reach, no quote.
    replace_once(
        &path,
        "key = \"cham_den_10_ngay\"\npoints = \"0.15\"",
        "key = \"cham_den_10_ngay\"\npoints = \"0.35\"",
    );
    replace_once(
        &path,
        "days_between(params.han_ke_hoach, ngay_ban_hanh_ke_hoach)",
        "days_between(params.han_ke_hoach, ngay_ban_hanh)",
    );
    replace_once(
        &path,
        "[[band]]\nkey = \"khong_ban_hanh\"",
        "[[band]]\nkey = \"bi_huy\"\npoints = \"0\"\nclause = \"Kế hoạch bị hủy\"\n\n[[band]]\nkey = \"khong_ban_hanh\"",
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let text: Vec<&str> = text.lines().filter(|l| !l.starts_with("quote =")).collect();
    std::fs::write(&path, text.join("\n") + "\n").unwrap();

    let (exit, findings) = check_json(&dir);
    assert_eq!(exit, 2);
    let got: Vec<(String, u64)> = findings
        .iter()
        .map(|(code, _, _, line)| (code.clone(), *line))
        .collect();
    let expected = [
        (
            "band/points-out-of-range",
            band_points_line(&path, "cham_den_10_ngay"),
        ),
        ("band/unreachable", band_points_line(&path, "bi_huy")),
        (
            "script/undeclared-variable",
            line_of(&path, "ngay_ban_hanh)"),
        ),
        ("legal/missing-quote", line_of(&path, "[[legal_basis]]")),
    ];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(c, l)| (c.to_string(), *l as u64))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn text_output_underlines_the_source() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    let path = dir.join(C12);
    replace_once(
        &path,
        "key = \"khong_thuc_hien\"\npoints = \"0\"",
        "key = \"khong_thuc_hien\"\npoints = \"0.30\"",
    );
    let line = line_of(&path, "points = \"0.30\"");
    let run = run(["check", "--rules", arg(&dir)]);
    run.expect_code(2);
    let expected = format!(
        "error[band/points-out-of-range]: tiêu chí 1.2, mức 'khong_thuc_hien', cấp so, huyen, xa: 0.30 điểm vượt điểm tối đa 0.25 / band 'khong_thuc_hien' at level so, huyen, xa: 0.30 points exceed the maximum 0.25\n  --> {}:{line}:10\n   |\n{line} | points = \"0.30\"\n   |          ^^^^^^\n",
        path.display()
    );
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    assert!(run.stdout.ends_with(&format!(
        "tdthpl-2020-2024 ({}): 1 lỗi, 0 cảnh báo / 1 error(s), 0 warning(s): KHÔNG DÙNG ĐƯỢC / UNUSABLE\n",
        dir.display()
    )));
}

// ---------------------------------------------------------------------------
// Overlays and arguments
// ---------------------------------------------------------------------------

fn write_overlay(dir: &Path, body: &str) -> PathBuf {
    write_file(
        dir,
        "overlay.toml",
        format!("id = \"thu\"\ntitle = \"Thử\"\nruleset = \"tdthpl-2020-2024\"\n{body}"),
    )
}

#[test]
fn an_overlay_that_opens_a_gap_is_reported_at_the_overlay_line() {
    let tmp = tempfile::tempdir().unwrap();
    let overlay = write_overlay(
        tmp.path(),
        "\n[criterion.\"1.3\".band.tu_50_den_duoi_100]\nat_least = \"60%\"\n",
    );
    let run = run(["check", "--overlay", arg(&overlay), "--format", "json"]);
    run.expect_code(1);
    let report = &run.json()[0];
    assert_eq!(report["ruleset"], "tdthpl-2020-2024");
    assert_eq!(report["usable"], true);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"band/gap"), "{codes:?}");
}

#[test]
fn an_overlay_naming_an_unknown_band_is_unusable() {
    let tmp = tempfile::tempdir().unwrap();
    let overlay = write_overlay(
        tmp.path(),
        "\n[criterion.\"1.3\".band.khong_co]\npoints = \"0.10\"\n",
    );
    let run = run([
        "check",
        "--rules",
        "rules/tdthpl-2020-2024",
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
