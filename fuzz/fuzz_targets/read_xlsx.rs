//! The XLSX reader, through the public pipeline: any bytes as an `.xlsx` evidence
//! file are opened ([`EvidenceFile::open`]) and scored ([`pipeline::collect`]) or
//! refused with an error, never a panic, an abort or an allocation sized by what
//! the file declares; what is scored renders, and no unit row is lost.
//!
//! Input that starts with `PK` is the whole file. Any other input is the XML of
//! the first worksheet and, after a NUL byte, of the shared strings, zipped into
//! an otherwise valid workbook: random bytes rarely make a zip archive, and this
//! way the fuzzer reaches the cell references, counts and formulas directly.
#![no_main]

use cchc::pipeline::{self, EvidenceFile, SizeLimit};
use cchc::report::{Format, render};
use cchc::score::Workers;
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::sync::OnceLock;

const RULESET: &str = include_str!("../../tests/corpus/base/rules/ruleset.toml");
const FIRST: &str = include_str!("../../tests/corpus/base/rules/1-kiem-tra.toml");
const SECOND: &str = include_str!("../../tests/corpus/base/rules/2-bao-cao.toml");

struct Fixture {
    rules: cchc::Rules,
    evidence: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cchc-fuzz-xlsx-{}", std::process::id()));
        let rules = dir.join("rules");
        std::fs::create_dir_all(&rules).expect("scratch directory");
        std::fs::write(rules.join("ruleset.toml"), RULESET).expect("ruleset.toml");
        std::fs::write(rules.join("1-kiem-tra.toml"), FIRST).expect("criterion 1");
        std::fs::write(rules.join("2-bao-cao.toml"), SECOND).expect("criterion 2");
        let rules = cchc::load_ruleset(&rules).expect("the corpus base loads");
        Fixture {
            rules,
            evidence: dir.join("evidence.xlsx"),
        }
    })
}

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A workbook whose first sheet is `sheet` and whose shared strings are `strings`.
fn workbook(sheet: &[u8], strings: Option<&[u8]>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let rels = format!(
        "<Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let book = format!(
        "<workbook xmlns:r=\"{REL}\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
    );
    let book_rels = format!(
        "<Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", book_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(strings) = strings {
        parts.push(("xl/sharedStrings.xml", strings));
    }
    for (name, bytes) in parts {
        zip.start_file(name, stored).expect("part");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        let mut split = data.splitn(2, |b| *b == 0);
        let sheet = split.next().unwrap_or_default();
        workbook(sheet, split.next())
    };
    std::fs::write(&f.evidence, &bytes).expect("write the input");
    let Ok(source) = EvidenceFile::open(&f.evidence, SizeLimit::Province) else {
        return;
    };
    // One worker, made afresh: no pool to start, no result cache carried from
    // one input to the next (a crash replays from its input alone).
    let Ok(scored) = pipeline::collect(&Workers::new(1), &f.rules, source, 2024, &mut |_| {})
    else {
        return;
    };
    assert_eq!(
        scored.board.units.len(),
        scored.evidence.units.len(),
        "a unit was lost in scoring"
    );
    let _ = render(&scored.board, Format::Table);
});
