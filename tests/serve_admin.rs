//! The Sở's pages of `cchc serve`: open a round from the browser (accounts
//! shown once), set its window, import evidence collected offline (all or
//! nothing, each bad cell listed); none of it open to other roles.

mod serve_support;

use serde_json::json;
use serve_support::{Client, REPO, TestServer};
use std::path::Path;

fn sample(year: i64) -> Vec<u8> {
    std::fs::read(Path::new(REPO).join(format!("data/tinh-mau/{year}.csv"))).unwrap()
}

fn token(client: &Client) -> String {
    client.csrf.clone().unwrap()
}

#[test]
fn the_so_opens_a_round_in_the_browser_and_its_units_can_log_in() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    let units = sample(2025);
    let form = |client: &Client| {
        client.multipart(
            &format!("/ky/mo?csrf={}", token(client)),
            &[
                ("nam", "2025"),
                ("bat_dau", "01/01/2025"),
                ("han", "31/12/2099"),
            ],
            &[("don_vi", "2025.csv", &units)],
        )
    };
    // Not for a unit account, nor an appraiser.
    assert_eq!(form(&server.signed_in("so-stp")).status, 403);
    assert_eq!(form(&server.signed_in("thamdinh")).status, 403);

    let opened = form(&admin);
    assert_eq!(opened.status, 200, "{}", opened.text());
    let html = opened.text().replace("&#x2f;", "/");
    let lines: Vec<&str> = html
        .lines()
        .filter(|l| l.starts_with("tai_khoan "))
        .collect();
    // Units of 2025 that have no account yet (SO-STP and XA-A already do).
    assert!(lines.len() > 10, "{html}");
    assert!(!lines.iter().any(|l| l.starts_with("tai_khoan so-stp ")));
    let words: Vec<&str> = lines[0].split(' ').collect();
    let mut unit = Client::new(&server.base);
    assert_eq!(
        unit.login(words[1], words[2]).0,
        200,
        "a new unit logs in with its one-time password"
    );
    let rounds = unit.get("/api/rounds").json();
    assert_eq!(rounds[0]["year"], 2025);
    assert_eq!(rounds[0]["ruleset"]["id"], "tdthpl-2025");

    // The same year again is refused and changes nothing.
    let again = form(&admin);
    assert_eq!(again.status, 422, "{}", again.text());
}

#[test]
fn a_broken_unit_list_opens_nothing() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    let broken = b"ma_don_vi;ten_don_vi;cap\nXA-Q;X\xc3\xa3 Q;tinh\n";
    let answer = admin.multipart(
        &format!("/ky/mo?csrf={}", token(&admin)),
        &[("nam", "2025")],
        &[("don_vi", "ds.csv", broken)],
    );
    assert_eq!(answer.status, 422);
    assert!(answer.text().contains("tinh"), "{}", answer.text());
    let years: Vec<i64> = admin
        .get("/api/rounds")
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2019, 2024]);
}

#[test]
fn the_window_set_in_the_browser_is_what_the_server_enforces() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    let unit = server.signed_in("so-stp");
    let set = |start: &str, deadline: &str| {
        admin.form(
            "/ky/2024/thoi-han",
            &[
                ("csrf", &token(&admin)),
                ("bat_dau", start),
                ("han", deadline),
            ],
        )
    };
    let bad = set("01/01/2024", "31/13/2024");
    assert_eq!(bad.status, 422);
    assert!(bad.text().replace("&#x2f;", "/").contains("31/13/2024"));
    assert_eq!(set("01/01/2024", "02/01/2024").status, 303);
    let write = unit.json(
        "PUT",
        "/api/rounds/2024/units/SO-STP/evidence",
        json!({"thu_thap_thong_tin": "Có"}),
        true,
    );
    assert_eq!(write.status, 409, "past the new deadline");
    assert_eq!(set("01/01/2024", "31/12/2099").status, 303);
    let write = unit.json(
        "PUT",
        "/api/rounds/2024/units/SO-STP/evidence",
        json!({"thu_thap_thong_tin": "Có"}),
        true,
    );
    assert_eq!(write.status, 200);
    // Only the Sở sets it.
    let by_unit = unit.form(
        "/ky/2024/thoi-han",
        &[
            ("csrf", &token(&unit)),
            ("bat_dau", "01/01/2024"),
            ("han", "31/12/2099"),
        ],
    );
    assert_eq!(by_unit.status, 403);
}

#[test]
fn evidence_imported_in_the_browser_is_all_or_nothing() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    let path = format!("/ky/2024/nhap-minh-chung?csrf={}", token(&admin));
    let csv = "ma_don_vi;ten_don_vi;cap;nam;ngay_ban_hanh_ke_hoach;thu_thap_thong_tin\r\n\
               SO-STP;Sở Tư pháp;so;2024;08/01/2024;Có\r\nXA-A;Xã A;xa;2024;31/02/2024;Có\r\n";
    let refused = admin.multipart(&path, &[], &[("tep", "minh-chung.csv", csv.as_bytes())]);
    assert_eq!(refused.status, 422);
    let text = refused.text().replace("&#x2f;", "/");
    // The file and the cell, named.
    assert!(
        text.contains("minh-chung.csv") && text.contains("31/02/2024"),
        "{text}"
    );
    assert!(
        !text.contains("uploads"),
        "named as uploaded, not where it was kept: {text}"
    );
    assert_eq!(
        admin.get("/api/rounds/2024/units/SO-STP").json()["evidence"],
        json!({}),
        "nothing imported"
    );

    let good = csv.replace("31/02/2024", "28/02/2024");
    let imported = admin.multipart(&path, &[], &[("tep", "minh-chung.csv", good.as_bytes())]);
    assert_eq!(imported.status, 303, "{}", imported.text());
    let so = admin.get("/api/rounds/2024/units/SO-STP").json();
    assert_eq!(so["evidence"]["ngay_ban_hanh_ke_hoach"], "08/01/2024");
    assert_eq!(so["evidence"]["thu_thap_thong_tin"], "Có");
    let appraiser = server.signed_in("thamdinh");
    let denied = appraiser.multipart(
        &format!("/ky/2024/nhap-minh-chung?csrf={}", token(&appraiser)),
        &[],
        &[("tep", "a.csv", good.as_bytes())],
    );
    assert_eq!(denied.status, 403);
}
