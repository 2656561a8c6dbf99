//! `cchc doc`: a ruleset rendered as the document an auditor compares with the
//! official decision, in Markdown and self-contained HTML, driven through the binary.

mod common;

use common::*;

const BAO_CAO_NAM: &str = "1-hoat-dong/1.5-bao-cao-nam.toml";

fn doc_md(rules: &str) -> String {
    let out = run(["doc", "--rules", rules, "--format", "md"]);
    out.expect_code(0);
    assert_eq!(out.stderr, "");
    out.stdout
}

fn assert_line(text: &str, line: &str) {
    assert!(
        text.lines().any(|l| l == line),
        "missing line:\n{line}\nin:\n{text}"
    );
}

#[test]
fn markdown_shows_the_ruleset_header_legal_bases_and_parameters() {
    let md = doc_md(SHIPPED_RULESET);
    assert_eq!(
        md.lines().next(),
        Some("# Theo dõi thi hành pháp luật (TDTHPL) — bộ tiêu chí mẫu năm 2020–2024")
    );
    assert_line(&md, "- **Mã bộ tiêu chí:** `tdthpl-2020-2024`");
    assert_line(&md, "- **Năm đánh giá:** 2020–2024");
    assert_line(
        &md,
        "- **Cấp được chấm điểm:** Sở, ban, ngành (so); UBND cấp huyện (huyen); UBND cấp xã (xa)",
    );
    assert_line(
        &md,
        "- **Làm tròn:** 2 chữ số thập phân, làm tròn lên khi từ 5 trở lên (half_up: 0,125 → 0,13)",
    );
    // The fingerprint is the one every score report carries.
    let score = run([
        "score",
        "--rules",
        SHIPPED_RULESET,
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    score.expect_code(0);
    let fingerprint = score.json()["ruleset"]["fingerprint"]
        .as_str()
        .expect("fingerprint")
        .to_string();
    assert_line(
        &md,
        &format!("- **Vân tay bộ tiêu chí (SHA-256):** `{fingerprint}`"),
    );
    assert_line(&md, "## Căn cứ pháp lý của bộ tiêu chí");
    assert_line(
        &md,
        "**(1) Điều 3, Nghị định 59/2012/NĐ-CP ngày 23/7/2012 về theo dõi tình hình thi hành pháp luật** — đã kiểm chứng",
    );
    assert_line(
        &md,
        "> nhằm xem xét, đánh giá thực trạng thi hành pháp luật, kiến nghị thực hiện các giải pháp nâng cao hiệu quả thi hành pháp luật và hoàn thiện hệ thống pháp luật.",
    );
    // Maxima per level, groups and their criteria.
    assert_line(
        &md,
        "| Mục | Nội dung | Sở, ban, ngành (so) | UBND cấp huyện (huyen) | UBND cấp xã (xa) |",
    );
    assert_line(
        &md,
        "| Toàn bộ | Điểm tối đa khai báo của bộ tiêu chí | 2,00 | 2,00 | 1,75 |",
    );
    assert_line(
        &md,
        "| **Nhóm 1** | **Thực hiện các hoạt động về TDTHPL** | 1,25 | 1,25 | 1,00 |",
    );
    assert_line(
        &md,
        "| `1.4` | Điều tra, khảo sát hoặc phối hợp điều tra, khảo sát tình hình thi hành pháp luật | 0,25 | 0,25 | — |",
    );
    assert_line(
        &md,
        "| **Nhóm 2** | **Xử lý kết quả TDTHPL** | 0,75 | 0,75 | 0,75 |",
    );
    // Parameters with value, basis and status.
    assert_line(&md, "| Tham số | Giá trị | Căn cứ | Trạng thái |");
    let param = md
        .lines()
        .find(|l| l.starts_with("| `han_bao_cao_nam` |"))
        .expect("han_bao_cao_nam row");
    assert!(
        param.starts_with(
            "| `han_bao_cao_nam` | 30/11 của năm đánh giá | Hạn gửi Báo cáo công tác TDTHPL năm"
        ) && param.ends_with(" | do tỉnh lựa chọn (giá trị mẫu) |"),
        "{param}"
    );
    assert!(
        md.contains("| `han_bao_cao_xu_ly_ngay` | 30 | Điều 14 NĐ 59/2012"),
        "{md}"
    );
}

#[test]
fn markdown_shows_each_criterion_with_bands_quotes_evidence_script_and_cases() {
    let md = doc_md(SHIPPED_RULESET);
    // Criteria in official order.
    let headings: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|h| h.split(' ').next().expect("id"))
        .collect();
    assert_eq!(headings, CRITERIA);
    assert_line(
        &md,
        "### 1.5 Báo cáo công tác theo dõi thi hành pháp luật năm đúng thời hạn",
    );
    assert_line(
        &md,
        "- **Điểm tối đa:** Sở, ban, ngành 0,25; UBND cấp huyện 0,25; UBND cấp xã 0,25",
    );
    assert_line(
        &md,
        "- **Áp dụng cho:** Sở, ban, ngành (so); UBND cấp huyện (huyen)",
    );
    assert_line(&md, "- **Không áp dụng cho:** UBND cấp xã (xa)");
    assert_line(
        &md,
        "- **Lựa chọn mẫu:** Điểm 0,25 và các mức trễ hạn (01–02, 03–05, 06–10, trên 10 ngày) là mẫu theo dạng bảng báo cáo của Bộ Tư pháp (2022); hạn gửi do tỉnh quy định.",
    );
    // Bands: key, clause, points per level, bounds.
    assert_line(
        &md,
        "| Mã mức | Nội dung | Điểm sở | Điểm huyện | Điểm xã | Ngưỡng |",
    );
    assert_line(
        &md,
        "| `cham_tren_10_ngay` | Gửi chậm trên 10 ngày | 0 | 0 | 0 | ≥ 11 ngày |",
    );
    assert_line(
        &md,
        "| `cham_01_02_ngay` | Gửi chậm từ 01–02 ngày | 0,20 | 0,20 | 0,20 | ≥ 1 ngày và ≤ 2 ngày |",
    );
    assert_line(
        &md,
        "| `tu_80_den_duoi_100` | Xử lý hoặc kiến nghị xử lý từ 80% đến dưới 100% kết quả TDTHPL | 0,35 | 0,35 | 0,35 | ≥ 80% và < 100% |",
    );
    assert_line(
        &md,
        "| `khong_bao_cao` | Không gửi Báo cáo công tác TDTHPL năm | 0 | 0 | 0 | theo mã mức |",
    );
    assert_line(
        &md,
        "| `co_thuc_hien` | Có tiến hành hoặc phối hợp điều tra, khảo sát tình hình THPL | 0,25 | 0,25 | — | theo mã mức |",
    );
    // Verbatim quotes, and citation status.
    assert_line(
        &md,
        "**(1) Điều 14, Nghị định 59/2012/NĐ-CP (thay thế bởi khoản 5 Điều 1 Nghị định 32/2020/NĐ-CP)** — đã kiểm chứng",
    );
    assert_line(
        &md,
        "> Chậm nhất sau 30 ngày, kể từ ngày nhận được văn bản yêu cầu xử lý kết quả theo dõi tình hình thi hành pháp luật, cơ quan, tổ chức và cá nhân có trách nhiệm xử lý … phải báo cáo bằng văn bản …",
    );
    assert_line(
        &md,
        "> Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân cấp tỉnh có trách nhiệm chỉ đạo, hướng dẫn, đôn đốc, kiểm tra các cơ quan, đơn vị trực thuộc kịp thời xử lý kết quả theo dõi tình hình thi hành pháp luật; tổng hợp việc xử lý kết quả theo dõi tình hình thi hành pháp luật trong báo cáo hằng năm gửi Bộ Tư pháp.",
    );
    assert_line(
        &md,
        "**(1) Điều 11, Nghị định 59/2012/NĐ-CP** — chưa kiểm chứng",
    );
    assert_line(
        &md,
        "**(1) Điều 8, Thông tư 04/2021/TT-BTP** — kiểm chứng một phần",
    );
    // Evidence.
    assert_line(
        &md,
        "| Trường (cột CSV) | Kiểu | Nội dung | Bắt buộc | Tài liệu chứng minh |",
    );
    assert_line(
        &md,
        "| `ngay_gui_bao_cao_nam` | ngày dd/mm/yyyy hoặc yyyy-mm-dd; hợp lý: từ 01/01/{year} đến 31/12/{year+1}, cảnh báo trước 01/10/{year} | Ngày gửi Báo cáo công tác TDTHPL năm về Sở Tư pháp | Không | Báo cáo công tác TDTHPL năm (số/ký hiệu, ngày gửi) |",
    );
    assert_line(
        &md,
        "| `so_ket_qua_phai_xu_ly` | số nguyên, ≥ 0, ≤ 10000 | Số kết quả TDTHPL phải xử lý hoặc kiến nghị xử lý trong năm | Có | Báo cáo TDTHPL năm; kết luận kiểm tra, báo cáo điều tra, khảo sát |",
    );
    // The script as written.
    assert!(
        md.contains(
            "```rhai\nif is_missing(ngay_gui_bao_cao_nam) {\n    \"khong_bao_cao\"\n} else {\n    days_between(params.han_bao_cao_nam, ngay_gui_bao_cao_nam)\n}\n```\n"
        ),
        "{md}"
    );
    // Test cases.
    assert_line(&md, "| Tên | Cấp | Năm | Dữ liệu vào | Kết quả mong đợi |");
    assert_line(
        &md,
        "| chậm 12 ngày | `so` | 2024 | `ngay_gui_bao_cao_nam = 12/12/2024` | mức `cham_tren_10_ngay`, 0 điểm, trạng thái `zero` |",
    );
    assert_line(
        &md,
        "| cấp xã: không áp dụng | `xa` | 2020 | `dieu_tra_khao_sat = Có` | trạng thái `not_applicable` |",
    );
    assert_line(
        &md,
        "| không gửi báo cáo | `so` | 2020 | (mọi trường để trống) | mức `khong_bao_cao`, 0 điểm |",
    );
}

#[test]
fn markdown_escapes_pipes_in_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, BAO_CAO_NAM);
    replace_once(
        &file,
        "clause = \"Gửi chậm trên 10 ngày\"",
        "clause = \"Gửi chậm | trên 10 ngày\"",
    );
    let md = doc_md(arg(&rules));
    assert_line(
        &md,
        "| `cham_tren_10_ngay` | Gửi chậm \\| trên 10 ngày | 0 | 0 | 0 | ≥ 11 ngày |",
    );
}

#[test]
fn html_is_escaped_and_self_contained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, BAO_CAO_NAM);
    replace_once(
        &file,
        "clause = \"Gửi chậm trên 10 ngày\"",
        "clause = \"Gửi chậm <script>alert('x & y')</script> trên 10 ngày\"",
    );
    let out = run(["doc", "--rules", arg(&rules), "--format", "html"]);
    out.expect_code(0);
    let html = &out.stdout;
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">\n"),
        "{html}"
    );
    assert!(html.ends_with("</html>\n"), "{html}");
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<style>"), "inline CSS");
    assert!(
        html.contains(
            "<td>Gửi chậm &lt;script&gt;alert(&#39;x &amp; y&#39;)&lt;/script&gt; trên 10 ngày</td>"
        ),
        "{html}"
    );
    for forbidden in ["<script", "src=", "<link", "http", "@import", "url("] {
        assert!(!html.contains(forbidden), "{forbidden} in the page");
    }
    // The same content as the Markdown.
    assert!(
        html.contains(
            "<h3>1.5 Báo cáo công tác theo dõi thi hành pháp luật năm đúng thời hạn</h3>"
        )
    );
    assert!(html.contains("<blockquote>Chậm nhất sau 30 ngày, kể từ ngày nhận được văn bản yêu cầu xử lý kết quả theo dõi tình hình thi hành pháp luật, cơ quan, tổ chức và cá nhân có trách nhiệm xử lý … phải báo cáo bằng văn bản …</blockquote>"));
    assert!(html.contains(
        "<p><strong>(1) Điều 11, Nghị định 59/2012/NĐ-CP</strong> — chưa kiểm chứng</p>"
    ));
    assert!(html.contains("<td>≥ 80% và &lt; 100%</td>"), "{html}");
    assert!(html.contains(
        "<pre><code class=\"language-rhai\">let r = ratio(so_ket_qua_da_xu_ly, so_ket_qua_phai_xu_ly);\n"
    ));
}

#[test]
fn output_file_is_written_and_matches_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["html", "md"] {
        let target = dir.path().join(format!("tai-lieu.{format}"));
        let out = run([
            "doc",
            "--rules",
            SHIPPED_RULESET,
            "--format",
            format,
            "-o",
            arg(&target),
        ]);
        out.expect_code(0);
        assert_eq!(out.stdout, "");
        let written = std::fs::read_to_string(&target).expect("the document was written");
        let printed = run(["doc", "--rules", SHIPPED_RULESET, "--format", format]);
        printed.expect_code(0);
        assert_eq!(written, printed.stdout);
    }
    // Nothing but the two documents: no temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);
}

#[test]
fn the_rules_root_renders_every_ruleset_or_the_one_for_a_year() {
    let out = run(["doc"]);
    out.expect_code(0);
    let titles: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        titles,
        [
            "# Theo dõi thi hành pháp luật (TDTHPL) — bộ tiêu chí mẫu năm 2018–2019",
            "# Theo dõi thi hành pháp luật (TDTHPL) — bộ tiêu chí mẫu năm 2020–2024",
            "# Theo dõi việc thi hành văn bản quy phạm pháp luật — bộ tiêu chí mẫu từ năm 2025",
        ]
    );
    assert_line(
        &out.stdout,
        "- **Năm đánh giá:** từ năm 2025 (không có năm kết thúc)",
    );

    let out = run(["doc", "--year", "2022"]);
    out.expect_code(0);
    assert_eq!(out.stdout, doc_md(SHIPPED_RULESET));

    let out = run(["doc", "--year", "2017", "--format", "html"]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("2017"), "{}", out.stderr);

    let out = run(["doc", "--format", "html"]);
    out.expect_code(0);
    assert_eq!(out.stdout.matches("<article>").count(), 3);
    assert_eq!(out.stdout.matches("<!DOCTYPE html>").count(), 1);
}

#[test]
fn with_an_overlay_the_document_is_the_adapted_ruleset_as_the_province_has_it() {
    let out = run(["doc", "--overlay", "rules/overlays/binh-duong-2020.toml"]);
    out.expect_code(0);
    let text = &out.stdout;
    assert!(
        text.contains("**Điều chỉnh của tỉnh:** `binh-duong-2020`"),
        "{text}"
    );
    assert!(
        text.contains("| `1.1` | Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm | 0,20 | 0,20 | 0,30 |"),
        "the province's maxima:\n{text}"
    );
    assert!(
        !text.contains("tdthpl-2025"),
        "only the ruleset the overlay adapts"
    );
    // A year whose ruleset the overlay does not adapt is refused, naming both.
    let other = run([
        "doc",
        "--year",
        "2019",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
    ]);
    assert_ne!(other.code, 0);
    assert!(
        other.stderr.contains("tdthpl-2020-2024") && other.stderr.contains("binh-duong-2020.toml"),
        "{}",
        other.stderr
    );
    // -o never writes over the overlay.
    let over = run([
        "doc",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
        "-o",
        "rules/overlays/binh-duong-2020.toml",
    ]);
    over.expect_code(2);
}
