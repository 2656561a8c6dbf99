//! The pipeline's library API: one unit from its cells, a whole file read once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use crate::model::{DecimalMark, Status};
use crate::ruleset::catalog;
use std::path::PathBuf;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn rules_2024() -> Rules {
    crate::load_ruleset(&repo("rules/tdthpl-2020-2024")).expect("the shipped ruleset loads")
}

/// Each data row of a `;` CSV file as (column, text) pairs, and the header.
fn rows_of(path: &Path) -> (Vec<String>, Vec<Vec<(String, String)>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines.next().unwrap().split(';').map(String::from).collect();
    let rows = lines
        .map(|line| {
            header
                .iter()
                .cloned()
                .zip(line.split(';').map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn score_unit_gives_every_sample_unit_the_points_of_the_whole_file() {
    let rules = rules_2024();
    let path = repo("data/tinh-mau/2024.csv");
    let collected = score_file(&rules, &path, 2024).expect("scored");
    let (header, rows) = rows_of(&path);
    assert_eq!(rows.len(), collected.board.units.len());
    let mut scoring =
        UnitScoring::with_header(&rules, 2024, &header, DecimalMark::Comma).expect("form");
    for (cells, whole) in rows.iter().zip(&collected.board.units) {
        let cells: Vec<(&str, &str)> = cells
            .iter()
            .map(|(c, t)| (c.as_str(), t.as_str()))
            .collect();
        let one = scoring.score(&cells);
        assert_eq!(one.id, whole.id);
        assert_eq!((one.total, one.max), (whole.total, whole.max), "{}", one.id);
        assert_eq!(one.rank, None, "a unit alone has no rank");
        let points = |u: &crate::score::UnitScore| -> Vec<_> {
            u.criteria
                .iter()
                .map(|c| (c.points, c.max, c.status))
                .collect()
        };
        assert_eq!(points(&one), points(whole), "{}", one.id);
    }
}

#[test]
fn a_form_with_every_column_types_its_cells_like_a_file_and_ignores_the_unknown() {
    let rules = rules_2024();
    let mut form = UnitScoring::new(&rules, 2024).expect("form");
    let blank = form.score(&[("ma_don_vi", "SO-X"), ("ten_don_vi", "Sở X"), ("cap", "so")]);
    assert_eq!(blank.id, "SO-X");
    assert!(blank.max > rust_decimal::Decimal::ZERO);
    let (_, rows) = rows_of(&repo("data/tinh-mau/2024.csv"));
    let mut cells: Vec<(&str, &str)> = rows[0]
        .iter()
        .map(|(c, t)| (c.as_str(), t.as_str()))
        .collect();
    cells.push(("cot_khong_co", "bất kỳ"));
    let filled = form.score(&cells);
    assert!(
        filled.total > blank.total,
        "{} ≤ {}",
        filled.total,
        blank.total
    );
    // The same edit again: the same scores (from the cache, not recomputed differently).
    let again = form.score(&cells);
    assert_eq!((again.total, again.max), (filled.total, filled.max));
    let unit = score_unit(&rules, 2024, &cells).expect("scored");
    assert_eq!(unit.total, filled.total);
}

#[test]
fn a_cell_a_form_refuses_is_the_units_problem_not_an_error_of_the_call() {
    let rules = rules_2024();
    let mut form = UnitScoring::new(&rules, 2024).expect("form");
    let field = &rules.ruleset.fields[0].id;
    let unit = form.score(&[
        ("ma_don_vi", "SO-X"),
        ("ten_don_vi", "Sở X"),
        ("cap", "so"),
        (field.as_str(), "không phải giá trị / not a value ###"),
    ]);
    assert!(
        unit.problems.iter().any(|p| p.field == Some(0)),
        "{:?}",
        unit.problems
    );
    assert!(unit.criteria.iter().any(|c| c.status == Status::Error));
}

#[test]
fn the_rows_read_to_learn_the_year_are_scored_with_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nam-muon.csv");
    let (header, rows) = rows_of(&repo("data/tinh-mau/2024.csv"));
    // The year is written only from the fourth unit on: three rows are read ahead.
    let year_col = header.iter().position(|h| h == "nam").unwrap();
    let mut text = header.join(";") + "\n";
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<&str> = row
            .iter()
            .enumerate()
            .map(|(c, (_, t))| {
                if c == year_col && i < 3 {
                    ""
                } else {
                    t.as_str()
                }
            })
            .collect();
        text += &(cells.join(";") + "\n");
    }
    std::fs::write(&path, &text).unwrap();
    let mut source = EvidenceFile::open(&path, SizeLimit::Province).unwrap();
    assert_eq!(source.year().unwrap(), Some(2024));
    let rules = rules_2024();
    let collected = collect(&Workers::new(2), &rules, source, 2024, &mut |_| {}).unwrap();
    assert_eq!(collected.board.units.len(), rows.len());
    assert_eq!(
        collected.evidence.fingerprint,
        crate::fingerprint::sha256_hex(text.as_bytes()),
        "the fingerprint is of every byte, hashed as read"
    );
    let whole = score_file(&rules, &repo("data/tinh-mau/2024.csv"), 2024).unwrap();
    let totals =
        |c: &Collected<'_>| -> Vec<_> { c.board.units.iter().map(|u| (u.total, u.rank)).collect() };
    assert_eq!(totals(&collected), totals(&whole));
}

#[test]
fn a_chosen_ruleset_is_loaded_from_the_header_text_read_to_choose_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("rules");
    let target = root.join("tdthpl-2020-2024");
    copy_dir(&repo("rules/tdthpl-2020-2024"), &target);
    let catalog = catalog::Catalog::read(&root).expect("listed");
    let entry = catalog.for_year(2024).expect("chosen");
    // Were `ruleset.toml` read again, loading would now fail.
    std::fs::write(target.join("ruleset.toml"), "không phải TOML [[[").unwrap();
    let rules = crate::engine::load_ruleset_from(entry).expect("loaded from the text read");
    assert_eq!(rules.ruleset.years, entry.years);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// A kept form (its scorer and result cache reused across edits) scores every
/// sample unit exactly as a fresh `score_unit` does, on the first edit and on a
/// repeat served from the cache. The time per edit is printed (`--nocapture`);
/// it is measured properly in the benchmark, not asserted here.
#[test]
fn a_kept_form_scores_every_edit_as_a_fresh_one() {
    let rules = rules_2024();
    let (header, rows) = rows_of(&repo("data/tinh-mau/2024.csv"));
    let mut form = UnitScoring::with_header(&rules, 2024, &header, DecimalMark::Comma).unwrap();
    let rows: Vec<Vec<(&str, &str)>> = rows
        .iter()
        .map(|r| r.iter().map(|(c, t)| (c.as_str(), t.as_str())).collect())
        .collect();
    let points = |u: &crate::score::UnitScore| {
        let each: Vec<_> = u.criteria.iter().map(|c| (c.points, c.status)).collect();
        (u.id.clone(), u.total, u.max, each)
    };
    let start = std::time::Instant::now();
    for round in 0..2 {
        for row in &rows {
            let kept = form.score(row);
            let fresh = score_unit(&rules, 2024, row).unwrap();
            assert_eq!(points(&kept), points(&fresh), "round {round}");
        }
    }
    let calls = 2 * rows.len() as u32;
    println!(
        "one edit with a kept form and a fresh one: {:?}",
        start.elapsed() / calls
    );
}
