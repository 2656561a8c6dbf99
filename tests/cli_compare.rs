//! `cchc compare`: self-scores against the appraisal, and `cchc score --unit`: one
//! unit checking itself, driven through the binary.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SELF_SAMPLE: &str = "data/tinh-mau/tu-cham-2024.csv";

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn sample_json() -> Value {
    run([
        "compare",
        "--self",
        SELF_SAMPLE,
        "--year",
        "2024",
        "--format",
        "json",
    ])
    .expect_code(0)
    .json()
}

#[test]
fn the_seven_inflated_sample_units_are_cut_on_the_right_criteria() {
    let report = sample_json();
    let cut: Vec<(String, Vec<String>)> = units(&report)
        .iter()
        .filter(|u| !u["cut"].as_array().expect("cut").is_empty())
        .map(|u| {
            (
                u["id"].as_str().expect("id").to_string(),
                strings(&u["cut"]),
            )
        })
        .collect();
    let expected: Vec<(String, Vec<String>)> = [
        ("SO-SCT", vec!["1.3", "1.5", "2.1"]),
        ("SO-SGTVT", vec!["1.3", "1.5"]),
        ("SO-SXD", vec!["1.1", "1.4", "2.1", "2.2"]),
        ("SO-STTTT", vec!["1.2"]),
        ("HUYEN-HBS", vec!["1.3", "1.5", "2.1", "2.2"]),
        ("XA-XAP", vec!["1.1", "1.2", "1.3", "1.5"]),
        ("XA-XBL", vec!["1.5", "2.1"]),
    ]
    .into_iter()
    .map(|(u, c)| (u.to_string(), c.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cut, expected);

    let sxd = unit(&report, "SO-SXD");
    assert_eq!(
        (
            &sxd["self_total"],
            &sxd["appraised_total"],
            &sxd["difference"]
        ),
        (
            &Value::from("2.00"),
            &Value::from("0.75"),
            &Value::from("-1.25")
        )
    );
    // The plan is explained (giai_trinh), the 30-day report is not.
    assert_eq!(strings(&sxd["unexplained"]), ["2.2"]);
    let late = criterion(unit(&report, "SO-SGTVT"), "1.5");
    assert_eq!(
        (&late["self"], &late["appraised"], &late["difference"]),
        (
            &Value::from("0.25"),
            &Value::from("0.00"),
            &Value::from("-0.25")
        )
    );
    let reason = late["reason"].as_str().expect("reason");
    assert!(
        reason.contains("Gửi chậm trên 10 ngày") && reason.contains("12 ngày"),
        "{reason}"
    );
    assert!(!reason.contains("Căn cứ:"), "the legal basis is left out");
    let info = criterion(unit(&report, "SO-STTTT"), "1.2");
    assert_eq!(info["status"], "missing_evidence");
    assert_eq!(info["lacks_evidence"], true);
    assert_eq!(info["needs_explanation"], false, "the unit explained it");
    assert!(
        info["reason"]
            .as_str()
            .expect("reason")
            .contains("thiếu minh chứng bắt buộc")
    );
    // A unit self-scoring exactly what its evidence supports is not cut.
    let stp = unit(&report, "SO-STP");
    assert_eq!(stp["difference"], "0.00");
    assert!(stp["unexplained"].as_array().expect("list").is_empty());
}

#[test]
fn the_table_summarises_then_gives_each_cut_with_its_reason() {
    let out = run(["compare", "--self", SELF_SAMPLE, "--year", "2024"]);
    out.expect_code(0);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("SO-SXD  "))
        .expect("a summary row for SO-SXD");
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 5..],
        ["2,00", "0,75", "-1,25", "4", "2.2"]
    );
    assert!(
        out.stdout
            .contains("7/43 đơn vị bị trừ điểm; 8 tiêu chí thiếu minh chứng chưa có giải trình.")
    );
    assert!(out.stdout.contains(
        "  - 2.2 Báo cáo bằng văn bản việc xử lý kết quả TDTHPL trong 30 ngày kể từ khi nhận văn bản yêu cầu: tự chấm 0,25, thẩm định 0,00, chênh lệch -0,25. Lý do: Đạt 0,00/0,25 điểm, mất 0,25: Nhận văn bản yêu cầu nhưng không báo cáo bằng văn bản."
    ));
    assert!(out.stdout.contains(
        "Giải trình của đơn vị: Kế hoạch lồng ghép trong Kế hoạch công tác pháp chế số 12/KH-SXD ngày 20/01/2024."
    ));
}

/// The canonical five units as evidence, and a self-score workbook for them.
fn fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let evidence = write_evidence(dir, "e.csv", &canonical_table(), CsvStyle::EXCEL_VN);
    let text = |s: &str| XCell::Text(s.into());
    let num = XCell::Number;
    let mut rows = vec![vec![
        text("ma_don_vi"),
        text("tieu_chi"),
        text("diem_tu_cham"),
        text("giai_trinh"),
    ]];
    // SO-B's plan was late (0.15) but claims 0.25; XA-E left 1.2 blank (required)
    // and claims 0.25 without a word; HUYEN-C has no plan, claims 0 and explains.
    rows.push(vec![text("SO-B"), text("1.1"), num(0.25), XCell::Blank]);
    rows.push(vec![text("SO-A"), text("2.1"), num(0.5), XCell::Blank]);
    rows.push(vec![text("XA-E"), text("1.2"), text("0,25"), XCell::Blank]);
    rows.push(vec![
        text("HUYEN-C"),
        text("1.1"),
        num(0.0),
        text("Kế hoạch đang trình ký."),
    ]);
    rows.push(vec![XCell::Blank; 4]);
    // Problems: a score that is no number, an unknown criterion, an unknown unit.
    rows.push(vec![text("SO-A"), text("1.2"), text("đủ"), XCell::Blank]);
    rows.push(vec![text("SO-A"), text("9.9"), num(0.25), XCell::Blank]);
    rows.push(vec![text("SO-Z"), text("1.1"), num(0.25), XCell::Blank]);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tự chấm").expect("name");
    put_rows(sheet, 0, &rows);
    let self_path = dir.join("tu-cham.xlsx");
    workbook.save(&self_path).expect("save");
    (evidence, self_path)
}

#[test]
fn an_xlsx_self_score_file_gives_cuts_reasons_and_reports_its_bad_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (evidence, self_path) = fixture(dir.path());
    let out = run([
        "compare",
        "--self",
        arg(&self_path),
        "--evidence",
        arg(&evidence),
        "--format",
        "json",
    ]);
    out.expect_code(1);
    let report = out.json();
    let b = criterion(unit(&report, "SO-B"), "1.1");
    assert_eq!(
        (&b["self"], &b["appraised"], &b["difference"], &b["status"]),
        (
            &Value::from("0.25"),
            &Value::from("0.15"),
            &Value::from("-0.10"),
            &Value::from("partial")
        )
    );
    let e = unit(&report, "XA-E");
    assert_eq!(strings(&e["cut"]), ["1.2"]);
    assert_eq!(strings(&e["unexplained"]), ["1.2"]);
    let c = unit(&report, "HUYEN-C");
    assert!(strings(&c["cut"]).is_empty());
    assert!(
        !strings(&c["unexplained"]).contains(&"1.1".to_string()),
        "explained in giai_trinh"
    );
    assert_eq!(
        criterion(c, "1.1")["explanation"],
        "Kế hoạch đang trình ký."
    );
    assert_eq!(strings(&report["unmatched_units"]), ["SO-Z"]);
    // SO-A self-scored 2.1 and wrote 'đủ' for 1.2: that row is invalid, not
    // missing, and the self total (2.1 only) says it is incomplete.
    assert_eq!(unit(&report, "SO-A")["self_total"], "0.50");
    assert_eq!(unit(&report, "SO-A")["self_total_complete"], false);
    assert_eq!(unit(&report, "SO-A")["difference"], Value::Null);
    assert_eq!(
        strings(&unit(&report, "SO-A")["invalid_self_scores"]),
        ["1.2"]
    );
    assert_eq!(
        strings(&unit(&report, "SO-A")["not_self_scored"]),
        ["1.1", "1.3", "1.4", "1.5", "2.2"]
    );

    let file = arg(&self_path);
    for (row, column, what) in [
        (7, "C", "điểm tự chấm 'đủ' không hợp lệ"),
        (
            8,
            "B",
            "tiêu chí '9.9' không có trong bộ tiêu chí tdthpl-2020-2024",
        ),
    ] {
        let place =
            format!("{file}, trang tính/sheet 'Tự chấm', dòng/row {row}, cột/column {column}");
        assert!(
            out.stderr
                .lines()
                .any(|l| l.contains(&place) && l.contains(what)),
            "{place}: {what} in:\n{}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("SO-Z"), "{}", out.stderr);
}

#[test]
fn csv_and_xlsx_outputs_hold_one_row_per_unit_and_criterion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (evidence, self_path) = fixture(dir.path());
    let base = [
        "compare",
        "--self",
        arg(&self_path),
        "--evidence",
        arg(&evidence),
    ];
    let out = run(base.iter().copied().chain(["--format", "csv"]));
    out.expect_code(1);
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header[..9],
        [
            "ma_don_vi",
            "ten_don_vi",
            "cap",
            "tieu_chi",
            "ten_tieu_chi",
            "diem_tu_cham",
            "diem_tham_dinh",
            "diem_toi_da",
            "chenh_lech"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), UNITS.len() * CRITERIA.len());
    let b = rows
        .iter()
        .find(|r| &r[0] == "SO-B" && &r[3] == "1.1")
        .expect("SO-B 1.1");
    assert_eq!((&b[5], &b[6], &b[8]), ("0.25", "0.15", "-0.10"));

    let xlsx = dir.path().join("so-sanh.xlsx");
    run(base
        .iter()
        .copied()
        .chain(["--format", "xlsx", "-o", arg(&xlsx)]))
    .expect_code(1);
    assert_eq!(sheet_names(&xlsx), ["Tổng hợp", "Chi tiết"]);
    let summary = sheet_text(&xlsx, "Tổng hợp");
    let e = summary.iter().find(|r| r[0] == "XA-E").expect("XA-E row");
    assert_eq!(
        (e[3].as_str(), e[4].as_str(), e[8].as_str()),
        ("0.25", "1.5", "1.2")
    );
    assert_eq!(
        sheet_text(&xlsx, "Chi tiết").len(),
        1 + UNITS.len() * CRITERIA.len()
    );

    let out = run(base.iter().copied().chain(["--format", "xlsx"]));
    out.expect_code(2);
}

// ---------------------------------------------------------------------------
// cchc score --unit
// ---------------------------------------------------------------------------

#[test]
fn a_unit_checking_itself_gets_its_score_and_a_todo_list_by_points() {
    let out = run(["score", "--year", "2024", "--unit", "SO-SXD"]);
    out.expect_code(0);
    assert!(
        out.stdout
            .contains("\nSO-SXD Sở Xây dựng: 0,75/2,00 điểm (37,50%), hạng 20/20 trong cấp so\n")
    );
    let todo: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| {
            l.trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    let heads: Vec<String> = todo
        .iter()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        heads,
        [
            "1. +0,50 2.1",
            "2. +0,25 1.1",
            "3. +0,25 1.4",
            "4. +0,25 2.2"
        ],
        "most points first, then ruleset order"
    );
    assert!(todo[1].contains("Không ban hành Kế hoạch TDTHPL năm"));
    assert!(!out.stdout.contains("SO-STP"), "only the unit asked for");

    let full = run(["score", "--year", "2024", "--unit", "SO-STP"]);
    full.expect_code(0);
    assert!(
        full.stdout
            .contains("Đạt tối đa: không còn việc cần làm để tăng điểm.")
    );
}

#[test]
fn a_unit_scored_alone_in_json_is_the_only_unit_and_an_unknown_id_exits_2() {
    let report = run([
        "score", "--year", "2024", "--unit", "XA-XAP", "--format", "json",
    ])
    .expect_code(0)
    .json();
    assert_eq!(units(&report).len(), 1);
    assert_eq!(unit(&report, "XA-XAP")["total"], "0.75");

    let out = run(["score", "--year", "2024", "--unit", "SO-KHONG-CO"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("'SO-KHONG-CO'") && out.stderr.contains("data/tinh-mau/2024.csv"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_unit_checking_itself_is_told_which_documents_it_has_not_cited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    for (name, value) in [
        ("ngay_ban_hanh_ke_hoach__so_hieu", "80/KH-STP"),
        ("ngay_ban_hanh_ke_hoach__ngay", "08/01/2024"),
        ("ngay_gui_bao_cao_nam__so_hieu", ""),
    ] {
        for (i, row) in table.iter_mut().enumerate() {
            row.push(if i == 0 { name } else { value }.to_string());
        }
    }
    let path = write_evidence(dir.path(), "so-a.csv", &table, CsvStyle::EXCEL_VN);
    let out = run(["score", "--evidence", arg(&path), "--unit", "SO-A"]);
    out.expect_code(0);
    assert!(
        out.stdout.ends_with(
            "SO-A Sở Tư pháp: 2,00/2,00 điểm (100,00%), hạng 1/2 trong cấp so\nĐạt tối đa: không còn việc cần làm để tăng điểm.\nVăn bản minh chứng cần ghi đủ (số/ký hiệu, ngày):\n  - 1.5: Báo cáo công tác TDTHPL năm (số/ký hiệu, ngày)\n"
        ),
        "{}",
        out.stdout
    );
}
