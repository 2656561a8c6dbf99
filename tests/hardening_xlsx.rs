//! Issue #13, XLSX: hostile workbooks (huge declared dimensions and counts, zip
//! bombs, references past Excel's grid), sheets people hide or split, formulas
//! saved without values, and workbooks under the wrong name. Each is read within
//! fixed bounds or refused with a bilingual message, in well under two seconds.
//! The workbooks are written part by part (raw XML in a zip), as a hostile or
//! careless program would.

mod common;

use common::*;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One worksheet: its name, its state (`visible`, `hidden`, `veryHidden`) and its XML.
struct Sheet {
    name: &'static str,
    state: &'static str,
    xml: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn letter(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// `<row>`s of inline-string cells, from row `first` (1-based).
fn rows_xml(table: &Table, first: usize) -> String {
    let mut xml = String::new();
    for (i, row) in table.iter().enumerate() {
        let r = first + i;
        xml.push_str(&format!("<row r=\"{r}\">"));
        for (c, cell) in row.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            xml.push_str(&format!(
                "<c r=\"{}{r}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                letter(c),
                escape(cell)
            ));
        }
        xml.push_str("</row>");
    }
    xml
}

/// A worksheet's XML: an optional `<dimension>`, then the rows (and `extra` cells
/// written as given, inside `<sheetData>`).
fn sheet_xml(dimension: Option<&str>, rows: &str) -> String {
    let dimension = dimension.map_or(String::new(), |d| format!("<dimension ref=\"{d}\"/>"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         {dimension}<sheetData>{rows}</sheetData></worksheet>"
    )
}

/// The canonical units as one sheet's XML.
fn canonical_sheet() -> String {
    sheet_xml(None, &rows_xml(&canonical_table(), 1))
}

/// The parts of a workbook holding `sheets`, plus `extra` parts.
fn parts(sheets: &[Sheet], extra: &[(&str, String)]) -> Vec<(String, Vec<u8>)> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut out = vec![
        (
            "[Content_Types].xml".to_string(),
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
                .to_string(),
        ),
        (
            "_rels/.rels".to_string(),
            format!(
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
    ];
    let mut listed = String::new();
    let mut rels = String::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        listed.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" state=\"{}\" r:id=\"rId{n}\"/>",
            sheet.name, sheet.state
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
        out.push((format!("xl/worksheets/sheet{n}.xml"), sheet.xml.clone()));
    }
    out.push((
        "xl/workbook.xml".into(),
        format!(
            "<?xml version=\"1.0\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets>{listed}</sheets></workbook>"
        ),
    ));
    out.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
        ),
    ));
    for (name, xml) in extra {
        out.push((name.to_string(), xml.clone()));
    }
    out.into_iter().map(|(n, x)| (n, x.into_bytes())).collect()
}

/// The parts zipped (deflated), as Excel does.
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("start part");
        zip.write_all(bytes).expect("write part");
    }
    zip.finish().expect("finish zip").into_inner()
}

fn workbook(sheets: &[Sheet], extra: &[(&str, String)]) -> Vec<u8> {
    zip_parts(&parts(sheets, extra))
}

fn visible(name: &'static str, xml: String) -> Sheet {
    Sheet {
        name,
        state: "visible",
        xml,
    }
}

/// Scores `bytes` saved as `name`, timing the run.
fn score(dir: &Path, name: &str, bytes: &[u8], format: &str) -> (Run, Duration, PathBuf) {
    let path = write_file(dir, name, bytes);
    let start = Instant::now();
    let out = run([
        "score",
        "--year",
        "2024",
        "--format",
        format,
        "--evidence",
        arg(&path),
    ]);
    (out, start.elapsed(), path)
}

/// A refusal: exit 2, `message` on stderr, in under two seconds.
fn assert_refused(out: &Run, took: Duration, message: &str) {
    out.expect_code(2);
    assert!(out.stderr.contains(message), "{}", out.stderr);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

/// Unit ids of a JSON report.
fn ids(out: &Run) -> Vec<String> {
    units(&out.json())
        .iter()
        .map(|u| u["id"].as_str().expect("id").to_string())
        .collect()
}

fn canonical_ids() -> Vec<String> {
    UNITS.iter().map(|u| u[0].to_string()).collect()
}

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

/// Rewrites the declared unzipped size of part `name` in its local header and its
/// central directory entry.
fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46) {
        let (sig, size_at, name_len_at, header) = match &bytes[at..at + 4] {
            b"PK\x03\x04" => ("local", 22, 26, 30),
            b"PK\x01\x02" => ("central", 24, 28, 46),
            _ => continue,
        };
        let len = u16::from_le_bytes([bytes[at + name_len_at], bytes[at + name_len_at + 1]]);
        let start = at + header;
        if bytes.get(start..start + len as usize) == Some(name.as_bytes()) {
            bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
            let _ = sig;
        }
    }
    assert_eq!(patched, 2, "both headers of {name} patched");
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
