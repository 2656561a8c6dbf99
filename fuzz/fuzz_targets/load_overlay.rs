//! Provincial overlays, through the public API: any bytes as an overlay on the
//! corpus base ruleset ([`cchc::Rules::with_overlay`]) must apply or fail with
//! diagnostics, never panic. An overlay that applies keeps the ruleset's
//! invariants: scoring the base evidence ([`cchc::pipeline::score_file`], on its
//! thread pool) never panics, every unit is scored, each result's points lie in
//! [0, max] (totals too), and the reports render.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::sync::OnceLock;

const RULESET: &str = include_str!("../../tests/corpus/base/rules/ruleset.toml");
const FIRST: &str = include_str!("../../tests/corpus/base/rules/1-kiem-tra.toml");
const SECOND: &str = include_str!("../../tests/corpus/base/rules/2-bao-cao.toml");
const EVIDENCE: &str = include_str!("../../tests/corpus/base/evidence.csv");

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cchc-fuzz-overlay-{}", std::process::id()));
        let rules = dir.join("rules");
        std::fs::create_dir_all(&rules).expect("scratch directory");
        std::fs::write(rules.join("ruleset.toml"), RULESET).expect("ruleset.toml");
        std::fs::write(rules.join("1-kiem-tra.toml"), FIRST).expect("criterion 1");
        std::fs::write(rules.join("2-bao-cao.toml"), SECOND).expect("criterion 2");
        std::fs::write(dir.join("evidence.csv"), EVIDENCE).expect("evidence");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    let overlay = dir.join("overlay.toml");
    std::fs::write(&overlay, data).expect("write the input");
    // The base is loaded afresh: applying an overlay consumes the rules.
    let base = cchc::load_ruleset(&dir.join("rules")).expect("the corpus base loads");
    let Ok(rules) = base.with_overlay(&overlay) else {
        return;
    };
    let Ok(scored) = cchc::pipeline::score_file(&rules, &dir.join("evidence.csv"), 2024) else {
        return; // a parameter without a date in 2024 (29/02): a usage error, not a panic
    };
    let board = &scored.board;
    let rows = EVIDENCE.lines().filter(|l| !l.trim().is_empty()).count() - 1;
    assert_eq!(board.units.len(), rows, "a unit was lost");
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
        assert!(
            unit.total >= Decimal::ZERO && unit.total <= unit.max,
            "unit {}: total {} outside [0, {}]",
            unit.id,
            unit.total,
            unit.max
        );
    }
    for format in [
        cchc::report::Format::Table,
        cchc::report::Format::Csv,
        cchc::report::Format::Json,
        cchc::report::Format::Markdown,
        cchc::report::Format::Html,
    ] {
        let _ = cchc::report::render(board, format);
    }
});
