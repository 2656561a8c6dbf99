//! Determinism: the same inputs give byte-identical outputs, run after run.
//!
//! Every run is a new process, and each process seeds Rust's `HashMap` anew
//! (`RandomState`), so comparing separate runs already compares different hash
//! seeds; the runs below also vary the time zone and locale. A source scan keeps
//! hash-ordered collections and clocks out of the code that renders output.

mod common;

use common::*;
use std::path::Path;

/// Environments a run must not depend on.
const ENVIRONMENTS: [&[(&str, &str)]; 2] = [
    &[("TZ", "UTC"), ("LC_ALL", "C")],
    &[
        ("TZ", "Asia/Ho_Chi_Minh"),
        ("LC_ALL", "vi_VN.UTF-8"),
        ("LANG", "vi_VN.UTF-8"),
    ],
];

/// The generation date HTML and XLSX reports are given in these tests.
const DATE: &str = "15/01/2025";

/// Runs `cchc args` once per environment (twice in the first) and asserts that
/// stdout, stderr and the exit code never change; returns the first run.
fn same_every_time(args: &[&str]) -> Run {
    same_every_time_with(args, &[])
}

/// [`same_every_time`] with `extra` variables set in every environment.
fn same_every_time_with(args: &[&str], extra: &[(&str, &str)]) -> Run {
    let mut runs = Vec::new();
    for (i, env) in ENVIRONMENTS.iter().enumerate() {
        for _ in 0..(2 - i) {
            let mut cmd = cchc();
            cmd.args(args);
            for (k, v) in env.iter().chain(extra) {
                cmd.env(k, v);
            }
            runs.push(run_cmd(&mut cmd));
        }
    }
    let first = &runs[0];
    assert!(
        !first.stdout.is_empty() || !first.stderr.is_empty(),
        "{args:?} printed nothing"
    );
    for other in &runs[1..] {
        assert_eq!(first.code, other.code, "{args:?}: exit code");
        assert!(
            first.stdout == other.stdout,
            "{args:?}: stdout differs between runs"
        );
        assert!(
            first.stderr == other.stderr,
            "{args:?}: stderr differs between runs"
        );
    }
    runs.swap_remove(0)
}

#[test]
fn every_score_format_is_byte_identical_across_runs_years_and_environments() {
    for year in ["2019", "2024", "2025"] {
        for format in ["table", "csv", "wide", "json", "md", "html"] {
            let out =
                same_every_time(&["score", "--year", year, "--format", format, "--date", DATE]);
            out.expect_code(0);
        }
    }
    // A date from SOURCE_DATE_EPOCH is a UTC date whatever the time zone.
    let epoch = same_every_time_with(
        &["score", "--year", "2024", "--format", "html"],
        &[("SOURCE_DATE_EPOCH", "1736942400")],
    );
    assert!(
        epoch
            .expect_code(0)
            .stdout
            .contains(&format!("<dd>{DATE}</dd>"))
    );
    let overlay = same_every_time(&[
        "score",
        "--year",
        "2024",
        "--overlay",
        "rules/overlays/binh-duong-2020.toml",
        "--format",
        "json",
    ]);
    overlay.expect_code(0);
}

#[test]
fn reports_with_errors_are_byte_identical_too() {
    // Broken cells, an unknown level and a duplicate id: the error paths print too.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "SO-B", "ngay_ban_hanh_ke_hoach", "31/02/2024");
    set_cell(&mut table, "HUYEN-C", "cap", "tinh");
    let mut duplicate = table[1].clone();
    duplicate[1] = "Sở Tư pháp (nhập lại)".into();
    table.push(duplicate);
    let path = write_evidence(dir.path(), "loi.csv", &table, CsvStyle::EXCEL_VN);
    for format in ["table", "csv", "wide", "json", "md", "html"] {
        let out = same_every_time(&[
            "score",
            "--evidence",
            arg(&path),
            "--format",
            format,
            "--date",
            DATE,
        ]);
        out.expect_code(1);
    }
    let first = xlsx_every_time(&["--evidence", arg(&path)], 1);
    assert!(!first.is_empty());
}

/// Writes the XLSX report of `args` once per environment (twice in the first) and
/// asserts the bytes never change; returns them.
fn xlsx_every_time(args: &[&str], code: i32) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for (i, env) in ENVIRONMENTS.iter().enumerate() {
        for k in 0..(2 - i) {
            let path = dir.path().join(format!("bao-cao-{i}-{k}.xlsx"));
            let mut cmd = cchc();
            cmd.args([
                "score",
                "--format",
                "xlsx",
                "--date",
                DATE,
                "-o",
                arg(&path),
            ])
            .args(args);
            for (k, v) in env.iter() {
                cmd.env(k, v);
            }
            run_cmd(&mut cmd).expect_code(code);
            files.push(std::fs::read(&path).expect("workbook written"));
        }
    }
    for other in &files[1..] {
        assert!(
            &files[0] == other,
            "{args:?}: workbook bytes differ between runs"
        );
    }
    files.swap_remove(0)
}

#[test]
fn workbooks_are_byte_identical_across_runs_years_and_environments() {
    for year in ["2019", "2024", "2025"] {
        xlsx_every_time(&["--year", year], 0);
    }
    xlsx_every_time(
        &[
            "--year",
            "2024",
            "--overlay",
            "rules/overlays/binh-duong-2020.toml",
        ],
        0,
    );
}

#[test]
fn a_report_written_to_a_file_is_the_report_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["csv", "json", "html"] {
        let printed = same_every_time(&[
            "score", "--year", "2024", "--format", format, "--date", DATE,
        ]);
        let file = dir.path().join(format!("bao-cao.{format}"));
        run([
            "score",
            "--year",
            "2024",
            "--format",
            format,
            "--date",
            DATE,
            "-o",
            arg(&file),
        ])
        .expect_code(0);
        assert_eq!(
            std::fs::read_to_string(&file).expect("report file"),
            printed.stdout
        );
    }
}

#[test]
fn tests_coverage_documents_and_checks_are_byte_identical_across_runs() {
    same_every_time(&["test"]).expect_code(0);
    same_every_time(&["test", "--coverage", "--format", "json"]).expect_code(0);
    same_every_time(&["doc", "--rules", SHIPPED_RULESET, "--format", "html"]).expect_code(0);
    same_every_time(&["doc", "--rules", SHIPPED_RULESET, "--format", "md"]).expect_code(0);
    same_every_time(&["check"]);
}

/// Files under `src/` whose use of a hash-ordered collection has been reviewed:
/// membership tests only, never iterated into output.
const REVIEWED_HASH_USES: [(&str, &str); 2] = [
    (
        "src/evidence/records.rs",
        "a HashSet of unit ids seen, for the duplicate-id check",
    ),
    (
        "src/score/cache.rs",
        "script results looked up by their exact inputs, never iterated",
    ),
];

/// Files under `src/` that read the clock, and why that cannot reach an output
/// unasked for.
const REVIEWED_CLOCK_USES: [(&str, &str); 3] = [
    (
        "src/cli/report_date.rs",
        "the CLI reads today's date for the HTML/XLSX header when neither --date nor \
         SOURCE_DATE_EPOCH is given, and passes it to the renderer as an input",
    ),
    (
        "src/store/mod.rs",
        "the store stamps the rows it writes (the audit log's 'when', updated_at, \
         created_at); stamps are stored records, never an input of a score or report",
    ),
    (
        "src/server/clock.rs",
        "the server's one clock: session and throttle instants, and today's date in \
         Vietnam for the self-assessment deadline; reports are rendered without a date",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_hash_order_or_clock_can_reach_an_output() {
    let mut files = Vec::new();
    rust_files(&repo_path("src"), &mut files);
    let mut findings = Vec::new();
    for path in files {
        let relative = path
            .strip_prefix(REPO)
            .expect("under the repository")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let hash = code.contains("HashMap")
                || code.contains("HashSet")
                || code.contains("RandomState");
            // Wall-clock time would make two runs differ; `Instant` only measures.
            let clock = code.contains("SystemTime")
                || code.contains("chrono::")
                || code.contains("Local::now");
            let reviewed = REVIEWED_HASH_USES.iter().any(|(file, _)| *file == relative);
            let clock_reviewed = REVIEWED_CLOCK_USES
                .iter()
                .any(|(file, _)| *file == relative);
            // Renderers take everything as input: no environment either.
            let env = relative.starts_with("src/report/") && code.contains("env::var");
            if (hash && !reviewed) || (clock && !clock_reviewed) || env {
                findings.push(format!("{relative}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        findings.is_empty(),
        "a hash-ordered collection, a clock or the environment where output is built; use BTreeMap/IndexMap and pass dates in (or review the use and list it in REVIEWED_HASH_USES / REVIEWED_CLOCK_USES):\n{}",
        findings.join("\n")
    );
    for (file, _) in REVIEWED_CLOCK_USES {
        assert!(
            !file.starts_with("src/report/"),
            "renderers never read the clock"
        );
        let text = std::fs::read_to_string(repo_path(file)).expect("reviewed file exists");
        assert!(text.contains("SystemTime"), "{file} still reads the clock");
    }
}
