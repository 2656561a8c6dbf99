//! The evidence reader: any bytes as an evidence CSV are read or refused with an
//! error; what is read is scored and rendered in every format without panicking,
//! and no unit row is lost on the way.
#![no_main]

use cchc::report::{Format, render};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const RULESET: &str = include_str!("../../tests/corpus/base/rules/ruleset.toml");
const FIRST: &str = include_str!("../../tests/corpus/base/rules/1-kiem-tra.toml");
const SECOND: &str = include_str!("../../tests/corpus/base/rules/2-bao-cao.toml");

struct Fixture {
    ruleset: cchc::Ruleset,
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
        let ruleset = cchc::load_ruleset(&rules)
            .expect("the corpus base loads")
            .ruleset;
        Fixture {
            ruleset,
            evidence: dir.join("evidence.csv"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    std::fs::write(&f.evidence, data).expect("write the input");
    let Ok(evidence) = cchc::evidence::read_csv(&f.evidence, &f.ruleset.fields, &f.ruleset.levels)
    else {
        return;
    };
    let Ok(board) = cchc::score(&f.ruleset, &evidence, 2024) else {
        return;
    };
    assert_eq!(
        board.units.len(),
        evidence.units.len(),
        "a unit was lost in scoring"
    );
    for format in [
        Format::Table,
        Format::Csv,
        Format::Json,
        Format::Markdown,
        Format::Html,
    ] {
        let _ = render(&board, format);
    }
    let json: serde_json::Value =
        serde_json::from_str(&render(&board, Format::Json)).expect("the JSON report parses");
    let units = json["units"].as_array().expect("units");
    assert_eq!(
        units.len(),
        board.units.len(),
        "a unit is missing from the JSON report"
    );
});
