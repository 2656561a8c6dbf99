//! Outputs never destroy inputs or the system, and every input has a type and a
//! bound (issue #13): the cases a corpus file cannot express, with links, hard
//! links, FIFOs, devices and files of many megabytes built here. Each runs the real
//! binary in a scratch directory holding a copy of the shipped ruleset, the sample
//! evidence and self-scores, and an overlay.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A scratch directory: `rules/tdthpl-2020-2024/`, `ev.csv`, `s.csv`, `overlay.toml`.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("rules")).expect("mkdir rules");
        copy_ruleset(&dir.path().join("rules"));
        std::fs::copy(repo_path(SAMPLE), dir.path().join("ev.csv")).expect("evidence");
        std::fs::copy(
            repo_path("data/tinh-mau/tu-cham-2024.csv"),
            dir.path().join("s.csv"),
        )
        .expect("self-scores");
        std::fs::copy(
            repo_path("rules/overlays/tinh-mau-2024.toml"),
            dir.path().join("overlay.toml"),
        )
        .expect("overlay");
        Scratch { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `cchc args` here, killed after 10 s (a hang fails the test).
    fn run(&self, args: &[&str]) -> Run {
        // `run_cmd` fails the test if cchc is killed (a hang past the timeout).
        let run = run_cmd(
            cchc()
                .current_dir(self.dir.path())
                .args(args)
                .timeout(Duration::from_secs(10)),
        );
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        run
    }

    /// Asserts a refusal: exit 2, nothing on stdout, `message` on stderr.
    fn refused(&self, args: &[&str], message: &str) {
        let out = self.run(args);
        assert_eq!(out.code, 2, "{args:?}: exit {}\n{}", out.code, out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(
            out.stderr.contains(message),
            "{args:?}: stderr lacks {message:?}:\n{}",
            out.stderr
        );
        // An error from a hostile input stays short.
        assert!(
            out.stderr.len() < 4000,
            "{args:?}: {} bytes",
            out.stderr.len()
        );
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read")
    }
}

const SCORE: [&str; 5] = ["score", "--rules", "rules", "--evidence", "ev.csv"];
const COMPARE: [&str; 7] = [
    "compare",
    "--rules",
    "rules",
    "--evidence",
    "ev.csv",
    "--self",
    "s.csv",
];

fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

const INPUT_REFUSED: &str = "a report never replaces an input, write elsewhere";

// ---------------------------------------------------------------------------
// 1. -o never names an input of the run
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn o_naming_the_evidence_by_hard_link_is_refused_in_every_format() {
    let s = Scratch::new();
    let evidence = s.bytes("ev.csv");
    for (format, ext) in [
        ("table", "txt"),
        ("csv", "csv"),
        ("wide", "csv"),
        ("json", "json"),
        ("md", "md"),
        ("html", "html"),
        ("xlsx", "xlsx"),
    ] {
        let link = format!("hl-{format}.{ext}");
        std::fs::hard_link(s.path("ev.csv"), s.path(&link)).expect("hard link");
        for given in [Some(format), None] {
            let mut args = with(&SCORE, &["-o", &link]);
            if let Some(f) = given {
                args.extend(["--format", f]);
            }
            s.refused(&args, INPUT_REFUSED);
        }
        assert_eq!(
            s.bytes("ev.csv"),
            evidence,
            "{format}: the evidence is intact"
        );
    }
}

#[cfg(unix)]
#[test]
fn o_naming_the_evidence_through_dot_dot_or_a_link_is_refused() {
    let s = Scratch::new();
    let evidence = s.bytes("ev.csv");
    std::fs::create_dir(s.path("x")).expect("mkdir");
    std::os::unix::fs::symlink("ev.csv", s.path("link.csv")).expect("symlink");
    std::os::unix::fs::symlink(".", s.path("here")).expect("symlink");
    for output in [
        "ev.csv",
        "./x/../ev.csv",
        "link.csv",
        "here/ev.csv",
        "x/../here/ev.csv",
    ] {
        s.refused(
            &with(&SCORE, &["--format", "csv", "-o", output]),
            INPUT_REFUSED,
        );
        s.refused(
            &with(&SCORE, &["--format", "wide", "-o", output]),
            INPUT_REFUSED,
        );
    }
    // Given through its absolute path and read through a relative one.
    let absolute = s.path("ev.csv").display().to_string();
    s.refused(&with(&SCORE, &["-o", &absolute]), INPUT_REFUSED);
    assert_eq!(s.bytes("ev.csv"), evidence);
    assert!(
        std::fs::symlink_metadata(s.path("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn compare_o_naming_the_self_scores_or_the_evidence_is_refused() {
    let s = Scratch::new();
    let (scores, evidence) = (s.bytes("s.csv"), s.bytes("ev.csv"));
    std::fs::hard_link(s.path("s.csv"), s.path("hl.json")).expect("hard link");
    for output in ["s.csv", "ev.csv", "hl.json", "./rules/../s.csv"] {
        s.refused(&with(&COMPARE, &["-o", output]), INPUT_REFUSED);
    }
    s.refused(
        &with(&COMPARE, &["--format", "csv", "-o", "s.csv"]),
        "this is the self-score file s.csv of this very run",
    );
    assert_eq!(s.bytes("s.csv"), scores);
    assert_eq!(s.bytes("ev.csv"), evidence);
}

#[cfg(unix)]
#[test]
fn o_naming_a_rule_file_or_the_overlay_is_refused_in_every_command() {
    let s = Scratch::new();
    let rule = s.path("rules/tdthpl-2020-2024/ruleset.toml");
    let before = std::fs::read(&rule).expect("rule file");
    std::fs::hard_link(&rule, s.path("rule.md")).expect("hard link");
    std::os::unix::fs::symlink(&rule, s.path("rule.csv")).expect("symlink");
    std::fs::hard_link(s.path("overlay.toml"), s.path("overlay.json")).expect("hard link");
    let runs: [Vec<&str>; 6] = [
        vec!["doc", "--rules", "rules", "-o", "rule.md"],
        vec!["template", "--rules", "rules", "-o", "rule.csv"],
        vec!["gen", "--rules", "rules", "--units", "3", "-o", "rule.csv"],
        with(&SCORE, &["-o", "rule.md"]),
        with(&COMPARE, &["-o", "rule.csv"]),
        with(&SCORE, &["--overlay", "overlay.toml", "-o", "overlay.json"]),
    ];
    for args in &runs {
        s.refused(args, INPUT_REFUSED);
    }
    assert_eq!(std::fs::read(&rule).expect("rule file"), before);
    assert!(
        std::fs::symlink_metadata(s.path("rule.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A new .toml file inside the rules would join the ruleset.
    s.refused(
        &[
            "doc",
            "--rules",
            "rules",
            "-o",
            "rules/tdthpl-2020-2024/ban-in.toml",
        ],
        "cannot write a .toml file",
    );
    assert!(!s.path("rules/tdthpl-2020-2024/ban-in.toml").exists());
}

// ---------------------------------------------------------------------------
// 1. -o replaces only a regular file
// ---------------------------------------------------------------------------

/// Every command with `-o`, writing to `target`.
fn every_command(target: &str) -> Vec<Vec<&str>> {
    vec![
        with(&SCORE, &["-o", target]),
        with(&SCORE, &["--format", "csv", "-o", target]),
        with(&COMPARE, &["-o", target]),
        vec!["template", "--rules", "rules", "-o", target],
        vec!["doc", "--rules", "rules", "-o", target],
        vec!["gen", "--rules", "rules", "--units", "3", "-o", target],
    ]
}

#[cfg(unix)]
#[test]
fn o_onto_a_fifo_a_directory_or_a_link_to_a_device_is_refused_in_every_command() {
    use std::os::unix::fs::FileTypeExt;
    let s = Scratch::new();
    let fifo = s.path("ong");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|st| st.success());
    std::fs::create_dir(s.path("thu-muc")).expect("mkdir");
    // A link to /dev/null: the old code replaced the link (never run it as root on /dev/null itself).
    std::os::unix::fs::symlink("/dev/null", s.path("null-link")).expect("symlink");
    let mut targets = vec![
        ("thu-muc", "a directory, not a regular file"),
        (
            "null-link",
            "a link to a character device, not to a regular file",
        ),
    ];
    if made {
        targets.push(("ong", "a named pipe (FIFO), not a regular file"));
    }
    for (target, message) in targets {
        for args in every_command(target) {
            s.refused(&args, message);
        }
    }
    assert!(
        std::fs::symlink_metadata(s.path("null-link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(s.path("thu-muc").is_dir());
    if made {
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
    }
}

#[cfg(unix)]
#[test]
fn o_through_a_dangling_link_or_into_a_missing_directory_is_refused() {
    let s = Scratch::new();
    std::os::unix::fs::symlink("khong-co.csv", s.path("treo")).expect("symlink");
    for args in every_command("treo") {
        s.refused(&args, "a link that points nowhere");
    }
    for args in every_command("khong-co/bao-cao") {
        s.refused(&args, "the directory khong-co does not exist");
    }
    assert!(!s.path("khong-co.csv").exists());
}

#[cfg(unix)]
#[test]
fn o_through_a_link_to_a_regular_file_writes_the_file_and_keeps_the_link() {
    let s = Scratch::new();
    std::fs::write(s.path("that.json"), "old").expect("write");
    std::os::unix::fs::symlink("that.json", s.path("this.json")).expect("symlink");
    s.run(&with(&SCORE, &["-o", "this.json"])).expect_code(0);
    assert!(
        std::fs::symlink_metadata(s.path("this.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written: serde_json::Value =
        serde_json::from_slice(&s.bytes("that.json")).expect("the target holds the JSON report");
    assert!(written["units"].is_array());
}

// ---------------------------------------------------------------------------
// 1. The extension chooses the format; a contradiction is an error
// ---------------------------------------------------------------------------

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

#[test]
fn o_without_format_writes_what_the_extension_names() {
    let s = Scratch::new();
    for name in ["r.xlsx", "r.json", "r.html", "r.md", "r.csv", "r.txt", "r"] {
        s.run(&with(&SCORE, &["-o", name])).expect_code(0);
    }
    assert!(is_zip(&s.bytes("r.xlsx")), "an XLSX workbook");
    let json: serde_json::Value = serde_json::from_slice(&s.bytes("r.json")).expect("JSON");
    assert!(json["units"].is_array());
    let html = String::from_utf8(s.bytes("r.html")).expect("utf-8");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..40]);
    let csv = String::from_utf8(s.bytes("r.csv")).expect("utf-8");
    assert!(
        csv.contains("ma_don_vi,") || csv.contains("ma_don_vi;"),
        "{}",
        &csv[..80]
    );
    let md = String::from_utf8(s.bytes("r.md")).expect("utf-8");
    assert!(md.contains("| "), "a Markdown table");
    // No extension, or one naming no format: the default table.
    assert_eq!(s.bytes("r.txt"), s.bytes("r"));
    assert!(!s.bytes("r.txt").is_empty());

    s.run(&with(&COMPARE, &["-o", "c.xlsx"])).expect_code(0);
    assert!(is_zip(&s.bytes("c.xlsx")));
    s.run(&with(&COMPARE, &["-o", "c.json"])).expect_code(0);
    serde_json::from_slice::<serde_json::Value>(&s.bytes("c.json")).expect("JSON");
    s.run(&["doc", "--rules", "rules", "-o", "d.html"])
        .expect_code(0);
    assert!(
        String::from_utf8(s.bytes("d.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn a_format_the_extension_contradicts_or_no_command_writes_is_refused() {
    let s = Scratch::new();
    let contradictions: [Vec<&str>; 5] = [
        with(&SCORE, &["--format", "json", "-o", "r.csv"]),
        with(&SCORE, &["--format", "table", "-o", "r.xlsx"]),
        with(&COMPARE, &["--format", "csv", "-o", "c.json"]),
        vec!["doc", "--rules", "rules", "--format", "md", "-o", "d.html"],
        vec![
            "template", "--rules", "rules", "--format", "csv", "-o", "t.xlsx",
        ],
    ];
    for args in &contradictions {
        s.refused(args, "drop --format or change the extension");
    }
    let unwritable: [Vec<&str>; 4] = [
        with(&SCORE, &["-o", "r.xls"]),
        with(&COMPARE, &["-o", "c.html"]),
        vec!["doc", "--rules", "rules", "-o", "d.csv"],
        vec!["gen", "--rules", "rules", "--units", "3", "-o", "g.xlsx"],
    ];
    for args in &unwritable {
        s.refused(args, "cannot write a .");
    }
    for name in [
        "r.csv", "r.xlsx", "c.json", "d.html", "t.xlsx", "r.xls", "c.html", "d.csv", "g.xlsx",
    ] {
        assert!(!s.path(name).exists(), "{name} was not written");
    }
    // gen's natural format is CSV, and a .txt holds it too.
    s.run(&["gen", "--rules", "rules", "--units", "3", "-o", "g.csv"])
        .expect_code(0);
    s.run(&["gen", "--rules", "rules", "--units", "3", "-o", "g.txt"])
        .expect_code(0);
    assert_eq!(s.bytes("g.csv"), s.bytes("g.txt"));
}

// ---------------------------------------------------------------------------
// 4. Every input is a regular file within a bound
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_as_any_input_is_refused_without_waiting_for_a_writer() {
    let s = Scratch::new();
    let fifo = s.path("ong.csv");
    if !std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|st| st.success())
    {
        return;
    }
    std::os::unix::fs::symlink("ong.csv", s.path("ong.json")).expect("symlink");
    let fifo_message = "cannot access ong.csv: là ống có tên (FIFO), không phải tệp thông thường / a named pipe (FIFO), not a regular file";
    for args in [
        vec![
            "score",
            "--rules",
            "rules",
            "--evidence",
            "ong.csv",
            "--year",
            "2024",
        ],
        vec![
            "score",
            "--rules",
            "rules",
            "--evidence",
            "ong.csv",
            "--year",
            "2024",
            "--format",
            "csv",
        ],
        vec!["score", "--rules", "rules", "--evidence", "ong.csv"],
        vec![
            "compare",
            "--rules",
            "rules",
            "--evidence",
            "ev.csv",
            "--self",
            "ong.csv",
        ],
        vec!["check", "--rules", "rules", "--overlay", "ong.csv"],
    ] {
        s.refused(&args, fifo_message);
    }
    s.refused(
        &with(&SCORE, &["--overlay", "ong.json"]),
        "cannot access ong.json: là ống có tên (FIFO)",
    );
    s.refused(
        &["verify", "ong.json"],
        "cannot access ong.json: là ống có tên (FIFO)",
    );
    // A FIFO named like a rule file inside the ruleset.
    std::fs::rename(&fifo, s.path("rules/tdthpl-2020-2024/9-ong.toml")).expect("move");
    s.refused(&SCORE, "9-ong.toml: là ống có tên (FIFO)");
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_as_overlay_report_or_evidence_is_refused_at_once() {
    let s = Scratch::new();
    let device = "cannot access /dev/zero: là thiết bị ký tự, không phải tệp thông thường / a character device, not a regular file";
    s.refused(&with(&SCORE, &["--overlay", "/dev/zero"]), device);
    s.refused(&["verify", "/dev/zero"], device);
    s.refused(
        &["check", "--rules", "rules", "--overlay", "/dev/zero"],
        device,
    );
    s.refused(
        &[
            "compare",
            "--rules",
            "rules",
            "--evidence",
            "ev.csv",
            "--self",
            "/dev/zero",
        ],
        device,
    );
    for format in ["csv", "wide", "json"] {
        s.refused(
            &[
                "score",
                "--rules",
                "rules",
                "--evidence",
                "/dev/zero",
                "--year",
                "2024",
                "--format",
                format,
            ],
            device,
        );
    }
}

/// A sparse file of `size` bytes: no disk is written for its zeros.
fn sparse(path: &Path, head: &[u8], size: u64) {
    use std::io::Write;
    let mut file = std::fs::File::create(path).expect("create");
    file.write_all(head).expect("head");
    file.set_len(size).expect("set_len");
}

#[test]
fn a_rule_file_overlay_or_report_over_its_bound_is_refused_by_its_size() {
    let s = Scratch::new();
    let mb = 1024 * 1024;
    // A one-line rule file of 2 MB: once echoed whole under the error.
    sparse(
        &s.path("rules/tdthpl-2020-2024/9-lon.toml"),
        b"title = \"",
        2 * mb,
    );
    s.refused(
        &SCORE,
        "9-lon.toml: tệp quá lớn (2097152 byte; giới hạn cho tệp tiêu chí là 1 MB) / the file is too large (2097152 bytes; the limit for a rule file is 1 MB)",
    );
    std::fs::remove_file(s.path("rules/tdthpl-2020-2024/9-lon.toml")).expect("rm");

    sparse(&s.path("lon.toml"), b"id = \"", 2 * mb);
    s.refused(
        &with(&SCORE, &["--overlay", "lon.toml"]),
        "cannot access lon.toml: tệp quá lớn (2097152 byte; giới hạn cho tệp điều chỉnh là 1 MB) / the file is too large (2097152 bytes; the limit for an overlay is 1 MB)",
    );
    sparse(&s.path("lon.json"), b"{\"year\": ", 128 * mb + 1);
    s.refused(
        &["verify", "lon.json"],
        "the file is too large (134217729 bytes; the limit for a report is 128 MB)",
    );
}

#[test]
fn a_ruleset_of_more_than_a_thousand_files_is_refused() {
    let s = Scratch::new();
    let extra = s.path("rules/tdthpl-2020-2024/3-them");
    std::fs::create_dir(&extra).expect("mkdir");
    for i in 0..1000 {
        std::fs::write(extra.join(format!("{i}.toml")), "").expect("write");
    }
    s.refused(
        &SCORE,
        "error[path/too-many-files]: rules/tdthpl-2020-2024 có hơn 1000 tệp .toml: đây không phải một thư mục bộ tiêu chí / rules/tdthpl-2020-2024 holds more than 1000 .toml files: this is not a ruleset directory",
    );
}

#[test]
fn threads_are_capped_with_a_clear_message() {
    let s = Scratch::new();
    s.refused(
        &with(&SCORE, &["--threads", "100000"]),
        "expected a number from 0 (one per core) to 256",
    );
    let capped = s.run(&with(&SCORE, &["--format", "json", "--threads", "256"]));
    capped.expect_code(0);
    let one = s.run(&with(&SCORE, &["--format", "json", "--threads", "1"]));
    assert_eq!(capped.stdout, one.stdout);
}
