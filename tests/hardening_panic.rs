//! Issue #13, panic-freedom audit: numbers from a rule file reach `cchc gen`'s
//! arithmetic unchecked no more (a decimal bound near `Decimal::MAX` once panicked
//! with "Multiplication overflowed"; a day parameter near `i64::MAX` overflowed).

mod common;

use common::*;
use std::path::Path;

/// A scratch copy of the shipped 2025 ruleset, edited by `edit(path, text)`.
fn ruleset_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo_path("rules/tdthpl-2025"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("rule file");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit applies");
    std::fs::write(&path, edited).expect("write rule file");
    dir
}

fn generate(rules: &Path, out: &Path) -> Run {
    run([
        "gen",
        "--rules",
        arg(rules),
        "--units",
        "300",
        "-o",
        arg(out),
    ])
}

/// The cells of column `name` in a `;`-separated file.
fn column_of(csv: &str, name: &str) -> Vec<String> {
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(';').collect();
    let at = header.iter().position(|h| *h == name).expect("column");
    lines
        .map(|l| l.split(';').nth(at).unwrap_or_default().to_string())
        .collect()
}

#[test]
fn gen_with_a_decimal_bound_near_decimal_max_does_not_panic() {
    let rules = ruleset_with("2-kien-nghi/2.1-xu-ly-kien-nghi.toml", |text| {
        text.replacen(
            "[evidence.so_kien_nghi_tiep_nhan]\ntype = \"integer\"",
            "[evidence.so_kien_nghi_tiep_nhan]\ntype = \"decimal\"",
            1,
        )
        .replacen(
            "báo cáo năm\"\nmax = 10000",
            "báo cáo năm\"\nmax = \"79228162514264337593543950335\"",
            1,
        )
        .replace("at_most_field = \"so_kien_nghi_tiep_nhan\"\n", "")
    });
    let out = tempfile::tempdir().expect("tempdir");
    let csv = out.path().join("g.csv");
    let r = generate(rules.path(), &csv);
    r.expect_code(0);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let text = std::fs::read_to_string(&csv).expect("output");
    let cells = column_of(&text, "so_kien_nghi_tiep_nhan");
    assert_eq!(cells.len(), 300);
    // Drawn within [0, max], not pinned to zero by the overflow.
    assert!(
        cells
            .iter()
            .filter(|c| !c.is_empty())
            .any(|c| c.trim_start_matches('0').len() > 10),
        "{cells:?}"
    );
}

#[test]
fn gen_with_a_day_parameter_near_i64_max_does_not_overflow() {
    let rules = ruleset_with("ruleset.toml", |text| {
        text.replacen(
            "type = \"integer\"\nvalue = 30\n",
            "type = \"integer\"\nvalue = 9223372036854775807\n",
            1,
        )
    });
    let out = tempfile::tempdir().expect("tempdir");
    let csv = out.path().join("g.csv");
    let r = generate(rules.path(), &csv);
    r.expect_code(0);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let text = std::fs::read_to_string(&csv).expect("output");
    assert_eq!(column_of(&text, "ngay_bao_cao_xu_ly").len(), 300);
}
