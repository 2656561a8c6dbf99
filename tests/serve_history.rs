//! A unit's history across years (#16 item 6): every round it took part in,
//! its predecessors' rounds once the Sở records a succession (the 2025
//! merger of communes), and the criteria lost every year.

mod serve_support;

use serde_json::{Value, json};
use serve_support::TestServer;

fn years(history: &Value) -> Vec<(i64, String, bool)> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["year"].as_i64().unwrap(),
                r["unit"].as_str().unwrap().to_string(),
                r["predecessor"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_units_history_follows_its_rounds_and_its_predecessors() {
    let server = TestServer::start();
    let admin = server.signed_in("admin");
    // SO-STP took part in 2019 and 2024, each scored and ranked.
    let own = admin.get("/api/units/SO-STP/history").json();
    assert_eq!(
        years(&own),
        [
            (2019, "SO-STP".into(), false),
            (2024, "SO-STP".into(), false)
        ]
    );
    assert_eq!(own[1]["total"], "0.00");
    assert_eq!(own[1]["rank"], 1, "ranked within its level");
    let unit = server.signed_in("so-stp");
    let put = unit.json(
        "PUT",
        "/api/rounds/2024/units/SO-STP/evidence",
        json!({"ngay_ban_hanh_ke_hoach": "08/01/2024"}),
        true,
    );
    assert_eq!(put.status, 200);
    let after = unit.get("/api/units/SO-STP/history").json();
    assert_eq!(after[1]["criteria"]["1.1"], "0.25");
    assert_ne!(after[1]["total"], "0.00");

    // A commune of 2025 formed from XA-A and XA-B.
    let token = admin.csrf.clone().unwrap();
    let units = "ma_don_vi;ten_don_vi;cap\r\nXA-MOI;Xã Mới;xa\r\n";
    let opened = admin.multipart(
        &format!("/ky/mo?csrf={token}"),
        &[("nam", "2025")],
        &[("don_vi", "ds.csv", units.as_bytes())],
    );
    assert_eq!(opened.status, 200, "{}", opened.text());
    let record = |who: &serve_support::Client, predecessor: &str| {
        who.json(
            "POST",
            "/api/units/XA-MOI/predecessors",
            json!({"predecessor": predecessor}),
            true,
        )
    };
    assert_eq!(
        record(&unit, "XA-A").status,
        403,
        "only the Sở records a succession"
    );
    assert_eq!(record(&admin, "XA-A").status, 200);
    let merged = record(&admin, "XA-B");
    assert_eq!(merged.status, 200);
    assert_eq!(
        years(&merged.json()),
        [
            (2019, "XA-A".into(), true),
            (2019, "XA-B".into(), true),
            (2024, "XA-A".into(), true),
            (2024, "XA-B".into(), true),
            (2025, "XA-MOI".into(), false),
        ]
    );
    assert_eq!(record(&admin, "XA-KHONG-CO").status, 404);
    assert_eq!(
        record(&admin, "XA-MOI").status,
        422,
        "not its own predecessor"
    );
    let cycle = admin.json(
        "POST",
        "/api/units/XA-A/predecessors",
        json!({"predecessor": "XA-MOI"}),
        true,
    );
    assert_eq!(cycle.status, 422, "no cycle: {}", cycle.text());

    // Criteria lost in every round: with no evidence, XA-B lost 1.1 in 2019 and 2024.
    let page = admin.get("/don-vi/XA-MOI/lich-su");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<svg") && html.contains("<polyline"),
        "the trend chart"
    );
    assert!(html.contains("đơn vị tiền thân"));
    assert!(html.contains("<li>1.1</li>"), "{html}");

    // Who may read whose history.
    let xa = server.signed_in("xa-a");
    assert_eq!(xa.get("/api/units/XA-A/history").status, 200);
    assert_eq!(xa.get("/api/units/SO-STP/history").status, 403);
    assert_eq!(
        server
            .signed_in("thamdinh")
            .get("/api/units/SO-STP/history")
            .status,
        200
    );
    assert_eq!(server.client().get("/api/units/SO-STP/history").status, 401);
    // The succession is in the audit log.
    let log = admin.get("/api/audit?unit=XA-MOI").json();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "successor_recorded" && e["old"] == "XA-A")
    );
}
