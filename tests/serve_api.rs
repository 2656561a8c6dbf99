//! The JSON API of `cchc serve` (issue #15 item 9), route by route and role by
//! role: allowed, 401 without a session, 403 for another unit or without the
//! CSRF token, 409 once locked, 422 for invalid cells (valid ones saved).

mod serve_support;

use serde_json::{Value, json};
use serve_support::{PASSWORD, TestServer};

const SO_STP: &str = "/api/rounds/2024/units/SO-STP";
const XA_A: &str = "/api/rounds/2024/units/XA-A";

fn criterion<'a>(result: &'a Value, id: &str) -> &'a Value {
    result["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("criterion {id}"))
}

#[test]
fn login_answers_the_token_role_and_units_with_a_strict_cookie() {
    let server = TestServer::start();
    let mut client = server.client();
    let (status, body) = client.login("so-stp", "sai-mat-khau-roi");
    assert_eq!(status, 401);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("wrong login or password")
    );
    // An unknown login gets the very same answer.
    let (status, unknown) = client.login("khong-co-ai", "sai-mat-khau-roi");
    assert_eq!((status, &unknown), (401, &body));

    let answer = client.send(
        "POST",
        "/api/login",
        Some((
            "application/json",
            json!({"login": "so-stp", "password": PASSWORD})
                .to_string()
                .into_bytes(),
        )),
        false,
    );
    assert_eq!(answer.status, 200);
    let cookie = answer.header("set-cookie").unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let body = answer.json();
    assert_eq!(body["role"], "unit");
    assert_eq!(body["units"], json!(["SO-STP"]));
    assert_eq!(body["csrf"].as_str().unwrap().len(), 64);
}

#[test]
fn without_a_session_every_api_route_is_401() {
    let server = TestServer::start();
    let client = server.client();
    for path in [
        "/api/rounds",
        SO_STP,
        "/api/rounds/2024/evidence.csv",
        "/api/rounds/2024/report.json",
    ] {
        assert_eq!(client.get(path).status, 401, "{path}");
    }
    let put = client.json("PUT", &format!("{SO_STP}/evidence"), json!({}), false);
    assert_eq!(put.status, 401);
    let submit = client.json("POST", &format!("{SO_STP}/submit"), json!({}), false);
    assert_eq!(submit.status, 401);
    assert_eq!(
        client.json("POST", "/api/logout", json!({}), false).status,
        401
    );
}

#[test]
fn each_role_reads_what_it_may_and_nothing_else() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let rounds = unit.get("/api/rounds").json();
    let years: Vec<i64> = rounds
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2019, 2024]);
    assert_eq!(rounds[1]["ruleset"]["id"], "tdthpl-2020-2024");
    assert_eq!(
        rounds[1]["ruleset"]["fingerprint"].as_str().unwrap().len(),
        64
    );
    assert_eq!(rounds[1]["state"], "open");

    let own = unit.get(SO_STP);
    assert_eq!(own.status, 200);
    assert_eq!(own.json()["result"]["id"], "SO-STP");
    assert_eq!(unit.get(XA_A).status, 403);
    assert_eq!(unit.get("/api/rounds/2024/report.json").status, 403);
    assert_eq!(unit.get("/api/rounds/2024/evidence.csv").status, 403);

    let appraiser = server.signed_in("thamdinh");
    assert_eq!(appraiser.get(XA_A).status, 200);
    let write = appraiser.json(
        "PUT",
        &format!("{XA_A}/evidence"),
        json!({"thu_thap_thong_tin": "Có"}),
        true,
    );
    assert_eq!(write.status, 403);
    assert_eq!(appraiser.get("/api/rounds/2024/report.json").status, 403);

    let admin = server.signed_in("admin");
    assert_eq!(admin.get(XA_A).status, 200);
    assert_eq!(admin.get("/api/rounds/2024/units/KHONG-CO").status, 404);
    // Submitting is the unit's own declaration.
    assert_eq!(
        admin
            .json("POST", &format!("{XA_A}/submit"), json!({}), true)
            .status,
        403
    );
}

#[test]
fn a_state_changing_call_without_its_csrf_token_is_refused() {
    let server = TestServer::start();
    let mut unit = server.signed_in("so-stp");
    let path = format!("{SO_STP}/evidence");
    let change = json!({"ngay_ban_hanh_ke_hoach": "08/01/2024"});
    assert_eq!(unit.json("PUT", &path, change.clone(), false).status, 403);
    let real = unit.csrf.replace("0".repeat(64));
    assert_eq!(unit.json("PUT", &path, change.clone(), true).status, 403);
    unit.csrf = real;
    // Nothing was saved by the refused calls.
    assert_eq!(unit.get(SO_STP).json()["evidence"], json!({}));
    assert_eq!(unit.json("PUT", &path, change, true).status, 200);
}

#[test]
fn an_edit_is_saved_and_rescored_and_invalid_cells_are_refused_one_by_one() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let path = format!("{SO_STP}/evidence");
    let before = unit.get(SO_STP).json();
    // No plan date yet: 1.1 earns nothing.
    assert_eq!(criterion(&before["result"], "1.1")["points"], "0.00");

    let ok = unit.json(
        "PUT",
        &path,
        json!({"ngay_ban_hanh_ke_hoach": "08/01/2024"}),
        true,
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    let plan = criterion(&ok.json()["result"], "1.1").clone();
    assert_eq!(plan["status"], "full");
    assert_eq!(plan["points"], plan["max"]);

    // One bad date, one good count: the count is saved, the date refused with
    // the message an evidence file gets for the same cell.
    let mixed = unit.json(
        "PUT",
        &path,
        json!({"ngay_gui_bao_cao_nam": "31/02/2024", "so_cuoc_kiem_tra_ke_hoach": "4"}),
        true,
    );
    assert_eq!(mixed.status, 422, "{}", mixed.text());
    let body = mixed.json();
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["field"], "ngay_gui_bao_cao_nam");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("31/02/2024"), "{message}");
    let evidence = unit.get(SO_STP).json()["evidence"].clone();
    assert_eq!(evidence["so_cuoc_kiem_tra_ke_hoach"], "4");
    assert_eq!(evidence["ngay_ban_hanh_ke_hoach"], "08/01/2024");
    assert!(evidence.get("ngay_gui_bao_cao_nam").is_none());

    let unknown = unit.json("PUT", &path, json!({"khong_co_truong": "1"}), true);
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.json()["errors"][0]["field"], "khong_co_truong");
    let malformed = unit.send(
        "PUT",
        &path,
        Some(("application/json", b"[1,2".to_vec())),
        true,
    );
    assert_eq!(malformed.status, 422);
    assert!(malformed.json()["error"].as_str().unwrap().contains("JSON"));
}

#[test]
fn submitting_locks_the_unit_and_a_past_deadline_refuses_every_write() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let put = |path: &str| unit.json("PUT", path, json!({"thu_thap_thong_tin": "Có"}), true);
    assert_eq!(put(&format!("{SO_STP}/evidence")).status, 200);
    let submit = unit.json("POST", &format!("{SO_STP}/submit"), json!({}), true);
    assert_eq!(submit.status, 200, "{}", submit.text());
    let after = put(&format!("{SO_STP}/evidence"));
    assert_eq!(after.status, 409);
    assert!(
        after.json()["error"]
            .as_str()
            .unwrap()
            .contains("submitted")
    );
    assert_eq!(
        unit.json("POST", &format!("{SO_STP}/submit"), json!({}), true)
            .status,
        409
    );
    assert_eq!(unit.get(SO_STP).json()["submitted"], true);

    // The 2019 round's deadline (31/12/2019) has passed: the server refuses.
    let late = put("/api/rounds/2019/units/SO-STP/evidence");
    assert_eq!(late.status, 409);
    assert!(late.json()["error"].as_str().unwrap().contains("deadline"));
    let late_submit = unit.json(
        "POST",
        "/api/rounds/2019/units/SO-STP/submit",
        json!({}),
        true,
    );
    assert_eq!(late_submit.status, 409);
}

#[test]
fn logins_are_throttled_per_account_with_retry_after() {
    let server = TestServer::start();
    let mut client = server.client();
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(client.login("xa-a", "sai-mat-khau-roi").0);
    }
    assert_eq!(&statuses[..5], [401; 5]);
    assert_eq!(statuses[6], 429, "{statuses:?}");
    // Even the right password waits.
    let answer = client.send(
        "POST",
        "/api/login",
        Some((
            "application/json",
            json!({"login": "xa-a", "password": PASSWORD})
                .to_string()
                .into_bytes(),
        )),
        false,
    );
    assert_eq!(answer.status, 429);
    assert!(
        answer
            .header("retry-after")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // Another account from the same address is not locked out.
    assert_eq!(client.login("so-stp", PASSWORD).0, 200);
}

#[test]
fn logout_ends_the_session() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    assert_eq!(
        unit.json("POST", "/api/logout", json!({}), true).status,
        200
    );
    assert_eq!(unit.get("/api/rounds").status, 401);
}

#[test]
fn every_answer_carries_the_security_headers() {
    let server = TestServer::start();
    let client = server.client();
    for path in [
        "/api/rounds",
        "/dang-nhap",
        "/static/cchc.js",
        "/khong-co-trang",
    ] {
        let answer = client.get(path);
        let csp = answer.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(answer.header("x-frame-options"), Some("DENY"), "{path}");
    }
    let missing = client.get("/khong-co-trang");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("không có trang"));
    let api_missing = client.get("/api/khong-co");
    assert_eq!(api_missing.status, 404);
    assert!(
        api_missing.json()["error"]
            .as_str()
            .unwrap()
            .contains("no page /api/khong-co")
    );
}
