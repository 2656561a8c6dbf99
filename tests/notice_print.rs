//! The per-unit notices of a publication print one unit per A4 page: headless
//! Chromium prints the 43 sample units' notices to PDF, and each page holds
//! exactly one notice, the whole of it (its heading and its total row).

mod common;
mod print_support;

use cchc::report::{Notice, NoticeHeader, render_notices};
use common::repo_path;
use print_support::{browse, chromium, file_url, find_program, pdf_pages};
use std::process::Command;

#[test]
fn every_unit_s_notice_is_one_whole_a4_page() {
    let Some(browser) = chromium() else { return };
    let rules = cchc::load_ruleset(&repo_path("rules/tdthpl-2020-2024")).unwrap();
    let board = cchc::pipeline::score_file(&rules, &repo_path("data/tinh-mau/2024.csv"), 2024)
        .unwrap()
        .board;
    // An appraisal's reasons on two criteria, as a real notice carries them.
    let reasons: Vec<(String, Vec<String>)> = ["1.1", "2.1"]
        .iter()
        .map(|id| {
            let line = "ngay_ban_hanh_ke_hoach: đơn vị khai 08/01/2024, sau thẩm định 20/02/2024 (vòng 1): Kế hoạch số 80/KH-STP ký ngày 20/02/2024 theo bản lưu tại Văn phòng Sở";
            (id.to_string(), vec![line.to_string()])
        })
        .collect();
    let notices: Vec<Notice<'_>> = board
        .units
        .iter()
        .map(|u| Notice {
            appraised: u,
            own: u,
            reasons: &reasons,
        })
        .collect();
    let header = NoticeHeader {
        year: 2024,
        revision: 1,
        evidence_fingerprint: &board.evidence_fingerprint,
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("thong-bao.html");
    std::fs::write(&page, render_notices(&rules.ruleset, header, &notices)).unwrap();
    let pdf = dir.path().join("thong-bao.pdf");
    browse(
        &browser,
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
            file_url(&page),
        ],
    );
    if let Some(keep) = std::env::var_os("CCHC_BROWSER_ARTIFACTS") {
        let _ = std::fs::copy(&pdf, std::path::Path::new(&keep).join("thong-bao.pdf"));
        let _ = std::fs::copy(&page, std::path::Path::new(&keep).join("thong-bao.html"));
    }
    let pages = pdf_pages(&pdf);
    assert_eq!(pages, board.units.len(), "one page per unit");
    let Some(pdftotext) = find_program(&["pdftotext"]) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but pdftotext is not installed"
        );
        return;
    };
    for (n, unit) in board.units.iter().enumerate() {
        let number = (n + 1).to_string();
        let out = Command::new(&pdftotext)
            .args(["-f", &number, "-l", &number, "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            text.matches("THÔNG BÁO KẾT QUẢ CHẤM ĐIỂM").count(),
            1,
            "page {number}:\n{text}"
        );
        assert!(
            text.contains(&format!("({})", unit.id)),
            "page {number} is {}'s:\n{text}",
            unit.id
        );
        assert!(
            text.contains("Tổng"),
            "page {number} holds the whole notice:\n{text}"
        );
    }
}
