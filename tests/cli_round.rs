//! `cchc round open | import | export` and `cchc user add`: the Sở scripts a
//! round from the command line. Refusals change nothing and name the file, row
//! and column; evidence is refused with the very message `cchc score` gives.

mod common;

use common::{REPO, SAMPLE, cchc, repo_path, run_cmd};
use std::path::Path;

fn round_open(db: &Path, units: &Path) -> common::Run {
    run_cmd(
        cchc()
            .args([
                "round",
                "open",
                "--year",
                "2024",
                "--start",
                "01/01/2024",
                "--deadline",
                "31/12/2099",
                "--db",
            ])
            .arg(db)
            .arg("--units")
            .arg(units),
    )
}

/// Every `tai_khoan` line: (login, password, role, units).
fn accounts(stdout: &str) -> Vec<(String, String, String, Vec<String>)> {
    stdout
        .lines()
        .filter(|l| l.starts_with("tai_khoan "))
        .map(|l| {
            let words: Vec<&str> = l.split(' ').collect();
            (
                words[1].into(),
                words[2].into(),
                words[3].into(),
                words[4..].iter().map(|w| w.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn opening_a_round_prints_each_new_account_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    let run = round_open(&db, &repo_path(SAMPLE));
    run.expect_code(0);
    assert!(run.stdout.contains("tdthpl-2020-2024"), "{}", run.stdout);
    let accounts = accounts(&run.stdout);
    assert_eq!(
        accounts.len(),
        1 + 43,
        "the administrator and one account per unit"
    );
    assert_eq!(
        (accounts[0].0.as_str(), accounts[0].2.as_str()),
        ("admin", "admin")
    );
    for (login, password, role, units) in &accounts[1..] {
        assert_eq!(role, "unit");
        assert_eq!(units.len(), 1);
        assert_eq!(login, &units[0].to_lowercase());
        let groups: Vec<&str> = password.split('-').collect();
        assert!(
            groups.len() == 4 && groups.iter().all(|g| g.len() == 4),
            "{password}"
        );
    }
    // The same year again: refused, nothing new printed.
    let again = round_open(&db, &repo_path(SAMPLE));
    again.expect_code(2);
    assert!(accounts_of(&again).is_empty());
    assert!(again.stderr.contains("2024"), "{}", again.stderr);
}

fn accounts_of(run: &common::Run) -> Vec<(String, String, String, Vec<String>)> {
    accounts(&run.stdout)
}

#[test]
fn a_broken_unit_list_is_refused_whole_naming_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    let missing = common::write_file(
        dir.path(),
        "thieu-cot.csv",
        "ma_don_vi;ten_don_vi\nXA-A;Xã A\n",
    );
    let run = round_open(&db, &missing);
    run.expect_code(2);
    assert!(
        run.stderr.contains("thieu-cot.csv") && run.stderr.contains("cap"),
        "{}",
        run.stderr
    );

    let bad_level = common::write_file(
        dir.path(),
        "sai-cap.csv",
        "ma_don_vi;ten_don_vi;cap\nXA-A;Xã A;xa\nXA-B;Xã B;tinh\n",
    );
    let run = round_open(&db, &bad_level);
    run.expect_code(2);
    assert!(
        run.stderr.contains("sai-cap.csv")
            && run.stderr.contains("3")
            && run.stderr.contains("tinh"),
        "{}",
        run.stderr
    );
    // Nothing was stored: the same year opens cleanly afterwards.
    round_open(&db, &repo_path(SAMPLE)).expect_code(0);
}

#[test]
fn evidence_imports_all_or_nothing_with_the_messages_of_cchc_score() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    round_open(&db, &repo_path(SAMPLE)).expect_code(0);
    let text = std::fs::read_to_string(repo_path(SAMPLE)).unwrap();
    let bad = common::write_file(
        dir.path(),
        "bad.csv",
        text.replacen("08/01/2024", "31/02/2024", 1),
    );

    let scored = run_cmd(
        cchc()
            .args(["score", "--year", "2024", "--format", "csv", "--evidence"])
            .arg(&bad),
    );
    let score_message = scored
        .stderr
        .lines()
        .find(|l| l.contains("31/02/2024"))
        .and_then(|l| l.split_once(": ").map(|(_, m)| m.to_string()))
        .expect("cchc score names the cell");
    let import = run_cmd(
        cchc()
            .args(["round", "import", "--year", "2024", "--db"])
            .arg(&db)
            .arg("--evidence")
            .arg(&bad),
    );
    import.expect_code(1);
    assert!(
        import.stderr.contains(&score_message),
        "{}\n---\n{score_message}",
        import.stderr
    );
    assert!(import.stderr.contains("nothing was imported"));

    let out = dir.path().join("xuat.csv");
    let export = |out: &Path| {
        run_cmd(
            cchc()
                .args(["round", "export", "--year", "2024", "--db"])
                .arg(&db)
                .arg("-o")
                .arg(out),
        )
    };
    export(&out).expect_code(0);
    let empty = std::fs::read_to_string(&out).unwrap();
    assert_eq!(empty.lines().count(), 44, "a header and 43 units");
    assert!(!empty.contains("08/01/2024"), "nothing was imported");

    let good = run_cmd(
        cchc()
            .args(["round", "import", "--year", "2024", "--db"])
            .arg(&db)
            .arg("--evidence")
            .arg(repo_path(SAMPLE)),
    );
    good.expect_code(0);
    export(&out).expect_code(0);
    // The exported round scores exactly as the file it was imported from.
    let totals = |evidence: &Path| -> Vec<(String, String)> {
        let run = run_cmd(
            cchc()
                .args(["score", "--year", "2024", "--format", "json", "--evidence"])
                .arg(evidence),
        );
        run.expect_code(0);
        common::units(&run.json())
            .iter()
            .map(|u| {
                (
                    u["id"].as_str().unwrap().to_string(),
                    u["total"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(totals(&out), totals(&Path::new(REPO).join(SAMPLE)));
    // A later file is the unit's evidence: a cell it leaves blank clears the stored one.
    let cleared = common::write_file(dir.path(), "xoa.csv", text.replacen("08/01/2024", "", 1));
    run_cmd(
        cchc()
            .args(["round", "import", "--year", "2024", "--db"])
            .arg(&db)
            .arg("--evidence")
            .arg(&cleared),
    )
    .expect_code(0);
    export(&out).expect_code(0);
    assert!(
        !std::fs::read_to_string(&out)
            .unwrap()
            .contains("08/01/2024")
    );
    assert_eq!(totals(&out), totals(&cleared));
    // Never over the database.
    export(&db).expect_code(2);
}

#[test]
fn user_add_checks_the_role_and_its_units() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cchc.db");
    let add = |args: &[&str]| run_cmd(cchc().args(["user", "add", "--db"]).arg(&db).args(args));
    let admin = add(&["--login", "so-tu-phap", "--role", "admin"]);
    admin.expect_code(0);
    assert_eq!(accounts(&admin.stdout)[0].2, "admin");
    let unit = add(&[
        "--login",
        "ubnd-xa-a",
        "--role",
        "unit",
        "--unit",
        "XA-A",
        "--unit",
        "XA-B",
    ]);
    unit.expect_code(0);
    assert_eq!(accounts(&unit.stdout)[0].3, ["XA-A", "XA-B"]);
    add(&["--login", "thamdinh", "--role", "appraiser"]).expect_code(0);
    add(&[
        "--login",
        "td-nhom-1",
        "--role",
        "appraiser",
        "--group",
        "1",
    ])
    .expect_code(0);
    add(&["--login", "x-nhom", "--role", "admin", "--group", "1"]).expect_code(2);
    let store = cchc::store::Store::open(&db).unwrap();
    let groups = |login: &str| {
        store
            .appraiser_groups(store.account_by_login(login).unwrap().unwrap().id)
            .unwrap()
    };
    assert_eq!(
        groups("thamdinh"),
        ["*"],
        "an appraiser appraises every group unless told"
    );
    assert_eq!(groups("td-nhom-1"), ["1"]);
    assert!(
        store.account_by_login("x-nhom").unwrap().is_none(),
        "a refused command creates nothing"
    );
    drop(store);
    let no_unit = add(&["--login", "xa-c", "--role", "unit"]);
    no_unit.expect_code(2);
    assert!(no_unit.stderr.contains("--unit"));
    add(&["--login", "td2", "--role", "appraiser", "--unit", "XA-A"]).expect_code(2);
    let taken = add(&["--login", "thamdinh", "--role", "appraiser"]);
    taken.expect_code(2);
    assert!(taken.stderr.contains("taken"), "{}", taken.stderr);
    let bad_role = add(&["--login", "x", "--role", "boss"]);
    assert_ne!(bad_role.code, 0);
}
