//! The appraisal and publication pages without JavaScript (plain form posts
//! and multipart uploads, as a browser with scripts off sends them): the
//! appraisal page for the appraiser and the unit, the round's publication page
//! for the Sở, the published ranking and notices for every account.

mod serve_support;

use serde_json::json;
use serve_support::{Answer, Client, TestServer};

const APPRAISAL: &str = "/ky/2024/don-vi/SO-STP/tham-dinh";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";

fn page_of(answer: &Answer) -> String {
    answer.text().replace("&#x2f;", "/")
}

fn post_form(client: &Client, path: &str, fields: &[(&str, &str)]) -> Answer {
    let token = client.csrf.clone().unwrap();
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    client.form(path, &all)
}

fn upload(
    client: &Client,
    path: &str,
    texts: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Answer {
    let token = client.csrf.clone().unwrap();
    client.multipart(&format!("{path}?csrf={token}"), texts, files)
}

fn redirected(answer: &Answer, to: &str) {
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(answer.header("location"), Some(to));
}

#[test]
fn appraisal_explanation_publication_and_appeal_through_the_pages() {
    let server = TestServer::start();
    let unit = server.signed_in("so-stp");
    let appraiser = server.signed_in("thamdinh");
    let admin = server.signed_in("admin");
    let own = json!({"ngay_ban_hanh_ke_hoach": "08/01/2024", "so_ket_qua_phai_xu_ly": "6", "so_ket_qua_da_xu_ly": "6"});
    assert_eq!(
        unit.json("PUT", "/api/rounds/2024/units/SO-STP/evidence", own, true)
            .status,
        200
    );
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

    // A unit that has neither submitted nor passed its deadline is not appraised yet.
    let early = page_of(&appraiser.get("/ky/2024/don-vi/XA-A/tham-dinh"));
    assert!(
        early.contains("chưa thẩm định được") && !early.contains("Sửa và chấm lại"),
        "{early}"
    );
    // The appraiser's page: both scores, only their groups' fields to correct.
    let page = page_of(&appraiser.get(APPRAISAL));
    assert!(page.contains("thẩm định vòng 1"), "{page}");
    assert!(page.contains("value=\"ngay_ban_hanh_ke_hoach\""));
    assert!(
        !page.contains("value=\"so_ket_qua_da_xu_ly\""),
        "outside group 1"
    );
    let refused = post_form(
        &appraiser,
        APPRAISAL,
        &[
            ("truong", "ngay_ban_hanh_ke_hoach"),
            ("gia_tri", "20/02/2024"),
            ("ly_do", " "),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(page_of(&refused).contains("lý do"), "{}", refused.text());
    assert_eq!(
        post_form(
            &appraiser,
            APPRAISAL,
            &[
                ("truong", "so_ket_qua_da_xu_ly"),
                ("gia_tri", "4"),
                ("ly_do", "x")
            ]
        )
        .status,
        403
    );
    let bad_date = post_form(
        &appraiser,
        APPRAISAL,
        &[
            ("truong", "ngay_ban_hanh_ke_hoach"),
            ("gia_tri", "31/02/2024"),
            ("ly_do", "ngày"),
        ],
    );
    assert_eq!(bad_date.status, 422);
    assert!(page_of(&bad_date).contains("31/02/2024"));
    let reason = "Kế hoạch số 80/KH-STP ký ngày 20/02/2024";
    redirected(
        &post_form(
            &appraiser,
            APPRAISAL,
            &[
                ("truong", "ngay_ban_hanh_ke_hoach"),
                ("gia_tri", "20/02/2024"),
                ("ly_do", reason),
            ],
        ),
        APPRAISAL,
    );
    redirected(
        &post_form(
            &appraiser,
            "/ky/2024/don-vi/SO-STP/yeu-cau-giai-trinh",
            &[("tieu_chi", "1.1"), ("ghi_chu", "Gửi bản ký của Kế hoạch")],
        ),
        APPRAISAL,
    );
    // A second request on the same criterion: the unit answers the latest.
    redirected(
        &post_form(
            &appraiser,
            "/ky/2024/don-vi/SO-STP/yeu-cau-giai-trinh",
            &[("tieu_chi", "1.1"), ("ghi_chu", "Bổ sung: bản ký có dấu")],
        ),
        APPRAISAL,
    );
    let page = page_of(&appraiser.get(APPRAISAL));
    assert!(page.contains(reason));
    assert!(page.contains("Gửi bản ký của Kế hoạch"));
    let row = &page[page.find("id=\"tieu-chi-1.1\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("<td class=\"own\">0,25</td>")
            && row.contains("<td class=\"appraised\">0,05</td>"),
        "{row}"
    );
    assert!(row.contains("<td class=\"difference\">-0,20</td>"), "{row}");
    assert_eq!(
        unit.get(APPRAISAL).status,
        403,
        "not before the explanation window"
    );
    // The unit's evidence is on the page; a criterion is confirmed as it stands.
    let evidence = &page[page.find("id=\"mc-ngay_ban_hanh_ke_hoach\"").unwrap()..];
    let evidence = &evidence[..evidence.find("</tr>").unwrap()];
    assert!(
        evidence.contains("08/01/2024") && evidence.contains("20/02/2024"),
        "{evidence}"
    );
    redirected(
        &post_form(
            &appraiser,
            "/ky/2024/don-vi/SO-STP/xac-nhan-tieu-chi",
            &[("tieu_chi", "1.2")],
        ),
        APPRAISAL,
    );
    assert_eq!(
        post_form(
            &appraiser,
            "/ky/2024/don-vi/SO-STP/xac-nhan-tieu-chi",
            &[("tieu_chi", "2.1")]
        )
        .status,
        403
    );
    let page = page_of(&appraiser.get(APPRAISAL));
    let row = &page[page.find("id=\"tieu-chi-1.2\"").unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("thamdinh, vòng 1"));

    // The Sở opens the explanation window on the round's page.
    let round_page = "/ky/2024/ket-qua";
    let bad = post_form(
        &admin,
        "/ky/2024/giai-trinh",
        &[("bat_dau", "01/01/2020"), ("han", "hôm nay")],
    );
    assert_eq!(bad.status, 422);
    assert!(page_of(&bad).contains("han"), "the refusal names the field");
    redirected(
        &post_form(
            &admin,
            "/ky/2024/giai-trinh",
            &[("bat_dau", "01/01/2020"), ("han", "31/12/2099")],
        ),
        round_page,
    );
    assert_eq!(
        post_form(
            &appraiser,
            "/ky/2024/giai-trinh",
            &[("bat_dau", "01/01/2020"), ("han", "31/12/2099")]
        )
        .status,
        403
    );

    // The unit sees the appraisal and answers with a document.
    let page = page_of(&unit.get(APPRAISAL));
    assert!(
        page.contains(reason) && page.contains("Gửi giải trình"),
        "{page}"
    );
    assert!(!page.contains("Sửa và chấm lại"), "units do not correct");
    assert_eq!(
        page.matches("class=\"answer-form\"").count(),
        1,
        "one answer form: the latest request on 1.1"
    );
    let latest = &page[page.find("Bổ sung: bản ký có dấu").unwrap()..];
    assert!(latest[..latest.find("</form>").unwrap()].contains("answer-form"));
    let not_a_document = upload(
        &unit,
        "/ky/2024/don-vi/SO-STP/giai-trinh",
        &[("tieu_chi", "1.1"), ("noi_dung", "x")],
        &[("tep", "a.pdf", b"plain text")],
    );
    assert_eq!(not_a_document.status, 422);
    redirected(
        &upload(
            &unit,
            "/ky/2024/don-vi/SO-STP/giai-trinh",
            &[
                ("tieu_chi", "1.1"),
                ("noi_dung", "Kế hoạch ký ngày 08/01/2024"),
            ],
            &[("tep", "ban-ky.pdf", PDF)],
        ),
        APPRAISAL,
    );
    let page = page_of(&appraiser.get(APPRAISAL));
    assert!(page.contains("Đơn vị giải trình: Kế hoạch ký ngày 08/01/2024"));
    let link_at = page.find("/ky/2024/don-vi/SO-STP/tai-lieu/").unwrap();
    let link = &page[link_at..link_at + page[link_at..].find('"').unwrap()];
    let document = appraiser.get(link);
    assert_eq!(document.status, 200);
    assert_eq!(document.body, PDF);
    assert!(
        document
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );

    // The round's page follows each unit's appraisal; units do not see it.
    let progress = page_of(&admin.get(round_page));
    let row = &progress[progress.find("id=\"td-SO-STP\"").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("<td>1</td><td>1</td><td>1/2</td><td>0</td>"),
        "{row}"
    );
    assert!(!page_of(&unit.get(round_page)).contains("tien-do-tham-dinh"));
    // Window ended, confirmation, publication.
    redirected(
        &post_form(
            &admin,
            "/ky/2024/giai-trinh",
            &[("bat_dau", "01/01/2020"), ("han", "02/01/2020")],
        ),
        round_page,
    );
    assert_eq!(post_form(&appraiser, "/ky/2024/xac-nhan", &[]).status, 403);
    redirected(&post_form(&admin, "/ky/2024/xac-nhan", &[]), round_page);
    let late = post_form(
        &admin,
        "/ky/2024/cong-bo",
        &[("han_phuc_khao", "01/01/2020")],
    );
    assert_eq!(late.status, 422);
    redirected(
        &post_form(
            &admin,
            "/ky/2024/cong-bo",
            &[("han_phuc_khao", "31/12/2099")],
        ),
        round_page,
    );

    // Every account of the round sees the ranking; a unit its own notice only.
    for who in [&unit, &appraiser, &admin] {
        let page = page_of(&who.get(round_page));
        assert!(
            page.contains("id=\"xep-hang\"") && page.contains("Xã B (XA-B)"),
            "{page}"
        );
    }
    let unit_view = page_of(&unit.get(round_page));
    assert!(unit_view.contains("/ky/2024/thong-bao/SO-STP"));
    assert!(!unit_view.contains("/ky/2024/thong-bao/XA-A"));
    assert!(!unit_view.contains("self-evidence.csv"));
    assert!(page_of(&admin.get(round_page)).contains("self-evidence.csv"));
    let notice = unit.get("/ky/2024/thong-bao/SO-STP");
    assert_eq!(notice.status, 200);
    assert!(
        notice
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        notice
            .header("content-security-policy")
            .unwrap()
            .contains("style-src 'unsafe-inline'")
    );
    assert!(
        !notice
            .header("content-security-policy")
            .unwrap()
            .contains("script")
    );
    assert!(notice.text().contains("Chênh lệch với điểm tự chấm"));
    assert_eq!(unit.get("/ky/2024/thong-bao/XA-A").status, 403);
    assert_eq!(admin.get("/ky/2024/thong-bao/XA-A").status, 200);
    assert_eq!(admin.get("/ky/2024/thong-bao/XA-A?ban=9").status, 404);

    // The unit appeals; the Sở accepts with a corrected fact: revision 2.
    let page = page_of(&unit.get(APPRAISAL));
    assert!(page.contains("Gửi kiến nghị"));
    redirected(
        &upload(
            &unit,
            "/ky/2024/don-vi/SO-STP/phuc-khao",
            &[("tieu_chi", "1.1"), ("ly_do", "Bản ký ghi ngày 08/01/2024")],
            &[("tep", "ban-ky-2.pdf", PDF)],
        ),
        APPRAISAL,
    );
    let admin_view = page_of(&admin.get(round_page));
    assert!(admin_view.contains("Bản ký ghi ngày 08/01/2024"));
    let id = admin.get("/api/rounds/2024/appeals").json()[0]["id"]
        .as_i64()
        .unwrap();
    let wrong = post_form(
        &admin,
        &format!("/ky/2024/phuc-khao/{id}"),
        &[
            ("chap_nhan", "co"),
            ("ly_do", "x"),
            ("truong", "khong_co"),
            ("gia_tri", "1"),
        ],
    );
    assert_eq!(wrong.status, 422);
    assert!(page_of(&wrong).contains("khong_co"));
    assert_eq!(
        post_form(
            &unit,
            &format!("/ky/2024/phuc-khao/{id}"),
            &[("chap_nhan", "co"), ("ly_do", "x")]
        )
        .status,
        403
    );
    redirected(
        &post_form(
            &admin,
            &format!("/ky/2024/phuc-khao/{id}"),
            &[
                ("chap_nhan", "co"),
                ("ly_do", "Đúng theo bản ký"),
                ("truong", "ngay_ban_hanh_ke_hoach"),
                ("gia_tri", "08/01/2024"),
            ],
        ),
        round_page,
    );
    let after = page_of(&unit.get(round_page));
    assert!(after.contains("Bản số 2 (theo kiến nghị số"), "{after}");
    assert!(after.contains("Bản số 1"));
    let page = page_of(&unit.get(APPRAISAL));
    assert!(
        page.contains("chấp nhận</strong> – Đúng theo bản ký (bản công bố số 2)"),
        "{page}"
    );
    let notice2 = unit.get("/ky/2024/thong-bao/SO-STP").text();
    assert!(notice2.contains("bản công bố số 2"));
    assert!(
        unit.get("/ky/2024/thong-bao/SO-STP?ban=1")
            .text()
            .contains("bản công bố số 1")
    );

    // The audit log page names each step in Vietnamese, with its reason.
    let log = page_of(&admin.get("/nhat-ky?year=2024&unit=SO-STP"));
    for step in [
        "thẩm định: sửa minh chứng",
        "thẩm định: xác nhận minh chứng",
        "yêu cầu giải trình",
        "đơn vị giải trình",
        "đơn vị kiến nghị",
        "quyết định kiến nghị",
    ] {
        assert!(log.contains(step), "{step}");
    }
    assert!(log.contains(reason), "the correction's reason is shown");
    let whole = page_of(&admin.get("/nhat-ky?year=2024"));
    for step in [
        "đặt thời hạn giải trình",
        "xác nhận kết quả thẩm định",
        "công bố kết quả (bản mới)",
    ] {
        assert!(whole.contains(step), "{step}");
    }
}
