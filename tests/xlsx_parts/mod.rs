//! Workbooks written part by part (raw XML in a zip), as a hostile or careless
//! program would, and running `cchc score` on them; shared by the XLSX hardening
//! tests.
#![allow(dead_code)]

use crate::common::*;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One worksheet: its name, its state (`visible`, `hidden`, `veryHidden`) and its XML.
pub struct Sheet {
    /// As listed in `xl/workbook.xml`.
    pub name: &'static str,
    /// `visible`, `hidden` or `veryHidden`.
    pub state: &'static str,
    /// The part `xl/worksheets/sheetN.xml`.
    pub xml: String,
}

/// Text as XML character data.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Column letters of a 0-based column (0 → A, 26 → AA).
pub fn letter(column: usize) -> String {
    let mut n = column + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// `<row>`s of inline-string cells, from row `first` (1-based).
pub fn rows_xml(table: &Table, first: usize) -> String {
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
pub fn sheet_xml(dimension: Option<&str>, rows: &str) -> String {
    let dimension = dimension.map_or(String::new(), |d| format!("<dimension ref=\"{d}\"/>"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         {dimension}<sheetData>{rows}</sheetData></worksheet>"
    )
}

/// The canonical units as one sheet's XML.
pub fn canonical_sheet() -> String {
    sheet_xml(None, &rows_xml(&canonical_table(), 1))
}

/// The parts of a workbook holding `sheets`, plus `extra` parts.
pub fn parts(sheets: &[Sheet], extra: &[(&str, String)]) -> Vec<(String, Vec<u8>)> {
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
pub fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("start part");
        zip.write_all(bytes).expect("write part");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// A workbook of `sheets` and `extra` parts, zipped.
pub fn workbook(sheets: &[Sheet], extra: &[(&str, String)]) -> Vec<u8> {
    zip_parts(&parts(sheets, extra))
}

/// A visible sheet.
pub fn visible(name: &'static str, xml: String) -> Sheet {
    Sheet {
        name,
        state: "visible",
        xml,
    }
}

/// Scores `bytes` saved as `name`, timing the run.
pub fn score(dir: &Path, name: &str, bytes: &[u8], format: &str) -> (Run, Duration, PathBuf) {
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
pub fn assert_refused(out: &Run, took: Duration, message: &str) {
    out.expect_code(2);
    assert!(out.stderr.contains(message), "{}", out.stderr);
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

/// Unit ids of a JSON report.
pub fn ids(out: &Run) -> Vec<String> {
    units(&out.json())
        .iter()
        .map(|u| u["id"].as_str().expect("id").to_string())
        .collect()
}

/// The ids of the canonical units, in order.
pub fn canonical_ids() -> Vec<String> {
    UNITS.iter().map(|u| u[0].to_string()).collect()
}

/// Rewrites the declared unzipped size of part `name` in its local header and its
/// central directory entry.
pub fn declare_size(bytes: &mut [u8], name: &str, size: u32) {
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
