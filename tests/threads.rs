//! The same report on one thread and on several: a generated
//! 20,000-unit file (`cchc gen`, so evidence values repeat as in a real province
//! and the result cache is used in earnest) scored with `--threads 1`, `2` and `0`
//! (one per core). Not timed: speed is measured by the benchmark (`bench/`).

mod common;

use common::*;
use std::path::Path;

fn report(evidence: &Path, format: &str, threads: &str, out: &Path) -> Vec<u8> {
    run([
        "score",
        "--rules",
        "rules",
        "--year",
        "2024",
        "--evidence",
        arg(evidence),
        "--format",
        format,
        "--date",
        "24/11/2026",
        "--threads",
        threads,
        "--quiet",
        "-o",
        arg(out),
    ])
    .expect_code(0);
    std::fs::read(out).expect("report written")
}

#[test]
fn every_format_is_byte_identical_on_one_thread_and_on_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let evidence = dir.path().join("20k.csv");
    run([
        "gen",
        "--rules",
        "rules",
        "--year",
        "2024",
        "--units",
        "20000",
        "--seed",
        "7",
        "-o",
        arg(&evidence),
    ])
    .expect_code(0);
    // The reports read whole share one scoring path; json stands for them (html,
    // xlsx and md of 20,000 units only take long to build in a debug build).
    for format in ["wide", "csv", "json"] {
        let out = dir.path().join(format!("report.{format}"));
        let one = report(&evidence, format, "1", &out);
        assert!(one.len() > 20_000, "{format}: {} bytes", one.len());
        for threads in ["2", "0"] {
            let many = report(&evidence, format, threads, &out);
            assert!(
                one == many,
                "{format}: --threads {threads} differs from --threads 1"
            );
        }
    }
    // The streamed formats hold every unit.
    let wide = report(&evidence, "wide", "0", &dir.path().join("w.csv"));
    assert_eq!(
        String::from_utf8(wide).expect("UTF-8").lines().count(),
        20_001
    );
}
