//! Issue #13, decimal arithmetic, the script namespace and the rule model: the cases
//! the one-file corpus cannot express (a criterion with a decimal field and matching
//! evidence, several report formats, `cchc check`, an overlay in NFD).

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A scratch copy of the corpus base (`rules/`, `evidence.csv`).
fn base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo_path("tests/corpus/base"), dir.path());
    dir
}

fn score(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "score".to_string(),
        "--rules".into(),
        arg(&dir.join("rules")).into(),
        "--evidence".into(),
        arg(&dir.join("evidence.csv")).into(),
        "--year".into(),
        "2024".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    run(args)
}

/// Adds criterion 3, reading a decimal field `ty_le` (a share in [0, 1]).
fn add_decimal_criterion(dir: &Path) -> PathBuf {
    write_file(
        &dir.join("rules"),
        "3-ty-le.toml",
        r#"id = "3"
title = "Tỷ lệ"
max_points = "0.25"
applies_to = ["so", "huyen", "xa"]

[[legal_basis]]
document = "Văn bản mẫu"
status = "unverified"

[evidence.ty_le]
type = "decimal"
label = "Tỷ lệ"
required = true

[[band]]
key = "dat"
points = "0.25"
clause = "Từ 0 trở lên"
at_least = 0

[[band]]
key = "am"
points = "0"
clause = "Âm"
below = 0

[rule]
metric = "tỷ lệ"
metric_unit = "count"
script = "ty_le"
"#,
    )
}

#[test]
fn an_evidence_decimal_with_29_places_is_a_cell_error_not_zero() {
    let dir = base();
    add_decimal_criterion(dir.path());
    // Decimal::from_str rounds -0.000…01 (29 places) to 0: band `dat`, full points.
    let tiny = format!("-0,{}1", "0".repeat(28));
    write_file(
        dir.path(),
        "evidence.csv",
        format!(
            "ma_don_vi;ten_don_vi;cap;nam;so_ke_hoach;so_thuc_hien;ngay_bao_cao;ty_le\n\
             SO-A;Sở Tư pháp;so;2024;4;4;25/11/2024;{tiny}\n\
             XA-C;Xã An Bình;xa;2024;0;0;;0,5\n"
        ),
    );
    let out = score(dir.path(), &["--format", "json"]);
    out.expect_code(1);
    let report = out.json();
    let so = criterion(unit(&report, "SO-A"), "3");
    assert_eq!(so["status"], "error", "{so}");
    let why = so["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("more than 28 decimal places"), "{why}");
    assert!(
        out.stderr.contains("evidence.csv")
            && out.stderr.contains("dòng/row 2")
            && out.stderr.contains("(ty_le)"),
        "{}",
        out.stderr
    );
    // The other unit is scored.
    assert_eq!(criterion(unit(&report, "XA-C"), "3")["status"], "full");
}

#[test]
fn a_level_no_criterion_applies_to_is_warned_of() {
    let dir = base();
    for file in ["1-kiem-tra.toml", "2-bao-cao.toml"] {
        replace_once(
            &dir.path().join("rules").join(file),
            r#"applies_to = ["so", "huyen", "xa"]"#,
            r#"applies_to = ["so", "xa"]"#,
        );
    }
    let out = score(dir.path(), &["--format", "csv"]);
    out.expect_code(0);
    assert!(
        out.stderr.contains("warning[ruleset/level-unscored]")
            && out.stderr.contains("no criterion applies to level huyen"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_unit_exempt_from_everything_is_shown_exempt_in_every_format() {
    let dir = base();
    write_file(
        dir.path(),
        "overlay.toml",
        "id = \"x\"\ntitle = \"x\"\nruleset = \"corpus\"\n\n[[exempt]]\nunit = \"SO-A\"\ncriteria = [\"1\", \"2\"]\nreason = \"QĐ 1\"\n",
    );
    let overlay = dir.path().join("overlay.toml");
    for (format, needle) in [
        ("table", "miễn  SO-A"),
        ("md", "| miễn | SO-A |"),
        ("html", ">miễn</td><td>SO-A</td>"),
        ("wide", "SO-A,Sở Tư pháp,so,exempt,exempt,0.00,0.00,,"),
    ] {
        let out = score(
            dir.path(),
            &["--format", format, "--overlay", arg(&overlay)],
        );
        out.expect_code(0);
        assert!(out.stdout.contains(needle), "{format}: {}", out.stdout);
        assert!(!out.stdout.contains("lỗi  SO-A"), "{format}");
    }
    let xlsx = dir.path().join("r.xlsx");
    score(
        dir.path(),
        &[
            "--format",
            "xlsx",
            "--overlay",
            arg(&overlay),
            "-o",
            arg(&xlsx),
        ],
    )
    .expect_code(0);
    let found = sheet_names(&xlsx).iter().any(|sheet| {
        sheet_text(&xlsx, sheet).iter().any(|row| {
            row.first().map(String::as_str) == Some("miễn")
                && row.get(1).map(String::as_str) == Some("SO-A")
        })
    });
    assert!(found, "no sheet shows SO-A as miễn");
    // JSON and CSV: every criterion not_applicable with the exemption's reason.
    let report = score(
        dir.path(),
        &["--format", "json", "--overlay", arg(&overlay)],
    )
    .json();
    for c in ["1", "2"] {
        let r = criterion(unit(&report, "SO-A"), c);
        assert_eq!(r["status"], "not_applicable");
        assert!(
            r["explanation"]
                .as_str()
                .unwrap_or_default()
                .contains("miễn")
        );
    }
}

#[test]
fn check_survives_a_band_bound_at_decimal_max() {
    let dir = base();
    // A count band from Decimal::MAX up: sampling the piece above it once added 1.
    replace_once(
        &dir.path().join("rules/2-bao-cao.toml"),
        "at_least = 1",
        "at_least = \"79228162514264337593543950335\"",
    );
    let out = run(["check", "--rules", arg(&dir.path().join("rules"))]);
    assert_ne!(out.code, 101, "{}", out.stderr);
    assert!(
        out.stderr.contains("band/gap") || out.stdout.contains("band/gap"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
}

#[test]
fn an_overlay_names_bands_and_criteria_in_any_normal_form() {
    let dir = base();
    // The band key is declared NFC ("đủ"); the overlay writes it NFD.
    replace_once(
        &dir.path().join("rules/1-kiem-tra.toml"),
        "key = \"du\"",
        "key = \"đủ\"",
    );
    let nfd = "d\u{0309}u\u{0309}".replace("d\u{0309}", "đ");
    assert_ne!(nfd, "đủ");
    write_file(
        dir.path(),
        "overlay.toml",
        format!(
            "id = \"x\"\ntitle = \"x\"\nruleset = \"corpus\"\n\n[criterion.\"1\".band.\"{nfd}\"]\nclause = \"Đủ 100%\"\n"
        ),
    );
    let out = score(
        dir.path(),
        &[
            "--format",
            "csv",
            "--overlay",
            arg(&dir.path().join("overlay.toml")),
        ],
    );
    out.expect_code(0);
    assert!(out.stdout.contains("Đủ 100%"), "{}", out.stdout);
}

#[test]
fn a_closure_or_loop_rebinding_params_is_a_load_error() {
    for script in [
        "let f = |params| params.han_bao_cao;\\nif is_missing(ngay_bao_cao) { \\\"khong_bao_cao\\\" } else { days_between(f.call(#{ han_bao_cao: date(2099, 1, 1) }), ngay_bao_cao) }",
        "for year in 0..1 {}\\nif is_missing(ngay_bao_cao) { \\\"khong_bao_cao\\\" } else { days_between(params.han_bao_cao, ngay_bao_cao) }",
    ] {
        let dir = base();
        let file = dir.path().join("rules/2-bao-cao.toml");
        let text = std::fs::read_to_string(&file).expect("criterion 2");
        let start = text.find("script = '''").expect("a script");
        let end = text[start + 12..].find("'''").expect("its end") + start + 15;
        let text = format!("{}script = \"{script}\"{}", &text[..start], &text[end..]);
        std::fs::write(&file, text).expect("write");
        let out = score(dir.path(), &["--format", "csv"]);
        out.expect_code(2);
        assert!(
            out.stderr.contains("error[script/rebinds-input]"),
            "{script}: {}",
            out.stderr
        );
    }
}

#[test]
fn criterion_ids_differing_only_in_case_are_duplicates() {
    let dir = base();
    let rules = dir.path().join("rules");
    let text = std::fs::read_to_string(rules.join("1-kiem-tra.toml")).expect("criterion 1");
    std::fs::write(
        rules.join("1-kiem-tra.toml"),
        text.replacen(r#"id = "1""#, r#"id = "1a""#, 1),
    )
    .expect("write");
    std::fs::write(
        rules.join("3-hoa.toml"),
        text.replacen(r#"id = "1""#, r#"id = "1A""#, 1),
    )
    .expect("write");
    let out = score(dir.path(), &["--format", "csv"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("error[criterion/duplicate-id]")
            && out.stderr.contains("differing only in case"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_overlay_cannot_make_a_criterion_apply_to_nothing() {
    let dir = base();
    write_file(
        dir.path(),
        "overlay.toml",
        "id = \"t\"\ntitle = \"t\"\nruleset = \"corpus\"\n\n[criterion.\"1\"]\napplies_to = []\n",
    );
    let overlay = arg(&dir.path().join("overlay.toml")).to_string();
    let out = score(dir.path(), &["--format", "csv", "--overlay", &overlay]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("error[criterion/applies-to-nothing]")
            && out.stderr.contains("overlay.toml:5:1"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_exemption_of_an_absent_unit_is_warned_of_by_every_command() {
    let dir = base();
    write_file(
        dir.path(),
        "overlay.toml",
        "id = \"t\"\ntitle = \"t\"\nruleset = \"corpus\"\n\n[[exempt]]\nunit = \"SO-Z\"\ncriteria = [\"1\"]\nreason = \"gõ nhầm\"\n",
    );
    write_file(
        dir.path(),
        "tu-cham.csv",
        "ma_don_vi;tieu_chi;diem_tu_cham\nSO-A;1;0.25\n",
    );
    let overlay = arg(&dir.path().join("overlay.toml")).to_string();
    let self_scores = arg(&dir.path().join("tu-cham.csv")).to_string();
    let common = ["--overlay", overlay.as_str()];
    let runs = [
        vec!["explain", "--unit", "SO-A"],
        vec!["compare", "--self", self_scores.as_str()],
        vec!["score", "--unit", "HUYEN-B"],
    ];
    for extra in runs {
        let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        args.extend(common.iter().map(|s| s.to_string()));
        args.extend([
            "--rules".to_string(),
            arg(&dir.path().join("rules")).to_string(),
            "--evidence".to_string(),
            arg(&dir.path().join("evidence.csv")).to_string(),
            "--year".to_string(),
            "2024".to_string(),
        ]);
        let out = run(args);
        let warning = "exempts unit 'SO-Z', which is not in the evidence";
        assert_eq!(
            out.stderr.matches(warning).count(),
            1,
            "{extra:?}: {}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("unit 'SO-A', which"),
            "{extra:?}: {}",
            out.stderr
        );
    }
}
