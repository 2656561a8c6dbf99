//! Appraisal, round 1 (#16 items 1 and 9): the appraiser corrects facts with a
//! reason and the rules recompute the points; the unit's own evidence and
//! self-assessed points stay; explanation requests; who may appraise what and
//! when.

mod serve_support;

use serde_json::{Value, json};
use serve_support::TestServer;

const UNIT: &str = "/api/rounds/2024/units/SO-STP";

fn points(result: &Value, id: &str) -> String {
    result["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()["points"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_appraiser_corrects_facts_with_reasons_and_the_rules_rescore() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let appraiser = server.signed_in("thamdinh");
    let correct = |who: &serve_support::Client, field: &str, value: &str, reason: &str| {
        who.json(
            "POST",
            &format!("{UNIT}/appraisal"),
            json!({"field": field, "value": value, "reason": reason}),
            true,
        )
    };
    let own = json!({"ngay_ban_hanh_ke_hoach": "08/01/2024", "so_ket_qua_phai_xu_ly": "6", "so_ket_qua_da_xu_ly": "6"});
    assert_eq!(
        unit.json("PUT", &format!("{UNIT}/evidence"), own, true)
            .status,
        200
    );
    // Not before the unit submits (and its deadline is in 2099).
    let early = correct(
        &appraiser,
        "ngay_ban_hanh_ke_hoach",
        "20/02/2024",
        "Kế hoạch ký ngày 20/02",
    );
    assert_eq!(early.status, 409, "{}", early.text());
    assert_eq!(
        unit.json("POST", &format!("{UNIT}/submit"), json!({}), true)
            .status,
        200
    );

    let before = appraiser.get(&format!("{UNIT}/appraisal")).json();
    assert_eq!(before["own"], before["appraised"]);
    assert_eq!(
        correct(&appraiser, "ngay_ban_hanh_ke_hoach", "20/02/2024", "  ").status,
        422,
        "a reason is mandatory"
    );
    let bad = correct(
        &appraiser,
        "ngay_ban_hanh_ke_hoach",
        "31/02/2024",
        "ngày trên văn bản",
    );
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["errors"][0]["field"], "ngay_ban_hanh_ke_hoach");

    let done = correct(
        &appraiser,
        "ngay_ban_hanh_ke_hoach",
        "20/02/2024",
        "Kế hoạch số 80/KH-STP ký ngày 20/02/2024",
    );
    assert_eq!(done.status, 200, "{}", done.text());
    let after = done.json();
    assert_eq!(
        points(&after["own"], "1.1"),
        "0.25",
        "the self-assessed points stay"
    );
    assert_eq!(
        points(&after["appraised"], "1.1"),
        "0.05",
        "the rules rescore the corrected fact"
    );
    assert_eq!(
        after["corrections"],
        json!([{"field": "ngay_ban_hanh_ke_hoach", "self": "08/01/2024", "value": "20/02/2024",
                "reason": "Kế hoạch số 80/KH-STP ký ngày 20/02/2024", "by": "thamdinh"}])
    );
    // The unit's own evidence is not touched.
    assert_eq!(
        unit.get(UNIT).json()["evidence"]["ngay_ban_hanh_ke_hoach"],
        "08/01/2024"
    );

    // Groups: this appraiser has group 1 only; criterion 2.1's fields are not theirs.
    assert_eq!(
        correct(&appraiser, "so_ket_qua_da_xu_ly", "4", "biên bản").status,
        403
    );
    let admin = server.signed_in("admin");
    assert_eq!(
        correct(&admin, "so_ket_qua_da_xu_ly", "4", "biên bản kiểm tra").status,
        200
    );
    assert_eq!(
        correct(&appraiser, "khong_co", "1", "x").status,
        403,
        "an unknown field is nobody's"
    );

    // Explanation requests.
    let ask = |who: &serve_support::Client, criterion: &str, note: &str| {
        who.json(
            "POST",
            &format!("{UNIT}/explanation-requests"),
            json!({"criterion": criterion, "note": note}),
            true,
        )
    };
    let asked = ask(&appraiser, "1.1", "Đề nghị gửi bản ký của Kế hoạch");
    assert_eq!(asked.status, 200, "{}", asked.text());
    assert_eq!(ask(&appraiser, "1.1", " ").status, 422);
    assert_eq!(ask(&appraiser, "2.1", "x").status, 403);
    assert_eq!(ask(&appraiser, "9.9", "x").status, 404);
    let view = appraiser.get(&format!("{UNIT}/appraisal")).json();
    assert_eq!(
        view["requests"][0]["note"],
        "Đề nghị gửi bản ký của Kế hoạch"
    );

    // Units do not appraise; nobody without a session.
    assert_eq!(unit.get(&format!("{UNIT}/appraisal")).status, 403);
    assert_eq!(
        correct(&unit, "ngay_ban_hanh_ke_hoach", "01/01/2024", "tự sửa").status,
        403
    );
    assert_eq!(ask(&unit, "1.1", "x").status, 403);
    assert_eq!(
        server.client().get(&format!("{UNIT}/appraisal")).status,
        401
    );

    // Every correction is audited with its reason.
    let log = admin.get("/api/audit?year=2024&unit=SO-STP").json();
    let corrected: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "appraisal_corrected")
        .collect();
    assert_eq!(corrected.len(), 2);
    assert_eq!(
        corrected[0]["reason"],
        "Kế hoạch số 80/KH-STP ký ngày 20/02/2024"
    );
    assert_eq!(corrected[0]["old"], Value::Null);
}

#[test]
fn past_the_deadline_a_unit_that_did_not_submit_is_appraised_as_it_stands() {
    let server = TestServer::start();
    let appraiser = server.signed_in("thamdinh");
    let late = appraiser.json(
        "POST",
        "/api/rounds/2019/units/XA-A/appraisal",
        json!({"field": "ngay_ban_hanh_ke_hoach", "value": "15/01/2019", "reason": "Kế hoạch tìm thấy khi kiểm tra"}),
        true,
    );
    assert_eq!(late.status, 200, "{}", late.text());
}
