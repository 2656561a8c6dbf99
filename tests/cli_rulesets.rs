//! Rulesets by assessment year, provincial overlays and exemptions, driving the binary.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// `(level, max)` pairs of a JSON report, one per level.
fn maxima(report: &Value) -> BTreeMap<String, String> {
    units(report)
        .iter()
        .map(|u| {
            (
                u["level"].as_str().expect("level").to_string(),
                u["max"].as_str().expect("max").to_string(),
            )
        })
        .collect()
}

fn level_counts(report: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for u in units(report) {
        *counts
            .entry(u["level"].as_str().expect("level").to_string())
            .or_default() += 1;
    }
    counts
}

#[test]
fn each_sample_year_is_scored_by_the_ruleset_in_force_that_year() {
    for (year, ruleset, levels) in [
        (
            "2019",
            "tdthpl-2018-2019",
            vec![("huyen", 8), ("so", 20), ("xa", 15)],
        ),
        (
            "2024",
            "tdthpl-2020-2024",
            vec![("huyen", 8), ("so", 20), ("xa", 15)],
        ),
        ("2025", "tdthpl-2025", vec![("so", 20), ("xa", 15)]),
    ] {
        let out = run(["score", "--year", year, "--format", "json"]);
        out.expect_code(0);
        let report = out.json();
        assert_eq!(report["ruleset"]["id"], ruleset, "year {year}");
        assert_eq!(report["year"].as_i64(), Some(year.parse().expect("year")));
        let expected: BTreeMap<String, usize> = levels
            .into_iter()
            .map(|(l, n)| (l.to_string(), n))
            .collect();
        assert_eq!(level_counts(&report), expected, "year {year}");
    }
}

#[test]
fn the_same_departments_appear_every_year() {
    let ids = |year: &str| -> Vec<String> {
        let report = run(["score", "--year", year, "--format", "json"]).json();
        units(&report)
            .iter()
            .filter(|u| u["level"] == "so")
            .map(|u| u["id"].as_str().expect("id").to_string())
            .collect()
    };
    let (a, b, c) = (ids("2019"), ids("2024"), ids("2025"));
    assert_eq!(a.len(), 20);
    assert_eq!(a, b);
    assert_eq!(b, c);
}

#[test]
fn the_2025_ruleset_is_open_ended() {
    // A 2030 file without a 'nam' column: scored by the ruleset that began in 2025.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(repo_path("data/tinh-mau/2025.csv")).expect("sample");
    let text = text.replace(";2025;", ";;").replace("/2025", "/2030");
    let path = write_file(dir.path(), "2030.csv", text);
    let out = run([
        "score",
        "--year",
        "2030",
        "--format",
        "json",
        "--evidence",
        arg(&path),
    ]);
    out.expect_code(0);
    let report = out.json();
    assert_eq!(report["ruleset"]["id"], "tdthpl-2025");
    assert_eq!(report["ruleset"]["years"], "2025–");
    assert_eq!(units(&report).len(), 35);
}

#[test]
fn a_year_before_every_ruleset_is_a_clear_error() {
    let out = run(["score", "--year", "2016"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("no ruleset in rules governs assessment year 2016"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("tdthpl-2018-2019 2018–2019"),
        "lists what exists: {}",
        out.stderr
    );
}

#[test]
fn districts_are_not_scored_from_2025() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = std::fs::read_to_string(repo_path("data/tinh-mau/2025.csv")).expect("sample");
    text.push_str("HUYEN-X;Huyện X;huyen;2025;10/01/2025;Không;Có;1;1;20/11/2025;0;0;Không;;\r\n");
    let path = write_file(dir.path(), "2025.csv", text);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let report = out.json();
    let huyen = unit(&report, "HUYEN-X");
    assert!(statuses(huyen).iter().all(|s| s == "error"), "{huyen}");
    assert!(
        out.stderr
            .contains("level 'huyen' is not scored by this ruleset (only so, xa)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        units(&report).len(),
        36,
        "every input unit is in the output"
    );
}

#[test]
fn transition_plan_under_the_repealed_decree_counts_only_before_1_april_2025() {
    let report = run(["score", "--year", "2025", "--format", "json"]).json();
    // Issued 09/01/2025 under ND 59/32: counts, on time.
    assert_eq!(
        criterion(unit(&report, "SO-STP"), "1.1")["band"],
        "dung_han"
    );
    // Issued 10/04/2025 under ND 59/32, already repealed: not counted.
    let sxd = criterion(unit(&report, "SO-SXD"), "1.1");
    assert_eq!(sxd["band"], "can_cu_het_hieu_luc");
    assert_eq!(sxd["points"], "0.00");
    // Issued 20/04/2025 under ND 80: counts, but late.
    assert_eq!(
        criterion(unit(&report, "SO-SNV"), "1.1")["band"],
        "cham_tren_10_ngay"
    );
}

#[test]
fn binh_duong_overlay_gives_its_published_maxima() {
    let out = run([
        "score",
        "--year",
        "2024",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
        "--format",
        "json",
    ]);
    out.expect_code(0);
    let report = out.json();
    let expected: BTreeMap<String, String> = [("huyen", "1.50"), ("so", "1.50"), ("xa", "2.00")]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(maxima(&report), expected);
    assert_eq!(report["ruleset"]["overlay"]["id"], "binh-duong-2020");
    assert_eq!(
        report["ruleset"]["overlay"]["fingerprint"]
            .as_str()
            .map(str::len),
        Some(64)
    );
    // Bands scale with the maximum: a plan 5 days late kept 0.15 of 0.25, now 0.12 of 0.20.
    let plan = criterion(unit(&report, "SO-SKHDT"), "1.1");
    assert_eq!(
        (plan["points"].as_str(), plan["max"].as_str()),
        (Some("0.12"), Some("0.20"))
    );
    // Without the overlay, the sample maxima.
    let base = run(["score", "--year", "2024", "--format", "json"]).json();
    let expected: BTreeMap<String, String> = [("huyen", "2.00"), ("so", "2.00"), ("xa", "1.75")]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(maxima(&base), expected);
}

#[test]
fn overlay_for_another_ruleset_is_refused() {
    let out = run([
        "score",
        "--year",
        "2025",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
    ]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("error[overlay/wrong-ruleset]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("binh-duong-2020.toml:10:11"),
        "{}",
        out.stderr
    );
}

#[test]
fn overlay_breaking_the_totals_names_the_overlay_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text =
        std::fs::read_to_string(repo_path("rules/overlays/binh-duong-2020.toml")).expect("overlay");
    let broken = text.replacen(
        "[criterion.\"2.2\"]\nmax_points = { so = \"0.20\"",
        "[criterion.\"2.2\"]\nmax_points = { so = \"0.25\"",
        1,
    );
    assert_ne!(broken, text);
    let path = write_file(dir.path(), "bad.toml", &broken);
    let line = line_of(
        &path,
        "max_points = { so = \"0.50\", huyen = \"0.50\", xa = \"0.75\" }",
    );
    let out = run(["score", "--year", "2024", "--overlay", arg(&path)]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("error[ruleset/max-mismatch]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("bad.toml:{line}:14")),
        "points at the group's line {line}: {}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("at level so the parts add up to 0.55, not the declared 0.50"),
        "{}",
        out.stderr
    );
}

#[test]
fn overlay_with_unknown_ids_is_refused_with_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_file(
        dir.path(),
        "x.toml",
        "id = \"x\"\ntitle = \"x\"\nruleset = \"tdthpl-2020-2024\"\n\n[criterion.\"9.9\"]\nmax_points = \"1.00\"\n\n[params.han_khac]\nvalue = \"01/02\"\nbasis = \"x\"\nstatus = \"provincial_choice\"\n",
    );
    let out = run(["score", "--year", "2024", "--overlay", arg(&path)]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("error[overlay/unknown-criterion]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("x.toml:5:1"), "{}", out.stderr);
    assert!(
        out.stderr.contains("error[overlay/unknown-param]"),
        "{}",
        out.stderr
    );
}

#[test]
fn overlay_changes_a_deadline() {
    // The plan deadline moved from 31/01 to 15/01: a plan of 22/01/2024 becomes 7 days late.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_file(
        dir.path(),
        "han.toml",
        "id = \"han\"\ntitle = \"hạn sớm hơn\"\nruleset = \"tdthpl-2020-2024\"\n\n[params.han_ke_hoach]\nvalue = \"15/01\"\nbasis = \"quy chế phối hợp (thử)\"\nstatus = \"provincial_choice\"\n",
    );
    let report = run([
        "score",
        "--year",
        "2024",
        "--format",
        "json",
        "--overlay",
        arg(&path),
    ])
    .json();
    let plan = criterion(unit(&report, "SO-SCT"), "1.1");
    assert_eq!(
        (plan["band"].as_str(), plan["metric"].as_str()),
        (Some("cham_den_10_ngay"), Some("7"))
    );
}

#[test]
fn an_exempt_unit_loses_the_criterion_from_its_maximum() {
    let out = run([
        "score",
        "--year",
        "2024",
        "--overlay",
        "rules/overlays/tinh-mau-2024.toml",
        "--format",
        "json",
    ]);
    out.expect_code(0);
    let report = out.json();
    let unit = unit(&report, "SO-BQLKCN");
    let survey = criterion(unit, "1.4");
    assert_eq!(survey["status"], "not_applicable");
    assert!(
        survey["explanation"]
            .as_str()
            .expect("text")
            .contains("được miễn"),
        "{survey}"
    );
    assert_eq!(
        (unit["total"].as_str(), unit["max"].as_str()),
        (Some("1.00"), Some("1.75"))
    );
    // Other units keep the criterion.
    assert_eq!(
        criterion(common::unit(&report, "SO-SNN"), "1.4")["status"],
        "zero"
    );
}

#[test]
fn reports_count_unverified_citations_and_sample_choices() {
    for year in ["2019", "2024", "2025"] {
        let report = run(["score", "--year", year, "--format", "json"]).json();
        let unverified = report["ruleset"]["unverified_citations"]
            .as_u64()
            .expect("count");
        let samples = report["ruleset"]["sample_choices"].as_u64().expect("count");
        assert!(
            unverified > 0 && samples > 0,
            "year {year}: the template is marked as such"
        );
        let table = run(["score", "--year", year]);
        assert!(
            table.stdout.contains(&format!("{unverified} trích dẫn chưa kiểm chứng, {samples} tiêu chí có điểm/mức là lựa chọn mẫu")),
            "{}",
            table.stdout
        );
    }
}
