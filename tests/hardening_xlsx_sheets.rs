//! Issue #13, XLSX sheets and content: hidden sheets, units split over two sheets,
//! formulas saved without values, a workbook saved as `.csv`, `.xls` bytes. Never
//! silent: every data sheet is read or the workbook refused, and stderr says which
//! sheet was read and why.

mod common;
mod xlsx_parts;

use common::*;
use std::time::Duration;
use xlsx_parts::*;

#[test]
fn a_hidden_first_sheet_is_never_scored_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = canonical_table();
    old[1][0] = "SO-CU".into();
    let hidden = Sheet {
        name: "Năm trước",
        state: "hidden",
        xml: sheet_xml(None, &rows_xml(&old, 1)),
    };
    let bytes = workbook(&[hidden, visible("Minh chứng", canonical_sheet())], &[]);
    let (out, took, path) = score(dir.path(), "an.xlsx", &bytes, "json");
    out.expect_code(0);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(ids(&out), canonical_ids());
    let file = arg(&path);
    assert!(
        out.stderr.contains(&format!(
            "{file}: đọc trang tính 'Minh chứng' (trang hiện duy nhất có bảng đơn vị) / reading sheet 'Minh chứng' (the only visible sheet holding a table of units)"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!(
            "{file}: bỏ qua trang tính ẩn 'Năm trước' dù có bảng đơn vị: nếu đơn vị ở đó cần chấm, hãy bỏ ẩn và chép vào trang 'Minh chứng' / skipped hidden sheet 'Năm trước' although it holds a table of units: if they are to be scored, unhide it and copy them into sheet 'Minh chứng'"
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn units_only_on_a_hidden_sheet_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let hidden = Sheet {
        name: "Dữ liệu",
        state: "veryHidden",
        xml: canonical_sheet(),
    };
    let cover = visible(
        "Bìa",
        sheet_xml(None, &rows_xml(&vec![vec!["Báo cáo".into()]], 1)),
    );
    let (out, took, _) = score(
        dir.path(),
        "an2.xlsx",
        &workbook(&[hidden, cover], &[]),
        "json",
    );
    assert_refused(
        &out,
        took,
        "đơn vị chỉ nằm ở trang tính đang ẩn 'Dữ liệu', cchc không đọc trang ẩn: hãy bỏ ẩn trang đó trong Excel (Unhide) rồi lưu lại / the units are only on hidden sheet(s) 'Dữ liệu', and cchc never reads a hidden sheet: unhide it in Excel and save again",
    );
}

#[test]
fn units_split_over_two_sheets_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let table = canonical_table();
    let so: Table = table.iter().take(3).cloned().collect();
    let mut xa: Table = vec![table[0].clone()];
    xa.extend(table.iter().skip(3).cloned());
    let bytes = workbook(
        &[
            visible("Sở", sheet_xml(None, &rows_xml(&so, 1))),
            visible("Xã", sheet_xml(None, &rows_xml(&xa, 1))),
        ],
        &[],
    );
    for format in ["json", "csv"] {
        let (out, took, _) = score(dir.path(), "hai.xlsx", &bytes, format);
        assert_refused(
            &out,
            took,
            "đơn vị nằm ở nhiều trang tính ('Sở', 'Xã'); cchc chỉ đọc một trang dữ liệu nên đơn vị ở các trang kia sẽ bị mất: hãy chép mọi đơn vị vào một trang (cùng dòng tiêu đề) / the units are on more than one sheet ('Sở', 'Xã'); cchc reads one data sheet, so the units on the others would be lost: copy every unit into one sheet (under one header row)",
        );
    }
}

#[test]
fn a_formula_without_a_computed_value_is_an_invalid_cell_not_a_blank() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = canonical_table();
    // SO-A's planned inspections (G2) become a formula: once with no cached value,
    // once with one.
    let g = column(&table, "so_cuoc_kiem_tra_ke_hoach");
    table[1][g] = String::new();
    let rows = |cell: &str| {
        rows_xml(&table, 1).replacen("<row r=\"2\">", &format!("<row r=\"2\">{cell}"), 1)
    };
    let bare = sheet_xml(None, &rows("<c r=\"G2\"><f>2*2</f></c>"));
    let (out, took, path) = score(
        dir.path(),
        "f.xlsx",
        &workbook(&[visible("S", bare)], &[]),
        "json",
    );
    out.expect_code(1);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(
        out.stderr.contains(&format!(
            "{}, trang tính/sheet 'S', dòng/row 2, cột/column G (so_cuoc_kiem_tra_ke_hoach): ô có công thức '=2*2' nhưng không có giá trị đã tính (tệp được lưu bởi chương trình không tính công thức): hãy mở bằng Excel rồi lưu lại, hoặc nhập giá trị; cần số nguyên / the cell holds the formula '=2*2' without a computed value (the file was saved by a program that does not calculate): open it in Excel and save it again, or type the value; expected a whole number",
            arg(&path)
        )),
        "{}",
        out.stderr
    );
    let report = out.json();
    let errors: Vec<String> = statuses(unit(&report, "SO-A"))
        .into_iter()
        .filter(|s| s == "error")
        .collect();
    assert!(!errors.is_empty(), "the formula's criterion is an error");

    let cached = sheet_xml(None, &rows("<c r=\"G2\"><f>2*2</f><v>4</v></c>"));
    let (out, _, _) = score(
        dir.path(),
        "f2.xlsx",
        &workbook(&[visible("S", cached)], &[]),
        "json",
    );
    out.expect_code(0);
    assert_eq!(unit(&out.json(), "SO-A")["total"], "2.00");
}

#[test]
fn a_workbook_saved_as_csv_is_read_as_a_workbook_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook(&[visible("S", canonical_sheet())], &[]);
    for format in ["json", "csv"] {
        let (out, took, path) = score(dir.path(), "2024.csv", &bytes, format);
        out.expect_code(0);
        assert!(took < Duration::from_secs(2), "took {took:?}");
        assert!(
            out.stderr.contains(&format!(
                "{}: tệp không phải CSV mà là sổ Excel (.xlsx) dù tên khác; đọc như sổ Excel / the file is an Excel workbook (.xlsx), not CSV, whatever its name: read as a workbook",
                arg(&path)
            )),
            "{}",
            out.stderr
        );
        if format == "json" {
            assert_eq!(ids(&out), canonical_ids());
        } else {
            for id in canonical_ids() {
                assert!(out.stdout.contains(&id), "{}", out.stdout);
            }
        }
    }
}

#[test]
fn an_old_xls_or_encrypted_workbook_is_named_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0";
    for name in ["2024.csv", "2024.xlsx"] {
        let (out, took, _) = score(dir.path(), name, ole, "json");
        assert_refused(
            &out,
            took,
            "tệp là sổ Excel 97–2003 (.xls) hoặc sổ .xlsx có đặt mật khẩu, không phải .xlsx hay CSV: hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8 / the file is an Excel 97–2003 workbook (.xls) or a password-protected .xlsx, not .xlsx or CSV: open it in Excel, remove any password, and save it as .xlsx (Excel Workbook) or CSV UTF-8",
        );
    }
}

#[test]
fn a_self_score_workbook_says_which_sheet_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let guide = visible(
        "Hướng dẫn",
        sheet_xml(None, &rows_xml(&vec![vec!["ma_don_vi".into()]], 1)),
    );
    let scores = visible(
        "Tự chấm",
        sheet_xml(
            None,
            &rows_xml(
                &vec![
                    vec!["ma_don_vi".into(), "tieu_chi".into(), "diem_tu_cham".into()],
                    vec!["SO-A".into(), "1.1".into(), "0,25".into()],
                ],
                1,
            ),
        ),
    );
    let self_file = write_file(dir.path(), "tu-cham.xlsx", workbook(&[guide, scores], &[]));
    let evidence = write_evidence(dir.path(), "e.csv", &canonical_table(), CsvStyle::PLAIN);
    let out = run([
        "compare",
        "--year",
        "2024",
        "--format",
        "json",
        "--self",
        arg(&self_file),
        "--evidence",
        arg(&evidence),
    ]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let file = arg(&self_file);
    for note in [
        format!(
            "cảnh báo / warning: {file}: đọc trang tính 'Tự chấm' (trang hiện duy nhất có bảng đơn vị) / reading sheet 'Tự chấm' (the only visible sheet holding a table of units)"
        ),
        format!(
            "cảnh báo / warning: {file}: bỏ qua trang tính 'Hướng dẫn' (không có bảng đơn vị: dòng tiêu đề có ma_don_vi và dòng bên dưới) / skipped sheet 'Hướng dẫn' (no table of units: a header row with ma_don_vi and rows under it)"
        ),
    ] {
        assert!(out.stderr.contains(&note), "{}", out.stderr);
    }
    assert!(out.stdout.contains("SO-A"), "{}", out.stdout);
}
