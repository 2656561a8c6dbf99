//! The progress bar of `cchc score`: drawn on stderr when stderr is a terminal and
//! the run has 2,000 units or more; never in a pipe, never for a small run, never
//! with `--quiet`. The terminal is a pseudo-terminal from util-linux `script`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A run with this many units shows the bar (the threshold is 2,000).
const LARGE: usize = 2_100;

/// Evidence with `units` units: the canonical five repeated under fresh ids.
fn evidence(dir: &Path, units: usize) -> PathBuf {
    let canonical = canonical_table();
    let mut table = vec![canonical[0].clone()];
    for i in 0..units {
        let mut row = canonical[1 + i % (canonical.len() - 1)].clone();
        row[0] = format!("{}-{i}", row[0]);
        table.push(row);
    }
    write_evidence(dir, &format!("dv-{units}.csv"), &table, CsvStyle::EXCEL_VN)
}

fn script() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .map(|d| d.join("script"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but util-linux 'script' is missing"
        );
        eprintln!("note: util-linux 'script' not found; skipping the terminal checks");
    }
    found
}

/// Runs `cchc score` with stderr (and stdin, stdout) on a pseudo-terminal; returns
/// what the terminal received.
fn on_terminal(script: &Path, args: &[String]) -> String {
    let quote = |a: &str| format!("'{}'", a.replace('\'', "'\\''"));
    let binary = assert_cmd::cargo::cargo_bin("cchc");
    let command: Vec<String> = std::iter::once(binary.display().to_string())
        .chain(args.iter().cloned())
        .map(|a| quote(&a))
        .collect();
    let out = Command::new(script)
        .args(["-qec", &command.join(" "), "/dev/null"])
        .current_dir(REPO)
        .env("TERM", "xterm-256color")
        .output()
        .expect("script runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_large_run_on_a_terminal_shows_a_bar_unless_quiet() {
    let dir = tempfile::tempdir().expect("tempdir");
    let large = evidence(dir.path(), LARGE);
    let small = evidence(dir.path(), 50);
    let report = dir.path().join("bao-cao.csv");
    let args = |evidence: &Path, quiet: bool| {
        let mut a = vec![
            "score".to_string(),
            "--evidence".into(),
            arg(evidence).into(),
            "--format".into(),
            "csv".into(),
            "-o".into(),
            arg(&report).into(),
        ];
        if quiet {
            a.push("--quiet".into());
        }
        a
    };

    // Not a terminal (a pipe, as in CI logs): nothing on stderr, the report intact.
    let piped = run(args(&large, false));
    piped.expect_code(0);
    assert_eq!(piped.stderr, "", "no bar in a pipe");
    let expected = std::fs::read(&report).expect("report");
    assert_eq!(
        String::from_utf8_lossy(&expected).lines().count(),
        1 + LARGE * CRITERIA.len()
    );

    let Some(script) = script() else {
        return;
    };
    let shown = on_terminal(&script, &args(&large, false));
    assert!(shown.contains("chấm điểm / scoring"), "{shown:?}");
    // The CSV report streams the file, so the bar counts units without a total.
    assert!(
        shown.contains(&format!("{LARGE} đơn vị/units")),
        "{shown:?}"
    );
    assert_eq!(
        std::fs::read(&report).expect("report"),
        expected,
        "same report"
    );
    // A report read whole knows its total.
    let mut whole = args(&large, false);
    whole[4] = "json".into();
    // A JSON report goes to a .json file: `-o x.csv` would contradict --format json.
    let last = whole.len() - 1;
    whole[last] = dir.path().join("bao-cao.json").display().to_string();
    let shown_whole = on_terminal(&script, &whole);
    assert!(
        shown_whole.contains(&format!("/{LARGE}")),
        "{shown_whole:?}"
    );

    let quiet = on_terminal(&script, &args(&large, true));
    assert_eq!(quiet, "", "--quiet draws nothing");
    let small_run = on_terminal(&script, &args(&small, false));
    assert_eq!(small_run, "", "a small run draws nothing");
}
