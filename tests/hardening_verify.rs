//! Issue #13, class 9: `verify` and `compare` tell the truth. A report with a unit
//! or criterion written twice is a mismatch, not "reformatted"; `score --unit`
//! keeps the unit's rank in the whole province and `verify` checks such an
//! extract; `compare` checks a self-score against the unit's own level, marks
//! unreadable scores invalid instead of 0 and accounts for every row; a unit that
//! answered "Không" is not asked for a document.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(
        path,
        serde_json::to_string_pretty(value).expect("JSON") + "\n",
    )
    .expect("write");
}

// ---------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------

#[test]
fn a_unit_appended_twice_is_a_mismatch_not_a_reformatting() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = publish(tmp.path(), "2024.json", &[]);
    let mut value = read_json(&report);
    let units = value["units"].as_array_mut().expect("units");
    let first = units[0].clone();
    units.push(first);
    write_json(&report, &value);
    let out = run(["verify", arg(&report)]);
    out.expect_code(1);
    assert!(!out.stdout.contains("KHÁC BYTE"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("KHÔNG KHỚP: 1 chỗ khác / MISMATCH: 1 difference(s)")
            && out
                .stdout
                .contains("  units[SO-STP] (lần 2 / occurrence 2): {\"id\":\"SO-STP\""),
        "{}",
        out.stdout
    );
}

#[test]
fn a_criterion_written_twice_is_a_mismatch() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = publish(tmp.path(), "2024.json", &[]);
    let mut value = read_json(&report);
    let criteria = value["units"][4]["criteria"]
        .as_array_mut()
        .expect("criteria");
    let first = criteria[0].clone();
    criteria.insert(1, first);
    let id = value["units"][4]["id"].as_str().expect("id").to_string();
    write_json(&report, &value);
    let out = run(["verify", arg(&report)]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("MISMATCH: 1 difference(s)")
            && out.stdout.contains(&format!(
                "  units[{id}].criteria[1.1] (lần 2 / occurrence 2): "
            )),
        "{}",
        out.stdout
    );
}

#[test]
fn a_key_written_twice_is_a_mismatch_while_reordered_keys_are_a_reformatting() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = publish(tmp.path(), "2024.json", &[]);
    let text = std::fs::read_to_string(&report).expect("read");
    // The same total written twice: serde_json alone keeps the last one.
    let twice = text.replacen(
        "\"total\": \"2.00\",",
        "\"total\": \"2.00\", \"total\": \"2.00\",",
        1,
    );
    assert_ne!(twice, text);
    let doubled = write_file(tmp.path(), "twice.json", &twice);
    let out = run(["verify", arg(&doubled)]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("MISMATCH: 1 difference(s)")
            && out.stdout.contains(
                "  units[0].total (khóa lặp / duplicated key): ghi nhiều lần / written more than once → một lần / once"
            ),
        "{}",
        out.stdout
    );
    // Keys in another order are the same JSON object: reformatted, still exit 1.
    let reordered = text.replacen(
        "\"cchc_version\": \"0.1.0\",\n  \"ruleset\"",
        "\"ruleset\"",
        1,
    );
    let reordered = reordered.replacen(
        "\n  \"year\": 2024,",
        "\n  \"year\": 2024,\n  \"cchc_version\": \"0.1.0\",",
        1,
    );
    assert_ne!(reordered, text);
    let moved = write_file(tmp.path(), "moved.json", &reordered);
    let out = run(["verify", arg(&moved)]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("KHÁC BYTE: nội dung giống nhau nhưng tệp đã bị định dạng lại / BYTES DIFFER: same content, but the file was reformatted (43 đơn vị / units)"),
        "{}",
        out.stdout
    );
}

#[test]
fn verify_checks_a_single_unit_extract_against_the_whole_province() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = publish(tmp.path(), "sgtvt.json", &["--unit", "SO-SGTVT"]);
    let out = run(["verify", arg(&report)]);
    out.expect_code(0);
    assert!(
        out.stdout.contains("MATCH: the report is byte-identical to a fresh scoring (trích một đơn vị SO-SGTVT trong 43 đơn vị của tỉnh / single-unit extract of SO-SGTVT, out of the province's 43 units)"),
        "{}",
        out.stdout
    );
    // An edited extract: exactly the edit, not 43 differences.
    let mut value = read_json(&report);
    value["units"][0]["rank"] = 1.into();
    write_json(&report, &value);
    let out = run(["verify", arg(&report)]);
    out.expect_code(1);
    assert!(
        out.stdout
            .contains("MISMATCH: 1 difference(s) (công bố → chấm lại / published → recomputed)\n  units[SO-SGTVT].rank: 1 → 14\n"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------
// score --unit: the rank within the whole province
// ---------------------------------------------------------------------------

fn unit_report(format: &str) -> String {
    let out = run([
        "score", "--year", "2024", "--unit", "SO-SGTVT", "--format", format,
    ]);
    out.expect_code(0);
    out.stdout.clone()
}

#[test]
fn a_unit_scored_alone_keeps_its_province_rank_in_every_format() {
    for format in ["table", "md", "html"] {
        let text = unit_report(format);
        assert!(text.contains("hạng 14/20"), "{format}:\n{text}");
        assert!(!text.contains("hạng 1/1"), "{format}:\n{text}");
    }
    assert!(unit_report("table").contains(
        "SO-SGTVT Sở Giao thông vận tải: 1,65/2,00 điểm (82,50%), hạng 14/20 trong cấp so\n"
    ));
    assert!(unit_report("md").contains("## Sở, ban, ngành (trích 1 trong 20 đơn vị)"));

    let wide = unit_report("wide");
    let row = wide.lines().nth(1).expect("a row");
    assert!(
        row.starts_with("SO-SGTVT,") && row.ends_with(",82.50,14"),
        "{wide}"
    );
    let csv = unit_report("csv");
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let rank_col = header.iter().position(|h| *h == "hang").expect("hang");
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        assert_eq!(&record.expect("row")[rank_col], "14");
    }

    let json: Value = serde_json::from_str(&unit_report("json")).expect("JSON");
    assert_eq!(json["units"][0]["rank"], 14);
    assert_eq!(json["unit_filter"]["unit"], "SO-SGTVT");
    assert_eq!(json["unit_filter"]["level_units"], 20);
    assert_eq!(json["unit_filter"]["province_units"], 43);

    let tmp = tempfile::tempdir().expect("tempdir");
    let xlsx = tmp.path().join("sgtvt.xlsx");
    run([
        "score",
        "--year",
        "2024",
        "--unit",
        "SO-SGTVT",
        "--format",
        "xlsx",
        "-o",
        arg(&xlsx),
    ])
    .expect_code(0);
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("workbook");
    let sheet = book.worksheet_range("Tổng hợp").expect("summary sheet");
    let cells: Vec<String> = sheet
        .rows()
        .flat_map(|r| {
            r.iter().map(|c| match c {
                Data::String(s) => s.clone(),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                _ => String::new(),
            })
        })
        .collect();
    assert!(
        cells.iter().any(|c| c.contains("hạng 14/20 trong cấp so")),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == "14"), "the rank cell: {cells:?}");
}

// ---------------------------------------------------------------------------
// compare
// ---------------------------------------------------------------------------

fn self_file(dir: &Path, rows: &[&str]) -> PathBuf {
    let mut text = String::from("ma_don_vi;tieu_chi;diem_tu_cham;giai_trinh\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    write_file(dir, "tu-cham.csv", text)
}

fn compare_json(self_path: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "compare",
        "--self",
        arg(self_path),
        "--year",
        "2024",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    run(args)
}

#[test]
fn an_overlay_self_score_is_checked_against_the_units_own_level() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Bình Dương: 1.2 is 0,20 for a sở and 0,35 for a xã; 1.4 does not apply to a xã.
    let path = self_file(
        tmp.path(),
        &[
            "SO-STP;1.2;0,30;",
            "SO-STP;1.3;0,20;",
            "XA-XAP;1.2;0,36;",
            "XA-XAP;1.3;0,30;",
            "XA-XAP;1.4;0,25;",
        ],
    );
    let out = compare_json(&path, &["--overlay", BINH_DUONG]);
    out.expect_code(1);
    let file = arg(&path);
    for (row, what) in [
        (
            2,
            "điểm tự chấm 0,30 nằm ngoài 0–0,20 của tiêu chí 1.2 ở cấp so / self-score 0.30 is outside 0–0.20 for criterion 1.2 at level so",
        ),
        (
            4,
            "điểm tự chấm 0,36 nằm ngoài 0–0,35 của tiêu chí 1.2 ở cấp xa / self-score 0.36 is outside 0–0.35 for criterion 1.2 at level xa",
        ),
    ] {
        let line = format!(
            "lỗi điểm tự chấm / self-score error: {file}, dòng/row {row}, cột/column C (diem_tu_cham): {what}"
        );
        assert!(
            out.stderr.lines().any(|l| l == line),
            "{line}\nin:\n{}",
            out.stderr
        );
    }
    let note = format!(
        "lưu ý điểm tự chấm / self-score note: {file}, dòng/row 6, cột/column C (diem_tu_cham): tiêu chí 1.4 không áp dụng cho cấp xa: điểm tự chấm 0,25 không được tính / criterion 1.4 does not apply to level xa: the self-score is not counted"
    );
    assert!(
        out.stderr.lines().any(|l| l == note),
        "{note}\nin:\n{}",
        out.stderr
    );
    assert!(!out.stderr.contains("nằm ngoài 0–0,25"), "{}", out.stderr);
    let report = out.json();
    let stp = unit(&report, "SO-STP");
    assert_eq!(criterion(stp, "1.2")["self_claim"], "invalid");
    assert_eq!(criterion(stp, "1.2")["self"], Value::Null);
    assert_eq!(criterion(stp, "1.3")["self_claim"], "counted");
    let xap = unit(&report, "XA-XAP");
    assert_eq!(
        criterion(xap, "1.3")["self"],
        "0.30",
        "0,30 is within a xã's 0,30"
    );
    assert_eq!(criterion(xap, "1.4")["self_claim"], "not_applicable");
    assert_eq!(criterion(xap, "1.4")["difference"], Value::Null);
    assert!(strings(&xap["cut"]).iter().all(|c| c != "1.4"), "not a cut");
}

#[test]
fn a_self_score_on_an_exempted_criterion_is_not_applicable_not_a_cut() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = self_file(tmp.path(), &["SO-BQLKCN;1.4;0,25;"]);
    let out = compare_json(&path, &["--overlay", "rules/overlays/tinh-mau-2024.toml"]);
    out.expect_code(0);
    assert!(
        out.stderr.contains("tiêu chí 1.4 không áp dụng cho đơn vị SO-BQLKCN (được miễn): điểm tự chấm 0,25 không được tính"),
        "{}",
        out.stderr
    );
    let report = out.json();
    let unit = unit(&report, "SO-BQLKCN");
    assert_eq!(criterion(unit, "1.4")["self_claim"], "not_applicable");
    assert!(strings(&unit["cut"]).is_empty());
    assert_eq!(strings(&unit["not_applicable_self_scores"]), ["1.4"]);
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// Every criterion of SO-STP self-scored 0,25/0,50 (what it earns), with one
/// cell replaced.
fn stp_rows(bad_criterion: &str, bad: &str) -> Vec<String> {
    CRITERIA
        .iter()
        .map(|c| {
            let points = if *c == bad_criterion {
                bad
            } else if *c == "2.1" {
                "0,50"
            } else {
                "0,25"
            };
            format!("SO-STP;{c};{points};")
        })
        .collect()
}

#[test]
fn an_unreadable_self_score_is_an_invalid_row_never_a_zero_with_a_difference() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for bad in [
        "1e9",
        "NaN",
        "inf",
        "0,2500000000000000000000000000001",
        "đủ",
    ] {
        let rows = stp_rows("1.1", bad);
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let path = self_file(tmp.path(), &rows);
        let out = compare_json(&path, &[]);
        out.expect_code(1);
        let report = out.json();
        let stp = unit(&report, "SO-STP");
        let c = criterion(stp, "1.1");
        assert_eq!(
            (&c["self"], &c["difference"], &c["self_claim"]),
            (&Value::Null, &Value::Null, &Value::from("invalid")),
            "{bad}"
        );
        assert!(
            c["self_problem"]
                .as_str()
                .is_some_and(|p| p.contains("dòng/row 2, cột/column C (diem_tu_cham)")),
            "{bad}: {c}"
        );
        // The total leaves 1.1 out and says so: no invented difference.
        assert_eq!(stp["self_total"], "1.75", "{bad}");
        assert_eq!(stp["self_total_complete"], false, "{bad}");
        assert_eq!(stp["difference"], Value::Null, "{bad}");
        assert_eq!(strings(&stp["invalid_self_scores"]), ["1.1"], "{bad}");
        assert!(strings(&stp["cut"]).is_empty(), "{bad}");
    }
    // A unit that self-scored nothing has no self total and no difference.
    let rows = stp_rows("none", "");
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let report = compare_json(&self_file(tmp.path(), &rows), &[])
        .expect_code(0)
        .json();
    assert_eq!(unit(&report, "SO-STP")["difference"], "0.00");
    let sct = unit(&report, "SO-SCT");
    assert_eq!(
        (&sct["self_total"], &sct["difference"]),
        (&Value::Null, &Value::Null)
    );
}

#[test]
fn the_summary_accounts_for_every_row_of_the_self_score_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = self_file(
        tmp.path(),
        &[
            "SO-STP;1.1;0,25;",
            "SO-STP;1.2;NaN;",
            "XA-XAP;1.4;0,25;",
            "SO-KHONG-CO;1.1;0,25;",
            "SO-STP;9.9;0,25;",
            "SO-STP;1.1;0,25;",
        ],
    );
    let out = compare_json(&path, &[]);
    out.expect_code(1);
    let rows = &out.json()["self_scores"]["rows"];
    assert_eq!(
        [
            &rows["total"],
            &rows["counted"],
            &rows["invalid"],
            &rows["not_applicable"],
            &rows["unmatched_unit"],
            &rows["rejected"]
        ],
        [6, 1, 1, 1, 1, 2].map(Value::from).each_ref()
    );
    let table = run(["compare", "--self", arg(&path), "--year", "2024"]);
    assert!(
        table.stdout.contains("Tệp tự chấm: 6 dòng = 1 tính vào tổng + 1 không hợp lệ (không tính) + 1 tiêu chí không áp dụng (không tính) + 1 của đơn vị không có trong minh chứng + 2 dòng lỗi khác"),
        "{}",
        table.stdout
    );
    let stp = table
        .stdout
        .lines()
        .find(|l| l.starts_with("SO-STP  "))
        .expect("SO-STP's summary row");
    let cells: Vec<&str> = stp.split_whitespace().collect();
    assert_eq!(
        cells[cells.len() - 5..cells.len() - 2],
        ["0,25", "2,00", "?"],
        "{stp}"
    );
}

// ---------------------------------------------------------------------------
// documents: asked for only where the answer needs one
// ---------------------------------------------------------------------------

#[test]
fn an_answer_of_khong_is_not_asked_for_a_document() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut table = canonical_table();
    // Document columns for the request, all blank: HUYEN-C and XA-E answered
    // "Không" (no request received), SO-A "Có".
    for name in ["co_yeu_cau_xu_ly__so_hieu", "co_yeu_cau_xu_ly__ngay"] {
        for (i, row) in table.iter_mut().enumerate() {
            row.push(if i == 0 {
                name.to_string()
            } else {
                String::new()
            });
        }
    }
    let evidence = write_evidence(tmp.path(), "e.csv", &table, CsvStyle::EXCEL_VN);
    let report = run(["score", "--evidence", arg(&evidence), "--format", "json"])
        .expect_code(0)
        .json();
    let asked = |id: &str| {
        criterion(unit(&report, id), "2.2")["explanation"]
            .as_str()
            .expect("explanation")
            .contains("Thiếu Văn bản yêu cầu xử lý")
    };
    assert!(!asked("HUYEN-C") && !asked("XA-E"), "{report}");
    assert!(asked("SO-A"), "a request received still needs its document");

    let check = run(["score", "--evidence", arg(&evidence), "--unit", "HUYEN-C"]);
    assert!(
        !check.stdout.contains("Văn bản yêu cầu xử lý"),
        "{}",
        check.stdout
    );

    let path = self_file(tmp.path(), &["HUYEN-C;2.2;0,25;", "SO-A;2.2;0,25;"]);
    let report = run([
        "compare",
        "--self",
        arg(&path),
        "--evidence",
        arg(&evidence),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(
        criterion(unit(&report, "HUYEN-C"), "2.2")["lacks_evidence"],
        false
    );
    assert!(!strings(&unit(&report, "HUYEN-C")["unexplained"]).contains(&"2.2".to_string()));
    assert_eq!(
        criterion(unit(&report, "SO-A"), "2.2")["lacks_evidence"],
        true
    );
}

// ---------------------------------------------------------------------------
// round 2: hostile report text, types, self-score identity and headers
// ---------------------------------------------------------------------------

/// Controls no output may hold raw (the line feed that ends a line aside).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn a_hostile_report_cannot_drive_the_terminal_or_forge_a_verdict_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = publish(tmp.path(), "2024.json", &[]);
    let mut value = read_json(&report);
    let first = &mut value["units"][0];
    first["id"] = Value::from("SO-STP\u{1b}[31m\u{7}");
    first["name"] = Value::from("N\u{1b}]0;pwn\u{7}\nKHỚP: forged verdict");
    first["criteria"][0]["points"] = Value::from("0.2\u{1b}[2J5\u{202e}");
    value["ruleset"]["evil\u{1b}[1m"] = Value::from("\u{9b}31m\r\nKHỚP: forged");
    value["cchc_version"] = Value::from("0.1\u{1b}[5m");
    write_json(&report, &value);
    let out = run(["verify", arg(&report)]);
    out.expect_code(1);
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let bad = raw_controls(text);
        assert!(bad.is_empty(), "{stream} holds {bad:?}\n{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("KHỚP")),
            "{stream}: a forged verdict\n{text}"
        );
    }
    assert!(
        out.stdout
            .contains("ruleset.evil\\u{1b}[1m: \\u{9b}31m KHỚP: forged"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_number_where_the_report_writes_a_string_is_shown_as_such() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = publish(tmp.path(), "2024.json", &[]);
    let mut value = read_json(&report);
    value["units"][0]["rank"] = Value::from("1");
    value["units"][0]["total"] = Value::from(2.0);
    write_json(&report, &value);
    let out = run(["verify", arg(&report)]);
    out.expect_code(1);
    assert!(out.stdout.contains("].rank: \"1\" → 1"), "{}", out.stdout);
    assert!(
        out.stdout.contains("].total: 2.0 → \"2.00\""),
        "{}",
        out.stdout
    );
}

#[test]
fn self_score_ids_have_one_identity_and_two_different_scores_are_invalid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut rows = stp_rows("none", "");
    // 1.1 written with a zero-width space in the id and an NBSP after the criterion.
    rows[0] = "SO-STP\u{200b};1.1\u{a0};0,25;".to_string();
    // 1.2 twice, with two different scores: neither is the unit's word.
    rows.push("SO-STP;1.2;0,00;".to_string());
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let out = compare_json(&self_file(tmp.path(), &rows), &[]);
    out.expect_code(1);
    let report = out.json();
    let stp = unit(&report, "SO-STP");
    assert_eq!(criterion(stp, "1.1")["self"], "0.25", "{stp}");
    let c = criterion(stp, "1.2");
    assert_eq!(
        (&c["self"], &c["self_claim"]),
        (&Value::Null, &Value::from("invalid")),
        "{c}"
    );
    assert!(
        c["self_problem"]
            .as_str()
            .is_some_and(|p| p
                .contains("self-scored twice with different points ('0,25' row 3, '0,00' row 9)")),
        "{c}"
    );
    assert_eq!(stp["self_total_complete"], false, "{stp}");
    assert!(
        !out.stderr
            .contains("is self-scored but not in the evidence"),
        "{}",
        out.stderr
    );
    // The same score twice is one problem row, the score kept.
    let mut rows = stp_rows("none", "");
    rows.push("SO-STP;1.2;0.25;".to_string());
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let report = compare_json(&self_file(tmp.path(), &rows), &[])
        .expect_code(1)
        .json();
    assert_eq!(criterion(unit(&report, "SO-STP"), "1.2")["self"], "0.25");
}

#[test]
fn self_score_headers_match_loosely_with_a_warning() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let exact = {
        let rows = stp_rows("none", "");
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        compare_json(&self_file(tmp.path(), &rows), &[]).json()
    };
    for header in [
        "Ma_Don_Vi;Tieu_Chi;Diem_Tu_Cham;Giai_Trinh",
        "Mã đơn vị;Tiêu chí;Điểm tự chấm;Giải trình",
        "ma-don-vi;tieu\u{a0}chi;diem\u{ff3f}tu\u{ff3f}cham ;giai_trinh",
    ] {
        let mut text = format!("{header}\n");
        for row in stp_rows("none", "") {
            text.push_str(&row);
            text.push('\n');
        }
        let path = write_file(tmp.path(), "tu-cham.csv", text);
        let out = compare_json(&path, &[]);
        out.expect_code(0);
        assert_eq!(
            unit(&out.json(), "SO-STP")["self_total"],
            unit(&exact, "SO-STP")["self_total"],
            "{header}"
        );
        assert!(
            out.stderr.contains("is read as 'diem_tu_cham'"),
            "{header}: {}",
            out.stderr
        );
    }
    // Two columns that stand for one name are refused, never one picked.
    let path = write_file(
        tmp.path(),
        "tu-cham.csv",
        "ma_don_vi;tieu_chi;diem_tu_cham;Diem_Tu_Cham\nSO-STP;1.1;0,25;0\n",
    );
    let out = compare_json(&path, &[]);
    out.expect_code(2);
    assert!(
        out.stderr
            .contains("column 4 'Diem_Tu_Cham' repeats column 'diem_tu_cham'"),
        "{}",
        out.stderr
    );
}
