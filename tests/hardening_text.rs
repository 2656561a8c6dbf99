//! Issue #13, classes 7, 10, 4 and 8 (the evidence reader's part): unit identity,
//! text hygiene in every output, header typos, a header of 100,000 unknown
//! columns, and `1.000` in a decimal-comma file. Inputs built here, from the
//! corpus base ruleset (tests/corpus/base), because they need a ruleset change,
//! a binary output or a file too large to keep.

mod common;

use common::{REPO, arg, cchc, copy_dir, run_cmd};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const HEADER: &str = "ma_don_vi;ten_don_vi;cap;nam;so_ke_hoach;so_thuc_hien;ngay_bao_cao";

/// A scratch copy of the corpus base ruleset, and the evidence written as `evidence`.
fn workspace(evidence: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &Path::new(REPO).join("tests/corpus/base/rules"),
        &dir.path().join("rules"),
    );
    let path = dir.path().join("evidence.csv");
    std::fs::write(&path, evidence).expect("write evidence");
    (dir, path)
}

fn score(dir: &Path, format: &str, extra: &[&str]) -> common::Run {
    let rules = dir.join("rules");
    let evidence = dir.join("evidence.csv");
    let mut cmd = cchc();
    cmd.args([
        "score",
        "--rules",
        arg(&rules),
        "--evidence",
        arg(&evidence),
    ])
    .args(["--year", "2024", "--format", format])
    .args(extra);
    run_cmd(&mut cmd)
}

/// Characters no output may hold raw: C0 controls but the line feed, DEL, C1,
/// the line and paragraph separators and the bidirectional overrides.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// A name that tries everything: a terminal colour escape, BEL, NUL, a C1 CSI,
/// a right-to-left override, a line separator, and a line break followed by a
/// forged ranking row.
const HOSTILE_NAME: &str = "Sở Tư pháp\u{1b}[2J\u{7}\0\u{9b}31m\u{202e}độc\u{2028}hại\n   1  XA-GIẢ  Xã Giả    0,50    0,50   100";

fn hostile_evidence() -> String {
    let quoted = HOSTILE_NAME.replace('"', "\"\"");
    format!(
        "{HEADER}\nSO-A;\"{quoted}\";so;2024;4;4;25/11/2024\nHUYEN-B;Huyện An Lạc;huyen;2024;4;\"2\u{1b}[31m\";05/12/2024\nXA-C;Xã An Bình;xa;2024;0;0;\n"
    )
}

#[test]
fn no_output_carries_a_control_character_or_a_forged_row() {
    let (dir, _) = workspace(&hostile_evidence());
    for format in ["table", "csv", "wide", "json", "md", "html"] {
        let out = score(dir.path(), format, &[]);
        assert!(out.code == 1, "{format}: exit {}\n{}", out.code, out.stderr);
        let bad = raw_controls(&out.stdout);
        assert!(bad.is_empty(), "{format}: stdout holds {bad:?}");
        let bad = raw_controls(&out.stderr);
        assert!(bad.is_empty(), "{format}: stderr holds {bad:?}");
        // The forged row never starts a line of its own.
        for line in out.stdout.lines().chain(out.stderr.lines()) {
            assert!(
                !line.trim_start().starts_with("1  XA-GIẢ"),
                "{format}: a forged row: {line:?}"
            );
        }
        // Every problem is one line on stderr.
        assert!(
            out.stderr
                .lines()
                .any(|l| l.starts_with("lỗi minh chứng / evidence error: ")
                    && l.contains("'2\\u{1b}[31m'")),
            "{format}: {}",
            out.stderr
        );
    }
    // The table shows the name on its row, escapes visible.
    let table = score(dir.path(), "table", &[]).stdout;
    assert!(
        table.contains("Sở Tư pháp\\u{1b}[2J\\u{7}\\u{0}\\u{9b}31m\\u{202e}độc hại    1  XA-GIẢ"),
        "{table}"
    );
    // JSON keeps the name exactly (escaped), so a program reads what the file said,
    // with each line break made one space by the reader.
    let json = score(dir.path(), "json", &[]).json();
    let name = json["units"][0]["name"].as_str().expect("name");
    assert_eq!(name, HOSTILE_NAME.replace(['\n', '\u{2028}'], " "));
}

#[test]
fn the_workbook_holds_no_control_character() {
    let (dir, _) = workspace(&hostile_evidence());
    let xlsx = dir.path().join("report.xlsx");
    let out = score(dir.path(), "xlsx", &["-o", arg(&xlsx)]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&xlsx).expect("workbook");
    let mut seen_name = false;
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).expect("sheet");
        for cell in range.used_cells() {
            let text = cell.2.to_string();
            let bad = raw_controls(&text);
            assert!(bad.is_empty(), "sheet {sheet}: {text:?} holds {bad:?}");
            seen_name |= text.contains("Sở Tư pháp\\u{1b}[2J");
        }
    }
    assert!(seen_name, "the hostile name is in the workbook, escaped");
}

#[test]
fn explain_and_unit_lookup_use_the_one_identity() {
    // The file writes the id in NFD with a trailing zero-width space; the user
    // types it in NFC.
    let nfd = "XA-\u{110}O\u{302}\u{300}NG\u{200b}";
    let evidence = format!(
        "{HEADER}\nSO-A;Sở Tư pháp;so;2024;4;4;25/11/2024\n{nfd};Xã Đồng\u{1b}[31m;xa;2024;1;1;\n"
    );
    let (dir, _) = workspace(&evidence);
    let nfc = "XA-\u{110}\u{1ED2}NG";
    let out = score(dir.path(), "table", &["--unit", nfc]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert!(out.stdout.contains(nfc), "{}", out.stdout);
    assert!(raw_controls(&out.stdout).is_empty(), "{}", out.stdout);
    let rules = dir.path().join("rules");
    let path = dir.path().join("evidence.csv");
    let mut cmd = cchc();
    cmd.args(["explain", "--rules", arg(&rules), "--evidence", arg(&path)])
        .args(["--year", "2024", "--unit", nfc]);
    let out = run_cmd(&mut cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("{nfc} — Xã Đồng\\u{{1b}}[31m")),
        "{}",
        out.stdout
    );
    assert!(raw_controls(&out.stdout).is_empty(), "{}", out.stdout);
}

#[test]
fn a_streamed_report_warns_about_case_only_ids_like_a_whole_one() {
    let evidence = format!(
        "{HEADER}\nXA-C;Xã An Bình;xa;2024;0;0;\nSO-A;Sở Tư pháp;so;2024;4;4;25/11/2024\nxa-C;Xã An Bình 2;xa;2024;0;0;\n"
    );
    let (dir, _) = workspace(&evidence);
    let warning = "unit id 'xa-C' (row 4) differs from 'XA-C' (row 2) only by case";
    for format in ["csv", "json"] {
        let out = score(dir.path(), format, &[]);
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert_eq!(
            out.stderr.matches(warning).count(),
            1,
            "{format}: {}",
            out.stderr
        );
    }
}

/// An evidence file whose header has 100,000 unknown columns after the known ones.
fn wide_evidence() -> String {
    const EXTRA: usize = 100_000;
    let mut text = String::from(HEADER);
    for i in 0..EXTRA {
        // Short names: the header row stays under the 1 MB row bound.
        text.push_str(&format!(";c{i}"));
    }
    text.push('\n');
    let filler = ";".repeat(EXTRA);
    for row in [
        "SO-A;Sở Tư pháp;so;2024;4;4;25/11/2024",
        "XA-C;Xã An Bình;xa;2024;0;0;",
    ] {
        text.push_str(row);
        text.push_str(&filler);
        text.push('\n');
    }
    text
}

#[test]
fn a_header_of_a_hundred_thousand_unknown_columns_is_read_in_linear_time() {
    let (dir, path) = workspace(&wide_evidence());
    let loaded = cchc::load_ruleset(&dir.path().join("rules")).expect("ruleset");
    // In process, so only the reading is timed (the main branch took over 20 s),
    // and in CPU time where the system tells it, so a busy machine cannot fail it.
    let started = Instant::now();
    let cpu_before = thread_cpu();
    let evidence = cchc::pipeline::score_file(&loaded, &path, 2024)
        .expect("evidence")
        .evidence;
    let ruleset = &loaded.ruleset;
    let stream = cchc::evidence::stream::EvidenceStream::open(
        &path,
        &ruleset.fields,
        &ruleset.levels,
        cchc::evidence::stream::IdCheck::exact(),
    )
    .expect("stream");
    let elapsed = match (cpu_before, thread_cpu()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => started.elapsed(),
    };
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_eq!(evidence.units.len(), 2);
    assert_eq!(evidence.warnings.len(), 1, "{:?}", evidence.warnings);
    assert_eq!(stream.warnings(), &evidence.warnings[..]);
}

/// The CPU time this thread has used (Linux: `/proc/thread-self/stat`, in clock
/// ticks of 10 ms), or `None` elsewhere.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 (utime) and 15 (stime) of proc(5), counted from 3 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

#[test]
fn a_hundred_thousand_unknown_columns_are_warned_about_once() {
    let (dir, _) = workspace(&wide_evidence());
    for format in ["json", "csv"] {
        let started = Instant::now();
        let out = score(dir.path(), format, &[]);
        let elapsed = started.elapsed();
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        // Generous: the machine may be busy; the quadratic reader took over 20 s.
        assert!(elapsed < Duration::from_secs(10), "{format}: {elapsed:?}");
        let warnings: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.contains("not evidence fields"))
            .collect();
        assert_eq!(warnings.len(), 1, "{format}: {}", out.stderr.len());
        assert!(
            warnings[0].contains(
                "100000 columns are not evidence fields of this ruleset, ignored: 8 'c0', 9 'c1'"
            ) && warnings[0].ends_with("and 99995 more"),
            "{}",
            warnings[0]
        );
    }
}

/// The corpus base ruleset with a decimal field (`ty_le`, criterion 3).
fn decimal_workspace(evidence: &str) -> tempfile::TempDir {
    let (dir, _) = workspace(evidence);
    std::fs::write(
        dir.path().join("rules/3-ty-le.toml"),
        r#"id = "3"
title = "Tỷ lệ"
max_points = "0.25"
applies_to = ["so", "huyen", "xa"]

[[legal_basis]]
document = "Văn bản mẫu của kho đầu vào lỗi"
status = "unverified"

[evidence.ty_le]
type = "decimal"
label = "Tỷ lệ"
required = true
min = 0

[[band]]
key = "du"
points = "0.25"
clause = "Từ 1 trở lên"
at_least = "1"

[[band]]
key = "khong"
points = "0"
clause = "Dưới 1"
below = "1"

[rule]
metric = "tỷ lệ"
script = "ty_le"
"#,
    )
    .expect("write criterion");
    dir
}

#[test]
fn a_point_before_three_digits_in_a_decimal_comma_file_is_ambiguous() {
    let evidence = format!(
        "{HEADER};ty_le\nSO-A;Sở Tư pháp;so;2024;4;4;25/11/2024;1.000\nXA-C;Xã An Bình;xa;2024;0;0;;0,5\n"
    );
    let dir = decimal_workspace(&evidence);
    let out = score(dir.path(), "json", &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "dòng/row 2, cột/column H (ty_le): giá trị '1.000' không rõ nghĩa"
        ) && out.stderr.contains("the value '1.000' is ambiguous: '.' may separate thousands (1000) or mark decimals (1,000); this file writes decimals with a comma"),
        "{}",
        out.stderr
    );
    let report = out.json();
    let so = common::unit(&report, "SO-A");
    assert_eq!(common::criterion(so, "3")["status"], "error");
    // The other unit, in the file's own mark, is scored.
    let xa = common::unit(&report, "XA-C");
    assert_eq!(common::criterion(xa, "3")["status"], "zero");

    // A `,` file does not say which mark its decimals take: `1.000` is ambiguous
    // there too, `"1,5"` and `0.500` are not.
    let evidence = format!(
        "{}\nSO-A,Sở Tư pháp,so,2024,4,4,25/11/2024,1.000\nHUYEN-B,Huyện An Lạc,huyen,2024,4,2,05/12/2024,\"1,5\"\nXA-C,Xã An Bình,xa,2024,0,0,,0.500\n",
        HEADER.replace(';', ",") + ",ty_le"
    );
    std::fs::write(dir.path().join("evidence.csv"), evidence).expect("write");
    let out = score(dir.path(), "json", &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("the value '1.000' is ambiguous"),
        "{}",
        out.stderr
    );
    let report = out.json();
    assert_eq!(
        common::criterion(common::unit(&report, "HUYEN-B"), "3")["status"],
        "full"
    );
    assert_eq!(
        common::criterion(common::unit(&report, "XA-C"), "3")["status"],
        "zero"
    );
}

/// Runs `cchc` with `args` inside `dir`.
fn cchc_in(dir: &Path, args: &[&str]) -> common::Run {
    let mut cmd = cchc();
    cmd.current_dir(dir).args(args);
    run_cmd(&mut cmd)
}

/// A rule file whose every text (title, label, clause, citation, metric) holds a
/// terminal escape, BEL, a right-to-left override, a Markdown table row and a
/// line break that would start a heading or a forged line of its own.
fn hostile_rule_file(dir: &Path) {
    let path = dir.join("rules/1-kiem-tra.toml");
    let text = std::fs::read_to_string(&path).expect("read rule file");
    let text = text
        .replace(
            "title = \"Kiểm tra theo Kế hoạch\"",
            "title = \"Kiểm tra\\u001b[31m\\u0007 | x |\\nforged-title\\u202e\"",
        )
        .replace(
            "label = \"Số cuộc kiểm tra theo Kế hoạch\"",
            "label = \"Số\\u001b[2J cuộc | KH\\n| forged | row |\"",
        )
        .replace(
            "clause = \"Thực hiện 100% Kế hoạch\"",
            "clause = \"Thực\\u001b]0;x\\u0007 hiện\\r\\n## forged-heading\"",
        )
        .replace(
            "document = \"Văn bản mẫu của kho đầu vào lỗi\"",
            "document = \"Văn bản\\u001b[5m\\n# forged-citation\"",
        )
        .replace(
            "metric = \"tỷ lệ thực hiện\"",
            "metric = \"tỷ lệ\\u001b[1m\\u0085forged-metric\"",
        );
    std::fs::write(&path, text).expect("write rule file");
}

#[test]
fn rule_file_text_never_reaches_an_output_raw() {
    let (dir, _) = workspace(&format!("{HEADER}\nSO-A;Sở A;so;2024;4;4;25/11/2024\n"));
    hostile_rule_file(dir.path());
    let rule_file = dir.path().join("rules/1-kiem-tra.toml");
    let mut text = std::fs::read_to_string(&rule_file).expect("read rule file");
    text.push_str("\n[[case]]\nname = \"ca\\u001b[31m\\u0007 xấu\\nforged-case\"\ninput = { so_ke_hoach = 4, so_thuc_hien = 4 }\nexpect = { band = \"du\", points = \"0.10\", status = \"full\" }\n");
    std::fs::write(&rule_file, text).expect("write rule file");
    let runs: [&[&str]; 8] = [
        &["check", "--rules", "rules"],
        &["test", "--rules", "rules"],
        &["doc", "--rules", "rules", "--format", "md"],
        &["doc", "--rules", "rules", "--format", "html"],
        &["template", "--rules", "rules", "--year", "2024"],
        &[
            "explain",
            "--rules",
            "rules",
            "--evidence",
            "evidence.csv",
            "--year",
            "2024",
            "--unit",
            "SO-A",
        ],
        &[
            "score",
            "--rules",
            "rules",
            "--evidence",
            "evidence.csv",
            "--year",
            "2024",
            "--format",
            "md",
        ],
        &[
            "score",
            "--rules",
            "rules",
            "--evidence",
            "evidence.csv",
            "--year",
            "2024",
            "--format",
            "table",
        ],
    ];
    for args in runs {
        let out = cchc_in(dir.path(), args);
        // The template is CSV with CRLF rows: a CR ends a line there, nothing else.
        let stdout = out.stdout.replace("\r\n", "\n");
        for (stream, text) in [("stdout", &stdout), ("stderr", &out.stderr)] {
            let bad = raw_controls(text);
            assert!(bad.is_empty(), "{args:?} {stream} holds {bad:?}\n{text}");
            for line in text.lines() {
                let line = line.trim_start_matches(['#', '>', ' ', '|']);
                assert!(
                    !line.starts_with("forged"),
                    "{args:?} {stream}: a forged line {line:?}\n{text}"
                );
            }
        }
        assert!(
            stdout.contains("\\u{1b}") || matches!(args[0], "check" | "score"),
            "{args:?}: the escape is shown\n{stdout}"
        );
    }
    // The check's diagnostic quotes the citation on its one line.
    let check = cchc_in(dir.path(), &["check", "--rules", "rules"]);
    assert!(
        check
            .stdout
            .contains("'Văn bản\\u{1b}[5m # forged-citation'")
            || check
                .stderr
                .contains("'Văn bản\\u{1b}[5m # forged-citation'"),
        "{}\n{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn whitespace_inside_an_id_is_one_id() {
    // `XA B` typed with a no-break space, then with a plain one: one unit twice.
    let evidence = format!(
        "{HEADER}\nXA\u{a0}B;Xã B;xa;2024;4;4;25/11/2024\nXA  B;Xã B lặp;xa;2024;4;4;25/11/2024\nSO-A;Sở A;so;2024;4;4;25/11/2024\n"
    );
    let (dir, _) = workspace(&evidence);
    let out = score(dir.path(), "csv", &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("duplicate unit id 'XA B'"),
        "{}",
        out.stderr
    );
    // `--unit` with an ideographic space finds it, and the report names it plainly.
    let json = score(dir.path(), "json", &["--unit", "XA\u{3000}B"]).json();
    assert_eq!(json["units"][0]["id"], "XA B");
}

#[test]
fn a_case_variant_of_unit_names_the_unit_it_resembles() {
    let (dir, _) = workspace(&format!("{HEADER}\nSO-A;Sở A;so;2024;4;4;25/11/2024\n"));
    for command in ["score", "explain"] {
        let mut cmd = cchc();
        cmd.current_dir(dir.path()).args([
            command,
            "--rules",
            "rules",
            "--evidence",
            "evidence.csv",
            "--year",
            "2024",
            "--unit",
            "so-a",
        ]);
        let out = run_cmd(&mut cmd);
        assert_eq!(out.code, 2, "{command}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("unit 'SO-A' differs only in case; write the id exactly"),
            "{command}: {}",
            out.stderr
        );
    }
}

/// The base evidence under `header`.
fn with_header(header: &str) -> String {
    format!("{header}\nSO-A;Sở A;so;2024;4;2;25/11/2024\nXA-C;Xã C;xa;2024;4;4;25/11/2024\n")
}

#[test]
fn separators_full_width_forms_and_labels_name_a_column_with_a_warning() {
    let exact = {
        let (dir, _) = workspace(&with_header(HEADER));
        score(dir.path(), "wide", &[]).stdout
    };
    for (header, warning) in [
        (
            "so-ke-hoach",
            "is read as 'so_ke_hoach' (it differs in case, diacritics, separators or spacing)",
        ),
        ("so\u{ff3f}ke\u{ff3f}hoach", "is read as 'so_ke_hoach'"),
        ("so ke\u{a0}hoach", "is read as 'so_ke_hoach'"),
        ("So\u{200b}-Ke-Hoach ", "is read as 'so_ke_hoach'"),
        (
            "Số cuộc kiểm tra theo Kế hoạch",
            "is the label of field 'so_ke_hoach' and is read as column 'so_ke_hoach'",
        ),
    ] {
        let (dir, _) = workspace(&with_header(&HEADER.replace("so_ke_hoach", header)));
        for format in ["wide", "json"] {
            let out = score(dir.path(), format, &[]);
            assert_eq!(out.code, 0, "{header}: {}", out.stderr);
            assert!(out.stderr.contains(warning), "{header}: {}", out.stderr);
            if format == "wide" {
                assert_eq!(out.stdout, exact, "{header}");
            }
        }
    }
}

#[test]
fn a_header_naming_no_evidence_field_is_refused_not_scored_zero() {
    let header = "ma_don_vi;ten_don_vi;cap;nam;a;b;c";
    let (dir, _) = workspace(&with_header(header));
    // `csv` is the streamed path, `table` and `xlsx` read the whole file.
    for format in ["csv", "wide", "table", "json"] {
        let out = score(dir.path(), format, &[]);
        assert_eq!(out.code, 2, "{format}: {}", out.stdout);
        assert!(out.stdout.is_empty(), "{format}: {}", out.stdout);
        assert!(
            out.stderr
                .contains("the header row names none of the ruleset's evidence fields"),
            "{format}: {}",
            out.stderr
        );
    }
}

#[test]
fn compare_shows_every_input_text_safely_in_every_format() {
    let (dir, _) = workspace(&hostile_evidence());
    hostile_rule_file(dir.path());
    std::fs::write(
        dir.path().join("tu-cham.csv"),
        "ma_don_vi;tieu_chi;diem_tu_cham;giai_trinh\nSO-A;1;0,10;\"=1+1 gi\u{1b}[31mai\ntrình\"\nHUYEN-B;1;0,25;\n",
    )
    .expect("self-scores");
    let compare = |format: &str, extra: &[&str]| {
        let mut args = vec![
            "compare",
            "--self",
            "tu-cham.csv",
            "--rules",
            "rules",
            "--evidence",
            "evidence.csv",
            "--year",
            "2024",
            "--format",
            format,
        ];
        args.extend_from_slice(extra);
        cchc_in(dir.path(), &args)
    };
    for format in ["table", "csv", "json"] {
        let out = compare(format, &[]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let bad = raw_controls(text);
            assert!(bad.is_empty(), "{format} {stream} holds {bad:?}\n{text}");
            for line in text.lines() {
                assert!(
                    !line.trim_start_matches(['#', ' ']).starts_with("forged")
                        && !line.trim_start().starts_with("1  XA-GIẢ")
                        && !line.starts_with("trình"),
                    "{format} {stream}: a forged line {line:?}"
                );
            }
        }
    }
    let csv = compare("csv", &[]).stdout;
    assert!(csv.contains(",'=1+1 gi\\u{1b}[31mai trình,"), "{csv}");
    let xlsx = dir.path().join("so-sanh.xlsx");
    let out = compare("xlsx", &["-o", arg(&xlsx)]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    use calamine::{Data, Reader, open_workbook_auto};
    let mut book = open_workbook_auto(&xlsx).expect("workbook");
    let mut seen = false;
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).expect("sheet");
        for cell in range.used_cells() {
            let text = cell.2.to_string();
            let bad = raw_controls(&text);
            assert!(bad.is_empty(), "sheet {sheet}: {text:?} holds {bad:?}");
            seen |= matches!(cell.2, Data::String(s) if s.starts_with("=1+1 gi\\u{1b}"));
        }
    }
    assert!(seen, "the explanation is in the workbook, as text");
}

#[test]
fn a_name_of_hundreds_of_kilobytes_is_cut_in_the_terminal_tables_only() {
    let name = "Á".repeat(300_000);
    let (dir, _) = workspace(&format!(
        "{HEADER}\nSO-A;{name};so;2024;4;2;25/11/2024\nXA-C;Xã C;xa;2024;4;4;25/11/2024\n"
    ));
    let table = score(dir.path(), "table", &[]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let widest = table.stdout.lines().map(|l| l.chars().count()).max();
    assert!(widest < Some(1000), "widest line {widest:?}");
    assert!(table.stdout.contains("ÁÁÁ…"), "{}", table.stdout);
    std::fs::write(
        dir.path().join("tu-cham.csv"),
        "ma_don_vi;tieu_chi;diem_tu_cham\nSO-A;1;0,25\n",
    )
    .expect("self-scores");
    let cmp = cchc_in(
        dir.path(),
        &[
            "compare",
            "--self",
            "tu-cham.csv",
            "--rules",
            "rules",
            "--evidence",
            "evidence.csv",
            "--year",
            "2024",
        ],
    );
    let widest = cmp.stdout.lines().map(|l| l.chars().count()).max();
    assert!(widest < Some(1000), "widest line {widest:?}");
    // The reports keep the whole name.
    let json = score(dir.path(), "json", &[]).json();
    assert_eq!(
        json["units"][0]["name"].as_str().map(str::len),
        Some(name.len())
    );
}

#[test]
fn diff_shows_rule_file_text_and_unit_ids_safely() {
    let (dir, _) = workspace(&hostile_evidence());
    copy_dir(&dir.path().join("rules"), &dir.path().join("old"));
    hostile_rule_file(dir.path());
    for format in ["text", "json"] {
        let out = cchc_in(
            dir.path(),
            &[
                "diff",
                "old",
                "rules",
                "--evidence",
                "evidence.csv",
                "--year",
                "2024",
                "--format",
                format,
            ],
        );
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let bad = raw_controls(text);
            assert!(bad.is_empty(), "{format} {stream} holds {bad:?}\n{text}");
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with("forged")),
                "{format} {stream}: a forged line\n{text}"
            );
        }
        assert!(out.stdout.contains("forged-title"), "{}", out.stdout);
    }
}

#[test]
fn a_header_of_the_forms_labels_scores_like_the_column_ids() {
    // The form's first row (labels) without its second (column ids): every column
    // is read by its label, with a warning, and every unit scores as with the ids.
    let dir = tempfile::tempdir().expect("tempdir");
    let form = dir.path().join("mau.csv");
    let out = run_cmd(cchc().args(["template", "--year", "2024", "-o", arg(&form)]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_path(&form)
        .expect("form");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let label_of: std::collections::BTreeMap<&str, &str> = rows[1]
        .iter()
        .map(|id| id.trim_start_matches('\u{feff}'))
        .zip(rows[0].iter().map(|l| l.trim_start_matches('\u{feff}')))
        .collect();
    let sample = std::fs::read_to_string(Path::new(REPO).join(common::SAMPLE)).expect("sample");
    let sample = sample.trim_start_matches('\u{feff}');
    let (header, body) = sample.split_once('\n').expect("header");
    let labels: Vec<&str> = header
        .trim_end()
        .split(';')
        .map(|id| label_of.get(id).copied().unwrap_or(id))
        .collect();
    assert!(labels.contains(&"Năm đánh giá"), "{labels:?}");
    let relabelled = dir.path().join("nhan.csv");
    std::fs::write(&relabelled, format!("{}\n{body}", labels.join(";"))).expect("write");
    let wide = |evidence: &Path| {
        run_cmd(cchc().args([
            "score",
            "--year",
            "2024",
            "--format",
            "wide",
            "--evidence",
            arg(evidence),
        ]))
    };
    let by_label = wide(&relabelled);
    assert_eq!(by_label.code, 0, "{}", by_label.stderr);
    assert_eq!(
        by_label.stdout,
        wide(&Path::new(REPO).join(common::SAMPLE)).stdout
    );
    assert!(
        by_label
            .stderr
            .contains("column 4 'Năm đánh giá' is the label of field 'nam'"),
        "{}",
        by_label.stderr
    );
    assert!(
        !by_label.stderr.contains("not an evidence field"),
        "{}",
        by_label.stderr
    );
}
