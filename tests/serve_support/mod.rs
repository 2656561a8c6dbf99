//! A real `cchc serve` on loopback for the server's tests: a database made
//! through the library (a 2024 round open until 2099, a 2019 round whose
//! deadline has passed, three units, one account per role), the server run in
//! this process on a free port, and a small HTTP client that keeps its session
//! cookie and CSRF token like a browser or a script would.
#![allow(dead_code)]

use cchc::Level;
use cchc::accounts::{AccountId, OsRandom, PasswordHasher, Role};
use cchc::model::Date;
use cchc::store::{Actor, NewAccount, NewUnit, RoundState, Store};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// Every test account's password (they pass the policy).
pub const PASSWORD: &str = "mat-khau-thu-nghiem-2024";

pub struct TestServer {
    pub base: String,
    pub db: PathBuf,
    pub dir: tempfile::TempDir,
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("a valid date")
}

fn unit(id: &str, name: &str, cap: Level) -> NewUnit {
    NewUnit {
        ma_don_vi: id.into(),
        ten_don_vi: name.into(),
        cap,
    }
}

/// The test database: rounds, units and accounts `admin`, `thamdinh` (an
/// appraiser of the criteria of group 1), `so-stp` (SO-STP), `xa-a` (XA-A).
pub fn make_database(dir: &Path) -> PathBuf {
    let db = dir.join("cchc.db");
    let mut store = Store::open(&db).expect("open the store");
    let cli = Actor::cli();
    let rules = Path::new(REPO).join("rules");
    for (year, ruleset, window) in [
        (2024, "tdthpl-2020-2024", ("01/01/2024", "31/12/2099")),
        (2019, "tdthpl-2018-2019", ("01/01/2019", "31/12/2019")),
    ] {
        store
            .open_round(&cli, year, &rules.join(ruleset), None)
            .expect("round");
        store
            .add_units(
                &cli,
                year,
                &[
                    unit("SO-STP", "Sở Tư pháp", Level::So),
                    unit("XA-A", "Xã A", Level::Xa),
                    unit("XA-B", "Xã B", Level::Xa),
                ],
            )
            .expect("units");
        store
            .set_round_window(
                &cli,
                year,
                RoundState::Open,
                Some(date(window.0)),
                Some(date(window.1)),
            )
            .expect("window");
    }
    let hasher = PasswordHasher::owasp().expect("hasher");
    let hash = hasher.hash(PASSWORD, &mut OsRandom).expect("hash");
    for (login, role, units) in [
        ("admin", Role::Admin, &[][..]),
        ("thamdinh", Role::Appraiser, &[][..]),
        ("so-stp", Role::Unit, &["SO-STP"][..]),
        ("xa-a", Role::Unit, &["XA-A"][..]),
    ] {
        let new = NewAccount {
            login: login.into(),
            password_hash: hash.clone(),
            role,
        };
        let id: AccountId = store.add_account(&cli, &new).expect("account").id;
        for u in units {
            store.link_account_unit(&cli, id, u).expect("link");
        }
        if role == Role::Appraiser {
            // Assigned the first group of criteria only (1.x), to test the limit.
            store
                .set_appraiser_groups(&cli, id, &["1".to_string()])
                .expect("groups");
        }
    }
    db
}

impl TestServer {
    /// A fresh database and a server on it, in this process.
    pub fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = make_database(dir.path());
        let base = serve_in_thread(&db);
        TestServer { base, db, dir }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// A client signed in as `login` (API login).
    pub fn signed_in(&self, login: &str) -> Client {
        let mut client = self.client();
        let (status, _) = client.login(login, PASSWORD);
        assert_eq!(status, 200, "login {login}");
        client
    }
}

/// Runs `cchc::server::serve` on a free port in a background thread.
pub fn serve_in_thread(db: &Path) -> String {
    let config = cchc::server::ServeConfig {
        db: db.to_path_buf(),
        listen: "127.0.0.1:0".parse().expect("address"),
        secure_cookies: false,
        rules: Path::new(REPO).join("rules"),
    };
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let result = cchc::server::serve(&config, |addr| {
            let _ = tx.send(addr);
        });
        if let Err(e) = result {
            eprintln!("server stopped: {e}");
        }
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the server starts");
    format!("http://{addr}")
}

/// A response: status, headers, body text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP client with a cookie jar of one cookie and the CSRF token.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        // A connection per request: a test never depends on how the server
        // and the client share kept-alive connections.
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_connections(0)
            .build();
        Client {
            base: base.to_string(),
            agent: ureq::Agent::new_with_config(config),
            cookie: None,
            csrf: None,
        }
    }

    /// Points the client at another server (a restart on a new port).
    pub fn set_base(&mut self, base: &str) {
        self.base = base.to_string();
    }

    /// A JSON request with the CSRF header; `None` when the server does not answer.
    pub fn try_json(&self, method: &str, path: &str, body: serde_json::Value) -> Option<u16> {
        let url = format!("{}{}", self.base, path);
        let mut request = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("Content-Type", "application/json");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        if let Some(token) = &self.csrf {
            request = request.header("X-CSRF-Token", token);
        }
        let request = request.body(body.to_string().into_bytes()).ok()?;
        let mut response = self.agent.run(request).ok()?;
        // The answer counts only once it has been read whole.
        response.body_mut().read_to_vec().ok()?;
        Some(response.status().as_u16())
    }

    /// `POST /api/login`; keeps the cookie and token on success.
    pub fn login(&mut self, login: &str, password: &str) -> (u16, serde_json::Value) {
        let body = serde_json::json!({"login": login, "password": password}).to_string();
        let answer = self.send(
            "POST",
            "/api/login",
            Some(("application/json", body.into_bytes())),
            false,
        );
        if answer.status == 200 {
            let set = answer
                .header("set-cookie")
                .expect("a session cookie")
                .to_string();
            self.cookie = set.split(';').next().map(str::to_string);
            self.csrf = answer.json()["csrf"].as_str().map(str::to_string);
        }
        let json = serde_json::from_slice(&answer.body).unwrap_or(serde_json::Value::Null);
        (answer.status, json)
    }

    pub fn get(&self, path: &str) -> Answer {
        self.send("GET", path, None, false)
    }

    /// A JSON request with the CSRF header (when `csrf`).
    pub fn json(&self, method: &str, path: &str, body: serde_json::Value, csrf: bool) -> Answer {
        self.send(
            method,
            path,
            Some(("application/json", body.to_string().into_bytes())),
            csrf,
        )
    }

    /// A form post (`application/x-www-form-urlencoded`), as a browser sends it.
    pub fn form(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body = serde_urlencoded::to_string(fields).expect("form");
        self.send(
            "POST",
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
            false,
        )
    }

    /// A multipart form: text fields and files (field, file name, bytes).
    pub fn multipart(
        &self,
        path: &str,
        texts: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Answer {
        let boundary = "----cchc-test-boundary-7d93";
        let mut body = Vec::new();
        for (name, value) in texts {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        for (name, file, bytes) in files {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send_owned("POST", path, Some((content_type, body)), false)
    }

    /// A multipart upload of one file in field `tep`.
    pub fn upload(&self, path: &str, name: &str, bytes: &[u8]) -> Answer {
        let boundary = "----cchc-test-boundary-7d93";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send_owned("POST", path, Some((content_type, body)), false)
    }

    /// A form post with one extra header (the script's `X-Requested-With`).
    pub fn send_with_header(&self, path: &str, body: Vec<u8>, extra: (&str, &str)) -> Answer {
        let url = format!("{}{}", self.base, path);
        let mut request = ureq::http::Request::builder()
            .method("POST")
            .uri(&url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(extra.0, extra.1);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        self.run(request.body(body).expect("a request"))
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
        csrf: bool,
    ) -> Answer {
        self.send_owned(method, path, body.map(|(t, b)| (t.to_string(), b)), csrf)
    }

    fn send_owned(
        &self,
        method: &str,
        path: &str,
        body: Option<(String, Vec<u8>)>,
        csrf: bool,
    ) -> Answer {
        let url = format!("{}{}", self.base, path);
        let mut request = ureq::http::Request::builder().method(method).uri(&url);
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", cookie);
        }
        if csrf && let Some(token) = &self.csrf {
            request = request.header("X-CSRF-Token", token);
        }
        let (content_type, bytes) = body.unwrap_or_default();
        if !content_type.is_empty() {
            request = request.header("Content-Type", content_type);
        }
        self.run(request.body(bytes).expect("a request"))
    }

    fn run(&self, request: ureq::http::Request<Vec<u8>>) -> Answer {
        let mut response = self.agent.run(request).expect("the server answers");
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        Answer {
            status,
            headers,
            body,
        }
    }
}

/// `cchc serve` as its own process on a free port; returns it and its URL.
pub fn spawn_server(db: &Path) -> (std::process::Child, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cchc"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("cchc serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let url = loop {
        let line = lines.next().expect("a line before exit").expect("utf-8");
        if let Some(url) = line.strip_prefix("cchc serve: ") {
            break url.trim_end_matches('/').to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}
