//! The server's storage (`cchc::store`, issue #15 item 2): migrations on open,
//! rounds that keep their rule bytes, all-or-nothing imports, content-addressed
//! documents, the self-assessment lock, and durability across an unclean exit.

mod common;

use cchc::accounts::{Role, UnitId};
use cchc::model::Date;
use cchc::store::{Actor, NewAccount, NewUnit, RoundState, SCHEMA_VERSION, Store};
use cchc::{Level, load_ruleset};
use common::{copy_ruleset, repo_path};
use std::path::Path;

fn date(text: &str) -> Date {
    Date::parse(text).expect("a valid date")
}

fn unit(id: &str, cap: Level) -> NewUnit {
    NewUnit {
        ma_don_vi: id.to_string(),
        ten_don_vi: format!("Đơn vị {id}"),
        cap,
    }
}

/// A store with an open 2024 round (shipped ruleset, deadline 31/12/2024) and two units.
fn store_with_round(dir: &Path) -> Store {
    let mut store = Store::open(&dir.join("cchc.db")).expect("open");
    let cli = Actor::cli();
    store
        .open_round(&cli, 2024, &repo_path("rules/tdthpl-2020-2024"), None)
        .expect("open round");
    store
        .add_units(
            &cli,
            2024,
            &[unit("SO-STP", Level::So), unit("XA-A", Level::Xa)],
        )
        .expect("units");
    store
        .set_round_window(
            &cli,
            2024,
            RoundState::Open,
            Some(date("01/10/2024")),
            Some(date("31/12/2024")),
        )
        .expect("window");
    store
}

#[test]
fn a_new_database_is_migrated_and_reopening_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    {
        let mut store = store_with_round(dir.path());
        let account = store
            .add_account(
                &Actor::cli(),
                &NewAccount {
                    login: "so-stp".into(),
                    password_hash: "$argon2id$v=19$stub".into(),
                    role: Role::Unit,
                },
            )
            .unwrap();
        store
            .link_account_unit(&Actor::cli(), account.id, "SO-STP")
            .unwrap();
        let me = Actor {
            account: Some(account.id),
            address: "127.0.0.1:5000".into(),
        };
        let cells = [("ngay_ban_hanh_ke_hoach", "26/01/2024")];
        assert_eq!(
            store
                .set_cells(&me, 2024, "SO-STP", &cells, date("02/10/2024"))
                .unwrap(),
            1
        );
        let doc = store
            .put_document("ke-hoach.pdf", "application/pdf", b"%PDF-1.7 plan")
            .unwrap();
        let at = (2024, "SO-STP", "ngay_ban_hanh_ke_hoach");
        store
            .link_document(&me, at, &doc.sha256, date("02/10/2024"))
            .unwrap();
    }
    let store = Store::open(&db).unwrap();
    let round = store.round_info(2024).unwrap();
    assert_eq!(round.ruleset_id, "tdthpl-2020-2024");
    assert_eq!(round.state, RoundState::Open);
    assert_eq!(round.self_assessment_deadline, Some(date("31/12/2024")));
    assert_eq!(store.units(2024).unwrap().len(), 2);
    let account = store.account_by_login("so-stp").unwrap().unwrap();
    assert_eq!((account.role, account.disabled), (Role::Unit, false));
    assert_eq!(
        store.account_units(account.id).unwrap(),
        [UnitId("SO-STP".into())]
    );
    assert_eq!(
        store.cells(2024, "SO-STP").unwrap(),
        [(
            "ngay_ban_hanh_ke_hoach".to_string(),
            "26/01/2024".to_string()
        )]
    );
    let links = store.document_links(2024, "SO-STP").unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(
        store.document_bytes(&links[0].document.sha256).unwrap(),
        b"%PDF-1.7 plan"
    );
    let log = store.audit(2024, Some("SO-STP")).unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["unit_added", "cell_changed", "document_linked"]);
    assert_eq!(log[1].address, "127.0.0.1:5000");
    assert_eq!(log[1].new_value.as_deref(), Some("26/01/2024"));
    assert_eq!(log[1].old_value, None);
    // Nothing to migrate on reopen: no backup file.
    for version in 1..=SCHEMA_VERSION {
        assert!(
            !dir.path()
                .join(format!("cchc.db.before-v{version}"))
                .exists()
        );
    }
}

#[test]
fn a_round_keeps_its_rules_when_rules_directory_is_edited_later() {
    let dir = tempfile::tempdir().unwrap();
    let ruleset = copy_ruleset(dir.path());
    let mut store = Store::open(&dir.path().join("cchc.db")).unwrap();
    let info = store
        .open_round(&Actor::cli(), 2024, &ruleset, None)
        .unwrap();
    let shipped = load_ruleset(&repo_path("rules/tdthpl-2020-2024")).unwrap();
    assert_eq!(info.ruleset_fingerprint, shipped.ruleset.fingerprint);

    let evidence = [
        ("ma_don_vi", "SO-STP"),
        ("cap", "so"),
        ("ngay_ban_hanh_ke_hoach", "05/02/2024"),
    ];
    let score = |rules: &cchc::Rules| {
        let mut form = cchc::pipeline::UnitScoring::new(rules, 2024).unwrap();
        let unit = form.score(&evidence);
        unit.criteria
            .iter()
            .map(|c| (c.criterion, c.points, c.status))
            .collect::<Vec<_>>()
    };
    let before = score(&store.round(2024).unwrap().rules().unwrap());

    // Edit the directory the round was opened from: plans a few days late earn less.
    let plan = ruleset.join("1-hoat-dong/1.1-ke-hoach.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let edited = text.replacen("points = \"0.15\"", "points = \"0.10\"", 1);
    assert_ne!(edited, text);
    std::fs::write(&plan, edited).unwrap();
    let now_on_disk = load_ruleset(&ruleset).unwrap();
    assert_ne!(now_on_disk.ruleset.fingerprint, info.ruleset_fingerprint);
    assert_ne!(
        score(&now_on_disk),
        before,
        "the edit changes scores read from disk"
    );

    let stored = Store::open(&dir.path().join("cchc.db"))
        .unwrap()
        .round(2024)
        .unwrap();
    let rules = stored.rules().unwrap();
    assert_eq!(rules.ruleset.fingerprint, info.ruleset_fingerprint);
    assert_eq!(rules.ruleset.criteria.len(), shipped.ruleset.criteria.len());
    assert_eq!(score(&rules), before);
}

#[test]
fn a_round_stores_its_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cchc.db")).unwrap();
    let overlay = repo_path("rules/overlays/tinh-mau-2024.toml");
    let info = store
        .open_round(
            &Actor::cli(),
            2024,
            &repo_path("rules/tdthpl-2020-2024"),
            Some(&overlay),
        )
        .unwrap();
    let (id, fingerprint) = info.overlay.clone().unwrap();
    assert_eq!(id, "tinh-mau-2024");
    assert_eq!(
        fingerprint,
        cchc::fingerprint::sha256_hex(&std::fs::read(&overlay).unwrap())
    );
    let rules = store.round(2024).unwrap().rules().unwrap();
    let applied = rules.ruleset.overlay.unwrap();
    assert_eq!((applied.id, applied.fingerprint), (id, fingerprint));
    // Reports name the files the round was opened from, not the temporary copies.
    assert_eq!(applied.path, overlay);
    assert_eq!(rules.ruleset.dir, repo_path("rules/tdthpl-2020-2024"));
    // A year the ruleset does not govern is refused; one round per year.
    let other = store.open_round(
        &Actor::cli(),
        2025,
        &repo_path("rules/tdthpl-2020-2024"),
        None,
    );
    assert!(other.unwrap_err().to_string().contains("does not govern"));
    let again = store.open_round(
        &Actor::cli(),
        2024,
        &repo_path("rules/tdthpl-2020-2024"),
        None,
    );
    assert!(again.unwrap_err().to_string().contains("already exists"));
}

#[test]
fn a_failed_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_round(dir.path());
    let audit_before = store.audit_count().unwrap();
    let cli = Actor::cli();

    // Evidence for two units, the second unknown: the first unit's cells are not kept.
    let rows = vec![
        ("SO-STP", vec![("ngay_ban_hanh_ke_hoach", "26/01/2024")]),
        ("KHONG-CO", vec![("ngay_ban_hanh_ke_hoach", "26/01/2024")]),
    ];
    let err = store
        .import_evidence(&cli, 2024, &rows)
        .unwrap_err()
        .to_string();
    assert!(err.contains("KHONG-CO") && err.contains("no unit"), "{err}");
    assert!(store.cells(2024, "SO-STP").unwrap().is_empty());

    // Units: a duplicate on row 3 refuses rows 1 and 2 as well.
    let units = [
        unit("H-1", Level::Huyen),
        unit("H-2", Level::Huyen),
        unit("H-1", Level::Huyen),
    ];
    let err = store.add_units(&cli, 2024, &units).unwrap_err().to_string();
    assert!(
        err.contains("row 3") && err.contains("no unit was imported"),
        "{err}"
    );
    assert_eq!(store.units(2024).unwrap().len(), 2);
    assert_eq!(store.audit_count().unwrap(), audit_before);

    // The same import without the bad row goes in whole.
    let good = &rows[..1];
    assert_eq!(store.import_evidence(&cli, 2024, good).unwrap(), 1);
    assert_eq!(store.cells(2024, "SO-STP").unwrap().len(), 1);
}

#[test]
fn documents_are_stored_once_by_content_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cchc.db")).unwrap();
    let a = store
        .put_document("a.pdf", "application/pdf", b"%PDF same bytes")
        .unwrap();
    let b = store
        .put_document("b.pdf", "application/pdf", b"%PDF same bytes")
        .unwrap();
    assert_eq!(a, b, "the first upload's name is kept");
    assert_eq!(a.original_name, "a.pdf");
    assert_eq!(a.size, 15);
    let files: Vec<_> = walk(store.documents_dir());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with(&a.sha256));

    let big = vec![0u8; cchc::store::limits::MAX_DOCUMENT_BYTES + 1];
    let err = store
        .put_document("big.pdf", "application/pdf", &big)
        .unwrap_err()
        .to_string();
    assert!(err.contains("larger than 20 MB"), "{err}");
    assert_eq!(walk(store.documents_dir()).len(), 1);

    // A file altered on disk is detected when read.
    std::fs::write(&files[0], b"tampered").unwrap();
    assert!(
        store
            .document_bytes(&a.sha256)
            .unwrap_err()
            .to_string()
            .contains("altered")
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn self_assessment_writes_stop_at_submission_and_after_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_round(dir.path());
    let cli = Actor::cli();
    let cell = [("ngay_ban_hanh_ke_hoach", "26/01/2024")];
    let late = store.set_cells(&cli, 2024, "XA-A", &cell, date("01/01/2025"));
    assert!(
        late.unwrap_err()
            .to_string()
            .contains("deadline 31/12/2024 has passed")
    );

    store
        .submit(&cli, 2024, "SO-STP", date("31/12/2024"))
        .unwrap();
    assert!(store.submission(2024, "SO-STP").unwrap().is_some());
    let after = store.set_cells(&cli, 2024, "SO-STP", &cell, date("31/12/2024"));
    assert!(after.unwrap_err().to_string().contains("has submitted"));
    assert!(
        store
            .submit(&cli, 2024, "SO-STP", date("31/12/2024"))
            .is_err()
    );

    // Unchanged cells write nothing; an over-long cell is refused.
    assert_eq!(
        store
            .set_cells(&cli, 2024, "XA-A", &cell, date("31/12/2024"))
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .set_cells(&cli, 2024, "XA-A", &cell, date("31/12/2024"))
            .unwrap(),
        0
    );
    let long = "x".repeat(cchc::store::limits::MAX_CELL_CHARS + 1);
    let err = store.set_cells(
        &cli,
        2024,
        "XA-A",
        &[("ghi_chu", &long)],
        date("31/12/2024"),
    );
    assert!(err.unwrap_err().to_string().contains("at most"));

    // A closed round takes no writes.
    store
        .set_round_window(&cli, 2024, RoundState::Closed, None, None)
        .unwrap();
    let closed = store.set_cells(
        &cli,
        2024,
        "XA-A",
        &[("ngay_ban_hanh_ke_hoach", "")],
        date("01/10/2024"),
    );
    assert!(closed.unwrap_err().to_string().contains("not open"));
}

#[test]
fn accounts_are_unique_and_disabled_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("cchc.db")).unwrap();
    let new = NewAccount {
        login: "admin".into(),
        password_hash: "h".into(),
        role: Role::Admin,
    };
    let admin = store.add_account(&Actor::cli(), &new).unwrap();
    assert!(
        store
            .add_account(&Actor::cli(), &new)
            .unwrap_err()
            .to_string()
            .contains("taken")
    );
    store
        .set_account_disabled(&Actor::cli(), admin.id, true)
        .unwrap();
    store
        .set_password_hash(&Actor::cli(), admin.id, "h2")
        .unwrap();
    let stored = store.account(admin.id).unwrap().unwrap();
    assert!(stored.disabled);
    assert_eq!(stored.password_hash, "h2");
    assert_eq!(store.account_count().unwrap(), 1);
}

#[test]
fn committed_writes_survive_an_exit_without_close() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    let store = store_with_round(dir.path());
    let mut store = store;
    let cells: Vec<(String, String)> = (0..50).map(|i| (format!("f{i}"), format!("{i}"))).collect();
    for (field, cell) in &cells {
        store
            .set_cells(
                &Actor::cli(),
                2024,
                "XA-A",
                &[(field, cell)],
                date("02/10/2024"),
            )
            .unwrap();
    }
    // No Drop, no close, no checkpoint: the WAL holds the commits, as after kill -9.
    std::mem::forget(store);
    let reopened = Store::open(&db).unwrap();
    assert_eq!(reopened.cells(2024, "XA-A").unwrap().len(), 50);
    assert_eq!(reopened.audit(2024, Some("XA-A")).unwrap().len(), 51);
}

/// Set in the child process of [`every_acknowledged_write_survives_sigkill`].
const WRITER_DB: &str = "CCHC_STORE_TEST_WRITER_DB";

/// The child: writes one cell per transaction forever, printing each index once
/// its commit returned (the "acknowledged" writes). Does nothing in a normal run.
#[test]
fn writer_child_for_the_sigkill_test() {
    let Ok(db) = std::env::var(WRITER_DB) else {
        return;
    };
    use std::io::Write;
    let mut store = Store::open(Path::new(&db)).unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let (field, cell) = (format!("f{i}"), i.to_string());
        store
            .set_cells(
                &Actor::cli(),
                2024,
                "XA-A",
                &[(&field, &cell)],
                date("02/10/2024"),
            )
            .unwrap();
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn every_acknowledged_write_survives_sigkill() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    drop(store_with_round(dir.path()));
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "writer_child_for_the_sigkill_test",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_DB, &db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut acknowledged = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(i) = line.strip_prefix("ack ") {
            acknowledged.push(i.parse::<usize>().unwrap());
            if acknowledged.len() == 200 {
                // SIGKILL mid-stream: no destructor, no checkpoint, no close.
                child.kill().unwrap();
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(
        acknowledged.len(),
        200,
        "the writer acknowledged 200 writes"
    );
    let store = Store::open(&db).unwrap();
    let cells: std::collections::BTreeMap<String, String> =
        store.cells(2024, "XA-A").unwrap().into_iter().collect();
    for i in acknowledged {
        assert_eq!(
            cells.get(&format!("f{i}")),
            Some(&i.to_string()),
            "write {i} survived"
        );
    }
}
