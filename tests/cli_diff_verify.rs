//! `cchc diff` (rule changes and score impact) and `cchc verify` (re-scoring a
//! published report), driving the binary.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn a_ruleset_against_itself_has_no_change() {
    let run = run(["diff", "rules/tdthpl-2020-2024", "rules/tdthpl-2020-2024"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Thay đổi quy tắc / rule changes: 0\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn one_changed_band_is_listed_with_its_unit_impact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    // Raise the bar of 1.3's middle band from 50% to 70%.
    replace_once(
        &dir.join("1-hoat-dong/1.3-kiem-tra.toml"),
        "at_least = \"50%\"\nbelow = \"100%\"",
        "at_least = \"70%\"\nbelow = \"100%\"",
    );
    replace_once(
        &dir.join("1-hoat-dong/1.3-kiem-tra.toml"),
        "at_least = \"0%\"\nbelow = \"50%\"",
        "at_least = \"0%\"\nbelow = \"70%\"",
    );
    let run = run([
        "diff",
        "rules/tdthpl-2020-2024",
        arg(&dir),
        "--evidence",
        "data/tinh-mau/2024.csv",
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let report = run.json();
    let changes: Vec<(String, String, String, String)> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("-").to_string();
            (s("item"), s("what"), s("old"), s("new"))
        })
        .collect();
    // The script did not change: only the two thresholds.
    let expected = [
        (
            "1.3 / mức tu_50_den_duoi_100",
            "ngưỡng at_least",
            "0,5",
            "0,7",
        ),
        ("1.3 / mức duoi_50", "ngưỡng below", "0,5", "0,7"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(changes, expected);
    // SO-SCT did 2 of 3 inspections (66,67%): it drops from 0,15 to 0 on 1.3 and
    // heads the list; units at 100% or below 50% do not move.
    let units = report["units"].as_array().unwrap();
    assert_eq!(units.len(), 43, "every unit appears");
    let sct = units.iter().find(|u| u["unit"] == "SO-SCT").unwrap();
    assert_eq!(sct["old_total"], "1,70");
    assert_eq!(sct["new_total"], "1,55");
    assert_eq!(sct["delta"], "−0,15");
    assert_eq!(sct["criteria"], serde_json::json!(["1.3: 0,15 → 0,00"]));
    let moved: Vec<&Value> = units.iter().take_while(|u| u["delta"] != "0,00").collect();
    assert!(moved.iter().any(|u| u["unit"] == "SO-SCT"));
    assert!(units[moved.len()..].iter().all(|u| u["delta"] == "0,00"));
}

#[test]
fn an_overlay_as_new_shows_the_provincial_maxima() {
    let run = run([
        "diff",
        "rules/tdthpl-2020-2024",
        BINH_DUONG,
        "--evidence",
        "data/tinh-mau/2024.csv",
    ]);
    run.expect_code(1);
    assert!(run.stdout.contains(
        "  ruleset — điểm tối đa / max: so 2,00 · huyen 2,00 · xa 1,75 → so 1,50 · huyen 1,50 · xa 2,00\n"
    ), "{}", run.stdout);
    assert!(run.stdout.contains("+ binh-duong-2020 ("), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("score impact (data/tinh-mau/2024.csv, năm 2024): 43/43 đơn vị thay đổi"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_between_regimes_lists_added_and_removed_criteria_and_params() {
    let run = run([
        "diff",
        "rules/tdthpl-2020-2024",
        "rules/tdthpl-2025",
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let changes = run.json()["changes"].as_array().unwrap().clone();
    let has = |item: &str, old: Option<&str>, new: Option<&str>| {
        changes
            .iter()
            .any(|c| c["item"] == item && c["old"].as_str() == old && c["new"].as_str() == new)
    };
    assert!(has("params.han_bao_cao_xu_ly_ngay", Some("30"), None));
    assert!(has("params.ngay_hieu_luc_nd80", None, Some("01/04/2025")));
    assert!(has("ruleset", Some("2020–2024"), Some("2025–")));
}

#[test]
fn verify_confirms_a_fresh_report_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let report = publish(tmp.path(), "2024.json", &[]);
    let run = run(["verify", arg(&report)]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("KHỚP: báo cáo trùng từng byte với kết quả chấm lại / MATCH: the report is byte-identical to a fresh scoring (43 đơn vị / units)"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_with_an_overlay_recorded_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let report = publish(tmp.path(), "bd.json", &["--overlay", BINH_DUONG]);
    run(["verify", arg(&report)]).expect_code(0);
}

#[test]
fn verify_lists_every_edited_score() {
    let tmp = tempfile::tempdir().unwrap();
    let report = publish(tmp.path(), "2024.json", &[]);
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let units = value["units"].as_array_mut().unwrap();
    let sct = units.iter_mut().find(|u| u["id"] == "SO-SCT").unwrap();
    sct["total"] = "1.80".into();
    sct["criteria"][2]["points"] = "0.25".into();
    std::fs::write(
        &report,
        serde_json::to_string_pretty(&value).unwrap() + "\n",
    )
    .unwrap();
    let run = run(["verify", arg(&report)]);
    run.expect_code(1);
    assert!(run.stdout.contains(
        "KHÔNG KHỚP: 2 chỗ khác / MISMATCH: 2 difference(s) (công bố → chấm lại / published → recomputed)\n  units[SO-SCT].total: 1.80 → 1.70\n  units[SO-SCT].criteria[1.3].points: 0.25 → 0.15\n"
    ), "{}", run.stdout);
}

#[test]
fn verify_names_changed_evidence_by_fingerprint_and_score() {
    let tmp = tempfile::tempdir().unwrap();
    let report = publish(tmp.path(), "2024.json", &[]);
    // The same file with one cell changed, passed in place of the recorded one.
    let text = std::fs::read_to_string(repo_path("data/tinh-mau/2024.csv")).unwrap();
    let edited = text.replacen(
        ";so;2024;22/01/2024;Có;3;2;",
        ";so;2024;22/01/2024;Có;3;3;",
        1,
    );
    assert_ne!(edited, text);
    let evidence = write_file(tmp.path(), "2024.csv", edited);
    let run = run(["verify", arg(&report), "--evidence", arg(&evidence)]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("  evidence.fingerprint: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  units[SO-SCT].criteria[1.3].points: 0.15 → 0.25\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_rejects_a_file_that_is_not_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write_file(tmp.path(), "x.json", "{\"hello\": 1}");
    let run = run(["verify", arg(&bad)]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("not a cchc JSON report"),
        "{}",
        run.stderr
    );
}
