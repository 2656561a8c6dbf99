//! Issue #13, XLSX bounds: huge declared dimensions and counts, zip bombs (declared
//! or lying), too many parts, references past Excel's grid; self-score workbooks
//! under the same bounds. Each is read sparsely or refused with a bilingual
//! message, in well under two seconds.

mod common;
mod xlsx_parts;

use common::*;
use std::time::{Duration, Instant};
use xlsx_parts::*;

#[test]
fn a_lone_cell_at_xfd1048576_under_a_full_grid_dimension_is_read_sparsely() {
    let dir = tempfile::tempdir().unwrap();
    let rows = rows_xml(&canonical_table(), 1)
        + "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let bytes = workbook(
        &[visible("Đơn vị", sheet_xml(Some("A1:XFD1048576"), &rows))],
        &[],
    );
    assert!(bytes.len() < 4096, "a small file: {}", bytes.len());
    let (out, took, _) = score(dir.path(), "xa.xlsx", &bytes, "json");
    // The stray cell is a row without a unit id: reported, every unit scored.
    out.expect_code(1);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(
        out.stderr.contains(
            "trang tính/sheet 'Đơn vị', dòng/row 1048576, cột/column A (ma_don_vi): mã đơn vị trống / the unit id is blank"
        ),
        "{}",
        out.stderr
    );
    let mut expected = canonical_ids();
    expected.push("(dòng 1048576)".into());
    assert_eq!(ids(&out), expected);
}

#[test]
fn a_declared_shared_string_count_of_u32_max_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
               count=\"4294967295\" uniqueCount=\"4294967295\"><si><t>ma_don_vi</t></si></sst>";
    let bytes = workbook(
        &[visible("S", canonical_sheet())],
        &[("xl/sharedStrings.xml", sst.to_string())],
    );
    let (out, took, _) = score(dir.path(), "sst.xlsx", &bytes, "json");
    assert_refused(
        &out,
        took,
        "xl/sharedStrings.xml: số chuỗi dùng chung khai báo 4294967295 vượt giới hạn 1000000 / the workbook declares 4294967295 shared strings, over the limit of 1000000",
    );
}

#[test]
fn a_zip_bomb_is_refused_by_its_declared_size_before_unzipping() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = workbook(&[visible("S", canonical_sheet())], &[]);
    // The sheet says it unzips to 3 GB (a 3 MB bomb does): refused before a byte.
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 3_000_000_000);
    let (out, took, _) = score(dir.path(), "bom.xlsx", &bytes, "json");
    assert_refused(
        &out,
        took,
        "sổ XLSX khai báo giải nén thành 2861 MB (giới hạn 64 MB sau giải nén): quá lớn với tệp minh chứng của một tỉnh, hoặc là tệp nén độc hại; hãy kiểm tra đúng tệp chưa, hoặc lưu dạng CSV UTF-8 / the XLSX workbook declares 2861 MB unzipped (the limit is 64 MB unzipped): too large for a province's evidence, or a zip bomb; check that this is the right file, or save it as CSV UTF-8",
    );
}

#[test]
fn a_part_that_unzips_to_more_than_it_declares_is_refused_at_its_first_extra_byte() {
    let dir = tempfile::tempdir().unwrap();
    // 4 MB of spaces inside the sheet (a few KB zipped), declared as 1 KB.
    let padding = " ".repeat(4 * 1024 * 1024);
    let xml = sheet_xml(None, &(rows_xml(&canonical_table(), 1) + &padding));
    let mut bytes = workbook(&[visible("S", xml)], &[]);
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 1024);
    let (out, took, _) = score(dir.path(), "lies.xlsx", &bytes, "json");
    out.expect_code(2);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(
        out.stderr.contains(
            "xl/worksheets/sheet1.xml: sổ XLSX giải nén ra nhiều hơn kích thước nó khai báo (giới hạn 64 MB sau giải nén): quá lớn với tệp minh chứng của một tỉnh, hoặc là tệp nén độc hại; hãy kiểm tra đúng tệp chưa, hoặc lưu dạng CSV UTF-8 / the XLSX workbook unzips to more than it declares (the limit is 64 MB unzipped)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn more_parts_than_any_workbook_has_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = parts(&[visible("S", canonical_sheet())], &[]);
    for i in 0..1_000 {
        all.push((format!("xl/media/x{i}.txt"), Vec::new()));
    }
    let (out, took, _) = score(dir.path(), "many.xlsx", &zip_parts(&all), "json");
    assert_refused(
        &out,
        took,
        "tệp nén XLSX có 1005 phần, vượt giới hạn 1000 (hoặc mục lục quá lớn): đây không phải sổ Excel bình thường / the XLSX archive has 1005 parts, over the limit of 1000 (or its directory is too large): not an ordinary Excel workbook",
    );
}

#[test]
fn cell_references_past_the_grid_or_backwards_are_refused_not_overflowed() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "<row r=\"9\"><c r=\"AAAAAAAAAAAAA9\"><v>1</v></c></row>",
            None,
            "xl/worksheets/sheet1.xml: tham chiếu ô 'AAAAAAAAAAAAA9' nằm ngoài bảng tính Excel (tối đa cột XFD, dòng 1048576) / the cell reference 'AAAAAAAAAAAAA9' is outside Excel's grid (at most column XFD, row 1048576)",
        ),
        (
            "<row r=\"99999999999\"><c><v>1</v></c></row>",
            None,
            "the cell reference '99999999999' is outside Excel's grid",
        ),
        (
            "",
            Some("B2:A1"),
            "xl/worksheets/sheet1.xml: vùng ô 'B2:A1' kết thúc trước khi bắt đầu / the cell range 'B2:A1' ends before it starts",
        ),
    ];
    for (extra, dimension, message) in cases {
        let rows = rows_xml(&canonical_table(), 1) + extra;
        let bytes = workbook(&[visible("S", sheet_xml(dimension, &rows))], &[]);
        let (out, took, _) = score(dir.path(), "ref.xlsx", &bytes, "json");
        assert_refused(&out, took, message);
    }
}

#[test]
fn self_scores_in_a_workbook_go_through_the_same_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = workbook(
        &[visible(
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
        )],
        &[],
    );
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 3_000_000_000);
    let self_file = write_file(dir.path(), "tu-cham.xlsx", &bytes);
    let evidence = write_evidence(dir.path(), "e.csv", &canonical_table(), CsvStyle::PLAIN);
    let start = Instant::now();
    let out = run([
        "compare",
        "--year",
        "2024",
        "--self",
        arg(&self_file),
        "--evidence",
        arg(&evidence),
    ]);
    assert_refused(
        &out,
        start.elapsed(),
        "the XLSX workbook declares 2861 MB unzipped (the limit is 64 MB unzipped)",
    );
}
