//! `/tai-khoan`: the Sở manages accounts in the browser: add one, disable and
//! enable (never delete), reset a forgotten password; passwords shown once.

mod serve_support;

use serve_support::{Client, PASSWORD, TestServer};

fn csrf(client: &Client) -> String {
    client.csrf.clone().unwrap()
}

/// The one `tai_khoan` line of an answer page: (login, password).
fn issued(html: &str) -> (String, String) {
    let line = html
        .lines()
        .find_map(|l| l.split("tai_khoan ").nth(1))
        .expect("a tai_khoan line");
    let words: Vec<&str> = line.split(' ').collect();
    (words[0].to_string(), words[1].to_string())
}

#[test]
fn the_so_adds_disables_enables_and_resets_accounts() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    let list = admin.get("/tai-khoan");
    assert_eq!(list.status, 200);
    for login in ["admin", "thamdinh", "so-stp", "xa-a"] {
        assert!(
            list.text().contains(&format!("id=\"tk-{login}\"")),
            "{login}"
        );
    }

    let added = admin.form(
        "/tai-khoan",
        &[
            ("csrf", &csrf(&admin)),
            ("login", "ubnd-xa-b"),
            ("role", "unit"),
            ("units", "XA-B"),
        ],
    );
    assert_eq!(added.status, 200, "{}", added.text());
    let (login, password) = issued(&added.text());
    assert_eq!(login, "ubnd-xa-b");
    let mut clerk = Client::new(&server.base);
    assert_eq!(clerk.login(&login, &password).0, 200);
    assert_eq!(clerk.get("/api/rounds/2024/units/XA-B").status, 200);
    let no_unit = admin.form(
        "/tai-khoan",
        &[
            ("csrf", &csrf(&admin)),
            ("login", "x"),
            ("role", "unit"),
            ("units", ""),
        ],
    );
    assert_eq!(no_unit.status, 422);

    // Disable: its session ends at once, and it cannot log in; enable again.
    let xa = server.signed_in("xa-a");
    assert_eq!(
        admin
            .form("/tai-khoan/xa-a/khoa", &[("csrf", &csrf(&admin))])
            .status,
        303
    );
    assert_eq!(xa.get("/api/rounds").status, 401);
    assert_eq!(Client::new(&server.base).login("xa-a", PASSWORD).0, 403);
    assert!(admin.get("/tai-khoan").text().contains("đã khóa"));
    assert_eq!(
        admin
            .form("/tai-khoan/xa-a/mo-khoa", &[("csrf", &csrf(&admin))])
            .status,
        303
    );
    assert_eq!(Client::new(&server.base).login("xa-a", PASSWORD).0, 200);

    // Reset: the old password stops working, the new one works.
    let reset = admin.form("/tai-khoan/so-stp/dat-lai", &[("csrf", &csrf(&admin))]);
    assert_eq!(reset.status, 200);
    let (_, new_password) = issued(&reset.text());
    assert_eq!(Client::new(&server.base).login("so-stp", PASSWORD).0, 401);
    assert_eq!(
        Client::new(&server.base).login("so-stp", &new_password).0,
        200
    );

    // The Sở does not lock itself out; nobody else manages accounts.
    assert_eq!(
        admin
            .form("/tai-khoan/admin/khoa", &[("csrf", &csrf(&admin))])
            .status,
        422
    );
    assert_eq!(
        admin.form("/tai-khoan/xa-a/khoa", &[]).status,
        403,
        "no CSRF token"
    );
    for login in ["thamdinh", "xa-a"] {
        let other = server.signed_in(login);
        assert_eq!(other.get("/tai-khoan").status, 403);
        assert_eq!(
            other
                .form("/tai-khoan/so-stp/dat-lai", &[("csrf", &csrf(&other))])
                .status,
            403
        );
    }
    // Every change is in the audit log.
    let log = admin.get("/api/audit").json();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["account_created", "account_disabled", "password_changed"] {
        assert!(actions.contains(&action), "{action}");
    }
}
