//! The round after self-assessment over the API (#16 items 2–5 and 7): round 1
//! of appraisal, the explanation window, round 2, confirmation, publication as
//! revision 1 that `cchc verify` accepts with the rules downloaded beside it,
//! an appeal re-scored into revision 2 while revision 1 stays readable, who
//! may do what at each stage, and every step in the audit log in order.

mod serve_support;

use serde_json::{Value, json};
use serve_support::{Client, TestServer};
use std::path::Path;

const ROUND: &str = "/api/rounds/2024";
const UNIT: &str = "/api/rounds/2024/units/SO-STP";

fn criterion(report: &Value, unit: &str, id: &str) -> String {
    let unit = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == unit)
        .unwrap_or_else(|| panic!("unit {unit} in the report"));
    unit["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()["points"]
        .as_str()
        .unwrap()
        .to_string()
}

fn unit_of<'a>(report: &'a Value, unit: &str) -> &'a Value {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == unit)
        .unwrap()
}

fn post(client: &Client, path: &str, body: Value) -> serve_support::Answer {
    client.json("POST", path, body, true)
}

fn correct(client: &Client, field: &str, value: &str, reason: &str) -> u16 {
    let answer = post(
        client,
        &format!("{UNIT}/appraisal"),
        json!({"field": field, "value": value, "reason": reason}),
    );
    answer.status
}

/// Unpacks `rules.zip` and runs `cchc verify` on a downloaded revision.
fn verify(dir: &Path, report: &[u8], evidence: &[u8], rules_zip: &[u8]) -> String {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("report.json"), report).unwrap();
    std::fs::write(dir.join("evidence.csv"), evidence).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(rules_zip)).unwrap();
    archive.extract(dir.join("rules")).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_cchc"))
        .current_dir(dir)
        .args([
            "verify",
            "report.json",
            "--rules",
            "rules/tdthpl-2020-2024",
            "--evidence",
            "evidence.csv",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout).to_string();
    assert!(
        run.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

#[test]
fn appraisal_explanation_confirmation_publication_and_an_appeal() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let other = server.signed_in("xa-a");
    let appraiser = server.signed_in("thamdinh");
    let admin = server.signed_in("admin");
    let own = json!({"ngay_ban_hanh_ke_hoach": "08/01/2024", "so_ket_qua_phai_xu_ly": "6", "so_ket_qua_da_xu_ly": "6"});
    assert_eq!(
        unit.json("PUT", &format!("{UNIT}/evidence"), own, true)
            .status,
        200
    );
    assert_eq!(
        post(&unit, &format!("{UNIT}/submit"), json!({})).status,
        200
    );

    // Round 1: a correction with its reason, a request for explanation.
    assert_eq!(
        admin.get(&format!("{ROUND}/publication")).json()["stage"],
        "round1"
    );
    let reason1 = "Kế hoạch số 80/KH-STP ký ngày 20/02/2024";
    assert_eq!(
        correct(&appraiser, "ngay_ban_hanh_ke_hoach", "20/02/2024", reason1),
        200
    );
    let ask = post(
        &appraiser,
        &format!("{UNIT}/explanation-requests"),
        json!({"criterion": "1.1", "note": "Đề nghị gửi bản ký của Kế hoạch"}),
    );
    assert_eq!(ask.status, 200, "{}", ask.text());
    // A criterion whose evidence holds is confirmed as it stands, within the groups.
    let review = |who: &Client, criterion: &str| {
        post(
            who,
            &format!("{UNIT}/reviews"),
            json!({"criterion": criterion}),
        )
    };
    let reviewed = review(&appraiser, "1.2");
    assert_eq!(reviewed.status, 200, "{}", reviewed.text());
    assert_eq!(
        reviewed.json()["reviews"],
        json!([{"criterion": "1.2", "stage": "round1", "by": "thamdinh"}])
    );
    assert_eq!(review(&appraiser, "2.1").status, 403, "outside group 1");
    assert_eq!(review(&appraiser, "9.9").status, 404);
    assert_eq!(review(&unit, "1.2").status, 403);
    // The unit does not see the appraisal before its window, nor answer.
    assert_eq!(unit.get(&format!("{UNIT}/appraisal")).status, 403);
    let explain = |who: &Client, text: &str| {
        post(
            who,
            &format!("{UNIT}/explanations"),
            json!({"criterion": "1.1", "text": text}),
        )
        .status
    };
    assert_eq!(explain(&unit, "sớm"), 409);

    // The explanation window: appraisers wait, the unit sees and answers.
    let window = |start: &str, deadline: &str| {
        post(
            &admin,
            &format!("{ROUND}/explanation-window"),
            json!({"start": start, "deadline": deadline}),
        )
    };
    assert_eq!(
        post(
            &appraiser,
            &format!("{ROUND}/explanation-window"),
            json!({"start": "2020-01-01", "deadline": "2099-12-31"})
        )
        .status,
        403
    );
    assert_eq!(
        window("2099-12-31", "2020-01-01").status,
        422,
        "start after deadline"
    );
    assert_eq!(
        window("31/02/2020", "2099-12-31").status,
        422,
        "no such date"
    );
    let opened = window("2020-01-01", "2099-12-31");
    assert_eq!(opened.status, 200, "{}", opened.text());
    assert_eq!(opened.json()["stage"], "explanation");
    assert_eq!(
        correct(&appraiser, "ngay_ban_hanh_ke_hoach", "21/02/2024", "x"),
        409
    );
    assert_eq!(
        post(&admin, &format!("{ROUND}/confirm"), json!({})).status,
        409
    );
    let seen = unit.get(&format!("{UNIT}/appraisal"));
    assert_eq!(seen.status, 200, "{}", seen.text());
    let seen = seen.json();
    assert_eq!(seen["corrections"][0]["reason"], reason1);
    assert_eq!(seen["corrections"][0]["self"], "08/01/2024");
    assert_eq!(other.get(&format!("{UNIT}/appraisal")).status, 403);
    assert_eq!(explain(&other, "không phải đơn vị mình"), 403);
    assert_eq!(
        explain(&admin, "Sở trả lời thay"),
        403,
        "the Sở does not answer for a unit"
    );
    assert_eq!(
        explain(&unit, "Kế hoạch ký ngày 08/01/2024; bản ký gửi kèm."),
        200
    );
    let answered = appraiser.get(&format!("{UNIT}/appraisal")).json();
    assert_eq!(
        answered["requests"][0]["answer"],
        "Kế hoạch ký ngày 08/01/2024; bản ký gửi kèm."
    );

    // Round 2: the window ended (the Sở ends it early); the appraiser corrects again.
    assert_eq!(window("2020-01-01", "2020-01-02").json()["stage"], "round2");
    assert_eq!(
        explain(&unit, "muộn"),
        409,
        "the window locks at its deadline"
    );
    let reason2 = "Biên bản kiểm tra: 4 kết quả đã xử lý";
    assert_eq!(correct(&admin, "so_ket_qua_da_xu_ly", "4", reason2), 200);

    // Confirmation freezes the appraisal.
    assert_eq!(
        post(&appraiser, &format!("{ROUND}/confirm"), json!({})).status,
        403
    );
    let confirmed = post(&admin, &format!("{ROUND}/confirm"), json!({}));
    assert_eq!(confirmed.status, 200, "{}", confirmed.text());
    assert_eq!(confirmed.json()["stage"], "confirmed");
    assert_eq!(correct(&admin, "so_ket_qua_da_xu_ly", "5", "x"), 409);
    assert_eq!(window("2020-01-01", "2099-12-31").status, 409);
    assert_eq!(
        unit.get(&format!("{ROUND}/revisions/1/report.json")).status,
        404
    );

    // Publication: revision 1.
    assert_eq!(
        post(
            &admin,
            &format!("{ROUND}/publish"),
            json!({"appeal_deadline": "2020-01-01"})
        )
        .status,
        422,
        "an appeal window that has ended"
    );
    assert_eq!(
        post(
            &appraiser,
            &format!("{ROUND}/publish"),
            json!({"appeal_deadline": "2099-12-31"})
        )
        .status,
        403
    );
    let published = post(
        &admin,
        &format!("{ROUND}/publish"),
        json!({"appeal_deadline": "2099-12-31"}),
    );
    assert_eq!(published.status, 200, "{}", published.text());
    let summary = published.json();
    assert_eq!(summary["stage"], "published");
    assert_eq!(summary["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(
        summary["ranking"].as_array().unwrap().len(),
        3,
        "every unit of the round"
    );
    assert_eq!(
        post(
            &admin,
            &format!("{ROUND}/publish"),
            json!({"appeal_deadline": "2099-12-31"})
        )
        .status,
        409,
        "published once"
    );
    // Every account of the round sees the ranking.
    for who in [&unit, &other, &appraiser] {
        assert_eq!(
            who.get(&format!("{ROUND}/publication")).json()["ranking"],
            summary["ranking"]
        );
    }
    let file = |who: &Client, revision: &str, name: &str| {
        who.get(&format!("{ROUND}/revisions/{revision}/{name}"))
    };
    let report1 = file(&unit, "1", "report.json");
    assert_eq!(report1.status, 200);
    assert!(
        report1
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    let report1_json: Value = serde_json::from_slice(&report1.body).unwrap();
    let revision1 = &summary["revisions"][0];
    assert_eq!(
        report1_json["ruleset"]["fingerprint"],
        revision1["ruleset_fingerprint"]
    );
    assert_eq!(
        report1_json["evidence"]["fingerprint"],
        revision1["evidence_fingerprint"]
    );
    assert_eq!(
        criterion(&report1_json, "SO-STP", "1.1"),
        "0.05",
        "scored on the appraised evidence"
    );
    let own1 = unit_of(&report1_json, "SO-STP")["total"].clone();

    // What a unit may read of it: reports, evidence, rules, its own notice.
    assert_eq!(file(&unit, "1", "notice-SO-STP.html").status, 200);
    assert_eq!(file(&unit, "1", "notice-XA-A.html").status, 403);
    assert_eq!(file(&unit, "1", "self-evidence.csv").status, 403);
    assert_eq!(file(&admin, "1", "self-evidence.csv").status, 200);
    assert_eq!(file(&admin, "1", "nothing.txt").status, 404);
    assert_eq!(file(&admin, "7", "report.json").status, 404);
    let notice = file(&unit, "1", "notice-SO-STP.html").text();
    assert!(notice.contains("Chênh lệch với điểm tự chấm"), "{notice}");
    assert!(
        notice.contains(
            "ngay_ban_hanh_ke_hoach: đơn vị khai 08/01/2024, sau thẩm định 20/02/2024 (vòng 1): Kế hoạch số 80/KH-STP ký ngày 20/02/2024"
        ),
        "{notice}"
    );
    assert!(!notice.contains("Xã A"), "one unit's notice only");

    // Anyone re-derives revision 1 offline with the rules published beside it.
    let dir = tempfile::tempdir().unwrap();
    let rules1 = file(&unit, "1", "rules.zip").body;
    let evidence1 = file(&unit, "1", "evidence.csv").body;
    let out = verify(&dir.path().join("1"), &report1.body, &evidence1, &rules1);
    assert!(out.contains("MATCH"), "{out}");

    // Nothing writes evidence once published.
    assert_eq!(
        admin
            .json(
                "PUT",
                &format!("{UNIT}/evidence"),
                json!({"so_ket_qua_da_xu_ly": "6"}),
                true
            )
            .status,
        409
    );

    // An appeal: filed by the unit, decided by the Sở, re-scored into revision 2.
    let appeal = |who: &Client, criterion: &str, reason: &str| {
        post(
            who,
            &format!("{UNIT}/appeals"),
            json!({"criterion": criterion, "reason": reason}),
        )
    };
    assert_eq!(appeal(&other, "1.1", "x").status, 403);
    assert_eq!(appeal(&admin, "1.1", "x").status, 403);
    assert_eq!(
        appeal(&unit, "1.1", " ").status,
        422,
        "an appeal needs its reasons"
    );
    assert_eq!(appeal(&unit, "9.9", "x").status, 404);
    let filed = appeal(&unit, "1.1", "Kế hoạch ký ngày 08/01/2024, bản ký gửi kèm");
    assert_eq!(filed.status, 200, "{}", filed.text());
    let id = filed.json()["id"].as_i64().unwrap();
    assert_eq!(
        appeal(&unit, "1.1", "lần nữa").status,
        409,
        "one pending appeal per criterion"
    );
    let second = appeal(&unit, "2.1", "Biên bản đếm sai").json()["id"]
        .as_i64()
        .unwrap();
    let decide = |who: &Client, id: i64, body: Value| {
        post(who, &format!("{ROUND}/appeals/{id}/decision"), body)
    };
    assert_eq!(
        decide(&unit, id, json!({"accepted": true, "reason": "x"})).status,
        403
    );
    assert_eq!(
        decide(&admin, id, json!({"accepted": true, "reason": "x", "changes": {"ngay_ban_hanh_ke_hoach": "31/02/2024"}})).status,
        422,
        "a change the evidence checks refuse"
    );
    assert_eq!(
        decide(&admin, id, json!({"accepted": false, "reason": "x", "changes": {"ngay_ban_hanh_ke_hoach": "08/01/2024"}})).status,
        422,
        "a rejected appeal changes nothing"
    );
    assert_eq!(decide(&admin, id, json!({"accepted": true, "reason": " ", "changes": {"ngay_ban_hanh_ke_hoach": "08/01/2024"}})).status, 422);
    let decided = decide(
        &admin,
        id,
        json!({"accepted": true, "reason": "Bản ký Kế hoạch ghi ngày 08/01/2024", "changes": {"ngay_ban_hanh_ke_hoach": "08/01/2024"}}),
    );
    assert_eq!(decided.status, 200, "{}", decided.text());
    assert_eq!(decided.json()["revision"], 2);
    assert_eq!(
        decide(&admin, id, json!({"accepted": false, "reason": "lại"})).status,
        409,
        "decided once"
    );
    let rejected = decide(
        &admin,
        second,
        json!({"accepted": false, "reason": "Biên bản có chữ ký đủ"}),
    );
    assert_eq!(
        rejected.json()["revision"],
        Value::Null,
        "a rejection publishes nothing new"
    );

    // Revision 2: re-scored, ranks recomputed; revision 1 unchanged.
    let report2 = file(&unit, "2", "report.json");
    let report2_json: Value = serde_json::from_slice(&report2.body).unwrap();
    assert_eq!(criterion(&report2_json, "SO-STP", "1.1"), "0.25");
    assert_ne!(unit_of(&report2_json, "SO-STP")["total"], own1);
    assert_eq!(file(&unit, "latest", "report.json").body, report2.body);
    assert_eq!(
        file(&unit, "1", "report.json").body,
        report1.body,
        "revision 1 stays as published"
    );
    let summary2 = unit.get(&format!("{ROUND}/publication")).json();
    let revisions = summary2["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[1]["appeal"], id);
    assert_eq!(
        revisions[0]["ruleset_fingerprint"],
        revisions[1]["ruleset_fingerprint"]
    );
    assert_ne!(
        revisions[0]["evidence_fingerprint"],
        revisions[1]["evidence_fingerprint"]
    );
    let ranked: Vec<(&str, Value)> = summary2["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["rank"].clone()))
        .collect();
    let recomputed: Vec<(&str, Value)> = report2_json["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["id"].as_str().unwrap(), u["rank"].clone()))
        .collect();
    assert_eq!(ranked, recomputed, "the ranking is revision 2's");
    let rules2 = file(&unit, "2", "rules.zip").body;
    assert_eq!(rules1, rules2, "the round's rules, byte for byte");
    let evidence2 = file(&unit, "2", "evidence.csv").body;
    assert!(verify(&dir.path().join("2"), &report2.body, &evidence2, &rules2).contains("MATCH"));
    let notice2 = file(&unit, "2", "notice-SO-STP.html").text();
    assert!(
        notice2
            .contains("ngay_ban_hanh_ke_hoach: đơn vị khai 08/01/2024, sau thẩm định 08/01/2024 (phúc khảo): phúc khảo số"),
        "{notice2}"
    );
    assert!(
        notice2.contains("Bản ký Kế hoạch ghi ngày 08/01/2024"),
        "the decision's reason"
    );

    // The unit sees the decisions and their reasons.
    let mine = unit.get(&format!("{UNIT}/appeals")).json();
    assert_eq!(
        mine[0]["decision"],
        json!({"accepted": true, "reason": "Bản ký Kế hoạch ghi ngày 08/01/2024", "revision": 2})
    );
    assert_eq!(mine[1]["decision"]["accepted"], false);
    assert_eq!(other.get(&format!("{UNIT}/appeals")).status, 403);
    assert_eq!(
        admin
            .get(&format!("{ROUND}/appeals"))
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(unit.get(&format!("{ROUND}/appeals")).status, 403);

    // History shows the published result, revision 2's, labelled as published.
    let history = unit.get("/api/units/SO-STP/history").json();
    let rounds = history.as_array().unwrap();
    let r2024 = rounds.iter().find(|r| r["year"] == 2024).unwrap();
    let published_unit = unit_of(&report2_json, "SO-STP");
    assert_eq!(r2024["published"], true);
    assert_eq!(r2024["total"], published_unit["total"]);
    assert_eq!(r2024["rank"], published_unit["rank"]);
    assert_eq!(r2024["criteria"]["1.1"], "0.25");
    let r2019 = rounds.iter().find(|r| r["year"] == 2019).unwrap();
    assert_eq!(r2019["published"], false, "2019 was never published");

    // The audit log has every step, in order.
    let log = admin.get("/api/audit?year=2024").json();
    let steps: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .filter(|a| {
            !matches!(
                *a,
                "round_opened" | "unit_added" | "round_changed" | "cell_changed" | "submitted"
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            "appraisal_corrected",
            "explanation_requested",
            "appraisal_reviewed",
            "explanation_window_set",
            "explanation_answered",
            "explanation_window_set",
            "appraisal_corrected",
            "appraisal_confirmed",
            "published",
            "appeal_filed",
            "appeal_filed",
            "appraisal_corrected",
            "published",
            "appeal_decided",
            "appeal_decided",
        ],
        "{log:#}"
    );
}

/// Every route of part 2: without a session the API answers 401 and pages go
/// to the login form; a signed-in state change without its CSRF token is 403,
/// and changes nothing.
#[test]
fn every_route_of_the_appraisal_needs_a_session_and_its_csrf_token() {
    let server = TestServer::start();
    let anonymous = server.client();
    let api_gets = [
        "/api/rounds/2024/publication",
        "/api/rounds/2024/revisions/1/report.json",
        "/api/rounds/2024/revisions/latest/rules.zip",
        "/api/rounds/2024/units/SO-STP/appeals",
        "/api/rounds/2024/appeals",
        "/api/rounds/2024/units/SO-STP/appraisal",
    ];
    for path in api_gets {
        assert_eq!(anonymous.get(path).status, 401, "{path}");
    }
    let api_posts = [
        "/api/rounds/2024/explanation-window",
        "/api/rounds/2024/confirm",
        "/api/rounds/2024/publish",
        "/api/rounds/2024/units/SO-STP/explanations",
        "/api/rounds/2024/units/SO-STP/appeals",
        "/api/rounds/2024/appeals/1/decision",
        "/api/rounds/2024/units/SO-STP/reviews",
        "/api/rounds/2024/units/SO-STP/appraisal",
        "/api/rounds/2024/units/SO-STP/explanation-requests",
    ];
    for path in api_posts {
        assert_eq!(
            anonymous.json("POST", path, json!({}), false).status,
            401,
            "{path}"
        );
    }
    for path in [
        "/ky/2024/ket-qua",
        "/ky/2024/thong-bao/SO-STP",
        "/ky/2024/don-vi/SO-STP/tham-dinh",
    ] {
        let page = anonymous.get(path);
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.header("location"), Some("/dang-nhap"), "{path}");
    }
    let admin = server.signed_in("admin");
    for path in api_posts {
        assert_eq!(
            admin.json("POST", path, json!({}), false).status,
            403,
            "{path}: no CSRF token"
        );
    }
    for path in [
        "/ky/2024/giai-trinh",
        "/ky/2024/xac-nhan",
        "/ky/2024/cong-bo",
        "/ky/2024/phuc-khao/1",
        "/ky/2024/don-vi/SO-STP/tham-dinh",
        "/ky/2024/don-vi/SO-STP/yeu-cau-giai-trinh",
        "/ky/2024/don-vi/SO-STP/xac-nhan-tieu-chi",
    ] {
        assert_eq!(
            admin.form(path, &[("han", "31/12/2099")]).status,
            403,
            "{path}: no CSRF token"
        );
    }
    for path in [
        "/ky/2024/don-vi/SO-STP/giai-trinh",
        "/ky/2024/don-vi/SO-STP/phuc-khao",
    ] {
        assert_eq!(
            admin.multipart(path, &[("ly_do", "x")], &[]).status,
            403,
            "{path}: no CSRF token"
        );
    }
    let summary = admin.get("/api/rounds/2024/publication").json();
    assert_eq!(summary["stage"], "round1", "nothing changed");
    assert_eq!(summary["explanation"], Value::Null);
}
