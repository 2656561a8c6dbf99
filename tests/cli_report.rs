//! `cchc score --format html|xlsx|md`: the reports people look at. What each holds
//! for the sample province, the generation date as an input, the workbook read back
//! with calamine (sheets, numbers as numbers), and hostile unit names, titles,
//! clauses and labels through every format (escaped in HTML and Markdown,
//! neutralised in CSV and XLSX).

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const DATE: &str = "15/01/2025";

fn html_2024() -> String {
    run([
        "score", "--year", "2024", "--format", "html", "--date", DATE,
    ])
    .expect_code(0)
    .stdout
    .clone()
}

fn json_2024() -> Value {
    run(["score", "--year", "2024", "--format", "json"])
        .expect_code(0)
        .json()
}

/// The values of attribute `name` on every element that has it, in page order.
fn attributes(page: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    page.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &page[at + needle.len()..];
            rest[..rest.find('"').expect("closing quote")].to_string()
        })
        .collect()
}

#[test]
fn the_html_report_has_header_rankings_charts_and_a_card_per_unit() {
    let page = html_2024();
    let json = json_2024();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    // Header: title, year, date, legal bases, fingerprints of rules and evidence.
    assert!(
        page.contains(
            "<h1>Theo dõi thi hành pháp luật (TDTHPL) — bộ tiêu chí mẫu năm 2020–2024</h1>"
        )
    );
    assert!(page.contains("<dt>Năm đánh giá</dt><dd>2024</dd>"));
    assert!(page.contains(&format!("<dt>Ngày lập báo cáo</dt><dd>{DATE}</dd>")));
    let rules_fp = json["ruleset"]["fingerprint"]
        .as_str()
        .expect("fingerprint");
    let evidence_fp = json["evidence"]["fingerprint"]
        .as_str()
        .expect("fingerprint");
    assert!(page.contains(&format!("<code>{rules_fp}</code>")));
    assert!(page.contains(&format!(
        "<code>data/tinh-mau/2024.csv</code> (SHA-256 <code>{evidence_fp}</code>)"
    )));
    assert!(page.contains("<li>Điều 3, Nghị định 59/2012/NĐ-CP ngày 23/7/2012"));
    // One sortable ranking table, one ranking chart and one statistics chart per level.
    assert_eq!(
        page.matches("<table class=\"sortable ranking\">").count(),
        3
    );
    assert_eq!(page.matches("class=\"chart ranking\"").count(), 3);
    assert_eq!(page.matches("class=\"chart criteria\"").count(), 3);
    for heading in [
        "<h2>Sở, ban, ngành (20 đơn vị)</h2>",
        "<h2>UBND cấp huyện (8 đơn vị)</h2>",
        "<h2>UBND cấp xã (15 đơn vị)</h2>",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    assert!(page.contains(
        "<tr><td class=\"num\" data-v=\"20\">20</td><td>SO-SXD</td><td>Sở Xây dựng</td><td class=\"num\" data-v=\"0.75\">0,75</td><td class=\"num\" data-v=\"2.00\">2,00</td><td class=\"num\" data-v=\"37.50\">37,50</td></tr>"
    ));
    // The ranking chart draws SO-SXD's 37,50 % as 37.5 % of the 360-unit plot.
    assert!(page.contains(
        "width=\"135\" height=\"12\" class=\"bar\"><title>SO-SXD Sở Xây dựng: 37,50%</title>"
    ));
    // Per-criterion statistics: exact averages rounded once; n/a criteria say so.
    assert!(page.contains(
        "<tr><td><b>1.1</b> Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm</td><td class=\"num\">0,22</td><td class=\"num\">0,25</td><td class=\"num\">87,00</td><td class=\"num\">16 (80,00%)</td><td class=\"num\">20</td><td class=\"num\">0</td><td class=\"num\">0</td></tr>"
    ));
    assert!(page.contains(
        "<td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">0</td><td class=\"num\">15</td><td class=\"num\">0</td></tr>"
    ), "1.4 does not apply to xã");
    // Every unit has a card, in evidence order.
    assert_eq!(attributes(&page, "data-unit"), sample_ids());
    // A card: total, a row per criterion with points/max and status, the gaps explained.
    let card = &page[page.find("data-unit=\"SO-SGTVT\"").expect("card")..];
    let card = &card[..card.find("</article>").expect("card end")];
    assert!(
        card.contains("<strong>1,65</strong> / 2,00 điểm · 82,50%"),
        "{card}"
    );
    assert!(
        card.contains("Sở, ban, ngành · hạng 14/20 · dòng"),
        "{card}"
    );
    assert_eq!(card.matches("<tr class=\"s-").count(), 7, "{card}");
    assert!(card.contains("<td class=\"num\">0,00/0,25</td>"), "{card}");
    assert!(card.contains("<li><b>1.5</b> Đạt 0,00/0,25 điểm, mất 0,25: Gửi chậm trên 10 ngày."));
    // A unit with a blank required field lists the missing evidence and its document.
    let stttt = &page[page.find("data-unit=\"SO-STTTT\"").expect("card")..];
    let stttt = &stttt[..stttt.find("</article>").expect("card end")];
    assert!(stttt.contains("<h4>Minh chứng còn thiếu</h4>"), "{stttt}");
    assert!(
        stttt.contains("văn bản chứng minh: Báo cáo TDTHPL năm"),
        "{stttt}"
    );
}

#[test]
fn the_html_report_loads_nothing_and_runs_only_its_own_script() {
    let page = html_2024();
    for needle in [
        "<link", "src=", "url(", "@import", "http://", "https://", "<iframe", "<object",
    ] {
        // The SVG namespace is an identifier, never fetched.
        let hits = page.matches(needle).count()
            - page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
                * usize::from(needle == "http://");
        assert_eq!(hits, 0, "{needle}");
    }
    assert_eq!(page.matches("<script").count(), 1);
    let csp = attributes(&page, "content")
        .into_iter()
        .find(|c| c.starts_with("default-src"))
        .expect("a Content-Security-Policy")
        .replace("&#39;", "'");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
}

#[test]
fn the_generation_date_is_an_input() {
    let with_date = html_2024();
    // SOURCE_DATE_EPOCH for 15/01/2025 12:00 UTC gives the same page byte for byte.
    let epoch = run_cmd(
        cchc()
            .args(["score", "--year", "2024", "--format", "html"])
            .env("SOURCE_DATE_EPOCH", "1736942400"),
    );
    epoch.expect_code(0);
    assert!(
        epoch.stdout == with_date,
        "SOURCE_DATE_EPOCH and --date agree"
    );
    // --date wins over SOURCE_DATE_EPOCH.
    let both = run_cmd(
        cchc()
            .args([
                "score",
                "--year",
                "2024",
                "--format",
                "html",
                "--date",
                "02/09/2025",
            ])
            .env("SOURCE_DATE_EPOCH", "1736942400"),
    );
    assert!(both.expect_code(0).stdout.contains("<dd>02/09/2025</dd>"));
    // Without either, today's date in Vietnam (read by the CLI, not the renderer).
    let today = run_cmd(
        cchc()
            .args(["score", "--year", "2024", "--format", "html"])
            .env_remove("SOURCE_DATE_EPOCH"),
    );
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
        + 7 * 3600;
    let candidates: Vec<String> = [secs - 120, secs + 120]
        .iter()
        .map(|s| {
            let date =
                cchc::model::date::Date::from_day_number(s.div_euclid(86_400)).expect("date");
            format!("<dt>Ngày lập báo cáo</dt><dd>{date}</dd>")
        })
        .collect();
    let stdout = &today.expect_code(0).stdout;
    assert!(
        candidates.iter().any(|c| stdout.contains(c)),
        "{candidates:?}"
    );
    // A bad date or epoch is refused (exit 2), in both languages.
    let bad = run(["score", "--format", "html", "--date", "31/02/2025"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("ngày không hợp lệ"), "{}", bad.stderr);
    assert!(bad.stderr.contains("invalid date"), "{}", bad.stderr);
    let bad = run_cmd(
        cchc()
            .args(["score", "--format", "html"])
            .env("SOURCE_DATE_EPOCH", "hôm qua"),
    );
    bad.expect_code(2);
    assert!(bad.stderr.contains("SOURCE_DATE_EPOCH"), "{}", bad.stderr);
    // Formats that show no date never read it: a bad epoch does not stop a CSV.
    run_cmd(
        cchc()
            .args(["score", "--format", "csv"])
            .env("SOURCE_DATE_EPOCH", "hôm qua"),
    )
    .expect_code(0);
}

// ---------------------------------------------------------------------------
// XLSX read back
// ---------------------------------------------------------------------------

fn workbook(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).expect("open the report workbook")
}

/// Every non-empty cell of a sheet by (row, column), 0-based from A1.
fn cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let range = workbook(path).worksheet_range(sheet).expect("sheet");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, d)| ((r as u32 + r0, c as u32 + c0), d.clone()))
        .collect()
}

fn float(text: &Value) -> Data {
    Data::Float(
        text.as_str()
            .expect("decimal string")
            .parse()
            .expect("number"),
    )
}

fn write_xlsx_report(dir: &Path, extra: &[&str]) -> PathBuf {
    let path = dir.join("bao-cao.xlsx");
    run([
        "score",
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--date",
        DATE,
        "-o",
        arg(&path),
    ]
    .iter()
    .chain(extra))
    .expect_code(0);
    path
}

#[test]
fn the_workbook_has_a_summary_a_long_sheet_and_a_sheet_per_level_with_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_xlsx_report(dir.path(), &[]);
    let json = json_2024();
    assert_eq!(
        sheet_names(&path),
        [
            "Tổng hợp",
            "Chi tiết",
            "Sở, ban, ngành",
            "UBND cấp huyện",
            "UBND cấp xã"
        ]
    );

    // Summary: provenance, then each level's ranking with numbers.
    let summary = cells(&path, "Tổng hợp");
    assert_eq!(
        summary[&(0, 0)],
        Data::String("Theo dõi thi hành pháp luật (TDTHPL) — bộ tiêu chí mẫu năm 2020–2024".into())
    );
    let texts: Vec<String> = summary.values().map(|d| d.to_string()).collect();
    assert!(texts.contains(&DATE.to_string()));
    assert!(texts.contains(&"Sở, ban, ngành (20 đơn vị)".to_string()));
    let row_of = |id: &str| {
        summary
            .iter()
            .find(|(_, d)| **d == Data::String(id.into()))
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("{id} in the summary"))
    };
    for id in sample_ids() {
        let row = row_of(&id);
        let u = unit(&json, &id);
        assert_eq!(
            summary[&(row, 0)],
            Data::Float(u["rank"].as_f64().expect("rank"))
        );
        assert_eq!(summary[&(row, 3)], float(&u["total"]), "{id} total");
        assert_eq!(summary[&(row, 4)], float(&u["max"]), "{id} max");
        assert_eq!(summary[&(row, 5)], float(&u["percent"]), "{id} percent");
    }

    // Long sheet: one row per unit × criterion, points as numbers or blank when n/a.
    let detail = cells(&path, "Chi tiết");
    let rows = detail.keys().map(|(r, _)| *r).max().expect("rows");
    assert_eq!(rows as usize, sample_ids().len() * CRITERIA.len());
    assert_eq!(detail[&(0, 9)], Data::String("Giải thích".into()));
    let mut row = 1;
    for u in units(&json) {
        for c in u["criteria"].as_array().expect("criteria") {
            assert_eq!(
                detail[&(row, 0)],
                Data::String(u["id"].as_str().expect("id").into())
            );
            assert_eq!(
                detail[&(row, 3)],
                Data::String(c["id"].as_str().expect("id").into())
            );
            match c["points"].as_str() {
                Some(_) => assert_eq!(detail[&(row, 5)], float(&c["points"])),
                None => assert!(!detail.contains_key(&(row, 5)), "n/a has no points"),
            }
            assert_eq!(
                detail[&(row, 9)],
                Data::String(c["explanation"].as_str().expect("text").into())
            );
            row += 1;
        }
    }

    // Level sheets: header, one row per unit in ranking order, a column per criterion.
    for (sheet, count, criteria) in [
        ("Sở, ban, ngành", 20, 7),
        ("UBND cấp huyện", 8, 7),
        ("UBND cấp xã", 15, 6),
    ] {
        let sheet_cells = cells(&path, sheet);
        let last_row = sheet_cells.keys().map(|(r, _)| *r).max().expect("rows");
        let last_col = sheet_cells.keys().map(|(_, c)| *c).max().expect("cols");
        assert_eq!(last_row, count, "{sheet}");
        assert_eq!(last_col as usize, 5 + criteria, "{sheet}");
        let ranks: Vec<f64> = (1..=count)
            .map(|r| match &sheet_cells[&(r, 0)] {
                Data::Float(f) => *f,
                other => panic!("{sheet} rank {other:?}"),
            })
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{sheet}: {ranks:?}");
    }
    let so = cells(&path, "Sở, ban, ngành");
    let sxd = (1..=20)
        .find(|r| so[&(*r, 1)] == Data::String("SO-SXD".into()))
        .expect("SO-SXD");
    assert_eq!(so[&(sxd, 6)], Data::Float(0.0), "1.1 of SO-SXD");
    assert_eq!(so[&(sxd, 8)], Data::Float(0.25), "1.3 of SO-SXD");
}

/// A part of the workbook (`xl/styles.xml`, `xl/worksheets/sheet1.xml`, ...).
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read part");
    text
}

/// For each cell style (`s` index), its `<xf …>` element.
fn cell_styles(path: &Path) -> Vec<String> {
    let styles = part(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xfs = &xfs[..xfs.find("</cellXfs>").expect("end")];
    xfs.split("<xf ").skip(1).map(|x| x.to_string()).collect()
}

/// The style of cell `reference` (`B12`) in a sheet part.
fn style_of(sheet_xml: &str, styles: &[String], reference: &str) -> String {
    let at = sheet_xml
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("cell {reference}"));
    let tag = &sheet_xml[at..at + sheet_xml[at..].find('>').expect("tag end")];
    let index: usize = tag
        .split(" s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map_or(0, |s| s.parse().expect("style index"));
    styles[index].clone()
}

fn reference(row: u32, col: u32) -> String {
    format!("{}{}", char::from(b'A' + col as u8), row + 1)
}

#[test]
fn workbook_numbers_show_two_decimals_and_percentages_are_colour_scaled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_xlsx_report(dir.path(), &[]);
    let styles = part(&path, "xl/styles.xml");
    let id = styles
        .split("<numFmt ")
        .skip(1)
        .find(|f| f.contains("formatCode=\"0.00\""))
        .and_then(|f| f.split("numFmtId=\"").nth(1))
        .and_then(|f| f.split('"').next())
        .expect("a 0.00 number format")
        .to_string();
    let xfs = cell_styles(&path);
    let detail = part(&path, "xl/worksheets/sheet2.xml");
    // Points (F), max (G) and percent (O) of the first unit × criterion row.
    for cell in ["F2", "G2", "M2", "N2", "O2"] {
        assert!(
            style_of(&detail, &xfs, cell).contains(&format!("numFmtId=\"{id}\"")),
            "{cell} shows two decimals"
        );
    }
    let summary = part(&path, "xl/worksheets/sheet1.xml");
    assert_eq!(summary.matches("<colorScale>").count(), 3, "one per level");
    for v in ["0", "50", "100"] {
        assert!(
            summary.contains(&format!("<cfvo type=\"num\" val=\"{v}\"/>")),
            "{v}"
        );
    }
    // The creation date is the report's date, not the clock's.
    assert!(part(&path, "docProps/core.xml").contains("2025-01-15T00:00:00Z"));
}

#[test]
fn the_workbook_is_byte_identical_across_runs_and_needs_an_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = std::fs::read(write_xlsx_report(dir.path(), &[])).expect("read");
    let second = std::fs::read(write_xlsx_report(dir.path(), &[])).expect("read");
    assert!(first == second, "same inputs, same bytes");
    let out = run(["score", "--format", "xlsx"]);
    out.expect_code(2);
    assert!(out.stderr.contains("cần -o") && out.stderr.contains("needs -o FILE"));
    assert_eq!(out.stdout, "");
}

// ---------------------------------------------------------------------------
// Hostile strings through every format
// ---------------------------------------------------------------------------

const FORMULA_NAME: &str = "=HYPERLINK(\"http://x\",\"y\")";
const SCRIPT_NAME: &str = "<script>alert(1)</script>";
const MARKDOWN_NAME: &str = "*đậm* [x](javascript:alert(1)) | &lt; _nghiêng_";
const MINUS_NAME: &str = "-1+2";
const AT_ID: &str = "@XA-E<b>";
const TITLE: &str = "@SUM(1) <img src=x onerror=alert(3)>";
const CLAUSE: &str = "<script>alert(2)</script> & không ban hành";
const LABEL: &str = "=cmd|' /C calc'!A0";

/// A ruleset whose 1.1 title and clause and 1.2 label are hostile, and evidence
/// whose unit names and one id are.
fn hostile_inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let rules = copy_ruleset(dir);
    let c11 = rule_file(&rules, "1-hoat-dong/1.1-ke-hoach.toml");
    replace_once(
        &c11,
        "title = \"Ban hành Kế hoạch theo dõi tình hình thi hành pháp luật năm\"",
        &format!("title = \"{}\"", TITLE),
    );
    replace_once(
        &c11,
        "clause = \"Không ban hành Kế hoạch TDTHPL năm\"",
        &format!("clause = \"{}\"", CLAUSE),
    );
    let c12 = rule_file(&rules, "1-hoat-dong/1.2-thu-thap-thong-tin.toml");
    let text = std::fs::read_to_string(&c12).expect("read");
    let label = text
        .lines()
        .find(|l| l.starts_with("label = "))
        .expect("a label")
        .to_string();
    replace_once(&c12, &label, &format!("label = \"{LABEL}\""));
    let mut table = canonical_table();
    set_cell(&mut table, "SO-A", "ten_don_vi", FORMULA_NAME);
    set_cell(&mut table, "SO-B", "ten_don_vi", SCRIPT_NAME);
    set_cell(&mut table, "HUYEN-C", "ten_don_vi", MINUS_NAME);
    set_cell(&mut table, "XA-D", "ten_don_vi", MARKDOWN_NAME);
    set_cell(&mut table, "XA-E", "ma_don_vi", AT_ID);
    let evidence = write_evidence(dir, "hostile.csv", &table, CsvStyle::EXCEL_VN);
    (rules, evidence)
}

fn hostile_run(rules: &Path, evidence: &Path, format: &str, extra: &[&str]) -> Run {
    let out = run([
        "score",
        "--rules",
        arg(rules),
        "--evidence",
        arg(evidence),
        "--format",
        format,
        "--date",
        DATE,
    ]
    .iter()
    .chain(extra));
    out.expect_code(0);
    out
}

#[test]
fn hostile_strings_are_escaped_in_html_and_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rules, evidence) = hostile_inputs(dir.path());

    let page = hostile_run(&rules, &evidence, "html", &[]).stdout.clone();
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!page.contains("<img"));
    assert!(!page.contains("XA-E<b>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;script&gt;alert(2)&lt;/script&gt; &amp; không ban hành"));
    assert!(page.contains("@SUM(1) &lt;img src=x onerror=alert(3)&gt;"));
    assert!(page.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    assert!(page.contains("*đậm* [x](javascript:alert(1)) | &amp;lt; _nghiêng_"));
    assert!(page.contains("data-unit=\"@XA-E&lt;b&gt;\""));
    assert!(
        page.contains("=cmd|&#39; /C calc&#39;!A0"),
        "the label of XA-E's gap"
    );

    let md = hostile_run(&rules, &evidence, "md", &[]).stdout.clone();
    for line in [
        "| 2 | SO-B | \\<script>alert(1)\\</script> | 0,85 | 2,00 | 42,50 |",
        "| 2 | XA-D | \\*đậm\\* \\[x\\](javascript:alert(1)) \\| \\&lt; \\_nghiêng\\_ | 1,35 | 1,75 | 77,14 |",
        "| 1 | SO-A | =HYPERLINK(\"http://x\",\"y\") | 2,00 | 2,00 | 100,00 |",
        "### @XA-E\\<b> Phường 1, thành phố Hòa An",
    ] {
        assert!(md.lines().any(|l| l == line), "{line} in:\n{md}");
    }
    assert!(
        md.contains("\\<script>alert(2)\\</script> & không ban hành"),
        "the clause in HUYEN-C's explanation:\n{md}"
    );
    assert!(
        md.contains("- **1.1 @SUM(1) \\<img src=x onerror=alert(3)>**"),
        "{md}"
    );
}

#[test]
fn hostile_cells_are_neutralised_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rules, evidence) = hostile_inputs(dir.path());

    let csv_out = hostile_run(&rules, &evidence, "csv", &[]).stdout.clone();
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let by_id = |id: &'static str| rows.iter().filter(move |r| &r[0] == id);
    assert!(by_id("SO-A").all(|r| &r[1] == "'=HYPERLINK(\"http://x\",\"y\")"));
    assert!(by_id("HUYEN-C").all(|r| &r[1] == "'-1+2"));
    assert_eq!(by_id("'@XA-E<b>").count(), 7);
    assert!(
        rows.iter()
            .filter(|r| &r[3] == "1.1")
            .all(|r| &r[4] == "'@SUM(1) <img src=x onerror=alert(3)>")
    );

    let path = dir.path().join("hostile.xlsx");
    hostile_run(&rules, &evidence, "xlsx", &["-o", arg(&path)]);
    let xfs = cell_styles(&path);
    let quoted = |xf: &str| xf.contains("quotePrefix=\"1\"");
    let mut checked = 0;
    for (sheet, part_name) in [
        ("Tổng hợp", "xl/worksheets/sheet1.xml"),
        ("Chi tiết", "xl/worksheets/sheet2.xml"),
        ("Sở, ban, ngành", "xl/worksheets/sheet3.xml"),
        ("UBND cấp huyện", "xl/worksheets/sheet4.xml"),
        ("UBND cấp xã", "xl/worksheets/sheet5.xml"),
    ] {
        let xml = part(&path, part_name);
        for ((row, col), data) in cells(&path, sheet) {
            let Data::String(text) = &data else {
                continue;
            };
            // The text reads exactly as written (no visible apostrophe) …
            assert!(!text.starts_with('\''), "{sheet} {text}");
            // … and a formula-like one carries the quote prefix; nothing else does.
            let style = style_of(&xml, &xfs, &reference(row, col));
            let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert_eq!(
                quoted(&style),
                risky,
                "{sheet} {}: {text}",
                reference(row, col)
            );
            checked += usize::from(risky);
        }
    }
    // Summary: 2 names and 1 id; detail: the same on each unit's 7 rows, the 1.1
    // title on 5 rows and XA-E's missing 1.2 label; level sheets: the same 2 names
    // and 1 id (their headings start with the criterion id, so are safe).
    assert_eq!(
        checked,
        3 + (3 * 7 + 5 + 1) + 3,
        "formula-like cells checked"
    );
    let detail = cells(&path, "Chi tiết");
    let texts: Vec<String> = detail.values().map(|d| d.to_string()).collect();
    for exact in [FORMULA_NAME, MINUS_NAME, AT_ID, TITLE, LABEL] {
        assert!(texts.iter().any(|t| t == exact), "{exact} kept exactly");
    }
}
