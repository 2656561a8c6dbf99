//! The audit log, visible to the administrator (#16 item 7): every change with
//! who, when, from where, old and new value, filtered by round, unit,
//! criterion, account and dates, and exported as CSV; no one else reads it.

mod serve_support;

use serde_json::{Value, json};
use serve_support::TestServer;

/// (action, field, old value, new value) of one entry.
type Row = (String, Option<String>, Option<String>, Option<String>);

fn actions(entries: &Value) -> Vec<Row> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().map(str::to_string);
            (
                e["action"].as_str().unwrap().to_string(),
                text("field"),
                text("old"),
                text("new"),
            )
        })
        .collect()
}

#[test]
fn every_change_is_listed_in_order_with_who_and_what_and_filtered() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let put = |body: Value| unit.json("PUT", "/api/rounds/2024/units/SO-STP/evidence", body, true);
    assert_eq!(
        put(json!({"ngay_ban_hanh_ke_hoach": "20/02/2024"})).status,
        200
    );
    assert_eq!(put(json!({"ngay_ban_hanh_ke_hoach": "08/01/2024", "ngay_ban_hanh_ke_hoach__so_hieu": "=1+1"})).status, 200);
    assert_eq!(put(json!({"thu_thap_thong_tin": "Có"})).status, 200);
    assert_eq!(
        unit.json(
            "POST",
            "/api/rounds/2024/units/SO-STP/submit",
            json!({}),
            true
        )
        .status,
        200
    );

    let admin = server.signed_in("admin");
    let all = admin.get("/api/audit?year=2024&unit=SO-STP");
    assert_eq!(all.status, 200, "{}", all.text());
    let entries = all.json();
    let row = |a: &str, f: Option<&str>, o: Option<&str>, n: Option<&str>| -> Row {
        let own = |t: Option<&str>| t.map(str::to_string);
        (a.to_string(), own(f), own(o), own(n))
    };
    let plan = Some("ngay_ban_hanh_ke_hoach");
    assert_eq!(
        actions(&entries),
        [
            row("unit_added", None, None, Some("Sở Tư pháp")),
            row("cell_changed", plan, None, Some("20/02/2024")),
            row("cell_changed", plan, Some("20/02/2024"), Some("08/01/2024")),
            row(
                "cell_changed",
                Some("ngay_ban_hanh_ke_hoach__so_hieu"),
                None,
                Some("=1+1")
            ),
            row("cell_changed", Some("thu_thap_thong_tin"), None, Some("Có")),
            row("submitted", None, None, None),
        ]
    );
    let first_change = &entries[1];
    assert_eq!(first_change["account"], "so-stp");
    assert!(
        first_change["address"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:")
    );
    assert_eq!(
        entries[0]["account"],
        Value::Null,
        "the unit was added from the command line"
    );

    // By criterion: 1.1's evidence (the plan date and its document columns) only.
    let by_criterion = admin
        .get("/api/audit?year=2024&unit=SO-STP&criterion=1.1")
        .json();
    assert_eq!(by_criterion.as_array().unwrap().len(), 3);
    assert_eq!(
        admin.get("/api/audit?year=2024&account=xa-a").json(),
        json!([])
    );
    assert_eq!(
        admin
            .get("/api/audit?year=2024&account=so-stp")
            .json()
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(admin.get("/api/audit?from=01/01/2099").json(), json!([]));
    assert_eq!(
        admin.get("/api/audit?criterion=1.1").status,
        422,
        "a criterion needs its year"
    );
    assert_eq!(admin.get("/api/audit?from=31/02/2024").status, 422);

    let csv = admin.get("/api/audit.csv?year=2024&unit=SO-STP");
    assert_eq!(csv.status, 200);
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
    let text = csv.text();
    assert!(text.starts_with("thoi_diem;tai_khoan;"));
    assert_eq!(text.lines().count(), 7);
    assert!(text.contains(";'=1+1"), "a formula stays text: {text}");

    let page = admin.get("/nhat-ky?year=2024&unit=SO-STP");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("6 mục"));

    for login in ["so-stp", "thamdinh"] {
        let other = server.signed_in(login);
        assert_eq!(other.get("/api/audit").status, 403, "{login}");
        assert_eq!(other.get("/api/audit.csv").status, 403, "{login}");
        assert_eq!(other.get("/nhat-ky").status, 403, "{login}");
    }
    assert_eq!(server.client().get("/api/audit").status, 401);
}
