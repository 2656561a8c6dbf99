//! `cchc` run outside the repository: the rulesets and the sample province built
//! into the binary stand in for a missing `rules/` and `data/tinh-mau/`, say so,
//! and score exactly as the repository's files do.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// `cchc <args>` run in `dir`, with its temporary directory (where the built-in
/// copy is written) in `tmp`.
fn run_in(dir: &Path, tmp: &Path, args: &[&str]) -> Run {
    let mut cmd = cchc();
    cmd.current_dir(dir).env("TMPDIR", tmp).args(args);
    run_cmd(&mut cmd)
}

/// The one built-in copy written under `tmp`.
fn copy_in(tmp: &Path) -> PathBuf {
    let copies: Vec<PathBuf> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("cchc-builtin-")
        })
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    copies.into_iter().next().unwrap()
}

const NOTE: &str = "built into cchc";

/// `text` with the built-in copy's directory (under `tmp`) taken out of every
/// path, so `<copy>/rules/x` reads `rules/x` as in the repository.
fn as_in_repository(text: &str, tmp: &Path) -> String {
    let copy = copy_in(tmp);
    text.replace(&format!("{}/", copy.display()), "")
}

#[test]
fn score_runs_from_an_empty_directory_and_scores_as_the_repository_does() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for year in ["2019", "2024", "2025"] {
        let outside = run_in(
            dir.path(),
            tmp.path(),
            &["score", "--year", year, "--format", "json"],
        );
        outside.expect_code(0);
        assert!(
            outside
                .stderr
                .contains("using the rulesets and sample province built into cchc"),
            "{}",
            outside.stderr
        );
        assert_eq!(
            outside.stderr.matches(NOTE).count(),
            1,
            "{}",
            outside.stderr
        );
        let inside = run(["score", "--year", year, "--format", "json"]);
        inside.expect_code(0);
        let (mut outside, inside) = (outside.json(), inside.json());
        // Only the evidence's path differs: the copy's real path, which exists.
        let file = outside["evidence"]["file"].as_str().unwrap().to_string();
        assert!(
            file.starts_with(copy_in(tmp.path()).to_str().unwrap())
                && file.ends_with(&format!("data/tinh-mau/{year}.csv")),
            "{file}"
        );
        assert!(Path::new(&file).is_file());
        outside["evidence"]["file"] = inside["evidence"]["file"].clone();
        assert_eq!(outside, inside, "year {year}");
    }
    // The table too, byte for byte once the copy's paths read as the repository's.
    let table = run_in(dir.path(), tmp.path(), &["score", "--year", "2024"]);
    let inside = run(["score", "--year", "2024"]).stdout;
    assert!(as_in_repository(&table.stdout, tmp.path()) == inside);
    // Nothing was written where the command ran.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn every_command_that_reads_rules_finds_the_built_in_ones() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for args in [
        &["test"][..],
        &["check"],
        &["doc", "--year", "2024"],
        &["template", "--year", "2024"],
        &["gen", "--units", "3"],
        &["explain", "--unit", "SO-STP"],
        &[
            "compare",
            "--year",
            "2024",
            "--self",
            &format!("{REPO}/data/tinh-mau/tu-cham-2024.csv"),
        ],
    ] {
        let outside = run_in(dir.path(), tmp.path(), args);
        let inside = run(args);
        assert_eq!(outside.code, inside.code, "{args:?}: {}", outside.stderr);
        assert!(
            outside.stderr.contains(NOTE),
            "{args:?}: {}",
            outside.stderr
        );
        // The same output, once the copy's paths read as the repository's.
        let outside = as_in_repository(&outside.stdout, tmp.path());
        assert!(outside == inside.stdout, "{args:?} differs");
    }
}

#[test]
fn a_report_scored_outside_is_verified_outside() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let report = dir.path().join("r.json");
    let report = report.to_str().unwrap();
    run_in(
        dir.path(),
        tmp.path(),
        &["score", "--year", "2024", "--format", "json", "-o", report],
    )
    .expect_code(0);
    let verified = run_in(dir.path(), tmp.path(), &["verify", report]);
    verified.expect_code(0);
    assert!(verified.stdout.contains("MATCH"), "{}", verified.stdout);
}

#[test]
fn an_explicit_rules_directory_never_falls_back() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let missing = run_in(
        dir.path(),
        tmp.path(),
        &["score", "--rules", "somewhere-missing", "--year", "2024"],
    );
    missing.expect_code(2);
    assert!(
        missing.stderr.contains("cannot access somewhere-missing"),
        "{}",
        missing.stderr
    );
    assert!(!missing.stderr.contains("rulesets"), "{}", missing.stderr);
}

#[test]
fn a_working_directory_with_its_own_rules_reads_those() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let own = dir.path().join("rules/tdthpl-2025");
    std::fs::create_dir_all(&own).unwrap();
    for entry in walk(&Path::new(REPO).join("rules/tdthpl-2025")) {
        let relative = entry
            .strip_prefix(Path::new(REPO).join("rules/tdthpl-2025"))
            .unwrap();
        let target = own.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    let header = own.join("ruleset.toml");
    let text = std::fs::read_to_string(&header).unwrap();
    let renamed = text.replacen("title = \"", "title = \"Bản của tỉnh: ", 1);
    assert_ne!(text, renamed);
    std::fs::write(&header, renamed).unwrap();

    let scored = run_in(dir.path(), tmp.path(), &["score", "--format", "json"]);
    scored.expect_code(0);
    let report = scored.json();
    assert!(
        report["ruleset"]["title"]
            .as_str()
            .unwrap()
            .starts_with("Bản của tỉnh: "),
        "{}",
        report["ruleset"]
    );
    // The sample still comes from the binary (there is no data/ here), and says so.
    assert!(
        scored
            .stderr
            .contains("using the sample province built into cchc"),
        "{}",
        scored.stderr
    );
    assert!(!scored.stderr.contains("rulesets"), "{}", scored.stderr);
}

#[test]
fn a_damaged_copy_is_replaced_and_outputs_never_land_on_it() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let args = ["score", "--year", "2025", "--format", "json"];
    let first = run_in(dir.path(), tmp.path(), &args).json();
    let copy = copy_in(tmp.path());
    // A ruleset slipped in and a sample edited: the next run rewrites the copy.
    std::fs::write(copy.join("rules/tdthpl-2025/9-them.toml"), "id = \"9\"\n").unwrap();
    std::fs::write(copy.join("data/tinh-mau/2025.csv"), "ma_don_vi\n").unwrap();
    let second = run_in(dir.path(), tmp.path(), &args);
    second.expect_code(0);
    assert_eq!(second.json(), first);
    assert!(!copy.join("rules/tdthpl-2025/9-them.toml").exists());

    for target in [
        copy.join("data/tinh-mau/2019.csv"),
        copy.join("rules/tdthpl-2025/ruleset.toml"),
        copy.join("rules/tdthpl-2025/new.toml"),
    ] {
        let before = std::fs::read(&target).ok();
        let refused = run_in(
            dir.path(),
            tmp.path(),
            &["score", "--format", "csv", "-o", target.to_str().unwrap()],
        );
        refused.expect_code(2);
        assert_eq!(std::fs::read(&target).ok(), before, "{}", target.display());
    }
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_copy_holds_the_repository_files_byte_for_byte() {
    let (dir, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run_in(dir.path(), tmp.path(), &["doc", "--year", "2025"]).expect_code(0);
    let copy = copy_in(tmp.path());
    for sub in ["rules", "data/tinh-mau"] {
        for file in walk(&Path::new(REPO).join(sub)) {
            let relative = file.strip_prefix(REPO).unwrap();
            assert_eq!(
                std::fs::read(copy.join(relative)).ok(),
                std::fs::read(&file).ok(),
                "{}",
                relative.display()
            );
        }
    }
}
