//! Issue #13, round 2 (classes 1, 3, 4): what red-teaming found past the first
//! fix. `-o -`, a path ending in `/` and the shipped sample; XLSX parts nested a
//! million deep or holding millions of style or name elements; a criterion file of
//! thousands of bands; an overlay of 60,000 faults; hostile text in `compare`'s
//! table and in the top-level error line.

mod common;
mod xlsx_parts;

use common::*;
use std::path::Path;
use std::time::{Duration, Instant};
use xlsx_parts::*;

/// Runs `cchc args` in `dir`, killed after 20 s.
fn run_in(dir: &Path, args: &[&str]) -> (Run, Duration) {
    let start = Instant::now();
    // `run_cmd` fails the test if cchc is killed (a hang past the timeout).
    let run = run_cmd(
        cchc()
            .current_dir(dir)
            .args(args)
            .timeout(Duration::from_secs(20)),
    );
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    (run, start.elapsed())
}

/// A scratch directory laid out like the repository: `rules/` (one ruleset) and
/// `data/tinh-mau/` (the samples).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("rules")).expect("mkdir rules");
    copy_ruleset(&dir.path().join("rules"));
    copy_dir(
        &repo_path("data/tinh-mau"),
        &dir.path().join("data/tinh-mau"),
    );
    dir
}

// ---------------------------------------------------------------------------
// Class 1: outputs never destroy inputs

#[test]
fn o_dash_and_paths_naming_a_directory_are_refused_with_a_reason() {
    let dir = project();
    // Names without an extension, so that every command's format allows them.
    std::fs::write(dir.path().join("old"), "keep").expect("write");
    let cases: [(&str, &str); 5] = [
        (
            "-",
            "'-' is not a file name: leave -o out to write to stdout",
        ),
        ("new/", "names a directory, not a file"),
        ("old/", "names a directory, not a file"),
        ("rules/..", "names a directory, not a file"),
        ("missing/", "names a directory, not a file"),
    ];
    for (target, message) in cases {
        for command in [
            vec!["score", "--year", "2024", "-o", target],
            vec!["template", "-o", target],
            vec!["doc", "-o", target],
            vec!["gen", "--units", "2", "-o", target],
        ] {
            let (out, _) = run_in(dir.path(), &command);
            out.expect_code(2);
            assert!(out.stderr.contains(message), "{command:?}: {}", out.stderr);
        }
    }
    assert!(!dir.path().join("-").exists(), "no file named '-'");
    assert_eq!(
        std::fs::read(dir.path().join("old")).expect("read"),
        b"keep"
    );
}

#[test]
fn no_command_replaces_a_shipped_sample_even_one_this_run_does_not_read() {
    let dir = project();
    let samples = dir.path().join("data/tinh-mau");
    let before: Vec<(String, Vec<u8>)> = ["2024.csv", "2025.csv", "tu-cham-2024.csv"]
        .iter()
        .map(|n| {
            (
                n.to_string(),
                std::fs::read(samples.join(n)).expect("sample"),
            )
        })
        .collect();
    std::os::unix::fs::symlink("data/tinh-mau", dir.path().join("lnk")).expect("symlink");
    // `score` without --evidence reads 2025.csv (the newest year); 2024.csv is still a sample.
    for command in [
        vec!["score", "-o", "data/tinh-mau/2024.csv"],
        vec!["score", "-o", "data/./tinh-mau/../tinh-mau/2024.csv"],
        vec!["score", "--year", "2024", "-o", "lnk/2025.csv"],
        vec!["template", "-o", "data/tinh-mau/2024.csv"],
        vec!["gen", "--units", "3", "-o", "lnk/tu-cham-2024.csv"],
        vec![
            "compare",
            "--year",
            "2024",
            "--self",
            "data/tinh-mau/tu-cham-2024.csv",
            "-o",
            "data/tinh-mau/2025.csv",
        ],
    ] {
        let (out, _) = run_in(dir.path(), &command);
        out.expect_code(2);
        assert!(
            out.stderr.contains("this is a sample data file")
                || out.stderr.contains("a report never replaces an input"),
            "{command:?}: {}",
            out.stderr
        );
    }
    for (name, bytes) in before {
        assert_eq!(
            std::fs::read(samples.join(&name)).expect("sample"),
            bytes,
            "{name}"
        );
    }
    // A new file beside the samples is fine.
    let (out, _) = run_in(dir.path(), &["score", "-o", "data/tinh-mau/report.csv"]);
    out.expect_code(0);
}

#[test]
fn the_overlay_is_named_the_overlay_even_under_rules_overlays() {
    let dir = project();
    std::fs::create_dir(dir.path().join("rules/overlays")).expect("mkdir");
    std::fs::copy(
        repo_path("rules/overlays/tinh-mau-2024.toml"),
        dir.path().join("rules/overlays/tinh-mau-2024.toml"),
    )
    .expect("overlay");
    std::os::unix::fs::symlink("rules/overlays/tinh-mau-2024.toml", dir.path().join("ov"))
        .expect("link");
    std::os::unix::fs::symlink("ov", dir.path().join("ov2")).expect("link");
    let (out, _) = run_in(
        dir.path(),
        &["score", "--year", "2024", "--overlay", "ov2", "-o", "ov"],
    );
    out.expect_code(2);
    assert!(
        out.stderr.contains("this is the overlay ov2"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------
// Class 3: XLSX within fixed bounds, refused fast

#[test]
fn xml_nested_a_million_deep_is_refused_at_once_in_any_part() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "<a>".repeat(1_000_000), "</a>".repeat(1_000_000));
    let sheet = canonical_sheet().replace("</sheetData>", &format!("</sheetData>{deep}"));
    let bytes = workbook(&[visible("S", sheet)], &[]);
    let (out, took, _) = score(dir.path(), "deep.xlsx", &bytes, "json");
    assert_refused(
        &out,
        took,
        "xl/worksheets/sheet1.xml: các phần tử XML lồng nhau sâu hơn 128 mức: đây không phải sổ Excel bình thường / XML elements nest deeper than 128 levels: not an ordinary Excel workbook",
    );
    let styles = format!(
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{deep}</styleSheet>"
    );
    let bytes = workbook(
        &[visible("S", canonical_sheet())],
        &[("xl/styles.xml", styles)],
    );
    let (out, took, _) = score(dir.path(), "deep-styles.xlsx", &bytes, "json");
    assert_refused(
        &out,
        took,
        "xl/styles.xml: các phần tử XML lồng nhau sâu hơn 128 mức",
    );
}

#[test]
fn millions_of_style_name_merge_or_validation_elements_are_refused_fast() {
    let dir = tempfile::tempdir().unwrap();
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let styles = |inner: String| format!("<styleSheet xmlns=\"{main}\">{inner}</styleSheet>");
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "xl/styles.xml",
            "numFmt",
            styles(format!(
                "<numFmts>{}</numFmts>",
                "<numFmt numFmtId=\"200\" formatCode=\"dd/mm/yyyy\"/>".repeat(300_000)
            )),
        ),
        (
            "xl/styles.xml",
            "xf",
            styles(format!(
                "<cellXfs count=\"4294967295\">{}</cellXfs>",
                "<xf numFmtId=\"0\"/>".repeat(1_000_000)
            )),
        ),
    ];
    for (part, kind, xml) in cases {
        let bytes = workbook(&[visible("S", canonical_sheet())], &[(part, xml)]);
        let (out, took, _) = score(dir.path(), "bomb.xlsx", &bytes, "json");
        assert_refused(
            &out,
            took,
            &format!(
                "{part}: có hơn 65536 phần tử <{kind}>: đây không phải sổ Excel bình thường / more than 65536 <{kind}> elements"
            ),
        );
    }
    for (kind, element) in [
        (
            "mergeCell",
            "<mergeCells><mergeCell ref=\"C1:C1048576\"/></mergeCells>",
        ),
        (
            "dataValidation",
            "<dataValidations><dataValidation type=\"list\" sqref=\"A1:XFD1048576\"><formula1>\"a,b\"</formula1></dataValidation></dataValidations>",
        ),
    ] {
        let inner = element
            .replacen(&format!("<{kind}"), &format!("<{kind}").repeat(1), 1)
            .to_string();
        // The element repeated 100,000 times inside its list.
        let (open, rest) = inner.split_at(inner.find(&format!("<{kind} ")).expect("element"));
        let close_at = rest.rfind("</").expect("close");
        let (one, close) = rest.split_at(close_at);
        let sheet = canonical_sheet().replace(
            "</sheetData>",
            &format!("</sheetData>{open}{}{close}", one.repeat(100_000)),
        );
        let bytes = workbook(&[visible("S", sheet)], &[]);
        let (out, took, _) = score(dir.path(), "bomb.xlsx", &bytes, "json");
        assert_refused(&out, took, &format!("more than 65536 <{kind}> elements"));
    }
}

#[test]
fn a_sheet_name_or_a_path_with_a_terminal_escape_reaches_stderr_visibly() {
    let dir = tempfile::tempdir().unwrap();
    // No `cap` column: refused, quoting the sheet's name.
    let sheet = sheet_xml(
        None,
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ma_don_vi</t></is></c></row>",
    );
    let mut parts = parts(&[visible("S", sheet)], &[]);
    for (name, bytes) in parts.iter_mut() {
        if name == "xl/workbook.xml" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            *bytes = text
                .replace("name=\"S\"", "name=\"S&#x1b;[31mX\"")
                .into_bytes();
        }
    }
    let (out, _, _) = score(dir.path(), "esc.xlsx", &zip_parts(&parts), "json");
    out.expect_code(2);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert!(
        out.stderr.contains("trang tính/sheet 'S\\u{1b}[31mX'"),
        "{}",
        out.stderr
    );
    // The top-level error line itself: a path named with an escape and a line break.
    let project = project();
    let (out, _) = run_in(
        project.path(),
        &[
            "score",
            "--year",
            "2024",
            "--evidence",
            "x\u{1b}[2J\nfake.csv",
        ],
    );
    out.expect_code(2);
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    assert_eq!(out.stderr.trim_end().lines().count(), 1, "{:?}", out.stderr);
    assert!(
        out.stderr.contains("x\\u{1b}[2J fake.csv"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------
// Class 4: every input has a bound

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).expect("read");
    old.push_str(text);
    std::fs::write(path, old).expect("write");
}

#[test]
fn a_criterion_with_thousands_of_bands_fields_or_cases_is_refused_fast() {
    let many_bands: String = (0..12_000)
        .map(|i| {
            format!(
                "\n[[band]]\nkey = \"b{i}\"\npoints = \"0\"\nclause = \"c\"\nat_least = {}\nat_most = {}\n",
                1000 + i,
                1000 + i
            )
        })
        .collect();
    let many_fields: String = (0..5_000)
        .map(|i| format!("\n[evidence.f{i}]\ntype = \"bool\"\nlabel = \"x\"\nrequired = false\n"))
        .collect();
    let many_cases: String = (0..20_000)
        .map(|i| format!("\n[[case]]\nname = \"c{i}\"\nexpect.band = \"x\"\n"))
        .collect();
    for (extra, message) in [
        (many_bands, "[[band]] entries, over the limit of 100:"),
        (many_fields, "[evidence.*] fields, over the limit of 200:"),
        (many_cases, "[[case]] tests, over the limit of 1000:"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let ruleset = copy_ruleset(dir.path());
        let file = criterion_files(&ruleset)
            .into_iter()
            .next()
            .expect("a criterion");
        append(&file, &extra);
        for command in ["check", "test", "doc"] {
            let (out, took) = run_in(dir.path(), &[command, "--rules", arg(&ruleset)]);
            assert_ne!(out.code, 0, "{command}");
            // `check` reports on stdout, the others on stderr.
            let all = format!("{}{}", out.stdout, out.stderr);
            assert!(all.contains("criterion/too-many"), "{command}: {all}");
            assert!(all.contains(message), "{command}: {all}");
            assert!(all.len() < 20_000, "{command}: {} bytes", all.len());
            assert!(took < Duration::from_secs(5), "{command}: took {took:?}");
        }
    }
}

#[test]
fn an_overlay_of_sixty_thousand_faults_reports_the_first_hundred_fast() {
    let dir = project();
    let overlay = dir.path().join("ov.toml");
    std::fs::copy(repo_path("rules/overlays/tinh-mau-2024.toml"), &overlay).expect("overlay");
    let ids: Vec<String> = (0..60_000).map(|i| format!("\"9.{i}\"")).collect();
    append(
        &overlay,
        &format!(
            "\n[[exempt]]\nunit = \"SO-STP\"\ncriteria = [{}]\nreason = \"r\"\n",
            ids.join(",")
        ),
    );
    let (out, took) = run_in(
        dir.path(),
        &[
            "score",
            "--year",
            "2024",
            "--overlay",
            "ov.toml",
            "--format",
            "csv",
        ],
    );
    out.expect_code(2);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(
        out.stderr
            .matches("error[overlay/unknown-criterion]")
            .count(),
        100
    );
    assert!(
        out.stderr
            .contains("further findings in this file are not shown, at most 100"),
        "{}",
        &out.stderr[out.stderr.len().saturating_sub(2000)..]
    );
}

#[test]
fn compare_table_shows_hostile_ids_and_names_visibly() {
    let dir = project();
    let evidence = std::fs::read_to_string(repo_path("data/tinh-mau/2024.csv")).expect("sample");
    let evidence = evidence.replacen("Sở Tư pháp", "Sở \u{1b}[2JTư pháp\u{7}", 1);
    std::fs::write(dir.path().join("ev.csv"), evidence).expect("write");
    let scores =
        std::fs::read_to_string(repo_path("data/tinh-mau/tu-cham-2024.csv")).expect("self");
    let scores = format!("{scores}XA-\u{1b}]0;pwned\u{7},1.1,0.25,\n");
    std::fs::write(dir.path().join("s.csv"), scores).expect("write");
    let (out, _) = run_in(
        dir.path(),
        &[
            "compare",
            "--year",
            "2024",
            "--evidence",
            "ev.csv",
            "--self",
            "s.csv",
        ],
    );
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert!(
        !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Sở \\u{1b}[2JTư pháp\\u{7}"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_self_score_file_missing_a_column_quotes_at_most_twelve_headers() {
    let dir = project();
    let header: Vec<String> = (0..5_000).map(|i| format!("cot_{i}")).collect();
    std::fs::write(
        dir.path().join("s.csv"),
        format!("ma_don_vi,{}\nSO-STP\n", header.join(",")),
    )
    .expect("write");
    let (out, _) = run_in(
        dir.path(),
        &["compare", "--year", "2024", "--self", "s.csv"],
    );
    out.expect_code(2);
    assert!(
        out.stderr.contains("… (5001 cột/columns)"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("cot_12,"), "{}", out.stderr);
    assert!(out.stderr.len() < 1500, "{} bytes", out.stderr.len());
}

#[test]
fn compare_names_a_hundred_unknown_units_visibly_and_counts_the_rest() {
    let dir = project();
    let mut scores = String::from("ma_don_vi,tieu_chi,diem_tu_cham,giai_trinh\n");
    scores.push_str("XA-\u{1b}]0;pwned\u{7},1.1,0.25,\n");
    for i in 0..5_000 {
        scores.push_str(&format!("U{i},1.1,0.25,\n"));
    }
    std::fs::write(dir.path().join("s.csv"), scores).expect("write");
    let (out, took) = run_in(
        dir.path(),
        &[
            "compare", "--year", "2024", "--self", "s.csv", "--format", "csv",
        ],
    );
    out.expect_code(1);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        !out.stderr.contains('\u{1b}') && !out.stderr.contains('\u{7}'),
        "{}",
        &out.stderr[..2000]
    );
    assert_eq!(
        out.stderr
            .matches("is self-scored but not in the evidence")
            .count(),
        100
    );
    assert!(
        out.stderr
            .contains("… and 4901 more units self-scored but not in the evidence (see the report)"),
        "{}",
        &out.stderr[out.stderr.len().saturating_sub(1000)..]
    );
}

#[test]
fn a_year_that_is_not_four_digits_is_a_usage_error_in_every_command() {
    let dir = project();
    for year in ["--year=-5", "--year=99999", "--year=9223372036854775807"] {
        for command in [
            "score", "compare", "template", "doc", "gen", "explain", "diff",
        ] {
            let (out, _) = run_in(dir.path(), &[command, year]);
            out.expect_code(2);
            assert!(
                out.stderr
                    .contains("expected a four-digit year (1000–9999)"),
                "{command} {year}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn an_overlay_of_thousands_of_exemptions_is_looked_up_not_scanned_and_warned_of_in_brief() {
    // 15,000 exemptions of units the evidence lacks (under the 1 MB overlay bound):
    // every unit × criterion lookup is an index, not a scan of the list, and the
    // typo warning names 100 units and counts the rest.
    let dir = project();
    let overlay = dir.path().join("ov.toml");
    std::fs::copy(repo_path("rules/overlays/tinh-mau-2024.toml"), &overlay).expect("overlay");
    let exemptions: String = (0..15_000)
        .map(|i| {
            format!("\n[[exempt]]\nunit = \"SO-X{i}\"\ncriteria = [\"1.1\"]\nreason = \"r\"\n")
        })
        .collect();
    append(&overlay, &exemptions);
    let (out, took) = run_in(
        dir.path(),
        &[
            "score",
            "--year",
            "2024",
            "--overlay",
            "ov.toml",
            "--format",
            "csv",
        ],
    );
    out.expect_code(0);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(
        out.stderr.matches("which is not in the evidence").count(),
        100
    );
    assert!(
        out.stderr.contains(
            "… and 14900 more units the overlay (ov.toml) exempts that are not in the evidence"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn compare_explain_and_a_single_unit_check_print_the_evidence_warnings_too() {
    // A loosely matched header is read with a warning; commands whose report has
    // no place for warnings print it on stderr instead of dropping it.
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &repo_path("tests/corpus/base/rules"),
        &dir.path().join("rules"),
    );
    let evidence = std::fs::read_to_string(repo_path("tests/corpus/base/evidence.csv"))
        .expect("base evidence")
        .replacen("so_ke_hoach", "So_Ke_Hoach", 1);
    std::fs::write(dir.path().join("evidence.csv"), evidence).expect("evidence");
    std::fs::copy(
        repo_path("tests/corpus/self-scores/tally.csv"),
        dir.path().join("tu-cham.csv"),
    )
    .expect("self-scores");
    let warning = "cảnh báo / warning: evidence.csv: cột 5 'So_Ke_Hoach' được đọc là 'so_ke_hoach' (khác chữ hoa/thường hoặc dấu); hãy sửa tiêu đề / column 5 'So_Ke_Hoach' is read as 'so_ke_hoach' (it differs in case or diacritics); correct the header";
    let common = [
        "--rules",
        "rules",
        "--evidence",
        "evidence.csv",
        "--year",
        "2024",
    ];
    for command in [
        vec!["compare", "--self", "tu-cham.csv"],
        vec!["explain", "--unit", "SO-A"],
        vec!["score", "--unit", "SO-A"],
    ] {
        let args: Vec<&str> = command.iter().chain(common.iter()).copied().collect();
        let (out, _) = run_in(dir.path(), &args);
        assert!(
            out.stderr.lines().any(|l| l == warning),
            "{command:?}: {}",
            out.stderr
        );
    }
}
