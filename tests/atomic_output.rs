//! Nothing lost on disk: `cchc score -o FILE` killed halfway through writing leaves
//! the previous report byte for byte, and the next run leaves no temporary behind.
//!
//! The kill lands at a known point, not by racing the process: the hidden test hook
//! `CCHC_TEST_WRITE_PAUSE_MS` (see `src/output.rs`) pauses the write after half of
//! the report is in the temporary file; the test waits for that file, then kills.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
        .collect();
    found.sort();
    found
}

fn score_to(report: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("cchc"));
    cmd.current_dir(REPO)
        .args(["score", "--format", "json", "--evidence", SAMPLE, "-o"])
        .arg(report)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn a_run_killed_mid_write_leaves_the_previous_report_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");

    // The previous report: a real one, from a clean run.
    let status = score_to(&report).status().expect("first run");
    assert_eq!(status.code(), Some(0));
    let previous = std::fs::read(&report).expect("previous report");
    assert!(previous.len() > 10_000, "a report worth protecting");
    assert!(temporaries(dir.path()).is_empty());

    // A second run, paused halfway through its write, then killed.
    let mut child = score_to(&report)
        .env("CCHC_TEST_WRITE_PAUSE_MS", "60000")
        .spawn()
        .expect("second run");
    let started = Instant::now();
    let temporary = loop {
        let found = temporaries(dir.path());
        if let [one] = found.as_slice()
            && std::fs::metadata(one).is_ok_and(|m| m.len() >= previous.len() as u64 / 2)
        {
            break one.clone();
        }
        if let Some(status) = child.try_wait().expect("poll") {
            panic!("the run ended ({status}) before it was killed");
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert!(!status.success(), "killed, not finished: {status}");

    // The report is the previous one, byte for byte; the half-written temporary is
    // what a kill leaves (no process can clean up after SIGKILL).
    assert_eq!(std::fs::read(&report).expect("report"), previous);
    let partial = std::fs::read(&temporary).expect("temporary");
    assert!(partial.len() < previous.len(), "it was killed mid-write");
    assert!(
        serde_json::from_slice::<serde_json::Value>(&partial).is_err(),
        "half a report is not a report"
    );

    // The next run replaces the report and removes the dead run's temporary.
    let status = score_to(&report).status().expect("third run");
    assert_eq!(status.code(), Some(0));
    assert_eq!(std::fs::read(&report).expect("report"), previous);
    assert_eq!(temporaries(dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_failed_write_keeps_the_previous_report_and_no_temporary() {
    // Evidence that cannot be read: the run stops before writing anything.
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.md");
    std::fs::write(&report, "báo cáo cũ / previous report\n").expect("previous");
    let out = run([
        "score",
        "--format",
        "md",
        "--evidence",
        "khong-co.csv",
        "--year",
        "2024",
        "-o",
        arg(&report),
    ]);
    out.expect_code(2);
    assert_eq!(
        std::fs::read_to_string(&report).expect("report"),
        "báo cáo cũ / previous report\n"
    );
    assert!(temporaries(dir.path()).is_empty());
}
