//! Issue #13, XLSX count bombs inside the byte bounds: a small file of many rows
//! (numbered up to Excel's last), of many shared strings or of many cells. The
//! rows and cells are counted while the archive is pre-scanned, so a workbook
//! past a bound is refused before calamine parses a cell; one at the bound is
//! read. Workbooks are generated here (stored, not deflated: quick to write).
//! Limits are generous for a debug build; release timings are in README.md.

mod common;
mod xlsx_parts;

use common::*;
use std::io::{Cursor, Write};
use std::time::Duration;
use xlsx_parts::*;

/// The canonical units on sheet `S`, plus a second visible sheet `G` holding
/// `side` inside its `<sheetData>` and optional shared strings: the bomb sits
/// beside real data, so a read workbook still scores every unit.
fn bomb(side: &str, shared_strings: Option<String>) -> Vec<u8> {
    let mut all = parts(
        &[
            visible("S", canonical_sheet()),
            visible("G", sheet_xml(None, side)),
        ],
        &[],
    );
    if let Some(sst) = shared_strings {
        all.push(("xl/sharedStrings.xml".into(), sst.into_bytes()));
        // calamine finds the shared strings through the workbook's relationships.
        for (name, bytes) in &mut all {
            if name == "xl/_rels/workbook.xml.rels" {
                let text = String::from_utf8(bytes.clone()).unwrap().replace(
                    "</Relationships>",
                    "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
                );
                *bytes = text.into_bytes();
            }
        }
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in &all {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `count` rows of one number each, spread over Excel's grid to its last row.
fn spread_rows(count: usize) -> String {
    let step = 1_048_575 / count;
    let mut xml = String::with_capacity(count * 40);
    for i in 0..count {
        let r = 1 + i * step;
        xml.push_str(&format!("<row r=\"{r}\"><c r=\"A{r}\"><v>1</v></c></row>"));
    }
    xml
}

/// `count` formatted blank cells (as Excel writes a bordered range), 50 a row.
fn blank_cells(count: usize) -> String {
    let mut xml = String::with_capacity(count * 12);
    let mut left = count;
    while left > 0 {
        let here = left.min(50);
        xml.push_str("<row>");
        xml.push_str(&"<c s=\"1\"/>".repeat(here));
        xml.push_str("</row>");
        left -= here;
    }
    xml
}

/// A shared-string table of `count` one-letter strings, declaring no count.
fn shared_strings(count: usize) -> String {
    format!(
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{}</sst>",
        "<si><t>a</t></si>".repeat(count)
    )
}

/// Cells on sheet `S` (the canonical units: a header and a row per unit).
fn canonical_cells() -> usize {
    canonical_table()
        .iter()
        .map(|row| row.iter().filter(|c| !c.is_empty()).count())
        .sum()
}

const DEBUG_LIMIT: Duration = Duration::from_secs(5);

fn assert_read(out: &Run, took: Duration) {
    assert!(
        !out.stderr.contains("lỗi / error"),
        "refused or failed: {}",
        out.stderr
    );
    assert_eq!(ids(out), canonical_ids());
    assert!(took < DEBUG_LIMIT, "took {took:?}");
}

fn assert_refused_soon(out: &Run, took: Duration, message: &str) {
    out.expect_code(2);
    assert!(out.stderr.contains(message), "{}", out.stderr);
    assert!(took < DEBUG_LIMIT, "took {took:?}");
}

#[test]
fn rows_up_to_the_bound_are_read_sparsely_and_one_more_is_refused_first() {
    let dir = tempfile::tempdir().unwrap();
    let data_rows = canonical_table().len();
    let at_bound = bomb(&spread_rows(50_000 - data_rows), None);
    let (out, took, _) = score(dir.path(), "rows.xlsx", &at_bound, "json");
    assert_read(&out, took);

    let past = bomb(&spread_rows(50_001 - data_rows), None);
    let (out, took, _) = score(dir.path(), "rows.xlsx", &past, "json");
    assert_refused_soon(
        &out,
        took,
        "xl/worksheets/sheet2.xml: sổ Excel có hơn 50000 dòng có ô: quá lớn với tệp minh chứng của một tỉnh; hãy xoá các dòng thừa hoặc lưu dạng CSV UTF-8 / the workbook has more than 50000 rows with cells: too large for a province's evidence; delete the extra rows, or save it as CSV UTF-8",
    );
}

#[test]
fn more_cells_than_the_bound_are_refused_while_counting() {
    let dir = tempfile::tempdir().unwrap();
    // 1,000,001 cells in all, most of them blank formatted cells in 20,000 rows.
    let past = bomb(&blank_cells(1_000_001 - canonical_cells()), None);
    let (out, took, _) = score(dir.path(), "cells.xlsx", &past, "json");
    assert_refused_soon(
        &out,
        took,
        "xl/worksheets/sheet2.xml: sổ Excel có hơn 1000000 ô (kể cả ô trống có định dạng): quá lớn với tệp minh chứng của một tỉnh; hãy xoá các ô thừa hoặc lưu dạng CSV UTF-8 / the workbook has more than 1000000 cells (formatted blank ones included): too large for a province's evidence; delete the extra cells, or save it as CSV UTF-8",
    );
}

#[test]
fn a_declared_reference_count_past_the_cells_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
               count=\"1000001\" uniqueCount=\"1\"><si><t>a</t></si></sst>"
        .to_string();
    let (out, took, _) = score(dir.path(), "refs.xlsx", &bomb("", Some(sst)), "json");
    assert_refused_soon(
        &out,
        took,
        "xl/sharedStrings.xml: sổ Excel khai báo 1000001 ô dùng chuỗi chung, vượt giới hạn 1000000 ô / the workbook declares 1000001 cells showing shared strings, over the limit of 1000000 cells",
    );
}

#[test]
fn more_shared_strings_than_the_bound_are_refused_while_counting() {
    let dir = tempfile::tempdir().unwrap();
    let past = bomb("", Some(shared_strings(1_000_001)));
    let (out, took, _) = score(dir.path(), "sst.xlsx", &past, "json");
    assert_refused_soon(
        &out,
        took,
        "xl/sharedStrings.xml: số chuỗi dùng chung khai báo > 1000000 vượt giới hạn 1000000 / the workbook declares > 1000000 shared strings, over the limit of 1000000",
    );
}

/// At the cell and shared-string bounds every cell is parsed: about half a second
/// in a release build, over five in a debug one, so these run with `--release`.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "parses a million cells: run with --release"
)]
fn a_million_cells_or_shared_strings_at_the_bound_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let cells = bomb(&blank_cells(1_000_000 - canonical_cells()), None);
    let (out, took, _) = score(dir.path(), "cells.xlsx", &cells, "json");
    assert_read(&out, took);
    let strings = bomb("", Some(shared_strings(1_000_000)));
    let (out, took, _) = score(dir.path(), "sst.xlsx", &strings, "json");
    assert_read(&out, took);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}
