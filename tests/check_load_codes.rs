//! `cchc check` reports each load-time diagnostic code: one test per code, each
//! breaking a scratch copy of the corpus's minimal ruleset (`tests/corpus/base/`,
//! made clean by `Base::clean`) in one place and asserting the code, its file and
//! line, and the exit code (2: the ruleset cannot score; 1 for load-time warnings).

mod check_support;
mod common;

use check_support::*;
use common::*;
use serde_json::Value;

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
