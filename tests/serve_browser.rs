//! `cchc serve` in a real Chromium (Debian's `chromium` and `chromium-driver`,
//! which `.ci/run` installs), driven through WebDriver as a person uses it: a
//! commune clerk on a phone-sized window logs in, types evidence and sees the
//! points change without a reload, gets a message next to a wrong date,
//! attaches a document, submits; the Sở logs in, sees the ranking, downloads
//! `report.json` and `evidence.csv`, and `cchc verify` says MATCH.
//!
//! Without the browser or the driver the test says so and passes, except under
//! `CI=true`, where it fails.

mod browser_support;
mod serve_support;

use browser_support::{browser, driver, log_in, text_of, type_into, until};
use fantoccini::Locator;
use serde_json::json;
use serve_support::{REPO, TestServer};
use std::process::Command;

#[test]
fn a_unit_fills_its_form_in_chromium_and_the_so_verifies_the_report() {
    let Some(driver) = driver() else { return };
    let server = TestServer::start();
    let base = server.base.clone();
    let profile = tempfile::tempdir().expect("profile dir");
    let pdf = server.dir.path().join("ke-hoach-2024.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n").expect("pdf");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let c = browser(&driver, profile.path()).await;
        log_in(&c, &base, "so-stp").await;
        c.find(Locator::Css("a[href='/ky/2024/don-vi/SO-STP']"))
            .await
            .expect("unit link")
            .click()
            .await
            .expect("click");
        until("the form", || async {
            c.find(Locator::Id("tong-diem")).await.ok()
        })
        .await;
        // A mark on the page: it survives only if nothing reloads.
        c.execute("window.cchcNoReload = 'yes'; return null;", vec![])
            .await
            .expect("mark");
        assert_eq!(text_of(&c, "#tong-diem").await, "0.00");

        type_into(&c, "#ngay_ban_hanh_ke_hoach", "08/01/2024").await;
        let total = until("the new total", || async {
            let t = text_of(&c, "#tong-diem").await;
            (t != "0.00").then_some(t)
        })
        .await;
        assert_eq!(text_of(&c, "#tc-1\\.1 .badge").await, "đủ điểm");
        let still = c
            .execute("return window.cchcNoReload || 'reloaded';", vec![])
            .await
            .expect("mark");
        assert_eq!(still, json!("yes"), "the score changed without a reload");

        // A date that does not exist: the message appears next to the field.
        type_into(&c, "#ngay_gui_bao_cao_nam", "31/02/2024").await;
        let message = until("the field's message", || async {
            let t = text_of(&c, "#loi-ngay_gui_bao_cao_nam").await;
            (!t.is_empty()).then_some(t)
        })
        .await;
        assert!(message.contains("31/02/2024"), "{message}");

        // Có/Không is a choice.
        c.find(Locator::Id("thu_thap_thong_tin"))
            .await
            .expect("select")
            .select_by_label("Có")
            .await
            .expect("choose Có");
        until("a higher total", || async {
            let t = text_of(&c, "#tong-diem").await;
            (t != total).then_some(())
        })
        .await;

        // Readable at a phone's width: nothing wider than the window.
        let fits = c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await
            .expect("width");
        assert_eq!(fits, json!(true), "the page scrolls sideways at 390 px");

        // Attach the plan as a PDF.
        let file = c
            .find(Locator::Id("tep-ngay_ban_hanh_ke_hoach"))
            .await
            .expect("file input");
        file.send_keys(&pdf.display().to_string())
            .await
            .expect("choose file");
        c.find(Locator::Css(
            "button[form='tai-len-ngay_ban_hanh_ke_hoach']",
        ))
        .await
        .expect("upload")
        .click()
        .await
        .expect("click");
        until("the attached document", || async {
            c.find(Locator::LinkText("ke-hoach-2024.pdf")).await.ok()
        })
        .await;

        // nộp: confirm, submit, and the form is locked.
        c.find(Locator::Id("xac-nhan"))
            .await
            .expect("checkbox")
            .click()
            .await
            .expect("tick");
        c.find(Locator::Id("nop"))
            .await
            .expect("submit")
            .click()
            .await
            .expect("click");
        until("the locked page", || async {
            c.source()
                .await
                .ok()
                .filter(|s| s.contains("Đơn vị đã nộp"))
                .map(|_| ())
        })
        .await;
        let disabled = c
            .find(Locator::Id("ngay_ban_hanh_ke_hoach"))
            .await
            .expect("field")
            .attr("disabled")
            .await
            .expect("attr");
        assert!(disabled.is_some(), "fields are read-only after nộp");
        c.find(Locator::Css("form[action='/dang-xuat'] button"))
            .await
            .expect("logout")
            .click()
            .await
            .expect("click");

        log_in(&c, &base, "admin").await;
        c.goto(&format!("{base}/ky/2024"))
            .await
            .expect("round page");
        let page = c.source().await.expect("source");
        assert!(
            page.contains("đã nộp: <strong>1</strong>"),
            "progress shows the submission"
        );
        assert!(
            page.contains("Sở Tư pháp (SO-STP)"),
            "the ranking lists the unit"
        );
        c.close().await.expect("close");
    });

    // The Sở's downloads, checked offline as an auditor would.
    let admin = server.signed_in("admin");
    let out = server.dir.path();
    for file in ["report.json", "evidence.csv"] {
        let answer = admin.get(&format!("/api/rounds/2024/{file}"));
        assert_eq!(answer.status, 200, "{file}: {}", answer.text());
        assert!(
            answer
                .header("content-disposition")
                .unwrap()
                .starts_with("attachment;")
        );
        std::fs::write(out.join(file), &answer.body).expect("save");
    }
    let verify = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .current_dir(REPO)
        .arg("verify")
        .arg(out.join("report.json"))
        .arg("--evidence")
        .arg(out.join("evidence.csv"))
        .args(["--rules", "rules/tdthpl-2020-2024"])
        .output()
        .expect("cchc verify runs");
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert!(
        verify.status.success() && stdout.contains("MATCH"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&verify.stderr)
    );
}
