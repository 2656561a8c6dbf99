//! `cchc score`, driven through the real binary from the repository root.

mod common;

use common::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::str::FromStr;
use std::time::{Duration, Instant};

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(
        v.as_str()
            .unwrap_or_else(|| panic!("{v} is a decimal string")),
    )
    .unwrap_or_else(|e| panic!("{v} parses as a decimal: {e}"))
}

fn sample_json() -> Value {
    run(["score", "--format", "json", "--evidence", SAMPLE])
        .expect_code(0)
        .json()
}

/// The rows of the level table headed `heading` in the terminal table.
fn table_rows<'a>(stdout: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == heading)
        .unwrap_or_else(|| panic!("heading {heading:?} is in:\n{stdout}"));
    assert!(
        lines[at + 1].trim_start().starts_with("Hạng"),
        "column header follows {heading:?}"
    );
    lines[at + 2..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect()
}

/// The "points lost" block of a unit in the terminal table or Markdown.
fn lost_block<'a>(stdout: &'a str, starts: &str) -> Vec<&'a str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(starts))
        .unwrap_or_else(|| panic!("a line starts with {starts:?} in:\n{stdout}"));
    lines[at..]
        .iter()
        .take_while(|l| !l.trim().is_empty())
        .copied()
        .collect()
}

// ---------------------------------------------------------------------------
// 1. Default run: the sample province, terminal table
// ---------------------------------------------------------------------------

/// The newest year of `data/tinh-mau/<year>.csv`.
fn newest_sample_year() -> i64 {
    std::fs::read_dir(repo_path("data/tinh-mau"))
        .expect("sample directory")
        .filter_map(|e| {
            let path = e.expect("entry").path();
            (path.extension()? == "csv")
                .then(|| path.file_stem()?.to_str()?.parse().ok())
                .flatten()
        })
        .max()
        .expect("at least one sample year")
}

#[test]
fn bare_default_run_scores_the_newest_sample_year() {
    let year = newest_sample_year();
    let out = run(["score"]);
    out.expect_code(0);
    assert!(
        out.stdout.contains(&format!("năm đánh giá {year};")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(&format!("Minh chứng: data/tinh-mau/{year}.csv (SHA-256 ")),
        "{}",
        out.stdout
    );
    let explicit = run(["score", "--year", &year.to_string()]);
    assert_eq!(out.stdout, explicit.stdout);
}

#[test]
fn default_rules_and_evidence_score_the_2024_sample_as_a_table() {
    let out = run(["score", "--year", "2024"]);
    out.expect_code(0);
    assert_eq!(out.stderr, "", "a clean run writes nothing to stderr");
    let s = &out.stdout;
    assert!(s.contains("năm đánh giá 2024"), "{s}");
    assert!(
        s.contains("Minh chứng: data/tinh-mau/2024.csv (SHA-256 "),
        "{s}"
    );

    let so = s
        .find("\nSở, ban, ngành (20 đơn vị)\n")
        .expect("sở heading");
    let huyen = s
        .find("\nUBND cấp huyện (8 đơn vị)\n")
        .expect("huyện heading");
    let xa = s.find("\nUBND cấp xã (15 đơn vị)\n").expect("xã heading");
    assert!(so < huyen && huyen < xa, "levels in order sở, huyện, xã");

    for (heading, count, prefix) in [
        ("Sở, ban, ngành (20 đơn vị)", 20, "SO-"),
        ("UBND cấp huyện (8 đơn vị)", 8, "HUYEN-"),
        ("UBND cấp xã (15 đơn vị)", 15, "XA-"),
    ] {
        let rows = table_rows(s, heading);
        assert_eq!(rows.len(), count, "{heading}");
        let mut last = 0;
        for row in &rows {
            assert!(row[1].starts_with(prefix), "{row:?} under {heading}");
            let rank: usize = row[0].parse().expect("every sample unit is ranked");
            assert!(rank >= last, "ranks ascend under {heading}: {row:?}");
            last = rank;
        }
        assert_eq!(rows[0][0], "1", "{heading} starts at rank 1");
    }

    // SO-SXD: no plan, no survey, 1 of 3 results handled, no report on handling.
    let sxd = table_rows(s, "Sở, ban, ngành (20 đơn vị)")
        .into_iter()
        .find(|r| r[1] == "SO-SXD")
        .expect("SO-SXD row");
    assert_eq!(sxd[0], "20");
    assert_eq!(sxd[2..sxd.len() - 3].join(" "), "Sở Xây dựng");
    assert_eq!(sxd[sxd.len() - 3..], ["0,75", "2,00", "37,50"]);

    // Ties share a rank and the next rank skips: three sở at 1,75 share rank 10.
    let tied: Vec<Vec<&str>> = table_rows(s, "Sở, ban, ngành (20 đơn vị)")
        .into_iter()
        .filter(|r| r[0] == "10")
        .collect();
    let ids: Vec<&str> = tied.iter().map(|r| r[1]).collect();
    assert_eq!(ids, ["SO-SVHTTDL", "SO-STTTT", "SO-SNGV"]);
    assert!(
        table_rows(s, "Sở, ban, ngành (20 đơn vị)")
            .iter()
            .any(|r| r[0] == "13" && r[1] == "SO-SCT")
    );

    // SO-SGTVT sent its annual report on 12/12/2024, 12 days after 30/11.
    let sgtvt = lost_block(s, "SO-SGTVT ");
    assert_eq!(sgtvt[0], "SO-SGTVT Sở Giao thông vận tải (1,65/2,00 điểm)");
    let report = sgtvt
        .iter()
        .find(|l| l.trim_start().starts_with("- 1.5 "))
        .expect("criterion 1.5 lost points");
    assert!(report.contains("[zero]"), "{report}");
    assert!(
        report.contains("Đạt 0,00/0,25 điểm, mất 0,25: Gửi chậm trên 10 ngày."),
        "{report}"
    );
    assert!(
        report.contains("(số ngày gửi chậm so với hạn báo cáo: 12 ngày)"),
        "{report}"
    );
    assert!(
        report.contains("Mức cao hơn (0,10 điểm): Gửi chậm từ 06–10 ngày"),
        "{report}"
    );

    // Units at full marks are not listed among the lost points.
    assert!(!s.contains("\nSO-STP Sở Tư pháp ("), "{s}");
}

// ---------------------------------------------------------------------------
// 2. Output formats
// ---------------------------------------------------------------------------

#[test]
fn json_report_has_ruleset_units_in_input_order_and_string_decimals() {
    let report = sample_json();
    assert_eq!(report["ruleset"]["id"], "tdthpl-2020-2024");
    assert_eq!(report["ruleset"]["years"], "2020–2024");
    assert_eq!(report["year"], 2024);
    let fingerprint = report["ruleset"]["fingerprint"].as_str().expect("string");
    assert_eq!(fingerprint.len(), 64, "{fingerprint}");
    assert!(
        fingerprint
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "lower-case hex: {fingerprint}"
    );
    assert_eq!(report["evidence"]["file"], SAMPLE);
    let bytes = std::fs::read(repo_path(SAMPLE)).expect("sample");
    assert_eq!(
        report["evidence"]["fingerprint"],
        cchc::fingerprint::sha256_hex(&bytes),
        "evidence fingerprint is the SHA-256 of the file's bytes"
    );
    assert_eq!(report["warnings"], serde_json::json!([]));

    let ids: Vec<&str> = units(&report)
        .iter()
        .map(|u| u["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 43);
    assert_eq!(ids, sample_ids(), "units in input order");
    for (i, u) in units(&report).iter().enumerate() {
        assert_eq!(u["row"], i + 2, "row of {}", u["id"]);
        let criteria: Vec<&str> = u["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| c["id"].as_str().expect("id"))
            .collect();
        assert_eq!(criteria, CRITERIA, "criteria of {}", u["id"]);
        assert!(!statuses(u).contains(&"error".to_string()), "{}", u["id"]);
    }

    let stp = unit(&report, "SO-STP");
    assert_eq!(stp["name"], "Sở Tư pháp");
    assert_eq!(stp["level"], "so");
    assert_eq!(stp["total"], "2.00");
    assert_eq!(stp["max"], "2.00");
    assert_eq!(stp["percent"], "100.00");
    assert_eq!(stp["rank"], 1);
    assert_eq!(stp["problems"], serde_json::json!([]));
    let plan = criterion(stp, "1.1");
    assert_eq!(plan["points"], "0.25");
    assert_eq!(plan["max"], "0.25");
    assert_eq!(plan["status"], "full");
    assert_eq!(plan["band"], "dung_han");
    assert_eq!(plan["metric"], "-23", "08/01 is 23 days before 31/01");

    let sxd = unit(&report, "SO-SXD");
    assert_eq!(
        (&sxd["total"], &sxd["max"], &sxd["percent"], &sxd["rank"]),
        (
            &Value::from("0.75"),
            &Value::from("2.00"),
            &Value::from("37.50"),
            &Value::from(20)
        )
    );
    assert_eq!(
        statuses(sxd),
        ["zero", "full", "full", "zero", "full", "zero", "zero"]
    );
    assert_eq!(criterion(sxd, "1.1")["band"], "khong_ban_hanh");
    assert_eq!(
        criterion(sxd, "2.1")["metric"],
        "0.3333333333333333333333333333"
    );
    assert_eq!(criterion(sxd, "2.1")["points"], "0.00");

    let sgtvt = unit(&report, "SO-SGTVT");
    let late = criterion(sgtvt, "1.5");
    assert_eq!(late["status"], "zero");
    assert_eq!(late["band"], "cham_tren_10_ngay");
    assert_eq!(late["metric"], "12");
    assert_eq!(late["points"], "0.00");
    assert_eq!(late["max"], "0.25");

    // 1.4 (survey) does not apply to communes: no points, no maximum.
    let xa = unit(&report, "XA-P1HA");
    assert_eq!(xa["level"], "xa");
    let survey = criterion(xa, "1.4");
    assert_eq!(survey["points"], Value::Null);
    assert_eq!(survey["max"], Value::Null);
    assert_eq!(survey["status"], "not_applicable");
    assert_eq!(survey["band"], Value::Null);
    assert_eq!(survey["explanation"], "Không áp dụng đối với UBND cấp xã.");
    assert_eq!(xa["max"], "1.75");
    assert_eq!(xa["total"], "1.75");

    // SO-STTTT left 'thu_thap_thong_tin' blank: missing evidence, 0 points, not an error.
    let stttt = unit(&report, "SO-STTTT");
    let info = criterion(stttt, "1.2");
    assert_eq!(info["status"], "missing_evidence");
    assert_eq!(info["points"], "0.00");
    assert_eq!(info["max"], "0.25");
    let missing = info["missing_evidence"].as_array().expect("array");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["field"], "thu_thap_thong_tin");
    assert!(
        missing[0]["document_hint"]
            .as_str()
            .expect("hint")
            .contains("Báo cáo TDTHPL năm"),
        "{}",
        missing[0]
    );
    assert_eq!(stttt["total"], "1.75");
    assert_eq!(stttt["rank"], 10);
}

#[test]
fn json_totals_percentages_and_ranks_are_consistent() {
    let report = sample_json();
    let all = units(&report);
    for u in all {
        let points: Decimal = u["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .filter(|c| !c["points"].is_null())
            .map(|c| dec(&c["points"]))
            .sum();
        let max: Decimal = u["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .filter(|c| !c["max"].is_null())
            .map(|c| dec(&c["max"]))
            .sum();
        assert_eq!(dec(&u["total"]), points, "total of {}", u["id"]);
        assert_eq!(dec(&u["max"]), max, "max of {}", u["id"]);
        let mut percent = (points / max * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        percent.rescale(2);
        assert_eq!(u["percent"], percent.to_string(), "percent of {}", u["id"]);
        // Rank: 1 + the number of same-level units with a strictly better percentage.
        let better = all
            .iter()
            .filter(|v| v["level"] == u["level"])
            .filter(|v| dec(&v["total"]) * max > points * dec(&v["max"]))
            .count();
        assert_eq!(u["rank"], better + 1, "rank of {}", u["id"]);
    }
    let count = |level: &str| all.iter().filter(|u| u["level"] == level).count();
    assert_eq!((count("so"), count("huyen"), count("xa")), (20, 8, 15));
}

#[test]
fn csv_report_has_one_row_per_unit_and_criterion_matching_json() {
    let text = run(["score", "--format", "csv", "--evidence", SAMPLE])
        .expect_code(0)
        .stdout
        .clone();
    let report = sample_json();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "ma_don_vi",
            "ten_don_vi",
            "cap",
            "tieu_chi",
            "ten_tieu_chi",
            "diem",
            "diem_toi_da",
            "trang_thai",
            "muc",
            "giai_thich",
            "thieu_minh_chung",
            "can_cu",
            "tong_diem",
            "tong_toi_da",
            "ty_le_phan_tram",
            "hang",
            "ruleset_fingerprint",
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 43 * 7);
    assert_eq!(rows.len(), 301);

    let text_or_empty = |v: &Value| v.as_str().map(String::from).unwrap_or_default();
    let expected = units(&report).iter().flat_map(|u| {
        u["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(move |c| (u, c))
    });
    for (row, (u, c)) in rows.iter().zip(expected) {
        let missing: Vec<&str> = c["missing_evidence"]
            .as_array()
            .expect("array")
            .iter()
            .map(|m| m["field"].as_str().expect("field"))
            .collect();
        let basis: Vec<&str> = c["legal_basis"]
            .as_array()
            .expect("array")
            .iter()
            .map(|b| b.as_str().expect("cite"))
            .collect();
        let want = [
            text_or_empty(&u["id"]),
            text_or_empty(&u["name"]),
            text_or_empty(&u["level"]),
            text_or_empty(&c["id"]),
            text_or_empty(&c["title"]),
            text_or_empty(&c["points"]),
            text_or_empty(&c["max"]),
            text_or_empty(&c["status"]),
            text_or_empty(&c["band"]),
            text_or_empty(&c["explanation"]),
            missing.join("; "),
            basis.join("; "),
            text_or_empty(&u["total"]),
            text_or_empty(&u["max"]),
            text_or_empty(&u["percent"]),
            u["rank"]
                .as_u64()
                .map(|r| r.to_string())
                .unwrap_or_default(),
            text_or_empty(&report["ruleset"]["fingerprint"]),
        ];
        let got: Vec<&str> = row.iter().collect();
        assert_eq!(got, want, "CSV row for {} {}", u["id"], c["id"]);
    }

    let find = |id: &str, criterion: &str| {
        rows.iter()
            .find(|r| &r[0] == id && &r[3] == criterion)
            .unwrap_or_else(|| panic!("row {id} {criterion}"))
    };
    let sxd = find("SO-SXD", "1.1");
    assert_eq!(
        (&sxd[5], &sxd[6], &sxd[7], &sxd[8]),
        ("0.00", "0.25", "zero", "khong_ban_hanh")
    );
    assert_eq!(
        (&sxd[12], &sxd[13], &sxd[14], &sxd[15]),
        ("0.75", "2.00", "37.50", "20")
    );
    let na = find("XA-P1HA", "1.4");
    assert_eq!((&na[5], &na[6], &na[7]), ("", "", "not_applicable"));
    assert_eq!(&find("SO-STTTT", "1.2")[10], "thu_thap_thong_tin");
}

#[test]
fn markdown_report_has_level_tables_and_explanations() {
    let out = run(["score", "--format", "md", "--evidence", SAMPLE]);
    out.expect_code(0);
    let md = &out.stdout;
    assert!(
        md.starts_with("# Theo dõi thi hành pháp luật (TDTHPL)"),
        "{md}"
    );
    for heading in [
        "## Sở, ban, ngành (20 đơn vị)",
        "## UBND cấp huyện (8 đơn vị)",
        "## UBND cấp xã (15 đơn vị)",
        "## Điểm bị trừ và lý do",
    ] {
        assert!(md.lines().any(|l| l == heading), "{heading} in:\n{md}");
    }
    assert_eq!(
        md.lines()
            .filter(|l| *l == "| Hạng | Mã | Đơn vị | Điểm | Tối đa | % |")
            .count(),
        3,
        "one ranking table per level"
    );
    assert!(
        md.lines()
            .any(|l| l == "| 20 | SO-SXD | Sở Xây dựng | 0,75 | 2,00 | 37,50 |"),
        "{md}"
    );
    assert!(
        md.lines()
            .any(|l| l == "| 15 | XA-XAP | Xã An Phú, huyện An Lạc | 0,75 | 1,75 | 42,86 |"),
        "{md}"
    );
    let lines: Vec<&str> = md.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "### SO-SGTVT Sở Giao thông vận tải")
        .expect("SO-SGTVT section");
    assert_eq!(lines[at + 1], "");
    let bullets: Vec<&str> = lines[at + 2..]
        .iter()
        .take_while(|l| l.starts_with("- "))
        .copied()
        .collect();
    assert_eq!(bullets.len(), 2, "{bullets:?}");
    assert!(bullets[0].starts_with("- **1.3 "), "{}", bullets[0]);
    assert!(
        bullets[1].starts_with("- **1.5 Báo cáo công tác theo dõi thi hành pháp luật năm đúng thời hạn** (zero): Đạt 0,00/0,25 điểm, mất 0,25: Gửi chậm trên 10 ngày."),
        "{}",
        bullets[1]
    );
}

#[test]
fn output_file_receives_the_report_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["json", "csv", "md", "table"] {
        let target = dir.path().join(format!("report.{format}"));
        std::fs::write(&target, "old contents").expect("pre-existing file");
        let written = run([
            "score",
            "--format",
            format,
            "--evidence",
            SAMPLE,
            "-o",
            arg(&target),
        ]);
        written.expect_code(0);
        assert_eq!(written.stdout, "", "{format}: nothing on stdout");
        let direct = run(["score", "--format", format, "--evidence", SAMPLE])
            .expect_code(0)
            .stdout
            .clone();
        assert!(!direct.is_empty());
        assert_eq!(
            std::fs::read_to_string(&target).expect("report written"),
            direct,
            "{format}: file holds exactly what stdout would"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["report.csv", "report.json", "report.md", "report.table"],
        "no temporary file left behind"
    );
}

#[test]
fn output_file_in_a_missing_directory_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("no-such-dir").join("report.json");
    let out = run([
        "score",
        "--format",
        "json",
        "--evidence",
        SAMPLE,
        "-o",
        arg(&target),
    ]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("-o ") && out.stderr.contains("no-such-dir does not exist"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("report.json"), "{}", out.stderr);
    assert!(!target.exists());
}

// ---------------------------------------------------------------------------
// 3. Evidence written the ways Excel and people write it
// ---------------------------------------------------------------------------

/// Scores a file and returns the JSON `units`, requiring a clean run.
fn clean_units(path: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["score", "--format", "json", "--evidence", arg(path)];
    args.extend_from_slice(extra);
    let out = run(args);
    out.expect_code(0);
    assert_eq!(out.stderr, "", "no warnings for {}", path.display());
    out.json()["units"].clone()
}

#[test]
fn plain_evidence_scores_as_documented() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_evidence(dir.path(), "plain.csv", &canonical_table(), CsvStyle::PLAIN);
    let report = run(["score", "--format", "json", "--evidence", arg(&path)])
        .expect_code(0)
        .json();
    assert_eq!(report["year"], 2024, "year from the 'nam' column");
    let summary: Vec<(String, String, String, Value)> = units(&report)
        .iter()
        .map(|u| {
            (
                u["id"].as_str().expect("id").to_string(),
                u["total"].as_str().expect("total").to_string(),
                u["max"].as_str().expect("max").to_string(),
                u["rank"].clone(),
            )
        })
        .collect();
    let expect = |id: &str, total: &str, max: &str, rank: i64| {
        (
            id.to_string(),
            total.to_string(),
            max.to_string(),
            Value::from(rank),
        )
    };
    assert_eq!(
        summary,
        [
            expect("SO-A", "2.00", "2.00", 1),
            expect("SO-B", "0.85", "2.00", 2),
            expect("HUYEN-C", "1.20", "2.00", 1),
            expect("XA-D", "1.35", "1.75", 2),
            expect("XA-E", "1.50", "1.75", 1),
        ]
    );
    let points = |id: &str| -> Vec<Value> {
        unit(&report, id)["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .map(|c| c["points"].clone())
            .collect()
    };
    let p = |s: &str| Value::from(s);
    assert_eq!(
        points("SO-B"),
        [
            p("0.15"),
            p("0.00"),
            p("0.15"),
            p("0.25"),
            p("0.00"),
            p("0.20"),
            p("0.10")
        ]
    );
    assert_eq!(
        points("XA-D"),
        [
            p("0.25"),
            p("0.25"),
            p("0.15"),
            Value::Null,
            p("0.25"),
            p("0.20"),
            p("0.25")
        ]
    );
    assert_eq!(
        statuses(unit(&report, "SO-B")),
        [
            "partial", "zero", "partial", "full", "zero", "partial", "partial"
        ]
    );
    assert_eq!(
        statuses(unit(&report, "HUYEN-C")),
        ["zero", "full", "zero", "zero", "partial", "full", "full"]
    );
    assert_eq!(
        statuses(unit(&report, "XA-E")),
        [
            "full",
            "missing_evidence",
            "full",
            "not_applicable",
            "full",
            "full",
            "full"
        ]
    );
    assert_eq!(criterion(unit(&report, "SO-B"), "2.2")["band"], "qua_han");
    assert_eq!(criterion(unit(&report, "XA-D"), "2.2")["band"], "dung_han");
    assert_eq!(
        criterion(unit(&report, "HUYEN-C"), "2.1")["band"],
        "khong_phat_sinh"
    );
}

#[test]
fn excel_vietnamese_export_scores_like_the_plain_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = write_evidence(dir.path(), "plain.csv", &canonical_table(), CsvStyle::PLAIN);
    // `;`, UTF-8 BOM, CRLF; yes as `có` or `x`, no as `không`; dd/mm/yyyy.
    let table = restyle(&canonical_table(), |name, row, cell| {
        if BOOL_COLUMNS.contains(&name) {
            match cell {
                "Có" if row % 2 == 0 => "có".into(),
                "Có" => "x".into(),
                "Không" => "không".into(),
                other => other.into(),
            }
        } else {
            cell.into()
        }
    });
    let bytes = render_csv(&table, CsvStyle::EXCEL_VN);
    assert!(bytes.starts_with(b"\xEF\xBB\xBFma_don_vi;ten_don_vi;cap;nam;"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let excel = write_file(dir.path(), "excel.csv", bytes);
    let want = clean_units(&plain, &[]);
    assert_eq!(clean_units(&excel, &[]), want);
}

#[test]
fn iso_dates_capitalised_levels_and_no_year_column_score_like_the_plain_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = write_evidence(dir.path(), "plain.csv", &canonical_table(), CsvStyle::PLAIN);
    let table = restyle(&drop_column(&canonical_table(), "nam"), |name, _, cell| {
        if DATE_COLUMNS.contains(&name) {
            to_iso(cell)
        } else if BOOL_COLUMNS.contains(&name) {
            match cell {
                "Có" => "X".into(),
                "Không" => "KHÔNG".into(),
                other => other.into(),
            }
        } else if name == "cap" {
            match cell {
                "so" => "Sở".into(),
                "huyen" => "Huyện".into(),
                "xa" => "Xã".into(),
                other => panic!("level {other}"),
            }
        } else {
            cell.into()
        }
    });
    let path = write_evidence(dir.path(), "iso.csv", &table, CsvStyle::EXCEL_VN);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(";2024-02-05;KHÔNG;"), "{text}");

    // Without a 'nam' column the year must be given.
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("pass --year or add a 'nam' column"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");

    assert_eq!(
        clean_units(&path, &["--year", "2024"]),
        clean_units(&plain, &[])
    );
}

#[test]
fn quoted_comma_separated_file_with_other_date_spellings_scores_like_the_plain_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = write_evidence(dir.path(), "plain.csv", &canonical_table(), CsvStyle::PLAIN);
    // Every field quoted (names hold commas); d/m/yyyy without zeros, dd-mm-yyyy, 1/0.
    let table = restyle(&canonical_table(), |name, row, cell| {
        if DATE_COLUMNS.contains(&name) && !cell.is_empty() {
            let parts: Vec<&str> = cell.split('/').collect();
            if row % 2 == 0 {
                let day: u32 = parts[0].parse().expect("day");
                let month: u32 = parts[1].parse().expect("month");
                format!("{day}/{month}/{}", parts[2])
            } else {
                parts.join("-")
            }
        } else if BOOL_COLUMNS.contains(&name) {
            match cell {
                "Có" => "1".into(),
                "Không" => "0".into(),
                other => other.into(),
            }
        } else {
            cell.into()
        }
    });
    let style = CsvStyle {
        quote_all: true,
        ..CsvStyle::PLAIN
    };
    let mut bytes = render_csv(&table, style);
    bytes.extend_from_slice(b"\n,,,,,,,,,,,,,,\n"); // blank rows Excel leaves at the end
    let path = write_file(dir.path(), "quoted.csv", bytes);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("\"XA-D\",\"Xã An Bình, huyện An Lạc\",\"xa\""),
        "{text}"
    );
    assert!(text.contains("\"8/1/2024\""), "{text}");
    assert!(text.contains("\"05-02-2024\""), "{text}");
    assert_eq!(clean_units(&path, &[]), clean_units(&plain, &[]));
}

#[test]
fn tab_separated_file_with_decomposed_unicode_scores_like_the_plain_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = write_evidence(dir.path(), "plain.csv", &canonical_table(), CsvStyle::PLAIN);
    // Tabs; dd.mm.yyyy; `Có`, `Không` and `Xã` as macOS writes them (NFD: combining marks).
    let table = restyle(&canonical_table(), |name, _, cell| {
        if DATE_COLUMNS.contains(&name) {
            cell.replace('/', ".")
        } else if BOOL_COLUMNS.contains(&name) {
            match cell {
                "Có" => "Co\u{301}".into(),
                "Không" => "Kho\u{302}ng".into(),
                other => other.into(),
            }
        } else if name == "cap" && cell == "xa" {
            "Xa\u{303}".into()
        } else {
            cell.into()
        }
    });
    let style = CsvStyle {
        delimiter: '\t',
        ..CsvStyle::PLAIN
    };
    let path = write_evidence(dir.path(), "tabs.tsv", &table, style);
    assert_eq!(clean_units(&path, &[]), clean_units(&plain, &[]));
}

// ---------------------------------------------------------------------------
// 4. Broken evidence: reported precisely, the other units still scored
// ---------------------------------------------------------------------------

#[test]
fn broken_cells_fail_only_their_criteria_and_are_located_precisely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "SO-B", "ngay_ban_hanh_ke_hoach", "31/02/2024"); // row 3, column E
    set_cell(&mut table, "HUYEN-C", "so_cuoc_kiem_tra_ke_hoach", "abc"); // row 4, column G
    let path = write_evidence(dir.path(), "broken.csv", &table, CsvStyle::EXCEL_VN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let report = out.json();
    let ids: Vec<&str> = units(&report)
        .iter()
        .map(|u| u["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["SO-A", "SO-B", "HUYEN-C", "XA-D", "XA-E"]);

    // The untouched units are scored exactly as before.
    assert_eq!(unit(&report, "SO-A")["total"], "2.00");
    assert_eq!(unit(&report, "SO-A")["rank"], 1);
    assert_eq!(unit(&report, "XA-E")["total"], "1.50");
    assert_eq!(unit(&report, "XA-E")["rank"], 1);
    assert_eq!(unit(&report, "XA-D")["rank"], 2);

    // SO-B: only 1.1 (which reads the date) is in error; the rest is scored.
    let b = unit(&report, "SO-B");
    assert_eq!(
        statuses(b),
        [
            "error", "zero", "partial", "full", "zero", "partial", "partial"
        ]
    );
    let plan = criterion(b, "1.1");
    assert_eq!(plan["points"], Value::Null);
    assert_eq!(plan["max"], "0.25");
    let why = plan["explanation"].as_str().expect("explanation");
    assert!(
        why.contains("dòng/row 3, cột/column E (ngay_ban_hanh_ke_hoach)"),
        "{why}"
    );
    assert!(why.contains("'31/02/2024'"), "{why}");
    assert_eq!(b["total"], "0.70", "0.85 without the 0.15 of 1.1");
    assert_eq!(b["rank"], Value::Null, "a unit in error is not ranked");
    assert_eq!(b["problems"].as_array().expect("problems").len(), 1);

    // HUYEN-C: only 1.3 (which reads the count) is in error.
    let c = unit(&report, "HUYEN-C");
    assert_eq!(
        statuses(c),
        ["zero", "full", "error", "zero", "partial", "full", "full"]
    );
    assert_eq!(c["rank"], Value::Null);

    let err = &out.stderr;
    let file = path.display().to_string();
    let date_line = err
        .lines()
        .find(|l| l.contains("31/02/2024"))
        .unwrap_or_else(|| panic!("the bad date is reported:\n{err}"));
    assert!(date_line.contains(&file), "{date_line}");
    assert!(
        date_line.contains("dòng/row 3, cột/column E (ngay_ban_hanh_ke_hoach)"),
        "{date_line}"
    );
    assert!(date_line.contains("dd/mm/yyyy"), "{date_line}");
    let count_line = err
        .lines()
        .find(|l| l.contains("'abc'"))
        .unwrap_or_else(|| panic!("the bad count is reported:\n{err}"));
    assert!(count_line.contains(&file), "{count_line}");
    assert!(
        count_line.contains("dòng/row 4, cột/column G (so_cuoc_kiem_tra_ke_hoach)"),
        "{count_line}"
    );
    assert!(count_line.contains("số nguyên"), "{count_line}");
    assert!(
        err.contains("2 unit(s) with 2 result(s) in error; all other units were scored"),
        "{err}"
    );
}

#[test]
fn broken_cell_shows_as_unranked_in_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "SO-B", "ngay_ban_hanh_ke_hoach", "31/02/2024");
    let path = write_evidence(dir.path(), "broken.csv", &table, CsvStyle::PLAIN);
    let out = run(["score", "--evidence", arg(&path)]);
    out.expect_code(1);
    let rows = table_rows(&out.stdout, "Sở, ban, ngành (2 đơn vị)");
    let b = rows.iter().find(|r| r[1] == "SO-B").expect("SO-B row");
    assert_eq!(b[0], "lỗi");
    let a = rows.iter().find(|r| r[1] == "SO-A").expect("SO-A row");
    assert_eq!(a[0], "1");
    let block = lost_block(&out.stdout, "SO-B ");
    assert!(
        block
            .iter()
            .any(|l| l.trim_start().starts_with("- 1.1 ") && l.contains("[error]")),
        "{block:?}"
    );
}

#[test]
fn out_of_range_and_fractional_counts_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "SO-A", "so_cuoc_kiem_tra_thuc_hien", "-1");
    set_cell(&mut table, "XA-D", "so_ket_qua_da_xu_ly", "1,5");
    let path = write_evidence(dir.path(), "range.csv", &table, CsvStyle::EXCEL_VN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let report = out.json();
    assert_eq!(criterion(unit(&report, "SO-A"), "1.3")["status"], "error");
    assert_eq!(criterion(unit(&report, "SO-A"), "1.2")["status"], "full");
    assert_eq!(criterion(unit(&report, "XA-D"), "2.1")["status"], "error");
    assert!(
        out.stderr
            .contains("dòng/row 2, cột/column H (so_cuoc_kiem_tra_thuc_hien)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("below the minimum 0"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("dòng/row 5, cột/column L (so_ket_qua_da_xu_ly)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("'1,5'"), "{}", out.stderr);
}

#[test]
fn unknown_level_puts_the_whole_unit_in_error_and_scores_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "HUYEN-C", "cap", "tinh");
    let path = write_evidence(dir.path(), "level.csv", &table, CsvStyle::PLAIN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let report = out.json();
    assert_eq!(units(&report).len(), 5);
    let c = unit(&report, "HUYEN-C");
    assert_eq!(c["level"], Value::Null);
    assert_eq!(c["rank"], Value::Null);
    assert_eq!(statuses(c), ["error"; 7]);
    assert!(
        c["problems"][0]
            .as_str()
            .expect("problem")
            .contains("dòng/row 4, cột/column C (cap): cấp 'tinh' không hợp lệ"),
        "{}",
        c["problems"]
    );
    for id in ["SO-A", "SO-B", "XA-D", "XA-E"] {
        assert!(
            !statuses(unit(&report, id)).contains(&"error".to_string()),
            "{id}"
        );
    }
    assert_eq!(unit(&report, "SO-B")["rank"], 2);
    assert!(
        out.stderr
            .contains("invalid level 'tinh', expected so, huyen or xa"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("1 unit(s) with 7 result(s) in error"),
        "{}",
        out.stderr
    );
}

#[test]
fn duplicate_unit_id_errors_the_second_row_and_keeps_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    let mut copy = table[1].clone(); // SO-A again, as the last row (row 7)
    copy[1] = "Sở Tư pháp (bản sao)".into();
    table.push(copy);
    let path = write_evidence(dir.path(), "dup.csv", &table, CsvStyle::EXCEL_VN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let report = out.json();
    let both: Vec<&Value> = units(&report)
        .iter()
        .filter(|u| u["id"] == "SO-A")
        .collect();
    assert_eq!(both.len(), 2);
    assert_eq!(both[0]["row"], 2);
    assert_eq!(both[0]["rank"], 1);
    assert_eq!(statuses(both[0]), ["full"; 7]);
    assert_eq!(both[1]["row"], 7);
    assert_eq!(both[1]["name"], "Sở Tư pháp (bản sao)");
    assert_eq!(both[1]["rank"], Value::Null);
    assert_eq!(statuses(both[1]), ["error"; 7]);
    assert!(
        out.stderr.contains("dòng/row 7, cột/column A (ma_don_vi)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("duplicate unit id 'SO-A'"),
        "{}",
        out.stderr
    );
}

#[test]
fn row_with_extra_cells_is_reported_as_a_delimiter_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text =
        String::from_utf8(render_csv(&canonical_table(), CsvStyle::PLAIN)).expect("utf8");
    // An unquoted comma inside a name, as when a file is typed by hand.
    text.push_str("SO-F,Sở Văn hóa, Thể thao và Du lịch,so,2024,08/01/2024,Có,1,1,Có,25/11/2024,0,0,Không,,\n");
    let path = write_file(dir.path(), "shifted.csv", text);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(1);
    let report = out.json();
    assert_eq!(units(&report).len(), 6);
    assert_eq!(statuses(unit(&report, "SO-F")), ["error"; 7]);
    assert_eq!(unit(&report, "SO-A")["rank"], 1);
    assert!(
        out.stderr
            .contains("row has 16 cells but the header has 15 columns (check the delimiter)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("dòng/row 7"), "{}", out.stderr);
}

#[test]
fn missing_required_column_is_unusable_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = drop_column(&canonical_table(), "cap");
    let path = write_evidence(dir.path(), "nocap.csv", &table, CsvStyle::EXCEL_VN);
    let out = run(["score", "--evidence", arg(&path)]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains(&path.display().to_string()),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("missing required column(s) cap"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("thiếu cột bắt buộc cap"),
        "{}",
        out.stderr
    );
}

#[test]
fn missing_and_unknown_evidence_columns_are_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = drop_column(&canonical_table(), "dieu_tra_khao_sat");
    table[0].push("ghi_chu".into());
    for row in table.iter_mut().skip(1) {
        row.push("x".into());
    }
    let path = write_evidence(dir.path(), "cols.csv", &table, CsvStyle::PLAIN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    out.expect_code(0);
    assert!(
        out.stderr
            .contains("column 'dieu_tra_khao_sat' is missing: every unit lacks this evidence"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("column 15 'ghi_chu' is not an evidence field of this ruleset, ignored"),
        "{}",
        out.stderr
    );
    let report = out.json();
    assert_eq!(report["warnings"].as_array().expect("warnings").len(), 2);
    let a = unit(&report, "SO-A");
    assert_eq!(criterion(a, "1.4")["status"], "missing_evidence");
    assert_eq!(
        criterion(a, "1.4")["missing_evidence"][0]["field"],
        "dieu_tra_khao_sat"
    );
    assert_eq!(a["total"], "1.75");
    // Communes are unaffected: 1.4 does not apply to them.
    assert_eq!(unit(&report, "XA-E")["total"], "1.50");

    // The table prints the same warnings in its body instead.
    let table_out = run(["score", "--evidence", arg(&path)]);
    table_out.expect_code(0);
    assert!(
        table_out.stdout.contains("Cảnh báo / warning: ") && table_out.stdout.contains("'ghi_chu'"),
        "{}",
        table_out.stdout
    );
}

#[test]
fn non_utf8_evidence_is_unusable_input_naming_the_encoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = "ma_don_vi,ten_don_vi,cap,nam,thu_thap_thong_tin\n";
    for (name, row) in [
        ("invalid-sequence.csv", &b"SO-A,S\xC3\x28,so,2024,x\n"[..]),
        ("latin1.csv", &b"SO-A,So A,so,2024,C\xF3\n"[..]),
    ] {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend_from_slice(row);
        let path = write_file(dir.path(), name, bytes);
        for extra in [&[][..], &["--year", "2024"][..]] {
            let mut args = vec!["score", "--evidence", arg(&path)];
            args.extend_from_slice(extra);
            let out = run(args);
            out.expect_code(2);
            assert_eq!(out.stdout, "");
            assert!(
                out.stderr.contains(&path.display().to_string()),
                "{}",
                out.stderr
            );
            assert!(out.stderr.contains("file is not UTF-8"), "{}", out.stderr);
            assert!(
                out.stderr.contains("save it again as \"CSV UTF-8\""),
                "{}",
                out.stderr
            );
            assert!(out.stderr.contains("Windows-1258"), "{}", out.stderr);
        }
    }
}

#[test]
fn empty_unreadable_and_mixed_year_files_are_unusable_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = write_file(dir.path(), "empty.csv", "\u{feff}\r\n");
    let out = run(["score", "--evidence", arg(&empty), "--year", "2024"]);
    out.expect_code(2);
    assert!(out.stderr.contains("the file is empty"), "{}", out.stderr);

    let absent = dir.path().join("absent.csv");
    let out = run(["score", "--evidence", arg(&absent), "--year", "2024"]);
    out.expect_code(2);
    assert!(out.stderr.contains("cannot access"), "{}", out.stderr);
    assert!(out.stderr.contains("absent.csv"), "{}", out.stderr);

    let mut table = canonical_table();
    set_cell(&mut table, "XA-D", "nam", "2023");
    let mixed = write_evidence(dir.path(), "mixed.csv", &table, CsvStyle::PLAIN);
    let out = run(["score", "--evidence", arg(&mixed)]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("the 'nam' column mixes years (2024 and 2023 at row 5)"),
        "{}",
        out.stderr
    );

    let plain = write_evidence(dir.path(), "plain.csv", &canonical_table(), CsvStyle::PLAIN);
    let out = run(["score", "--evidence", arg(&plain), "--year", "2023"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("the file's 'nam' column says 2024, not 2023"),
        "{}",
        out.stderr
    );
}

#[test]
fn iso_date_with_an_impossible_day_is_rejected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(&mut table, "SO-A", "ngay_ban_hanh_ke_hoach", "2024-01-257");
    set_cell(&mut table, "SO-B", "ngay_gui_bao_cao_nam", "2024-12-286");
    let path = write_evidence(dir.path(), "iso.csv", &table, CsvStyle::PLAIN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    let report = out.json();
    assert_eq!(criterion(unit(&report, "SO-A"), "1.1")["status"], "error");
    assert_eq!(criterion(unit(&report, "SO-B"), "1.5")["status"], "error");
    assert!(out.stderr.contains("'2024-01-257'"), "{}", out.stderr);
    assert!(out.stderr.contains("'2024-12-286'"), "{}", out.stderr);
    out.expect_code(1);
}

#[test]
fn duplicate_column_header_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    // A second 'thu_thap_thong_tin' column (as after pasting a column twice) that disagrees.
    table[0].push("thu_thap_thong_tin".into());
    for row in table.iter_mut().skip(1) {
        row.push("Không".into());
    }
    let path = write_evidence(dir.path(), "twice.csv", &table, CsvStyle::PLAIN);
    let out = run(["score", "--format", "json", "--evidence", arg(&path)]);
    assert!(
        out.stderr.contains("thu_thap_thong_tin"),
        "the duplicated column is named on stderr (warning or error); stderr:\n{}",
        out.stderr
    );
}

#[test]
fn report_cells_are_safe_for_spreadsheets_and_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    set_cell(
        &mut table,
        "SO-A",
        "ten_don_vi",
        "=HYPERLINK(\"http://x\",\"Sở\")",
    );
    set_cell(&mut table, "SO-B", "ten_don_vi", "Sở A | Sở B");
    let path = write_evidence(dir.path(), "names.csv", &table, CsvStyle::EXCEL_VN);

    let json = run(["score", "--format", "json", "--evidence", arg(&path)])
        .expect_code(0)
        .json();
    assert_eq!(
        unit(&json, "SO-A")["name"],
        "=HYPERLINK(\"http://x\",\"Sở\")",
        "JSON keeps the name as written"
    );

    let csv_out = run(["score", "--format", "csv", "--evidence", arg(&path)]);
    csv_out.expect_code(0);
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[1].to_string())
        .collect();
    assert_eq!(names.len(), 5 * 7);
    assert!(
        names[..7]
            .iter()
            .all(|n| n == "'=HYPERLINK(\"http://x\",\"Sở\")"),
        "a formula is neutralised in every row: {names:?}"
    );
    assert_eq!(names[7], "Sở A | Sở B");

    let md = run(["score", "--format", "md", "--evidence", arg(&path)]);
    md.expect_code(0);
    assert!(
        md.stdout
            .lines()
            .any(|l| l == "| 2 | SO-B | Sở A \\| Sở B | 0,85 | 2,00 | 42,50 |"),
        "{}",
        md.stdout
    );
}

#[test]
fn evidence_without_units_is_not_a_clean_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header_only = vec![canonical_table()[0].clone()];
    let path = write_evidence(
        dir.path(),
        "header-only.csv",
        &header_only,
        CsvStyle::EXCEL_VN,
    );
    let out = run(["score", "--evidence", arg(&path), "--year", "2024"]);
    assert!(
        !out.stdout.contains("mọi đơn vị đạt tối đa"),
        "claims every unit is at full marks with no units: {}",
        out.stdout
    );
    assert_ne!(out.code, 0, "no unit was scored; stderr: {}", out.stderr);
}

// ---------------------------------------------------------------------------
// 5. Rule files that do not load
// ---------------------------------------------------------------------------

const PLAN: &str = "1-hoat-dong/1.1-ke-hoach.toml";

/// Scores the sample with a copied ruleset after `edit`; returns the run and the file edited.
/// The temporary directory is returned so it outlives the checks.
fn score_with_edited_rules(
    edit: impl FnOnce(&std::path::Path) -> usize,
) -> (tempfile::TempDir, Run, std::path::PathBuf, usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, PLAN);
    let line = edit(&file);
    let out = run(["score", "--rules", arg(&rules), "--evidence", SAMPLE]);
    (dir, out, file, line)
}

#[test]
fn float_points_stop_the_run_with_a_pointed_diagnostic() {
    let (_dir, out, file, line) = score_with_edited_rules(|f| {
        replace_once(
            f,
            "key = \"cham_den_10_ngay\"\npoints = \"0.15\"",
            "key = \"cham_den_10_ngay\"\npoints = 0.15",
        ) + 1
    });
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("error[value/points-not-string]"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("{}:{line}:10", file.display())),
        "points = 0.15 at line {line}, column 10:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("{line} | points = 0.15")),
        "{}",
        out.stderr
    );
}

#[test]
fn toml_syntax_error_stops_the_run_with_a_pointed_diagnostic() {
    let (_dir, out, file, line) = score_with_edited_rules(|f| {
        replace_once(
            f,
            "title = \"Ban hành Kế hoạch theo dõi",
            "title = Ban hành Kế hoạch theo dõi",
        )
    });
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("error[toml/invalid]"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("1.1-ke-hoach.toml:{line}:")),
        "line {line}:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&file.display().to_string()),
        "{}",
        out.stderr
    );
}

#[test]
fn script_with_undeclared_variable_stops_the_run_with_a_pointed_diagnostic() {
    let (_dir, out, file, line) = score_with_edited_rules(|f| {
        replace_once(
            f,
            "days_between(params.han_ke_hoach, ngay_ban_hanh_ke_hoach)",
            "days_between(params.han_ke_hoach, ngay_ban_hanh)",
        )
    });
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("error[script/undeclared-variable]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("ngay_ban_hanh"), "{}", out.stderr);
    let text = std::fs::read_to_string(&file).expect("read");
    let column = text
        .lines()
        .nth(line - 1)
        .expect("line")
        .find("ngay_ban_hanh)")
        .expect("col")
        + 1;
    assert!(
        out.stderr
            .contains(&format!("{}:{line}:{column}", file.display())),
        "line {line}, column {column}:\n{}",
        out.stderr
    );
}

#[test]
fn broken_ruleset_header_stops_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let header = rules.join("ruleset.toml");
    // An unterminated string on the `id` line.
    let line = replace_once(
        &header,
        "id = \"tdthpl-2020-2024\"",
        "id = \"tdthpl-2020-2024",
    );
    let out = run(["score", "--rules", arg(&rules), "--evidence", SAMPLE]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("error[toml/invalid]"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("{}:{line}:", header.display())),
        "line {line}:\n{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("{line} | id = \"tdthpl-2020-2024")),
        "{}",
        out.stderr
    );
}

#[test]
fn copied_ruleset_has_the_same_fingerprint_and_any_byte_changes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let shipped = sample_json();
    let score = |rules: &std::path::Path| {
        run([
            "score",
            "--format",
            "json",
            "--rules",
            arg(rules),
            "--evidence",
            SAMPLE,
        ])
        .expect_code(0)
        .json()
    };
    let copied = score(&rules);
    assert_eq!(
        copied["ruleset"]["fingerprint"],
        shipped["ruleset"]["fingerprint"]
    );
    assert_eq!(copied["units"], shipped["units"]);

    let file = rule_file(&rules, PLAN);
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str("# một dòng chú thích\n");
    std::fs::write(&file, text).expect("write");
    let commented = score(&rules);
    assert_ne!(
        commented["ruleset"]["fingerprint"],
        shipped["ruleset"]["fingerprint"]
    );
    assert_eq!(
        commented["units"], shipped["units"],
        "a comment changes no score"
    );
}

// ---------------------------------------------------------------------------
// 6. A script that never ends is stopped by the sandbox
// ---------------------------------------------------------------------------

#[test]
fn endless_loop_is_stopped_and_only_that_criterion_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = copy_ruleset(dir.path());
    let file = rule_file(&rules, PLAN);
    let line = replace_once(
        &file,
        "if is_missing(ngay_ban_hanh_ke_hoach) {\n    \"khong_ban_hanh\"",
        "loop { }\nif is_missing(ngay_ban_hanh_ke_hoach) {\n    \"khong_ban_hanh\"",
    );
    let started = Instant::now();
    let out = run_cmd(
        cchc()
            .args([
                "score",
                "--format",
                "json",
                "--rules",
                arg(&rules),
                "--evidence",
                SAMPLE,
            ])
            .timeout(Duration::from_secs(10)),
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    out.expect_code(1);
    assert!(
        out.stderr
            .contains("43 unit(s) with 43 result(s) in error; all other units were scored"),
        "{}",
        out.stderr
    );
    let report = out.json();
    assert_eq!(units(&report).len(), 43);
    for u in units(&report) {
        let plan = criterion(u, "1.1");
        assert_eq!(plan["status"], "error", "{}", u["id"]);
        assert_eq!(plan["points"], Value::Null);
        let why = plan["explanation"].as_str().expect("explanation");
        assert!(why.contains("giới hạn"), "{why}");
        assert!(why.contains("Too many operations"), "{why}");
        assert!(
            why.contains(&format!("1.1-ke-hoach.toml:{line}:")),
            "points at the loop, line {line}: {why}"
        );
        assert_eq!(u["rank"], Value::Null);
        let others = &statuses(u)[1..];
        assert!(
            !others.contains(&"error".to_string()),
            "{}: {others:?}",
            u["id"]
        );
    }
    // Everything else is scored as usual: SO-STP keeps its other 1,75 points.
    let stp = unit(&report, "SO-STP");
    assert_eq!(
        (&stp["total"], &stp["max"]),
        (&Value::from("1.75"), &Value::from("2.00"))
    );
}

// ---------------------------------------------------------------------------
// 8. Choosing the ruleset by assessment year
// ---------------------------------------------------------------------------

#[test]
fn year_2016_is_governed_by_no_ruleset() {
    let out = run(["score", "--year", "2016"]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("no ruleset in rules governs assessment year 2016 (available: "),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("tdthpl-2020-2024 2020–2024"),
        "{}",
        out.stderr
    );
}

#[test]
fn governed_year_without_sample_data_asks_for_evidence() {
    let out = run(["score", "--year", "2022"]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("no sample evidence data/tinh-mau/2022.csv for 2022: pass --evidence"),
        "{}",
        out.stderr
    );
}

#[test]
fn year_no_ruleset_governs_is_unusable_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = drop_column(&canonical_table(), "nam");
    let path = write_evidence(dir.path(), "noyear.csv", &table, CsvStyle::PLAIN);
    for year in ["2016", "1999"] {
        let out = run(["score", "--evidence", arg(&path), "--year", year]);
        out.expect_code(2);
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr.contains(&format!(
                "no ruleset in rules governs assessment year {year} (available: "
            )),
            "{year}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("tdthpl-2020-2024 2020–2024"),
            "the available rulesets are listed: {}",
            out.stderr
        );
    }
    for year in ["2020", "2024"] {
        let out = run([
            "score",
            "--format",
            "json",
            "--evidence",
            arg(&path),
            "--year",
            year,
        ]);
        // The file's dates are of 2024: scored as 2020 they are implausible (issue #13),
        // reported per cell, and the run exits 1 after writing the report.
        let implausible = year == "2020";
        out.expect_code(if implausible { 1 } else { 0 });
        assert_eq!(
            out.stderr.contains("giá trị không hợp lý"),
            implausible,
            "{year}: {}",
            out.stderr
        );
        let report = out.json();
        assert_eq!(report["ruleset"]["id"], "tdthpl-2020-2024", "{year}");
        assert_eq!(report["year"], year.parse::<i64>().expect("year"));
    }
}

#[test]
fn year_2024_picks_the_2020_2024_ruleset_like_the_default() {
    let explicit = run(["score", "--format", "json", "--year", "2024"]);
    explicit.expect_code(0);
    let report = explicit.json();
    assert_eq!(report["ruleset"]["id"], "tdthpl-2020-2024");
    assert_eq!(report["year"], 2024);
    assert_eq!(report["evidence"]["file"], SAMPLE);
    assert_eq!(
        explicit.stdout,
        run(["score", "--format", "json", "--evidence", SAMPLE]).stdout
    );
    let direct = run([
        "score",
        "--format",
        "json",
        "--rules",
        SHIPPED_RULESET,
        "--year",
        "2024",
    ]);
    direct.expect_code(0);
    assert_eq!(
        direct.stdout, explicit.stdout,
        "a ruleset dir or the rules root"
    );
}

/// A rules root holding the shipped ruleset and a copy relabelled `id` for `years`.
fn two_rulesets(years: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_ruleset(dir.path());
    let other = dir.path().join("thu-nghiem");
    copy_dir(&repo_path(SHIPPED_RULESET), &other);
    let header = other.join("ruleset.toml");
    replace_once(&header, "id = \"tdthpl-2020-2024\"", "id = \"thu-nghiem\"");
    replace_once(&header, "years = [2020, 2024]", &format!("years = {years}"));
    dir
}

#[test]
fn the_ruleset_is_chosen_by_the_assessment_year() {
    let root = two_rulesets("[2025]");
    let dir = tempfile::tempdir().expect("tempdir");
    // The same units one year later: every date and the 'nam' column moved to 2025.
    let table = restyle(&canonical_table(), |name, _, cell| {
        if name == "nam" || DATE_COLUMNS.contains(&name) {
            cell.replace("2024", "2025")
        } else {
            cell.into()
        }
    });
    let evidence_2025 = write_evidence(dir.path(), "2025.csv", &table, CsvStyle::PLAIN);
    let evidence_2024 = write_evidence(dir.path(), "2024.csv", &canonical_table(), CsvStyle::PLAIN);

    let score = |path: &std::path::Path| {
        run([
            "score",
            "--format",
            "json",
            "--rules",
            arg(root.path()),
            "--evidence",
            arg(path),
        ])
        .expect_code(0)
        .json()
    };
    let r2024 = score(&evidence_2024);
    assert_eq!(r2024["ruleset"]["id"], "tdthpl-2020-2024");
    assert_eq!(r2024["year"], 2024);
    let r2025 = score(&evidence_2025);
    assert_eq!(r2025["ruleset"]["id"], "thu-nghiem");
    assert_eq!(r2025["ruleset"]["years"], "2025–");
    assert_eq!(r2025["year"], 2025);
    assert_ne!(
        r2025["ruleset"]["fingerprint"],
        r2024["ruleset"]["fingerprint"]
    );
    // Deadlines follow the assessment year: the same days late, the same scores.
    assert_eq!(r2025["units"], r2024["units"]);
    assert_eq!(r2024["units"][1]["total"], "0.85");
}

#[test]
fn overlapping_rulesets_are_unusable_input() {
    let root = two_rulesets("[2024, 2025]");
    let out = run(["score", "--rules", arg(root.path()), "--evidence", SAMPLE]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("several rulesets govern 2024"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("thu-nghiem 2024–2025"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("tdthpl-2020-2024 2020–2024"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------
// 9. Determinism
// ---------------------------------------------------------------------------

#[test]
fn same_inputs_give_byte_identical_reports() {
    for format in ["json", "csv", "md", "table"] {
        let first = run(["score", "--format", format, "--evidence", SAMPLE]);
        first.expect_code(0);
        let second = run(["score", "--format", format, "--evidence", SAMPLE]);
        second.expect_code(0);
        assert!(!first.stdout.is_empty());
        assert_eq!(first.stdout, second.stdout, "{format}");
        assert_eq!(first.stderr, second.stderr, "{format}");
    }
}
