//! Evidence as an XLSX workbook: the same units, values and messages as CSV, from
//! sheets laid out the way people lay them out.

mod common;

use common::*;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Scores, statuses, bands and explanations of every unit, without file details.
fn scores(report: &Value) -> Vec<Value> {
    units(report)
        .iter()
        .map(|u| {
            serde_json::json!({
                "id": u["id"], "total": u["total"], "rank": u["rank"],
                "criteria": u["criteria"].as_array().expect("criteria").iter().map(|c| serde_json::json!({
                    "points": c["points"], "status": c["status"], "band": c["band"],
                    "explanation": c["explanation"],
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn csv_scores() -> Vec<Value> {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = write_evidence(dir.path(), "e.csv", &canonical_table(), CsvStyle::EXCEL_VN);
    scores(
        &run(["score", "--format", "json", "--evidence", arg(&csv)])
            .expect_code(0)
            .json(),
    )
}

/// The canonical units as a person fills a sheet: the first two units' dates as real
/// date cells, the others' as text (dd/mm/yyyy, one ISO), counts as numbers.
fn unit_rows() -> Vec<Vec<XCell>> {
    canonical_table()[1..]
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .zip(COLUMNS)
                .map(|(cell, name)| {
                    let is_date = DATE_COLUMNS.contains(&name);
                    match (i, is_date) {
                        (0 | 1, _) | (_, false) => typed(cell),
                        (2, true) if !cell.is_empty() => XCell::Text(to_iso(cell)),
                        (_, true) if !cell.is_empty() => XCell::Text(cell.to_string()),
                        _ => XCell::Blank,
                    }
                })
                .collect()
        })
        .collect()
}

/// Sheet 'Đơn vị': a merged title, unit columns merged over two header rows, a
/// merged group heading above the plan columns, the ids on row 3, units with an
/// empty row between each. Returns the 1-based row of each unit.
fn fancy_sheet(sheet: &mut Worksheet) -> Vec<u32> {
    sheet.set_name("Đơn vị").expect("name");
    let bold = Format::new().set_bold();
    sheet
        .merge_range(0, 0, 0, 14, "MINH CHỨNG TDTHPL NĂM 2024", &bold)
        .expect("title");
    for (col, id) in COLUMNS[..4].iter().enumerate() {
        sheet
            .merge_range(1, col as u16, 2, col as u16, id, &bold)
            .expect("unit header");
    }
    sheet
        .merge_range(1, 4, 1, 7, "Kế hoạch và kiểm tra", &bold)
        .expect("group heading");
    for (offset, id) in COLUMNS[4..].iter().enumerate() {
        sheet.write_string(2, (4 + offset) as u16, *id).expect("id");
    }
    let mut rows = Vec::new();
    for (i, unit) in unit_rows().into_iter().enumerate() {
        let row = 3 + 2 * i as u32;
        put_rows(sheet, row, &[unit]);
        rows.push(row + 1);
    }
    rows
}

fn save(workbook: &mut Workbook, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    workbook.save(&path).expect("save");
    path
}

#[test]
fn serials_text_dates_empty_rows_merged_headers_and_a_second_sheet_score_like_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workbook = Workbook::new();
    let rows = fancy_sheet(workbook.add_worksheet());
    // A second sheet without a ma_don_vi header (a unit's notes): skipped, and said so.
    let other = workbook.add_worksheet();
    other.set_name("Ghi chú").expect("name");
    put_rows(
        other,
        0,
        &[
            vec![XCell::Text("Ghi chú".into()), XCell::Text("cap".into())],
            vec![XCell::Text("SO-CU".into()), XCell::Text("tinh".into())],
        ],
    );
    let path = save(&mut workbook, dir.path(), "minh-chung.xlsx");

    // No --year: read from the sheet's numeric nam column.
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(0);
    let file = arg(&path);
    assert_eq!(
        out.stderr,
        format!(
            "cảnh báo / warning: {file}: đọc trang tính 'Đơn vị' (trang hiện duy nhất có bảng đơn vị) / reading sheet 'Đơn vị' (the only visible sheet holding a table of units)\n\
             cảnh báo / warning: {file}: bỏ qua trang tính 'Ghi chú' (không có bảng đơn vị: dòng tiêu đề có ma_don_vi và dòng bên dưới) / skipped sheet 'Ghi chú' (no table of units: a header row with ma_don_vi and rows under it)\n"
        ),
        "which sheet was read and why, no problem"
    );
    let report = out.json();
    assert_eq!(report["year"], 2024);
    assert_eq!(scores(&report), csv_scores());
    let found: Vec<u64> = units(&report)
        .iter()
        .map(|u| u["row"].as_u64().expect("row"))
        .collect();
    assert_eq!(
        found,
        rows.iter().map(|r| u64::from(*r)).collect::<Vec<_>>(),
        "rows as Excel numbers them, empty rows skipped"
    );
}

#[test]
fn a_cover_sheet_before_the_data_is_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("Bìa").expect("name");
    cover
        .write_string(0, 0, "Báo cáo minh chứng")
        .expect("cover");
    let data = workbook.add_worksheet();
    let mut table = typed_table(&canonical_table());
    table[0] = COLUMNS.iter().map(|c| XCell::Text(c.to_string())).collect();
    put_rows(data, 0, &table);
    let path = save(&mut workbook, dir.path(), "bia.xlsx");
    let report = run(["score", "--format", "json", "--evidence", arg(&path)])
        .expect_code(0)
        .json();
    assert_eq!(scores(&report), csv_scores());
}

#[test]
fn bad_cells_name_the_sheet_row_and_column_and_only_their_unit_errs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "SO-B", "ngay_ban_hanh_ke_hoach", "31/02/2024");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Đơn vị").expect("name");
    let mut rows = typed_table(&table);
    rows[0] = COLUMNS.iter().map(|c| XCell::Text(c.to_string())).collect();
    // A text date that does not exist, and a bare number where a date belongs.
    rows[2][column(&table, "ngay_ban_hanh_ke_hoach")] = XCell::Text("31/02/2024".into());
    rows[4][column(&table, "ngay_gui_bao_cao_nam")] = XCell::Number(45626.0);
    put_rows(sheet, 0, &rows);
    let path = save(&mut workbook, dir.path(), "loi.xlsx");

    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let file = arg(&path);
    assert!(
        out.stderr.contains(&format!(
            "{file}, trang tính/sheet 'Đơn vị', dòng/row 3, cột/column E (ngay_ban_hanh_ke_hoach): giá trị '31/02/2024' không hợp lệ, cần ngày dd/mm/yyyy hoặc yyyy-mm-dd"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "dòng/row 5, cột/column J (ngay_gui_bao_cao_nam): giá trị '45626' không hợp lệ"
        ),
        "a bare number is never taken for a date serial: {}",
        out.stderr
    );
    let report = out.json();
    assert_eq!(criterion(unit(&report, "SO-B"), "1.1")["status"], "error");
    assert_eq!(criterion(unit(&report, "XA-D"), "1.5")["status"], "error");
    assert_eq!(unit(&report, "SO-A")["total"], "2.00");
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_evidence(dir.path(), "gia.xlsx", &canonical_table(), CsvStyle::PLAIN);
    let out = run(["score", "--year", "2024", "--evidence", arg(&path)]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("không đọc được tệp XLSX"),
        "{}",
        out.stderr
    );
}

#[test]
fn old_spreadsheet_formats_are_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    for ext in ["xls", "ods"] {
        let path = write_file(
            tmp.path(),
            &format!("2024.{ext}"),
            b"\xd0\xcf\x11\xe0 not a csv",
        );
        let run = run(["score", "--evidence", arg(&path), "--year", "2024"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains(&format!(
                ".{ext} files are not supported: save as .xlsx or CSV UTF-8"
            )),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_workbook_over_the_size_limit_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("2024.xlsx");
    // Sparse: 65 MB on paper, nothing on disk.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let run = run(["score", "--evidence", arg(&path), "--year", "2024"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("the evidence file is too large (65 MB; the limit is 64 MB)"),
        "{}",
        run.stderr
    );
}
