//! The pages of `cchc serve` without JavaScript (plain form posts, as a
//! browser with scripts off sends them), the script's own endpoint, document
//! uploads and downloads, nộp, the Sở's overview and the password change.

mod serve_support;

use serve_support::{Answer, Client, PASSWORD, TestServer};

const UNIT_PAGE: &str = "/ky/2024/don-vi/SO-STP";

/// A client signed in through the login form.
fn form_login(server: &TestServer, login: &str) -> Client {
    let mut client = server.client();
    let answer = client.form("/dang-nhap", &[("login", login), ("password", PASSWORD)]);
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(answer.header("location"), Some("/"));
    let cookie = answer.header("set-cookie").unwrap();
    client.cookie = cookie.split(';').next().map(str::to_string);
    client.csrf = meta_token(&client.get("/").text());
    assert!(
        client.csrf.is_some(),
        "the home page carries the CSRF token"
    );
    client
}

/// The page's HTML with the `/` that the template escaping writes as `&#x2f;` put back.
fn page_of(answer: &Answer) -> String {
    answer.text().replace("&#x2f;", "/")
}

fn meta_token(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf-token\" content=\"")? + 27;
    Some(html[start..start + 64].to_string())
}

/// The text of the element with `id` (up to its closing tag).
fn element_text(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in page"));
    let open_end = at + html[at..].find('>').unwrap() + 1;
    let close = open_end + html[open_end..].find("</").unwrap();
    html[open_end..close].trim().to_string()
}

fn post_form(client: &Client, path: &str, fields: &[(&str, &str)]) -> Answer {
    let token = client.csrf.clone().unwrap();
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    client.form(path, &all)
}

#[test]
fn pages_need_a_login_and_the_login_form_says_what_went_wrong() {
    let server = TestServer::start();
    let client = server.client();
    let home = client.get("/");
    assert_eq!(home.status, 303);
    assert_eq!(home.header("location"), Some("/dang-nhap"));
    let wrong = client.form(
        "/dang-nhap",
        &[("login", "so-stp"), ("password", "sai-mat-khau-roi")],
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.text().contains("sai tên đăng nhập hoặc mật khẩu"));
    assert!(
        wrong.text().contains("value=\"so-stp\""),
        "the login is kept in the form"
    );

    let unit = form_login(&server, "so-stp");
    let home = unit.get("/").text();
    assert!(home.contains("href=\"/ky/2024/don-vi/SO-STP\""), "{home}");
    assert!(!home.contains("XA-A"));
}

#[test]
fn the_form_shows_every_field_once_and_saves_without_javascript() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    let page = page_of(&unit.get(UNIT_PAGE));
    for (field, label) in [
        ("ngay_ban_hanh_ke_hoach", "dd/mm/yyyy"),
        ("thu_thap_thong_tin", "Có"),
    ] {
        assert_eq!(
            page.matches(&format!("name=\"{field}\"")).count(),
            1,
            "{field}"
        );
        assert!(page.contains(label));
    }
    assert!(page.contains("name=\"ngay_ban_hanh_ke_hoach__so_hieu\""));
    assert_eq!(element_text(&page, "tong-diem"), "0.00");

    // Without the CSRF field the post is refused and nothing changes.
    let forged = unit.form(UNIT_PAGE, &[("thu_thap_thong_tin", "Có")]);
    assert_eq!(forged.status, 403);
    assert!(forged.text().contains("CSRF"));

    let saved = post_form(
        &unit,
        UNIT_PAGE,
        &[
            ("ngay_ban_hanh_ke_hoach", "08/01/2024"),
            ("thu_thap_thong_tin", "Có"),
        ],
    );
    assert_eq!(saved.status, 303, "{}", saved.text());
    let page = page_of(&unit.get(UNIT_PAGE));
    assert!(page.contains("value=\"08/01/2024\""));
    assert_ne!(element_text(&page, "tong-diem"), "0.00");
    // The criterion shows its band as the line of the table, and the explanation.
    assert!(
        page.contains("Mức: Ban hành Kế hoạch đúng thời hạn"),
        "{page}"
    );
    assert!(page.contains("Đạt 0,25/0,25 điểm"));

    // An invalid date is refused next to its field, the typed text kept; the
    // other field is saved.
    let bad = post_form(
        &unit,
        UNIT_PAGE,
        &[
            ("ngay_gui_bao_cao_nam", "32/13/2024"),
            ("so_cuoc_kiem_tra_ke_hoach", "3"),
        ],
    );
    assert_eq!(bad.status, 422);
    let html = page_of(&bad);
    assert!(
        element_text(&html, "loi-ngay_gui_bao_cao_nam").contains("32/13/2024"),
        "{html}"
    );
    assert!(html.contains("value=\"32/13/2024\""));
    let page = page_of(&unit.get(UNIT_PAGE));
    assert!(page.contains("value=\"3\""));
    assert!(!page.contains("32/13/2024"));
}

#[test]
fn the_script_gets_the_new_results_panel_and_the_errors_as_json() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    let token = unit.csrf.clone().unwrap();
    let body = serde_urlencoded::to_string([
        ("csrf", token.as_str()),
        ("ngay_ban_hanh_ke_hoach", "08/01/2024"),
    ])
    .unwrap();
    let answer = unit.send_with_header(UNIT_PAGE, body.into_bytes(), ("X-Requested-With", "cchc"));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let json = answer.json();
    let panel = json["results_html"].as_str().unwrap();
    assert!(panel.contains("id=\"tong-diem\"") && panel.contains("1.1"));
    assert_eq!(json["errors"], serde_json::json!([]));
}

#[test]
fn another_units_page_is_refused_in_vietnamese() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    let other = unit.get("/ky/2024/don-vi/XA-A");
    assert_eq!(other.status, 403);
    assert!(other.text().contains("không thuộc đơn vị XA-A"));
    assert_eq!(unit.get("/ky/2024").status, 403);
    // Its own unit in a round that does not exist: not found.
    assert_eq!(unit.get("/ky/2031/don-vi/SO-STP").status, 404);
}

#[test]
fn documents_are_checked_by_content_bounded_and_served_as_attachments() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    let token = unit.csrf.clone().unwrap();
    let upload = |name: &str, bytes: &[u8]| {
        unit.upload(
            &format!("{UNIT_PAGE}/tai-lieu?csrf={token}&truong=ngay_ban_hanh_ke_hoach"),
            name,
            bytes,
        )
    };
    let pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";
    let stored = upload("Kế hoạch 80-KH.pdf", pdf);
    assert_eq!(stored.status, 303, "{}", stored.text());
    let page = page_of(&unit.get(UNIT_PAGE));
    assert!(page.contains("Kế hoạch 80-KH.pdf"));
    let digest = {
        use sha2::Digest;
        sha2::Sha256::digest(pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(page.contains(&digest), "the SHA-256 is shown");

    // A text file named .pdf is refused by its content.
    let fake = upload("ke-hoach.pdf", b"just text pretending");
    assert_eq!(fake.status, 422);
    assert!(fake.text().contains("PDF"));
    // Over 20 MB: refused.
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(21 * 1024 * 1024, b'0');
    assert_eq!(upload("lon.pdf", &big).status, 413);
    // Without the token: refused.
    let no_token = unit.upload(
        &format!("{UNIT_PAGE}/tai-lieu?truong=ngay_ban_hanh_ke_hoach"),
        "a.pdf",
        pdf,
    );
    assert_eq!(no_token.status, 403);

    let download = unit.get(&format!("{UNIT_PAGE}/tai-lieu/{digest}"));
    assert_eq!(download.status, 200);
    assert!(
        download
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(download.header("content-type"), Some("application/pdf"));
    assert_eq!(download.body, pdf);
    let other = form_login(&server, "xa-a");
    assert_eq!(
        other.get(&format!("{UNIT_PAGE}/tai-lieu/{digest}")).status,
        403
    );
    // The same document is not reachable through a unit it is not attached to.
    assert_eq!(
        other
            .get(&format!("/ky/2024/don-vi/XA-A/tai-lieu/{digest}"))
            .status,
        404
    );
}

#[test]
fn submitting_from_the_page_locks_the_form() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    let submitted = post_form(&unit, &format!("{UNIT_PAGE}/nop"), &[("xac_nhan", "1")]);
    assert_eq!(submitted.status, 303, "{}", submitted.text());
    let page = page_of(&unit.get(UNIT_PAGE));
    assert!(page.contains("Đơn vị đã nộp"));
    assert!(page.contains("data-live=\"off\""));
    assert!(!page.contains("id=\"nop\""));
    let late = post_form(&unit, UNIT_PAGE, &[("thu_thap_thong_tin", "Có")]);
    assert_eq!(late.status, 422);
    assert!(late.text().contains("submitted"));
}

#[test]
fn the_so_sees_progress_and_the_live_ranking() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    post_form(
        &unit,
        UNIT_PAGE,
        &[("ngay_ban_hanh_ke_hoach", "08/01/2024")],
    );
    let admin = form_login(&server, "admin");
    let page = admin.get("/ky/2024");
    assert_eq!(page.status, 200);
    let html = page.text();
    for text in [
        "đang nhập: <strong>1</strong>",
        "chưa nhập: <strong>2</strong>",
        "Xếp hạng",
        "report.json",
        "evidence.csv",
    ] {
        assert!(html.contains(text), "{text}");
    }
    let appraiser = form_login(&server, "thamdinh");
    let seen = appraiser.get("/ky/2024").text();
    assert!(seen.contains("Xếp hạng") && !seen.contains("report.json"));
}

#[test]
fn changing_the_password_ends_the_old_sessions() {
    let server = TestServer::start();
    let unit = form_login(&server, "xa-a");
    let other_browser = form_login(&server, "xa-a");
    let wrong = post_form(
        &unit,
        "/doi-mat-khau",
        &[
            ("current", "khong-dung-dau"),
            ("new", "mat-khau-moi-rat-dai"),
        ],
    );
    assert_eq!(wrong.status, 422);
    assert!(wrong.text().contains("mật khẩu hiện tại không đúng"));
    let short = post_form(
        &unit,
        "/doi-mat-khau",
        &[("current", PASSWORD), ("new", "ngan")],
    );
    assert_eq!(short.status, 422);
    let changed = post_form(
        &unit,
        "/doi-mat-khau",
        &[("current", PASSWORD), ("new", "mat-khau-moi-rat-dai")],
    );
    assert_eq!(changed.status, 303);
    assert_eq!(
        other_browser.get("/").status,
        303,
        "the other session ended"
    );
    let mut fresh = server.client();
    assert_eq!(fresh.login("xa-a", PASSWORD).0, 401);
    assert_eq!(fresh.login("xa-a", "mat-khau-moi-rat-dai").0, 200);
}

mod common;
mod xlsx_parts;

#[test]
fn a_filled_workbook_fills_the_form_and_a_zip_bomb_is_refused_quickly() {
    let server = TestServer::start();
    let unit = form_login(&server, "so-stp");
    let token = unit.csrf.clone().unwrap();
    let path = format!("{UNIT_PAGE}/bieu-mau?csrf={token}");
    // A province's workbook: SO-STP's row fills SO-STP's form, the others are ignored.
    let mut table = common::canonical_table();
    table[1][0] = "SO-STP".into(); // the first unit's row, as this unit's
    let workbook = common::write_xlsx(server.dir.path(), "tinh-mau.xlsx", &table);
    let filled = unit.upload(&path, "tinh-mau.xlsx", &std::fs::read(&workbook).unwrap());
    assert_eq!(filled.status, 303, "{}", page_of(&filled));
    let page = page_of(&unit.get(UNIT_PAGE));
    assert!(
        page.contains("value=\"08/01/2024\""),
        "the plan date from the workbook"
    );
    let total = element_text(&page, "tong-diem");
    assert_ne!(total, "0.00");

    // A workbook whose cells would take more than the bound to count.
    // Deflated, it is a small file that unpacks to about 40 MB of XML.
    let rows: String = (2..1_100_002)
        .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" s=\"1\"/></row>"))
        .collect();
    let bytes = xlsx_parts::workbook(
        &[xlsx_parts::visible("S", xlsx_parts::sheet_xml(None, &rows))],
        &[],
    );
    assert!(bytes.len() < 20 * 1024 * 1024);
    let started = std::time::Instant::now();
    let refused = unit.upload(&path, "bom.xlsx", &bytes);
    assert_eq!(refused.status, 422, "{}", page_of(&refused));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(
        page_of(&refused).contains("bom.xlsx")
            && page_of(&refused).contains("more than 1000000 cells"),
        "the reader's bound, named: {}",
        page_of(&refused)
    );
    // The server keeps serving, and the form is unchanged.
    assert_eq!(
        element_text(&page_of(&unit.get(UNIT_PAGE)), "tong-diem"),
        total
    );
    // Not a workbook at all.
    let text = unit.upload(&path, "ghi-chu.xlsx", b"plain text");
    assert_eq!(text.status, 422);
}
