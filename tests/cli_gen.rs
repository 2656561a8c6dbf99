//! `cchc gen`: synthetic evidence, driven through the binary and read back by
//! `cchc score` and `cchc template`.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// `cchc gen` for a year, into `path`; returns the file's bytes.
fn generate(path: &Path, year: &str, units: &str, seed: &str) -> Vec<u8> {
    run([
        "gen",
        "--year",
        year,
        "--units",
        units,
        "--seed",
        seed,
        "-o",
        arg(path),
    ])
    .expect_code(0);
    std::fs::read(path).expect("the generated file exists")
}

/// The rows of a generated file (header first), split on `;`; checks the BOM and CRLF.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("starts with a UTF-8 BOM, as Excel writes it");
    assert!(text.ends_with("\r\n"), "CRLF line ends");
    text.split("\r\n")
        .filter(|line| !line.is_empty())
        .map(|line| line.split(';').map(String::from).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("column {name} in the header {:?}", rows[0]))
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = generate(&dir.path().join("a.csv"), "2024", "500", "7");
    let b = generate(&dir.path().join("b.csv"), "2024", "500", "7");
    let c = generate(&dir.path().join("c.csv"), "2024", "500", "8");
    assert_eq!(a, b);
    assert_ne!(a, c);
    // stdout carries the same bytes as -o.
    let out = run(["gen", "--year", "2024", "--units", "500", "--seed", "7"]);
    out.expect_code(0);
    assert_eq!(out.stdout.as_bytes(), a.as_slice());
    assert!(out.stderr.contains("generated 500 units"), "{}", out.stderr);
}

#[test]
fn n_rows_of_every_level_with_excel_style_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = rows(&generate(&dir.path().join("g.csv"), "2024", "1000", "1"));
    assert_eq!(rows.len(), 1001, "header plus one row per unit");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));

    let cap = column(&rows, "cap");
    let levels: BTreeSet<&str> = rows[1..].iter().map(|r| r[cap].as_str()).collect();
    assert_eq!(levels, BTreeSet::from(["huyen", "so", "xa"]));
    let xa = rows[1..].iter().filter(|r| r[cap] == "xa").count();
    assert_eq!(xa, 850, "about 85% xã");

    let ids: BTreeSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids.len(), 1000, "unit ids are unique");
    let nam = column(&rows, "nam");
    assert!(rows[1..].iter().all(|r| r[nam] == "2024"));

    for name in BOOL_COLUMNS {
        let i = column(&rows, name);
        assert!(
            rows[1..]
                .iter()
                .all(|r| ["Có", "Không", ""].contains(&r[i].as_str()))
        );
    }
    for name in DATE_COLUMNS {
        let i = column(&rows, name);
        for r in &rows[1..] {
            let cell = &r[i];
            assert!(
                cell.is_empty() || (cell.len() == 10 && &cell[2..3] == "/" && &cell[5..6] == "/"),
                "{name}: {cell}"
            );
        }
    }
    // Booleans mostly Có.
    let info = column(&rows, "thu_thap_thong_tin");
    let yes = rows[1..].iter().filter(|r| r[info] == "Có").count();
    assert!(yes > 800, "{yes} Có of 1000");
}

#[test]
fn blanks_lateness_and_done_counts_look_like_real_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rows = rows(&generate(&dir.path().join("g.csv"), "2024", "2000", "3"));
    let data = &rows[1..];
    let blank = |name: &str| {
        let i = column(&rows, name);
        data.iter().filter(|r| r[i].is_empty()).count()
    };
    // A required field and an optional one, each blank for a few percent of units.
    let required = blank("thu_thap_thong_tin");
    let optional = blank("ngay_ban_hanh_ke_hoach");
    assert!((10..120).contains(&required), "{required}");
    assert!((30..200).contains(&optional), "{optional}");

    // Plans are mostly issued by the deadline (31/01/2024), some late.
    let plan = column(&rows, "ngay_ban_hanh_ke_hoach");
    let late = data
        .iter()
        .filter(|r| {
            let d = &r[plan];
            !d.is_empty() && (&d[6..] == "2024") && (&d[3..5] != "01")
        })
        .count();
    assert!((300..800).contains(&late), "{late} late plans of 2000");

    // Done counts are at most the planned ones for most units.
    let planned = column(&rows, "so_cuoc_kiem_tra_ke_hoach");
    let done = column(&rows, "so_cuoc_kiem_tra_thuc_hien");
    let pairs: Vec<(i64, i64)> = data
        .iter()
        .filter_map(|r| Some((r[planned].parse().ok()?, r[done].parse().ok()?)))
        .collect();
    let within = pairs.iter().filter(|(p, d)| d <= p).count();
    assert!(within * 100 >= pairs.len() * 85, "{within}/{}", pairs.len());
    assert!(within < pairs.len(), "some units did more than planned");

    // No request received: its dates stay blank.
    let request = column(&rows, "co_yeu_cau_xu_ly");
    let received = column(&rows, "ngay_nhan_yeu_cau_xu_ly");
    assert!(
        data.iter()
            .filter(|r| r[request] == "Không")
            .all(|r| r[received].is_empty())
    );
}

#[test]
fn every_generated_unit_scores_and_ranks_under_each_shipped_ruleset() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (year, levels) in [
        ("2019", vec!["huyen", "so", "xa"]),
        ("2024", vec!["huyen", "so", "xa"]),
        ("2025", vec!["so", "xa"]),
    ] {
        let path = dir.path().join(format!("{year}.csv"));
        generate(&path, year, "1500", "11");
        let out = run(["score", "--evidence", arg(&path), "--format", "json"]);
        out.expect_code(0);
        assert!(
            !out.stderr.contains("lỗi minh chứng"),
            "{year}: no evidence error: {}",
            out.stderr
        );
        let report = out.json();
        assert_eq!(report["year"], year.parse::<i64>().expect("year"));
        let all = units(&report);
        assert_eq!(all.len(), 1500, "{year}");
        let seen: BTreeSet<&str> = all
            .iter()
            .map(|u| u["level"].as_str().expect("level"))
            .collect();
        assert_eq!(seen, levels.into_iter().collect(), "{year}");
        for u in all {
            assert!(
                u["rank"].as_u64().is_some(),
                "{year}: {} is ranked",
                u["id"]
            );
            assert!(u["problems"].as_array().expect("problems").is_empty());
            assert!(
                !statuses(u).iter().any(|s| s == "error"),
                "{year}: {}",
                u["id"]
            );
        }
        let missing = all
            .iter()
            .flat_map(statuses)
            .filter(|s| s == "missing_evidence")
            .count();
        assert!(missing > 0, "{year}: some required evidence is blank");
    }
}

#[test]
fn the_header_is_the_templates_field_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    for year in ["2019", "2024", "2025"] {
        let template = run(["template", "--year", year]);
        template.expect_code(0);
        let ids: Vec<String> = template
            .stdout
            .lines()
            .nth(1)
            .expect("row 2 holds the column ids")
            .split(';')
            .filter(|c| !c.contains("__"))
            .map(String::from)
            .collect();
        let rows = rows(&generate(&dir.path().join("h.csv"), year, "3", "1"));
        assert_eq!(rows[0], ids, "{year}");
    }
}

#[test]
fn misuse_is_refused_with_exit_2_in_both_languages() {
    let out = run(["gen", "--year", "2016", "--units", "5"]);
    out.expect_code(2);
    assert!(out.stdout.is_empty());

    let out = run(["gen", "--year", "2024", "--units", "10000001"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("quá lớn") && out.stderr.contains("too many"),
        "{}",
        out.stderr
    );

    let out = run([
        "gen",
        "--rules",
        "rules/tdthpl-2025",
        "--year",
        "2024",
        "--units",
        "5",
    ]);
    out.expect_code(2);
    assert!(out.stderr.contains("2024"), "{}", out.stderr);

    let out = run(["gen", "--year", "2024", "--units", "-3"]);
    out.expect_code(2);
}

#[test]
fn zero_units_is_just_the_header() {
    let out = run(["gen", "--year", "2024", "--units", "0"]);
    out.expect_code(0);
    assert_eq!(out.stdout.trim_end().lines().count(), 1);
}
