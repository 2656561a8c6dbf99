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

/// The part-1 database, migrated, takes part 2's whole course: appraisal
/// stages, confirmation, a publication scored by the round's stored rules,
/// an appeal into revision 2; revisions refuse to change (SQL triggers).
#[test]
fn a_migrated_part_1_database_is_appraised_published_and_appealed() {
    use cchc::model::Date;
    use cchc::store::{Actor, AppraisalStage, Decision};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    std::fs::copy(repo_path("tests/fixtures/part1/part1-v2.db"), &db).unwrap();
    let mut store = Store::open(&db).unwrap();
    let cli = Actor::cli();
    let today = Date::parse("2026-12-01").unwrap();
    let calendar = store.appraisal_calendar(2024).unwrap();
    assert_eq!(calendar.stage(today), AppraisalStage::Round1);
    store.confirm_appraisal(&cli, 2024, today).unwrap();
    let rules = store.round(2024).unwrap().rules().unwrap();
    let work = dir.path().join("work");
    let deadline = Date::parse("2099-12-31").unwrap();
    let first =
        cchc::publication::publish(&mut store, &cli, &rules, (2024, deadline), &work, today)
            .unwrap();
    assert_eq!(first, 1);
    let (_, ranking) = cchc::publication::published_ranking(&store, 2024, None).unwrap();
    assert_eq!(ranking.len(), 43, "every unit of the round");
    // Nobody changes a revision, not even with SQL.
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert!(
        conn.execute("UPDATE revision_files SET deflated = x'00'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM revisions", []).is_err());
    drop(conn);
    let mut store = Store::open(&db).unwrap();
    let id = store
        .file_appeal(
            &cli,
            (2024, "SO-STP", "1.1"),
            ("Bản ký ghi ngày khác", &[]),
            today,
        )
        .unwrap();
    let decision = Decision {
        accepted: true,
        reason: "Theo bản ký",
        changes: vec![("ngay_ban_hanh_ke_hoach", "20/02/2024")],
    };
    let second =
        cchc::publication::decide_appeal(&mut store, &cli, &rules, (2024, id), &decision, &work)
            .unwrap();
    assert_eq!(second, Some(2));
    let (number, ranking2) = cchc::publication::published_ranking(&store, 2024, None).unwrap();
    assert_eq!(number, 2);
    let total = |r: &[cchc::publication::PublishedRank]| {
        r.iter().find(|u| u.id == "SO-STP").unwrap().total.clone()
    };
    assert_ne!(
        total(&ranking),
        total(&ranking2),
        "the appeal re-scored the unit"
    );
    assert_eq!(
        cchc::publication::published_ranking(&store, 2024, Some(1))
            .unwrap()
            .1,
        ranking,
        "revision 1 as published"
    );
}

/// A database of the landed part 1 (schema V4, with a submission, an appraisal
/// correction and an explanation request) migrates to part 2's schema: the
/// correction is round 1's, the request answerable; the round is published.
#[test]
fn a_part_1_v4_database_with_an_appraisal_under_way_migrates_and_publishes() {
    use cchc::model::Date;
    use cchc::store::{Actor, AppraisalStage};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    std::fs::copy(repo_path("tests/fixtures/part1/part1-v4.db"), &db).unwrap();
    let mut store = Store::open(&db).expect("a part-1 V4 database opens");
    assert!(
        dir.path().join("cchc.db.before-v5").exists(),
        "a copy is kept before migrating"
    );
    let corrections = store.corrections(2024, "SO-STP").unwrap();
    assert_eq!(corrections.len(), 1);
    assert_eq!(
        (
            corrections[0].field.as_str(),
            corrections[0].cell.as_str(),
            corrections[0].stage.as_str()
        ),
        ("ngay_ban_hanh_ke_hoach", "20/02/2024", "round1")
    );
    assert_eq!(
        corrections[0].reason,
        "Kế hoạch số 80/KH-STP ký ngày 20/02/2024"
    );
    let requests = store.explanation_requests(2024, "SO-STP").unwrap();
    assert_eq!(requests[0].note, "Đề nghị gửi bản ký của Kế hoạch");
    assert_eq!(requests[0].answer, None);

    let cli = Actor::cli();
    let today = Date::parse("2026-12-01").unwrap();
    store
        .set_explanation_window(
            &cli,
            2024,
            (
                Date::parse("2026-11-01").unwrap(),
                Date::parse("2099-12-31").unwrap(),
            ),
        )
        .unwrap();
    assert_eq!(
        store.appraisal_calendar(2024).unwrap().stage(today),
        AppraisalStage::Explanation
    );
    store
        .answer_explanation(
            &cli,
            (2024, "SO-STP", "1.1"),
            ("Bản ký gửi kèm", &[]),
            today,
        )
        .unwrap();
    store
        .set_explanation_window(
            &cli,
            2024,
            (
                Date::parse("2026-11-01").unwrap(),
                Date::parse("2026-11-02").unwrap(),
            ),
        )
        .unwrap();
    store.confirm_appraisal(&cli, 2024, today).unwrap();
    let rules = store.round(2024).unwrap().rules().unwrap();
    let work = dir.path().join("work");
    let deadline = Date::parse("2099-12-31").unwrap();
    cchc::publication::publish(&mut store, &cli, &rules, (2024, deadline), &work, today).unwrap();
    let (_, report) = store.revision_file(2024, Some(1), "report.json").unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report).unwrap();
    let so_stp = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "SO-STP")
        .unwrap();
    let plan = so_stp["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "1.1")
        .unwrap();
    assert_eq!(
        plan["points"], "0.05",
        "scored on the corrected fact (plan signed late)"
    );
    let (_, notice) = store
        .revision_file(2024, Some(1), "notice-SO-STP.html")
        .unwrap();
    let notice = String::from_utf8(notice).unwrap();
    assert!(
        notice.contains("Kế hoạch số 80/KH-STP ký ngày 20/02/2024"),
        "{notice}"
    );
}
