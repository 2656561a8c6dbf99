//! One unit re-scored from its cells, in process: the library call behind every
//! edit (`pipeline::UnitScoring`), per shipped ruleset, on the sample
//! province's units. Two ways: a scorer prepared for each call (what the server
//! does: `UnitScoring::new` then `score`), and one prepared once and kept.

use cchc::pipeline::UnitScoring;
use std::path::Path;
use std::time::Instant;

/// The shipped rulesets with a sample year each.
const CASES: [(&str, &str, i64); 3] = [
    ("rules/tdthpl-2018-2019", "data/tinh-mau/2019.csv", 2019),
    ("rules/tdthpl-2020-2024", "data/tinh-mau/2024.csv", 2024),
    ("rules/tdthpl-2025", "data/tinh-mau/2025.csv", 2025),
];

const CALLS: usize = 20_000;

/// The sample's units as (column, text) cells; the sample CSVs have no quotes.
fn units(path: &Path) -> Vec<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).expect("sample evidence");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(';').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| header.iter().zip(l.split(';')).map(|(h, c)| (h.to_string(), c.to_string())).collect())
        .collect()
}

fn percentiles(mut micros: Vec<f64>) -> (f64, f64) {
    micros.sort_by(f64::total_cmp);
    let at = |p: f64| micros[((p / 100.0) * (micros.len() - 1) as f64).round() as usize];
    (at(50.0), at(99.0))
}

/// Prints a Markdown table of p50/p99 per call, in microseconds.
pub fn run(repo: &Path) {
    println!("\n| ruleset | units | prepared per call p50 / p99 (µs) | prepared once p50 / p99 (µs) |\n|---|---|---|---|");
    for (dir, sample, year) in CASES {
        let rules = cchc::load_ruleset(&repo.join(dir)).expect("ruleset");
        let units = units(&repo.join(sample));
        let cells: Vec<Vec<(&str, &str)>> = units
            .iter()
            .map(|u| u.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
            .collect();
        let mut fresh = Vec::with_capacity(CALLS);
        for i in 0..CALLS {
            let started = Instant::now();
            let scored = UnitScoring::new(&rules, year).expect("scorer").score(&cells[i % cells.len()]);
            fresh.push(started.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(scored);
        }
        let mut kept_scorer = UnitScoring::new(&rules, year).expect("scorer");
        let mut kept = Vec::with_capacity(CALLS);
        for i in 0..CALLS {
            let started = Instant::now();
            let scored = kept_scorer.score(&cells[i % cells.len()]);
            kept.push(started.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(scored);
        }
        let (f50, f99) = percentiles(fresh);
        let (k50, k99) = percentiles(kept);
        let id = dir.trim_start_matches("rules/");
        println!("| {id} | {} | {f50:.1} / {f99:.1} | {k50:.1} / {k99:.1} |", cells.len());
    }
}
