//! A database written by part 1 (`tests/fixtures/part1/`, schema version 2)
//! opens with this build: migrated if the schema moved on (a copy kept first),
//! its rounds, stored rules, units, accounts and evidence intact.

mod common;

use cchc::accounts::{PasswordHasher, Role, Verdict};
use cchc::store::{SCHEMA_VERSION, Store};
use common::repo_path;

#[test]
fn a_part_1_database_opens_with_everything_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    std::fs::copy(repo_path("tests/fixtures/part1/part1-v2.db"), &db).unwrap();
    let store = Store::open(&db).expect("a part-1 database opens");
    if SCHEMA_VERSION > 2 {
        assert!(
            dir.path().join("cchc.db.before-v3").exists(),
            "a copy is kept before migrating"
        );
    }

    let rounds = store.rounds().unwrap();
    let summary: Vec<(i64, &str, &str)> = rounds
        .iter()
        .map(|r| (r.year, r.ruleset_id.as_str(), r.state.code()))
        .collect();
    assert_eq!(
        summary,
        [
            (2024, "tdthpl-2020-2024", "open"),
            (2025, "tdthpl-2025", "draft")
        ]
    );
    // The stored rules are the shipped ones, byte for byte.
    let shipped = cchc::load_ruleset(&repo_path("rules/tdthpl-2020-2024")).unwrap();
    assert_eq!(rounds[0].ruleset_fingerprint, shipped.ruleset.fingerprint);
    let rules = store.round(2024).unwrap().rules().unwrap();
    assert_eq!(rules.ruleset.fingerprint, shipped.ruleset.fingerprint);

    assert_eq!(store.units(2024).unwrap().len(), 43);
    let cells: Vec<(String, String)> = store.cells(2024, "SO-STP").unwrap();
    assert!(cells.contains(&(
        "ngay_ban_hanh_ke_hoach".to_string(),
        "08/01/2024".to_string()
    )));

    let hasher = PasswordHasher::owasp().unwrap();
    for (login, password, role) in [
        ("admin", "cszr-kthn-cccv-fe78", Role::Admin),
        ("so-stp", "b6x6-j2rt-j3fk-28fs", Role::Unit),
        ("thamdinh", "7qun-wqwv-8x7h-qn5j", Role::Appraiser),
    ] {
        let account = store.account_by_login(login).unwrap().expect(login);
        assert_eq!(account.role, role);
        assert!(
            matches!(
                hasher.verify(password, &account.password_hash).unwrap(),
                Verdict::Match { .. }
            ),
            "{login}"
        );
    }

    // Its evidence still scores as the sample it was imported from.
    let exported = dir.path().join("xuat.csv");
    std::fs::write(
        &exported,
        cchc::round_setup::export_evidence_csv(&store, 2024).unwrap(),
    )
    .unwrap();
    let from_db = cchc::pipeline::score_file(&rules, &exported, 2024).unwrap();
    let sample =
        cchc::pipeline::score_file(&shipped, &repo_path("data/tinh-mau/2024.csv"), 2024).unwrap();
    let totals = |c: &cchc::pipeline::Collected<'_>| -> Vec<(String, rust_decimal::Decimal)> {
        c.board
            .units
            .iter()
            .map(|u| (u.id.clone(), u.total))
            .collect()
    };
    assert_eq!(totals(&from_db), totals(&sample));
}
