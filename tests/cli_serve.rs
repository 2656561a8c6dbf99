//! `cchc serve` as a newcomer and a Sở run it: `--demo` prints the accounts
//! once and reopens its database as it was; a new database gets one
//! administrator; `cchc user disable | enable | reset` act on a running server.

mod serve_support;

use serve_support::Client;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Runs `cchc serve ARGS --listen 127.0.0.1:0` in `dir`; returns the process,
/// its URL and every `tai_khoan` line printed before it.
fn serve(dir: &Path, args: &[&str]) -> (Child, String, Vec<Vec<String>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .current_dir(dir)
        .arg("serve")
        .args(args)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cchc serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut accounts = Vec::new();
    let url = loop {
        let line = lines.next().expect("output").unwrap();
        if line.starts_with("tai_khoan ") {
            accounts.push(line.split(' ').skip(1).map(str::to_string).collect());
        }
        if let Some(url) = line.strip_prefix("cchc serve: ") {
            break url.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, url, accounts)
}

fn stop(mut child: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(child.wait().unwrap().success());
}

fn cchc(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_demo_prints_every_account_once_and_reopens_as_it_was() {
    // From a directory without rules/ or data/: the built-in copies stand in.
    let dir = tempfile::tempdir().unwrap();
    let (server, url, accounts) = serve(dir.path(), &["--demo"]);
    let roles: Vec<&str> = accounts.iter().map(|a| a[2].as_str()).collect();
    assert_eq!(&roles[..2], ["admin", "appraiser"]);
    assert!(
        roles[2..].iter().all(|r| *r == "unit") && roles.len() > 40,
        "{roles:?}"
    );
    assert!(
        accounts[2..].iter().all(|a| a.len() == 4),
        "a unit line ends with its unit id"
    );

    let mut admin = Client::new(&url);
    assert_eq!(admin.login(&accounts[0][0], &accounts[0][1]).0, 200);
    let rounds = admin.get("/api/rounds").json();
    let summary: Vec<(i64, &str, &str)> = rounds
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["year"].as_i64().unwrap(),
                r["ruleset"]["id"].as_str().unwrap(),
                r["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (2024, "tdthpl-2020-2024", "open"),
            (2025, "tdthpl-2025", "open")
        ]
    );
    let page = admin.get("/ky/2025").text();
    assert!(
        page.contains("chưa nhập: <strong>2</strong>"),
        "two units left blank"
    );

    // 2024 is in its explanation window: three units corrected with reasons,
    // asked to explain; their clerks see it and answer.
    let publication = admin.get("/api/rounds/2024/publication").json();
    assert_eq!(publication["stage"], "explanation");
    let first = &accounts[2];
    let mut clerk = Client::new(&url);
    assert_eq!(clerk.login(&first[0], &first[1]).0, 200);
    let appraisal = clerk
        .get(&format!("/api/rounds/2024/units/{}/appraisal", first[3]))
        .json();
    assert_eq!(appraisal["corrections"][0]["value"], "20/02/2024");
    assert!(
        appraisal["corrections"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("dữ liệu thử"),
        "sample data says so"
    );
    let answer = clerk.json(
        "POST",
        &format!("/api/rounds/2024/units/{}/explanations", first[3]),
        serde_json::json!({"criterion": "1.1", "text": "Bản ký gửi kèm"}),
        true,
    );
    assert_eq!(answer.status, 200, "{}", answer.text());

    // A unit account writes in the 2025 round; its deadline is in the future.
    let unit = accounts[2..]
        .iter()
        .find(|a| {
            let mut c = Client::new(&url);
            c.login(&a[0], &a[1]);
            c.get(&format!("/api/rounds/2025/units/{}", a[3])).status == 200
        })
        .expect("a unit of the 2025 round");
    let mut clerk = Client::new(&url);
    assert_eq!(clerk.login(&unit[0], &unit[1]).0, 200);
    let year = 2025;
    let write = clerk.json(
        "PUT",
        &format!("/api/rounds/{year}/units/{}/evidence", unit[3]),
        serde_json::json!({"thu_thap_thong_tin": "Có"}),
        true,
    );
    assert_eq!(write.status, 200, "{}", write.text());
    stop(server);

    let (again, url, none) = serve(dir.path(), &["--demo"]);
    assert!(none.is_empty(), "passwords are printed only once");
    let mut admin = Client::new(&url);
    assert_eq!(admin.login(&accounts[0][0], &accounts[0][1]).0, 200);
    let kept = admin
        .get(&format!("/api/rounds/{year}/units/{}", unit[3]))
        .json();
    assert_eq!(kept["evidence"]["thu_thap_thong_tin"], "Có");
    stop(again);
}

#[test]
fn a_new_database_gets_one_administrator_and_accounts_are_managed_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (server, url, accounts) = serve(dir.path(), &[]);
    assert_eq!(accounts.len(), 1);
    assert_eq!(
        (accounts[0][0].as_str(), accounts[0][2].as_str()),
        ("admin", "admin")
    );
    assert!(dir.path().join("cchc.db").exists());

    let added = cchc(
        dir.path(),
        &[
            "user", "add", "--login", "xa-a", "--role", "unit", "--unit", "XA-A",
        ],
    );
    assert!(added.status.success());
    let line = String::from_utf8(added.stdout).unwrap();
    let password = line.split(' ').nth(2).unwrap().to_string();
    let mut clerk = Client::new(&url);
    assert_eq!(clerk.login("xa-a", &password).0, 200);
    assert_eq!(clerk.get("/api/rounds").status, 200);

    assert!(
        cchc(dir.path(), &["user", "disable", "--login", "xa-a"])
            .status
            .success()
    );
    assert_eq!(clerk.get("/api/rounds").status, 401, "its session ended");
    assert_eq!(
        Client::new(&url).login("xa-a", &password).0,
        403,
        "a disabled account cannot log in"
    );
    assert!(
        cchc(dir.path(), &["user", "enable", "--login", "xa-a"])
            .status
            .success()
    );
    let reset = cchc(dir.path(), &["user", "reset", "--login", "xa-a"]);
    assert!(reset.status.success());
    let new_password = String::from_utf8(reset.stdout)
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .to_string();
    assert_eq!(
        Client::new(&url).login("xa-a", &password).0,
        401,
        "the old password is gone"
    );
    assert_eq!(Client::new(&url).login("xa-a", &new_password).0, 200);
    assert!(
        !cchc(dir.path(), &["user", "disable", "--login", "khong-co"])
            .status
            .success()
    );
    stop(server);

    let (again, _, none) = serve(dir.path(), &[]);
    assert!(none.is_empty(), "the administrator is created once");
    stop(again);
}
