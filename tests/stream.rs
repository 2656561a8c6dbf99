//! Streamed CSV reports (`cchc::stream`) say exactly what the reports of the
//! file read whole say, byte for byte, on every evidence file of the corpus, the
//! samples and a large file with repeated unit ids; and so on any thread count.

mod common;

use cchc::report::{self, Format, rows::Layout};
use cchc::score::Workers;
use cchc::stream::{Destination, Event, score_csv};
use common::repo_path;
use std::path::Path;

/// The report of the file read whole, or the error's text.
fn whole(rules: &cchc::Rules, path: &Path, year: i64, layout: Layout) -> Result<String, String> {
    let ruleset = &rules.ruleset;
    let evidence = cchc::evidence::read_evidence(path, &ruleset.fields, &ruleset.levels)
        .map_err(|e| e.to_string())?;
    let board = cchc::score(rules, &evidence, year).map_err(|e| e.to_string())?;
    let format = match layout {
        Layout::Long => Format::Csv,
        Layout::Wide => Format::Wide,
    };
    Ok(report::render(&board, format))
}

/// The streamed report (and the problems it printed), or the error's text.
fn streamed(
    rules: &cchc::Rules,
    path: &Path,
    year: i64,
    layout: Layout,
    threads: usize,
) -> Result<(String, Vec<String>), String> {
    let spill = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let result = score_csv(
        &Workers::new(threads),
        rules,
        path,
        year,
        layout,
        Destination {
            out: &mut out,
            spill_dir: spill.path(),
            name: "report.csv",
        },
        &mut |event| {
            if let Event::Problem(p) = event {
                problems.push(p.to_string());
            }
        },
    );
    assert_eq!(
        std::fs::read_dir(spill.path()).unwrap().count(),
        0,
        "the spill file is removed"
    );
    result.map_err(|e| e.to_string())?;
    Ok((String::from_utf8(out).unwrap(), problems))
}

fn assert_same(rules: &cchc::Rules, path: &Path, year: i64) {
    for layout in [Layout::Long, Layout::Wide] {
        let expected = whole(rules, path, year, layout);
        for threads in [1, 3] {
            let got = streamed(rules, path, year, layout, threads).map(|(out, _)| out);
            assert_eq!(
                got,
                expected,
                "{} ({layout:?}, {threads} threads)",
                path.display()
            );
        }
    }
}

#[test]
fn every_corpus_evidence_file_streams_to_the_same_report_or_error() {
    let ruleset = cchc::load_ruleset(&repo_path("tests/corpus/base/rules")).unwrap();
    let dir = repo_path("tests/corpus/evidence");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{} files", files.len());
    for path in files {
        assert_same(&ruleset, &path, 2024);
    }
}

#[test]
fn the_samples_stream_to_the_same_reports() {
    for (ruleset, year) in [
        ("tdthpl-2018-2019", 2019),
        ("tdthpl-2020-2024", 2024),
        ("tdthpl-2025", 2025),
    ] {
        let ruleset = cchc::load_ruleset(&repo_path(&format!("rules/{ruleset}"))).unwrap();
        assert_same(
            &ruleset,
            &repo_path(&format!("data/tinh-mau/{year}.csv")),
            year,
        );
    }
}

/// Enough units for several batches and for the duplicate filter to be used in
/// earnest, with ids repeated far apart, in the same batch, and three times.
#[test]
fn repeated_ids_across_batches_are_found_exactly() {
    let ruleset = cchc::load_ruleset(&repo_path("rules/tdthpl-2020-2024")).unwrap();
    let sample = std::fs::read_to_string(repo_path("data/tinh-mau/2024.csv")).unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let mut csv = format!("{header}\n");
    let units = 10_000;
    for i in 0..units {
        let row = rows[i % rows.len()];
        let rest = row.split_once(';').unwrap().1;
        let id = match i {
            4_000 | 9_999 | 9_998 => "U00001".to_string(),
            17 => "U00016".to_string(),
            _ => format!("U{i:05}"),
        };
        csv.push_str(&format!("{id};{rest}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evidence.csv");
    std::fs::write(&path, csv).unwrap();
    assert_same(&ruleset, &path, 2024);
    let (_, problems) = streamed(&ruleset, &path, 2024, Layout::Wide, 2).unwrap();
    let duplicates: Vec<&String> = problems.iter().filter(|p| p.contains("trùng")).collect();
    assert_eq!(duplicates.len(), 4, "{duplicates:#?}");
    for row in [19, 4_002, 10_000, 10_001] {
        assert!(
            duplicates
                .iter()
                .any(|p| p.contains(&format!("dòng/row {row},"))),
            "row {row}: {duplicates:#?}"
        );
    }
}
