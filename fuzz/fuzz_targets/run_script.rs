//! The sandbox, through the public API: any script text, as the script of a
//! criterion in a ruleset written to a scratch directory, loads
//! ([`cchc::load_ruleset`] compiles it) or is refused with diagnostics; what
//! loads scores units ([`UnitScoring`]) from random cells at every level, each
//! criterion to a result or an error (the sandbox's limits), without panicking,
//! within the time libFuzzer's `-timeout` allows, and with points in [0, max].
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use cchc::pipeline::UnitScoring;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const RULESET: &str = include_str!("../../tests/corpus/base/rules/ruleset.toml");

/// The criterion around the script: three inputs (`a` integer, `b` decimal, `c`
/// yes/no), metric bands below and from 1, and one key band.
const CRITERION: &str = r#"id = "1"
title = "Tiêu chí thử / fuzzed criterion"
max_points = "0.25"
applies_to = ["so", "huyen", "xa"]

[[legal_basis]]
document = "Văn bản mẫu"
status = "unverified"

[evidence.a]
type = "integer"
label = "a"
required = false

[evidence.b]
type = "decimal"
label = "b"
required = false

[evidence.c]
type = "bool"
label = "c"
required = false

[[band]]
key = "cao"
points = "0.25"
clause = "Từ 1"
at_least = 1

[[band]]
key = "thap"
points = "0.10"
clause = "Dưới 1"
below = 1

[[band]]
key = "khong"
points = "0"
clause = "Không"

[rule]
metric = "chỉ số"
metric_unit = "count"
"#;

#[derive(Arbitrary, Debug)]
struct Input {
    script: String,
    a: Option<i64>,
    b: Option<(i64, u8)>,
    c: Option<bool>,
}

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cchc-fuzz-script-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch ruleset directory");
        std::fs::write(dir.join("ruleset.toml"), RULESET).expect("ruleset.toml");
        dir
    })
}

/// `text` as a TOML basic string: any script survives the trip unchanged.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Input::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let dir = dir();
    let criterion = format!("{CRITERION}script = {}\n", toml_string(&input.script));
    std::fs::write(dir.join("1-thu.toml"), criterion).expect("write the criterion");
    let Ok(rules) = cchc::load_ruleset(dir) else {
        return;
    };
    let Ok(mut form) = UnitScoring::new(&rules, 2024) else {
        return;
    };
    let a = input.a.map(|n| n.to_string()).unwrap_or_default();
    let b = input
        .b
        .map(|(m, s)| {
            Decimal::new(m, u32::from(s % 29))
                .to_string()
                .replace('.', ",")
        })
        .unwrap_or_default();
    let c = input
        .c
        .map(|c| if c { "Có" } else { "Không" })
        .unwrap_or_default();
    for level in ["so", "huyen", "xa"] {
        let started = Instant::now();
        let unit = form.score(&[
            ("ma_don_vi", "DV-1"),
            ("ten_don_vi", "Đơn vị thử"),
            ("cap", level),
            ("a", &a),
            ("b", &b),
            ("c", c),
        ]);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "a script ran for {:?}",
            started.elapsed()
        );
        for result in &unit.criteria {
            if let (Some(points), Some(max)) = (result.points, result.max) {
                assert!(
                    points >= Decimal::ZERO && points <= max,
                    "{points} outside [0, {max}]"
                );
            }
        }
    }
});
