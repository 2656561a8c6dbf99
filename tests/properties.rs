//! Properties of scoring over random evidence for the shipped 2020–2024 ruleset,
//! in the shapes units really type (`Có`/`x`/`1`, `dd/mm/yyyy` or ISO, `0,5`,
//! blanks, and now and then a broken cell or an unknown level):
//!
//! - points lie in [0, max] and are exactly the points of the band reached;
//! - a unit's total and maximum are the sums of its criteria;
//! - the order of the rows changes nothing but the order of the report;
//! - evidence read, written back in its canonical spelling and read again is the same
//!   evidence and scores the same (CSV → score → CSV is lossless), and the report CSV
//!   carries every unit's id, name and level exactly;
//! - nothing is lost: every unit appears in every output format (table, CSV, JSON,
//!   Markdown, HTML, XLSX), in input order, with `error` wherever it could not be
//!   scored.
//!
//! Scoring is single-threaded, so there is no thread count to vary. Cases are few
//! (48 each) so `cargo test` stays fast; `PROPTEST_CASES=1000` runs more.

mod common;

use cchc::report::{Format, render};
use cchc::{Ruleset, Scoreboard, Status};
use common::{BOOL_COLUMNS, COLUMNS, DATE_COLUMNS, repo_path};
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;
use std::sync::OnceLock;

fn rules() -> &'static cchc::Rules {
    static RULES: OnceLock<cchc::Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        cchc::load_ruleset(&repo_path("rules/tdthpl-2020-2024")).expect("the shipped ruleset loads")
    })
}

fn ruleset() -> &'static Ruleset {
    &rules().ruleset
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(48),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

fn date_cell() -> impl Strategy<Value = String> {
    (2023i32..=2025, 1u32..=12, 1u32..=28, any::<bool>()).prop_map(|(y, m, d, iso)| {
        if iso {
            format!("{y}-{m:02}-{d:02}")
        } else {
            format!("{d:02}/{m:02}/{y}")
        }
    })
}

fn bool_cell() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Có", "Không", "có", "KHÔNG", "x", "1", "0", "true", "co",
    ])
    .prop_map(String::from)
}

fn count_cell() -> impl Strategy<Value = String> {
    (0i64..=12).prop_map(|n| n.to_string())
}

/// A cell for column `name`: mostly valid, sometimes blank, rarely broken.
fn cell(name: &'static str) -> BoxedStrategy<String> {
    let valid: BoxedStrategy<String> = if DATE_COLUMNS.contains(&name) {
        date_cell().boxed()
    } else if BOOL_COLUMNS.contains(&name) {
        bool_cell().boxed()
    } else {
        count_cell().boxed()
    };
    prop_oneof![
        8 => valid,
        2 => Just(String::new()),
        1 => prop::sample::select(vec!["abc", "31/02/2024", "-1", "2,5", "hai"]).prop_map(String::from),
    ]
    .boxed()
}

fn name() -> impl Strategy<Value = String> {
    // Names with the characters CSV must quote: `;`, `,`, `"` and line breaks.
    prop::sample::select(vec![
        "Sở Tư pháp",
        "UBND xã An Bình, huyện An Lạc",
        "Phường 1; thành phố Hòa An",
        "Sở \"Kế hoạch\" và Đầu tư",
        "Ban Quản lý\ncác khu công nghiệp",
        "Xã Đắk Nông",
    ])
    .prop_map(String::from)
}

fn level() -> impl Strategy<Value = String> {
    prop_oneof![
        10 => prop::sample::select(vec!["so", "Sở", "huyen", "HUYỆN", "xa", "Xã"]).prop_map(String::from),
        1 => Just("tinh".to_string()),
    ]
}

/// Rows of cells in [`COLUMNS`] order, with unique ids.
fn rows() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(
        (
            name(),
            level(),
            COLUMNS[4..].iter().map(|c| cell(c)).collect::<Vec<_>>(),
        ),
        1..12,
    )
    .prop_map(|units| {
        units
            .into_iter()
            .enumerate()
            .map(|(i, (name, level, cells))| {
                let mut row = vec![format!("DV-{i:03}"), name, level, "2024".to_string()];
                row.extend(cells);
                row
            })
            .collect()
    })
}

fn csv_bytes(rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS).expect("header");
    for row in rows {
        writer.write_record(row).expect("row");
    }
    writer.into_inner().expect("flush")
}

fn score_file<'r>(
    ruleset: &'r Ruleset,
    path: &Path,
) -> (cchc::evidence::EvidenceSet, Scoreboard<'r>) {
    assert!(std::ptr::eq(ruleset, &rules().ruleset), "the shipped rules");
    let scored = cchc::pipeline::score_file(rules(), path, 2024).expect("scored");
    (scored.evidence, scored.board)
}

fn score_rows(rows: &[Vec<String>], delimiter: u8) -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("minh-chung.csv");
    std::fs::write(&path, csv_bytes(rows, delimiter)).expect("write");
    let (_, board) = score_file(ruleset(), &path);
    let json = serde_json::from_str(&render(&board, Format::Json)).expect("JSON report");
    (dir, json)
}

/// Unit ids of the report workbook: the long sheet's in order (one per unit), and
/// the summary's (sorted; it ranks them by level).
fn workbook_ids(bytes: Vec<u8>) -> (Vec<String>, Vec<String>) {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let detail = book.worksheet_range("Chi tiết").expect("long sheet");
    let mut detail_ids: Vec<String> = Vec::new();
    for row in detail.rows().skip(1) {
        let id = row[0].to_string();
        if detail_ids.last() != Some(&id) {
            detail_ids.push(id);
        }
    }
    let summary = book.worksheet_range("Tổng hợp").expect("summary");
    let mut summary_ids: Vec<String> = summary
        .rows()
        .filter_map(|r| r.get(1).map(ToString::to_string))
        .filter(|id| id.starts_with("DV-"))
        .collect();
    summary_ids.sort();
    (detail_ids, summary_ids)
}

fn dec(v: &serde_json::Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("decimal string")).expect("decimal")
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn points_are_a_bands_points_within_zero_and_max(rows in rows()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("e.csv");
        std::fs::write(&path, csv_bytes(&rows, b';')).expect("write");
        let ruleset = ruleset();
        let (_, board) = score_file(ruleset, &path);
        for unit in &board.units {
            for c in &unit.criteria {
                let criterion = &ruleset.criteria[c.criterion];
                match c.status {
                    Status::Full | Status::Partial | Status::Zero => {
                        let (points, max) = (c.points.expect("points"), c.max.expect("max"));
                        prop_assert!(points >= Decimal::ZERO && points <= max, "{} {}: {points} / {max}", unit.id, criterion.id);
                        let band = criterion.band(c.band.as_deref().expect("band")).expect("declared band");
                        prop_assert_eq!(band.points.get(unit.level.expect("level")), Some(points));
                        prop_assert_eq!(c.status == Status::Full, points == max);
                        prop_assert_eq!(c.status == Status::Zero, points.is_zero());
                    }
                    Status::MissingEvidence => prop_assert_eq!(c.points, Some(Decimal::ZERO)),
                    Status::NotApplicable => prop_assert!(c.points.is_none() && c.max.is_none()),
                    Status::Error => {
                        prop_assert!(c.points.is_none());
                        prop_assert!(!c.explanation.is_empty());
                        prop_assert!(unit.rank.is_none(), "a unit in error is not ranked");
                    }
                }
            }
        }
    }

    #[test]
    fn totals_and_maxima_are_the_sums_of_the_criteria(rows in rows()) {
        let (_dir, json) = score_rows(&rows, b',');
        for unit in json["units"].as_array().expect("units") {
            let criteria = unit["criteria"].as_array().expect("criteria");
            let points: Decimal = criteria.iter().filter(|c| !c["points"].is_null()).map(|c| dec(&c["points"])).sum();
            let max: Decimal = criteria.iter().filter(|c| !c["max"].is_null()).map(|c| dec(&c["max"])).sum();
            prop_assert_eq!(dec(&unit["total"]), points, "{}", unit["id"]);
            prop_assert_eq!(dec(&unit["max"]), max, "{}", unit["id"]);
        }
    }

    #[test]
    fn row_order_changes_only_the_order_of_the_report(rows in rows(), seed in any::<u64>()) {
        let mut shuffled = rows.clone();
        // A seeded Fisher–Yates, so a failure replays.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let by_id = |json: &serde_json::Value| {
            let mut units: Vec<serde_json::Value> = json["units"].as_array().expect("units").clone();
            for u in &mut units {
                u.as_object_mut().expect("unit").remove("row");
                // Cell problems name their row; the row is the only thing that moved.
                u["problems"] = serde_json::Value::Null;
                // Plausibility warnings name their row, like problems.
                u["warnings"] = serde_json::Value::Null;
                for c in u["criteria"].as_array_mut().expect("criteria") {
                    c["explanation"] = serde_json::Value::Null;
                }
            }
            units.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
            units
        };
        let (_a, first) = score_rows(&rows, b';');
        let (_b, second) = score_rows(&shuffled, b';');
        prop_assert_eq!(by_id(&first), by_id(&second));
        let order: Vec<&str> = second["units"].as_array().expect("units").iter().map(|u| u["id"].as_str().expect("id")).collect();
        let expected: Vec<&str> = shuffled.iter().map(|r| r[0].as_str()).collect();
        prop_assert_eq!(order, expected, "the report follows the input order");
    }

    #[test]
    fn evidence_survives_a_round_trip_through_csv(rows in rows(), delimiter in prop::sample::select(vec![b',', b';', b'\t'])) {
        let ruleset = ruleset();
        let dir = tempfile::tempdir().expect("tempdir");
        let first_path = dir.path().join("a.csv");
        std::fs::write(&first_path, csv_bytes(&rows, delimiter)).expect("write");
        let (first, first_board) = score_file(ruleset, &first_path);

        // The report CSV carries every unit's id, name and level exactly.
        let report = render(&first_board, Format::Csv);
        let mut reader = csv::Reader::from_reader(report.as_bytes());
        let mut seen: Vec<(String, String, String)> = Vec::new();
        for record in reader.records() {
            let record = record.expect("report row");
            let key = (record[0].to_string(), record[1].to_string(), record[2].to_string());
            if seen.last() != Some(&key) {
                seen.push(key);
            }
        }
        let expected: Vec<(String, String, String)> = first
            .units
            .iter()
            .map(|u| (u.id.clone(), u.name.clone(), u.level.map(|l| l.code().to_string()).unwrap_or_default()))
            .collect();
        prop_assert_eq!(&seen, &expected);

        // Written back in canonical spelling (`Có`, `dd/mm/yyyy`), the evidence reads
        // the same and scores the same.
        let rewritten: Vec<Vec<String>> = first
            .units
            .iter()
            .zip(&rows)
            .map(|(unit, raw)| {
                let mut row = vec![raw[0].clone(), raw[1].clone(), raw[2].clone(), raw[3].clone()];
                for name in &COLUMNS[4..] {
                    let field = ruleset.fields.iter().position(|f| f.id == *name).expect("field");
                    let column = COLUMNS.iter().position(|c| c == name).expect("column");
                    row.push(match (&unit.values[field], unit.field_problem(field)) {
                        // A broken cell stays as it was typed.
                        (_, Some(_)) => raw[column].clone(),
                        (Some(v), None) => v.to_string(),
                        (None, None) => String::new(),
                    });
                }
                row
            })
            .collect();
        let second_path = dir.path().join("b.csv");
        std::fs::write(&second_path, csv_bytes(&rewritten, delimiter)).expect("write");
        let (second, second_board) = score_file(ruleset, &second_path);
        prop_assert_eq!(first.units.len(), second.units.len());
        for (a, b) in first.units.iter().zip(&second.units) {
            prop_assert_eq!(&a.values, &b.values, "{}", a.id);
            prop_assert_eq!(a.level, b.level);
            prop_assert_eq!(a.problems.len(), b.problems.len());
        }
        for (a, b) in first_board.units.iter().zip(&second_board.units) {
            prop_assert_eq!((&a.id, a.total, a.max, a.rank), (&b.id, b.total, b.max, b.rank));
            let statuses = |u: &cchc::score::UnitScore| u.criteria.iter().map(|c| (c.status, c.points, c.band.clone())).collect::<Vec<_>>();
            prop_assert_eq!(statuses(a), statuses(b));
        }
    }

    #[test]
    fn every_unit_appears_in_every_format_with_error_where_unscorable(rows in rows()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("e.csv");
        std::fs::write(&path, csv_bytes(&rows, b';')).expect("write");
        let (evidence, board) = score_file(ruleset(), &path);
        prop_assert_eq!(board.units.len(), rows.len());

        let json: serde_json::Value = serde_json::from_str(&render(&board, Format::Json)).expect("JSON");
        let ids: Vec<&str> = json["units"].as_array().expect("units").iter().map(|u| u["id"].as_str().expect("id")).collect();
        let input: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        prop_assert_eq!(&ids, &input, "JSON has every unit in input order");

        let csv_report = render(&board, Format::Csv);
        let mut reader = csv::Reader::from_reader(csv_report.as_bytes());
        let mut csv_ids: Vec<String> = Vec::new();
        for record in reader.records() {
            let id = record.expect("row")[0].to_string();
            if csv_ids.last() != Some(&id) {
                csv_ids.push(id);
            }
        }
        prop_assert_eq!(&csv_ids, &input, "CSV has every unit in input order");

        let wide = render(&board, Format::Wide);
        let wide_ids: Vec<String> = csv::Reader::from_reader(wide.as_bytes())
            .records()
            .map(|r| r.expect("row")[0].to_string())
            .collect();
        prop_assert_eq!(&wide_ids, &input, "the wide CSV has one row per unit in input order");

        for format in [Format::Table, Format::Markdown] {
            let text = render(&board, format);
            for id in &input {
                prop_assert!(text.contains(id), "{id} missing from {}", text);
            }
        }

        // HTML: one card per unit, in input order, and one ranking row per unit with a level.
        let page = render(&board, Format::Html);
        let cards: Vec<&str> = page
            .match_indices(" data-unit=\"")
            .map(|(at, m)| {
                let rest = &page[at + m.len()..];
                &rest[..rest.find('"').expect("closing quote")]
            })
            .collect();
        prop_assert_eq!(&cards, &input, "HTML has a card per unit in input order");
        let leveled = board.units.iter().filter(|u| u.level.is_some()).count();
        prop_assert_eq!(page.matches("<tr><td class=\"num\" data-v=").count(), leveled);

        // XLSX: every unit × criterion on the long sheet in input order, and every unit
        // in the summary.
        let bytes = cchc::report::render_xlsx(&board, &cchc::report::Meta::default()).expect("workbook");
        let (detail_ids, summary_ids) = workbook_ids(bytes);
        prop_assert_eq!(&detail_ids, &input, "XLSX long sheet has every unit in input order");
        let mut expected_summary = input.clone();
        expected_summary.sort();
        prop_assert_eq!(summary_ids, expected_summary, "XLSX summary lists every unit");

        for ((unit, record), scored) in json["units"].as_array().expect("units").iter().zip(&evidence.units).zip(&board.units) {
            if record.unit_problem().is_some() {
                for c in unit["criteria"].as_array().expect("criteria") {
                    prop_assert_eq!(c["status"].as_str(), Some("error"), "{}", unit["id"]);
                }
            }
            // Problems of the scored unit: typing problems and implausible values.
            if scored.problems.is_empty() {
                prop_assert!(unit["criteria"].as_array().expect("criteria").iter().all(|c| c["status"] != "error"));
            }
        }
    }
}
