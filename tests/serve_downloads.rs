//! The Sở's downloads from `cchc serve`: the round's evidence (CSV and XLSX)
//! and every report format, each the bytes `cchc score` gives on that evidence
//! with the round's stored rules; units and appraisers get none of them.

mod serve_support;

use serve_support::{REPO, TestServer};
use std::path::Path;
use std::process::Command;

fn score(evidence: &Path, format: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .current_dir(REPO)
        .args([
            "score",
            "--year",
            "2024",
            "--rules",
            "rules",
            "--format",
            format,
            "--evidence",
        ])
        .arg(evidence)
        .output()
        .expect("cchc score runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn every_download_is_what_cchc_score_gives_on_the_rounds_evidence() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    let token = admin.csrf.clone().unwrap();
    let sample = std::fs::read(Path::new(REPO).join("data/tinh-mau/2024.csv")).unwrap();
    // The sample's units are not those of the test round: import only ours.
    let text = String::from_utf8(sample).unwrap();
    let ours: String = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.starts_with("SO-STP;"))
        .map(|(_, l)| format!("{l}\r\n"))
        .collect();
    let imported = admin.multipart(
        &format!("/ky/2024/nhap-minh-chung?csrf={token}"),
        &[],
        &[("tep", "so-stp.csv", ours.as_bytes())],
    );
    assert_eq!(imported.status, 303, "{}", imported.text());

    let dir = server.dir.path();
    let get = |file: &str| {
        let answer = admin.get(&format!("/api/rounds/2024/{file}"));
        assert_eq!(answer.status, 200, "{file}");
        assert!(
            answer
                .header("content-disposition")
                .unwrap()
                .starts_with("attachment;"),
            "{file}"
        );
        answer.body
    };
    let evidence = dir.join("evidence.csv");
    std::fs::write(&evidence, get("evidence.csv")).unwrap();
    let workbook = dir.join("evidence.xlsx");
    std::fs::write(&workbook, get("evidence.xlsx")).unwrap();
    // The workbook holds the same evidence.
    assert_eq!(score(&workbook, "csv"), score(&evidence, "csv"));
    for (file, format) in [("report.csv", "csv"), ("report-wide.csv", "wide")] {
        assert_eq!(get(file), score(&evidence, format), "{file}");
    }
    // The readable formats name the evidence file: the same once the server's
    // path is put in place of ours.
    let exported = server
        .db
        .with_extension("db.exports")
        .join("2024")
        .join("evidence-2024.csv");
    for (file, format) in [("report.md", "md"), ("report.txt", "table")] {
        let served = String::from_utf8(get(file)).unwrap();
        let ours = String::from_utf8(score(&evidence, format)).unwrap();
        assert_eq!(
            served,
            ours.replace(
                &evidence.display().to_string(),
                &exported.display().to_string()
            ),
            "{file}"
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&get("report.json")).unwrap();
    assert_eq!(json["units"].as_array().unwrap().len(), 3);
    assert_eq!(json["ruleset"]["id"], "tdthpl-2020-2024");
    assert!(
        get("report.html").starts_with(b"<!DOCTYPE html>")
            || get("report.html").starts_with(b"<!doctype html>")
    );
    assert!(get("report.xlsx").starts_with(b"PK"));

    for login in ["so-stp", "thamdinh"] {
        let other = server.signed_in(login);
        for file in [
            "evidence.csv",
            "evidence.xlsx",
            "report.json",
            "report.xlsx",
        ] {
            assert_eq!(
                other.get(&format!("/api/rounds/2024/{file}")).status,
                403,
                "{login} {file}"
            );
        }
    }
    assert_eq!(admin.get("/api/rounds/2024/khong-co.txt").status, 404);
}
