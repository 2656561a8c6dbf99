//! Implausible evidence is flagged, not rewarded (issue #13, class 8): the shipped
//! rulesets bound every date and count field, a value past an error bound makes the
//! criteria reading it `error` with its cell, and a value past a warning bound still
//! scores, visibly. Also: malformed bound declarations are load errors at their line.

mod common;

use common::*;
use std::path::Path;

const HEADER_2024: &str = "ma_don_vi;ten_don_vi;cap;nam;ngay_ban_hanh_ke_hoach;thu_thap_thong_tin;so_cuoc_kiem_tra_ke_hoach;so_cuoc_kiem_tra_thuc_hien;dieu_tra_khao_sat;ngay_gui_bao_cao_nam;so_ket_qua_phai_xu_ly;so_ket_qua_da_xu_ly;co_yeu_cau_xu_ly;ngay_nhan_yeu_cau_xu_ly;ngay_bao_cao_xu_ly";

/// A 2024 evidence file: one clean unit, then one unit per implausible value.
fn hostile_2024(dir: &Path) -> std::path::PathBuf {
    let rows = [
        "SO-OK;Sở sạch;so;2024;10/01/2024;Có;2;2;Có;25/11/2024;4;4;Có;04/03/2024;28/03/2024",
        "SO-Y1;Sở năm 1;so;2024;01/01/0001;Có;2;2;Có;25/11/2024;4;4;Không;;",
        "SO-23;Sở năm trước;so;2024;10/01/2023;Có;2;2;Có;25/11/2024;4;4;Không;;",
        "SO-150;Sở 150%;so;2024;10/01/2024;Có;2;2;Có;25/11/2024;4;6;Không;;",
        "SO-RB;Sở báo cáo trước yêu cầu;so;2024;10/01/2024;Có;2;2;Có;25/11/2024;4;4;Có;10/03/2024;01/03/2024",
        "SO-FU;Sở năm 9999;so;2024;10/01/2024;Có;2;2;Có;31/12/9999;4;4;Không;;",
        "SO-DEC;Sở tháng 12;so;2024;20/12/2023;Có;2;2;Có;25/11/2024;4;4;Không;;",
    ];
    write_file(
        dir,
        "hostile-2024.csv",
        format!("{HEADER_2024}\n{}\n", rows.join("\n")),
    )
}

fn score_json(evidence: &Path, year: &str) -> Run {
    run([
        "score",
        "--evidence",
        arg(evidence),
        "--year",
        year,
        "--format",
        "json",
    ])
}

#[test]
fn implausible_values_are_errors_on_their_criterion_never_points() {
    let tmp = tempfile::tempdir().unwrap();
    let evidence = hostile_2024(tmp.path());
    let run = score_json(&evidence, "2024");
    run.expect_code(1);
    let report = run.json();
    let status = |u: &str, c: &str| {
        criterion(unit(&report, u), c)["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        statuses(unit(&report, "SO-OK")).iter().all(|s| s == "full"),
        "the clean unit is untouched"
    );
    for (u, c) in [
        ("SO-Y1", "1.1"),
        ("SO-23", "1.1"),
        ("SO-150", "2.1"),
        ("SO-RB", "2.2"),
        ("SO-FU", "1.5"),
    ] {
        assert_eq!(status(u, c), "error", "{u} {c}");
        let others = statuses(unit(&report, u));
        assert_eq!(
            others.iter().filter(|s| *s == "error").count(),
            1,
            "{u}: only the criterion reading the implausible cell is in error: {others:?}"
        );
        assert!(unit(&report, u)["rank"].is_null(), "{u} is not ranked");
        assert!(criterion(unit(&report, u), c)["points"].is_null());
    }
    // Every message names the cell, the label, the value and the bound, in both languages.
    for line in [
        "hostile-2024.csv, dòng/row 3, cột/column E (ngay_ban_hanh_ke_hoach): giá trị không hợp lý: Ngày ban hành Kế hoạch TDTHPL năm là 01/01/0001, trước mốc sớm nhất 01/12/2023",
        "hostile-2024.csv, dòng/row 4, cột/column E (ngay_ban_hanh_ke_hoach): giá trị không hợp lý: Ngày ban hành Kế hoạch TDTHPL năm là 10/01/2023",
        "dòng/row 5, cột/column L (so_ket_qua_da_xu_ly): giá trị không hợp lý: Số kết quả đã có văn bản xử lý hoặc kiến nghị xử lý là 6, lớn hơn Số kết quả TDTHPL phải xử lý hoặc kiến nghị xử lý trong năm là 4 (cột/column K 'so_ket_qua_phai_xu_ly') = 150%",
        "dòng/row 6, cột/column O (ngay_bao_cao_xu_ly): giá trị không hợp lý: Ngày báo cáo bằng văn bản kết quả xử lý là 01/03/2024, trước Ngày nhận văn bản yêu cầu xử lý kết quả TDTHPL 10/03/2024 (cột/column N 'ngay_nhan_yeu_cau_xu_ly')",
        "dòng/row 7, cột/column J (ngay_gui_bao_cao_nam): giá trị không hợp lý: Ngày gửi Báo cáo công tác TDTHPL năm về Sở Tư pháp là 31/12/9999, sau mốc muộn nhất 31/12/2025 ([plausible_dates] not_after = \"31/12/{year+1}\"; năm đánh giá 2024)",
        "/ implausible value: Ngày ban hành Kế hoạch TDTHPL năm is 10/01/2023, before the earliest plausible date 01/12/2023 (not_before = \"01/12/{year-1}\"; assessment year 2024): it cannot be evidence for 2024",
    ] {
        assert!(
            run.stderr.contains(line),
            "stderr lacks {line:?}:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("5 đơn vị có 5 kết quả lỗi"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_warning_still_scores_and_is_shown_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let evidence = hostile_2024(tmp.path());
    let run = score_json(&evidence, "2024");
    let report = run.json();
    let dec = unit(&report, "SO-DEC");
    assert!(statuses(dec).iter().all(|s| s == "full"), "{dec}");
    assert!(dec["rank"].is_number(), "a warning does not stop ranking");
    let warnings = dec["warnings"].as_array().expect("warnings in JSON");
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .as_str()
            .unwrap()
            .contains("cột/column E (ngay_ban_hanh_ke_hoach): cảnh báo: Ngày ban hành Kế hoạch TDTHPL năm là 20/12/2023, trước 01/01/2024"),
        "{warnings:?}"
    );
    let explanation = criterion(dec, "1.1")["explanation"].as_str().unwrap();
    assert!(explanation.contains("Cảnh báo / warning:"), "{explanation}");
    assert!(
        run.stderr
            .contains("cảnh báo minh chứng / evidence warning: ")
            && run.stderr.contains("dòng/row 8"),
        "{}",
        run.stderr
    );
    // The table (default format) lists it under the unit although nothing was lost.
    let table = run_cmd(cchc().args(["score", "--evidence", arg(&evidence), "--year", "2024"]));
    assert!(
        table.stdout.contains("  ? cảnh báo / warning: ")
            && table.stdout.contains("SO-DEC Sở tháng 12 (2,00/2,00 điểm)"),
        "{}",
        table.stdout
    );
}

#[test]
fn streamed_and_whole_reports_flag_the_same_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let evidence = hostile_2024(tmp.path());
    let whole = score_json(&evidence, "2024");
    let streamed = run([
        "score",
        "--evidence",
        arg(&evidence),
        "--year",
        "2024",
        "--format",
        "csv",
    ]);
    streamed.expect_code(1);
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with("lỗi minh chứng") || l.starts_with("cảnh báo minh chứng"))
            .map(String::from)
            .collect()
    };
    assert_eq!(lines(&whole.stderr), lines(&streamed.stderr));
    assert_eq!(lines(&whole.stderr).len(), 6);
    let errors = streamed
        .stdout
        .lines()
        .filter(|l| l.contains(",error,"))
        .count();
    assert_eq!(errors, 5);
}

#[test]
fn the_2025_and_2019_rulesets_bound_their_fields_too() {
    let tmp = tempfile::tempdir().unwrap();
    let e2025 = write_file(
        tmp.path(),
        "e2025.csv",
        "ma_don_vi;ten_don_vi;cap;nam;ngay_ban_hanh_ke_hoach;ke_hoach_theo_nd80;thu_thap_thong_tin;so_cuoc_kiem_tra_ke_hoach;so_cuoc_kiem_tra_thuc_hien;ngay_gui_bao_cao_nam;so_kien_nghi_tiep_nhan;so_kien_nghi_da_xu_ly;co_yeu_cau_xu_ly;ngay_nhan_yeu_cau_xu_ly;ngay_bao_cao_xu_ly\n\
         SO-A;Sở A;so;2025;09/01/2025;Có;Có;1;1;26/11/2025;4;6;Có;03/06/2026;30/06/2026\n",
    );
    let report = score_json(&e2025, "2025");
    report.expect_code(1);
    let json = report.json();
    let a = unit(&json, "SO-A");
    assert_eq!(
        criterion(a, "2.1")["status"],
        "error",
        "150% of recommendations"
    );
    assert_eq!(criterion(a, "2.2")["status"], "error", "a request of 2026");
    assert_eq!(criterion(a, "1.1")["status"], "full");

    let e2019 = write_file(
        tmp.path(),
        "e2019.csv",
        "ma_don_vi;ten_don_vi;cap;nam;ngay_ban_hanh_ke_hoach;thu_thap_thong_tin;so_cuoc_kiem_tra_ke_hoach;so_cuoc_kiem_tra_thuc_hien;dieu_tra_khao_sat;ngay_gui_bao_cao_nam;so_ket_qua_phai_xu_ly;so_ket_qua_da_xu_ly\n\
         SO-A;Sở A;so;2019;08/01/2019;Có;2;2;Không;09/10/2018;5;5\n",
    );
    let json = score_json(&e2019, "2019").json();
    let a = unit(&json, "SO-A");
    assert_eq!(
        criterion(a, "1.5")["status"],
        "error",
        "the 2018 report in the 2019 file"
    );
}

#[test]
fn the_sample_province_breaks_no_bound() {
    for year in ["2019", "2024", "2025"] {
        let path = repo_path(&format!("data/tinh-mau/{year}.csv"));
        let run = score_json(&path, year);
        run.expect_code(0);
        assert!(
            !run.stderr.contains("minh chứng /"),
            "{year}: {}",
            run.stderr
        );
    }
}

fn check_codes(dir: &Path) -> (i32, Vec<(String, u64)>) {
    let run = run(["check", "--rules", arg(dir), "--format", "json"]);
    let findings = run.json()[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    (run.code, findings)
}

#[test]
fn malformed_bounds_are_load_errors_at_their_line() {
    for (code, from, to) in [
        (
            "evidence/invalid-bound",
            "not_before = \"01/12/{year-1}\"",
            "not_before = \"01/12/{nam-1}\"",
        ),
        (
            "evidence/invalid-bound",
            "not_after = \"31/12/{year}\"",
            "not_after = \"30/11/{year-1}\"",
        ),
        (
            "evidence/invalid-bound",
            "warn_before = \"01/01/{year}\"",
            "warn_before = \"29/02/{year}\"",
        ),
        (
            "evidence/invalid-bound",
            "not_before = \"01/12/{year-1}\"",
            "at_most_field = \"so_cuoc_kiem_tra_ke_hoach\"",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = copy_ruleset(tmp.path());
        let file = rule_file(&dir, "1-hoat-dong/1.1-ke-hoach.toml");
        let line = replace_once(&file, from, to) as u64;
        let (exit, findings) = check_codes(&dir);
        assert_eq!(exit, 2, "{to}: {findings:?}");
        assert!(
            findings.iter().any(|(c, l)| c == code && *l == line),
            "{to}: {code} at line {line}: {findings:?}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_ruleset(tmp.path());
    let file = rule_file(&dir, "2-xu-ly-ket-qua/2.2-bao-cao-xu-ly-30-ngay.toml");
    let line = replace_once(
        &file,
        "not_before_field = \"ngay_nhan_yeu_cau_xu_ly\"",
        "not_before_field = \"ngay_nhan\"",
    ) as u64;
    let (exit, findings) = check_codes(&dir);
    assert_eq!(exit, 2);
    assert!(
        findings
            .iter()
            .any(|(c, l)| c == "evidence/unknown-bound-field" && *l == line),
        "{findings:?}"
    );
    // Scoring refuses the broken ruleset too, naming the key.
    let score = run(["score", "--rules", arg(&dir), "--year", "2024"]);
    score.expect_code(2);
    assert!(
        score.stderr.contains("error[evidence/unknown-bound-field]")
            && score.stderr.contains("there is no field 'ngay_nhan'"),
        "{}",
        score.stderr
    );
}

#[test]
fn doc_lists_each_fields_bounds() {
    let run = run(["doc", "--rules", "rules/tdthpl-2020-2024"]);
    run.expect_code(0);
    for want in [
        "hợp lý: từ 01/12/{year-1} đến 31/12/{year}, cảnh báo trước 01/01/{year}",
        "hợp lý: ≤ so_ket_qua_phai_xu_ly",
        "hợp lý: từ 01/01/{year-1} đến 31/12/{year+1}, không trước ngay_nhan_yeu_cau_xu_ly",
    ] {
        assert!(run.stdout.contains(want), "doc lacks {want:?}");
    }
}

#[test]
fn a_no_that_contradicts_its_dates_is_an_error_in_every_format() {
    // "Không" (no request received) with a request date and a report five months
    // later read as "không phát sinh", full points, where the dates say 'late'.
    let tmp = tempfile::tempdir().unwrap();
    let evidence = write_file(
        tmp.path(),
        "khong-mau-thuan.csv",
        format!(
            "{HEADER_2024}\nSO-OK;Sở sạch;so;2024;10/01/2024;Có;2;2;Có;25/11/2024;4;4;Có;04/03/2024;28/03/2024\nSO-KM;Sở mâu thuẫn;so;2024;10/01/2024;Có;2;2;Có;25/11/2024;4;4;Không;01/03/2024;01/09/2024\n"
        ),
    );
    let message = "dòng/row 3, cột/column N (ngay_nhan_yeu_cau_xu_ly): giá trị mâu thuẫn: Ngày nhận văn bản yêu cầu xử lý kết quả TDTHPL là 01/03/2024 nhưng";
    let whole = score_json(&evidence, "2024");
    whole.expect_code(1);
    let report = whole.json();
    let c = criterion(unit(&report, "SO-KM"), "2.2");
    assert_eq!(c["status"], "error", "{c}");
    assert!(c["points"].is_null());
    assert!(whole.stderr.contains(message), "{}", whole.stderr);
    assert!(
        whole.stderr.contains("(blank_unless_field)"),
        "{}",
        whole.stderr
    );
    for format in ["csv", "wide"] {
        let streamed = run([
            "score",
            "--evidence",
            arg(&evidence),
            "--year",
            "2024",
            "--format",
            format,
        ]);
        streamed.expect_code(1);
        assert!(
            streamed.stderr.contains(message),
            "{format}: {}",
            streamed.stderr
        );
    }
    let explain = run([
        "explain",
        "--evidence",
        arg(&evidence),
        "--year",
        "2024",
        "--unit",
        "SO-KM",
        "--criterion",
        "2.2",
    ]);
    assert!(
        explain.stdout.contains("giá trị mâu thuẫn")
            || explain.stderr.contains("giá trị mâu thuẫn"),
        "{}\n{}",
        explain.stdout,
        explain.stderr
    );
}

#[path = "xlsx_parts/mod.rs"]
mod xlsx_parts;

/// A one-sheet workbook of the corpus base's columns whose `ngay_bao_cao` cells
/// are date-formatted serials.
fn serial_workbook(serials: &[(&str, &str)]) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let text = |r: &str, v: &str| format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>");
    let mut rows = String::from("<row r=\"1\">");
    for (i, h) in [
        "ma_don_vi",
        "ten_don_vi",
        "cap",
        "nam",
        "so_ke_hoach",
        "so_thuc_hien",
        "ngay_bao_cao",
    ]
    .iter()
    .enumerate()
    {
        rows.push_str(&text(&format!("{}1", xlsx_parts::letter(i)), h));
    }
    rows.push_str("</row>");
    for (i, (id, serial)) in serials.iter().enumerate() {
        let r = i + 2;
        rows.push_str(&format!(
            "<row r=\"{r}\">{}{}{}<c r=\"D{r}\"><v>2024</v></c><c r=\"E{r}\"><v>4</v></c><c r=\"F{r}\"><v>4</v></c><c r=\"G{r}\" s=\"1\"><v>{serial}</v></c></row>",
            text(&format!("A{r}"), id),
            text(&format!("B{r}"), "Sở"),
            text(&format!("C{r}"), "so"),
        ));
    }
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".to_string()),
        ("_rels/.rels", format!("<?xml version=\"1.0\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")),
        ("xl/workbook.xml", format!("<?xml version=\"1.0\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", format!("<?xml version=\"1.0\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/styles\" Target=\"styles.xml\"/></Relationships>")),
        ("xl/worksheets/sheet1.xml", xlsx_parts::sheet_xml(None, &rows)),
        ("xl/styles.xml", format!("<?xml version=\"1.0\"?><styleSheet xmlns=\"{MAIN}\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>")),
    ];
    let parts: Vec<(String, Vec<u8>)> = parts
        .into_iter()
        .map(|(n, x)| (n.to_string(), x.into_bytes()))
        .collect();
    xlsx_parts::zip_parts(&parts)
}

#[test]
fn an_excel_serial_outside_excels_range_is_not_a_date() {
    // calamine turns serials Excel cannot show into 31/12/1899 or 31/12/9999: the
    // message must name what the cell holds, and a wide window must not accept it.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/corpus/base"), tmp.path());
    let book = write_file(
        tmp.path(),
        "serial.xlsx",
        serial_workbook(&[
            ("SO-OK", "45621"),
            ("SO-NEG", "-5"),
            ("SO-ZERO", "0"),
            ("SO-PAST", "2958466"),
        ]),
    );
    let out = run([
        "score",
        "--rules",
        arg(&tmp.path().join("rules")),
        "--evidence",
        arg(&book),
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    out.expect_code(1);
    let report = out.json();
    assert_eq!(criterion(unit(&report, "SO-OK"), "2")["status"], "full");
    for (id, row, serial) in [
        ("SO-NEG", 3, "-5"),
        ("SO-ZERO", 4, "0"),
        ("SO-PAST", 5, "2958466"),
    ] {
        assert_eq!(criterion(unit(&report, id), "2")["status"], "error", "{id}");
        let line = format!(
            "dòng/row {row}, cột/column G (ngay_bao_cao): giá trị '{serial}' không hợp lệ, cần ngày"
        );
        assert!(out.stderr.contains(&line), "{line}\n{}", out.stderr);
    }
    assert!(
        !out.stderr.contains("1899") && !out.stderr.contains("9999"),
        "{}",
        out.stderr
    );
}
