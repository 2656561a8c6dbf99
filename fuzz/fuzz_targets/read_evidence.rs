//! The evidence reader, through the public pipeline: any bytes as an evidence CSV
//! are opened ([`EvidenceFile::open`]) and scored ([`pipeline::collect`]) or
//! refused with an error; what is scored is rendered in every format without
//! panicking, every result keeps its points in [0, max], and no unit row is lost
//! on the way.
#![no_main]

use cchc::pipeline::{self, EvidenceFile, SizeLimit};
use cchc::report::{Format, render};
use cchc::score::Workers;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
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
        let dir = std::env::temp_dir().join(format!("cchc-fuzz-evidence-{}", std::process::id()));
        let rules = dir.join("rules");
        std::fs::create_dir_all(&rules).expect("scratch directory");
        std::fs::write(rules.join("ruleset.toml"), RULESET).expect("ruleset.toml");
        std::fs::write(rules.join("1-kiem-tra.toml"), FIRST).expect("criterion 1");
        std::fs::write(rules.join("2-bao-cao.toml"), SECOND).expect("criterion 2");
        let rules = cchc::load_ruleset(&rules).expect("the corpus base loads");
        Fixture {
            rules,
            evidence: dir.join("evidence.csv"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    std::fs::write(&f.evidence, data).expect("write the input");
    let Ok(source) = EvidenceFile::open(&f.evidence, SizeLimit::Province) else {
        return;
    };
    // One worker, made afresh: no pool to start, no result cache carried from
    // one input to the next (a crash replays from its input alone).
    let Ok(scored) = pipeline::collect(&Workers::new(1), &f.rules, source, 2024, &mut |_| {})
    else {
        return;
    };
    let board = &scored.board;
    assert_eq!(
        board.units.len(),
        scored.evidence.units.len(),
        "a unit was lost in scoring"
    );
    for unit in &board.units {
        for c in &unit.criteria {
            if let (Some(points), Some(max)) = (c.points, c.max) {
                assert!(
                    points >= Decimal::ZERO && points <= max,
                    "unit {} criterion {}: {points} outside [0, {max}]",
                    unit.id,
                    c.criterion
                );
            }
        }
    }
    for format in [
        Format::Table,
        Format::Csv,
        Format::Json,
        Format::Markdown,
        Format::Html,
    ] {
        let _ = render(board, format);
    }
    let json: serde_json::Value =
        serde_json::from_str(&render(board, Format::Json)).expect("the JSON report parses");
    let units = json["units"].as_array().expect("units");
    assert_eq!(
        units.len(),
        board.units.len(),
        "a unit is missing from the JSON report"
    );
});
