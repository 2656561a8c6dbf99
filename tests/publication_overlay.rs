//! A round with a provincial overlay, published: `rules.zip` holds the ruleset
//! and the overlay exactly as stored, the overlay where `report.json` names it,
//! and `cchc verify` on the unpacked files (no `--overlay`: the report's own)
//! says MATCH for all 43 sample units.

mod common;

use cchc::model::Date;
use cchc::store::{Actor, Store};
use common::{SAMPLE, cchc, repo_path, run_cmd};

#[test]
fn a_published_round_with_an_overlay_verifies_offline_from_its_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    run_cmd(
        cchc()
            .args([
                "round",
                "open",
                "--year",
                "2024",
                "--overlay",
                "rules/overlays/tinh-mau-2024.toml",
                "--db",
            ])
            .arg(&db)
            .arg("--units")
            .arg(repo_path(SAMPLE)),
    )
    .expect_code(0);
    run_cmd(
        cchc()
            .args(["round", "import", "--year", "2024", "--db"])
            .arg(&db)
            .arg("--evidence")
            .arg(repo_path(SAMPLE)),
    )
    .expect_code(0);

    let mut store = Store::open(&db).unwrap();
    let cli = Actor::cli();
    let today = Date::parse("2026-12-01").unwrap();
    store.confirm_appraisal(&cli, 2024, today).unwrap();
    let rules = store.round(2024).unwrap().rules().unwrap();
    let deadline = Date::parse("2099-12-31").unwrap();
    let work = dir.path().join("work");
    cchc::publication::publish(&mut store, &cli, &rules, (2024, deadline), &work, today).unwrap();

    let out = dir.path().join("ban-1");
    std::fs::create_dir_all(&out).unwrap();
    for name in ["report.json", "evidence.csv", "rules.zip"] {
        let (_, bytes) = store.revision_file(2024, Some(1), name).unwrap();
        std::fs::write(out.join(name), bytes).unwrap();
    }
    let zip = std::fs::read(out.join("rules.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("a name").to_string())
        .collect();
    // The overlay at the path the report names, so verify finds it unasked.
    assert!(
        names.contains(&"rules/overlays/tinh-mau-2024.toml".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"tdthpl-2020-2024/ruleset.toml".to_string()),
        "{names:?}"
    );
    archive.extract(&out).unwrap();
    // The overlay as stored is the shipped file, byte for byte.
    assert_eq!(
        std::fs::read(out.join("rules/overlays/tinh-mau-2024.toml")).unwrap(),
        std::fs::read(repo_path("rules/overlays/tinh-mau-2024.toml")).unwrap()
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["ruleset"]["overlay"]["id"], "tinh-mau-2024");
    assert_eq!(
        report["ruleset"]["overlay"]["file"],
        "rules/overlays/tinh-mau-2024.toml"
    );
    assert_eq!(report["evidence"]["file"], "evidence.csv");

    let verify = run_cmd(cchc().current_dir(&out).args([
        "verify",
        "report.json",
        "--rules",
        "tdthpl-2020-2024",
        "--evidence",
        "evidence.csv",
    ]));
    verify.expect_code(0);
    assert!(
        verify.stdout.contains("MATCH") && verify.stdout.contains("43"),
        "{}",
        verify.stdout
    );
}
