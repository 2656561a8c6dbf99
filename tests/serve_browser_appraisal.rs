//! The round after self-assessment in a real Chromium, typing and clicking as
//! people do: the appraiser corrects a fact with its reason and asks for an
//! explanation; the Sở opens the explanation window; the unit reads the
//! correction and answers with a document; the Sở ends the window, confirms
//! and publishes; the unit opens its notice with the difference and reason.

mod browser_support;
mod serve_support;

use browser_support::{browser, driver, log_in, text_of, type_into, until};
use fantoccini::{Client, Locator};
use serde_json::json;
use serve_support::TestServer;

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

async fn page_has(c: &Client, what: &str) {
    until(what, || async {
        c.source()
            .await
            .ok()
            .filter(|s| s.contains(what))
            .map(|_| ())
    })
    .await;
}

#[test]
fn round_one_explanation_round_two_publication_and_the_notice_in_chromium() {
    let Some(driver) = driver() else { return };
    let server = TestServer::start();
    let base = server.base.clone();
    let unit_api = server.signed_in("so-stp");
    let own = json!({"ngay_ban_hanh_ke_hoach": "08/01/2024", "so_ket_qua_phai_xu_ly": "6", "so_ket_qua_da_xu_ly": "6"});
    let path = "/api/rounds/2024/units/SO-STP";
    assert_eq!(
        unit_api
            .json("PUT", &format!("{path}/evidence"), own, true)
            .status,
        200
    );
    assert_eq!(
        unit_api
            .json("POST", &format!("{path}/submit"), json!({}), true)
            .status,
        200
    );
    let pdf = server.dir.path().join("ban-ky-ke-hoach.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n").expect("pdf");
    let reason = "Kế hoạch số 80/KH-STP ký ngày 20/02/2024";
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        // Round 1: the appraiser, from the round's page to the unit.
        let profile = tempfile::tempdir().expect("profile");
        let c = browser(&driver, profile.path()).await;
        log_in(&c, &base, "thamdinh").await;
        c.goto(&format!("{base}/ky/2024"))
            .await
            .expect("round page");
        click(&c, "a[href='/ky/2024/don-vi/SO-STP/tham-dinh']").await;
        until("the appraisal page", || async {
            c.find(Locator::Id("so-sanh")).await.ok()
        })
        .await;
        assert_eq!(text_of(&c, "#tieu-chi-1\\.1 .appraised").await, "0,25");
        c.find(Locator::Id("truong"))
            .await
            .expect("field choice")
            .select_by_value("ngay_ban_hanh_ke_hoach")
            .await
            .expect("choose");
        type_into(&c, "#gia_tri", "20/02/2024").await;
        type_into(&c, "#ly_do", reason).await;
        click(&c, "#luu-sua").await;
        until("the rescored criterion", || async {
            let t = c
                .find(Locator::Css("#tieu-chi-1\\.1 .appraised"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            (t == "0,05").then_some(())
        })
        .await;
        assert_eq!(
            text_of(&c, "#tieu-chi-1\\.1 .own").await,
            "0,25",
            "the unit's own points stay"
        );
        assert_eq!(text_of(&c, "#tieu-chi-1\\.1 .difference").await, "-0,20");
        page_has(&c, reason).await;
        click(&c, "#xac-nhan-1\\.2").await;
        until("the confirmed criterion", || async {
            let t = c
                .find(Locator::Css("#tieu-chi-1\\.2 .review"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            t.contains("thamdinh, vòng 1").then_some(())
        })
        .await;
        type_into(&c, "#ghi_chu", "Đề nghị gửi bản ký của Kế hoạch").await;
        click(&c, "#gui-yeu-cau").await;
        page_has(&c, "Chưa giải trình.").await;
        c.close().await.expect("close");

        // The Sở opens the explanation window.
        let profile = tempfile::tempdir().expect("profile");
        let admin = browser(&driver, profile.path()).await;
        log_in(&admin, &base, "admin").await;
        admin
            .goto(&format!("{base}/ky/2024"))
            .await
            .expect("round page");
        click(&admin, "#tham-dinh-cong-bo").await;
        until("the publication page", || async {
            admin.find(Locator::Id("gt_bat_dau")).await.ok()
        })
        .await;
        type_into(&admin, "#gt_bat_dau", "01/01/2020").await;
        type_into(&admin, "#gt_han", "31/12/2099").await;
        click(&admin, "#luu-giai-trinh").await;
        page_has(&admin, "trong thời hạn giải trình").await;

        // The unit reads the correction and answers with a document.
        let profile = tempfile::tempdir().expect("profile");
        let unit = browser(&driver, profile.path()).await;
        log_in(&unit, &base, "so-stp").await;
        click(&unit, "a[href='/ky/2024/don-vi/SO-STP/tham-dinh']").await;
        page_has(&unit, reason).await;
        let request = unit
            .find(Locator::Css(".answer-form textarea"))
            .await
            .expect("answer box");
        let id = request.attr("id").await.expect("id").expect("an id");
        type_into(
            &unit,
            &format!("#{id}"),
            "Kế hoạch ký ngày 08/01/2024, bản ký gửi kèm",
        )
        .await;
        let file = unit
            .find(Locator::Css(".answer-form input[type=file]"))
            .await
            .expect("file input");
        file.send_keys(&pdf.display().to_string())
            .await
            .expect("choose file");
        click(&unit, ".answer-form button[type=submit]").await;
        page_has(&unit, "Đơn vị giải trình: Kế hoạch ký ngày 08/01/2024").await;
        until("the attached answer", || async {
            unit.find(Locator::LinkText("ban-ky-ke-hoach.pdf"))
                .await
                .ok()
        })
        .await;

        // Round 2, confirmation, publication.
        admin
            .goto(&format!("{base}/ky/2024/ket-qua"))
            .await
            .expect("page");
        type_into(&admin, "#gt_han", "02/01/2020").await;
        click(&admin, "#luu-giai-trinh").await;
        page_has(&admin, "thẩm định vòng 2").await;
        click(&admin, "#xac-nhan-tham-dinh").await;
        until("the publish form", || async {
            admin.find(Locator::Id("han_phuc_khao")).await.ok()
        })
        .await;
        type_into(&admin, "#han_phuc_khao", "31/12/2099").await;
        click(&admin, "#cong-bo").await;
        until("the published ranking", || async {
            admin.find(Locator::Id("xep-hang")).await.ok()
        })
        .await;
        page_has(&admin, "Bản số 1").await;
        admin.close().await.expect("close");

        // The unit's notice, printable, with the difference and its reason.
        unit.goto(&format!("{base}/ky/2024/ket-qua"))
            .await
            .expect("results");
        until("the ranking", || async {
            unit.find(Locator::Id("xep-hang")).await.ok()
        })
        .await;
        click(&unit, "a[href='/ky/2024/thong-bao/SO-STP']").await;
        page_has(&unit, "THÔNG BÁO KẾT QUẢ CHẤM ĐIỂM").await;
        let notice = unit.source().await.expect("source");
        assert!(notice.contains("Chênh lệch với điểm tự chấm"));
        assert!(notice.contains(reason), "{notice}");
        let styled = unit
            .execute(
                "return getComputedStyle(document.querySelector('table')).borderCollapse;",
                vec![],
            )
            .await
            .expect("style");
        assert_eq!(
            styled,
            json!("collapse"),
            "the notice's own style applies under its CSP"
        );
        unit.close().await.expect("close");
    });
}
