//! `cchc check` from the command line: the shipped rules lint clean, exit codes,
//! text and JSON output, overlays and rules roots, and the documented codes. The
//! load-time codes are tested in `check_load_codes.rs`; the lints of `check`
//! itself one file each, in `src/check/lints/`.
//!
//! None of these tests edits a copy of the shipped rules: a sample rule can change
//! without breaking a test of an unrelated code.

mod check_support;
mod common;

use check_support::*;
use common::*;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// The command: clean rules, exit codes, output
// ---------------------------------------------------------------------------

#[test]
fn every_shipped_ruleset_and_overlay_is_clean() {
    let run = run(["check"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "tdthpl-2018-2019 (rules/tdthpl-2018-2019): 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2020-2024 (rules/tdthpl-2020-2024): 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2025 (rules/tdthpl-2025): 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2020-2024 + rules/overlays/binh-duong-2020.toml: 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n\
         tdthpl-2020-2024 + rules/overlays/tinh-mau-2024.toml: 0 lỗi, 0 cảnh báo / 0 error(s), 0 warning(s): sạch / clean\n"
    );
}

#[test]
fn a_clean_copy_has_no_findings_in_json() {
    let (exit, findings) = Base::clean().check_json();
    assert_eq!((exit, findings), (0, vec![]));
}

#[test]
fn the_corpus_base_as_it_is_has_lint_findings_only() {
    let base = Base::new();
    let (exit, findings) = base.check_json();
    assert_eq!(exit, 1, "{findings:#?}");
    let mut codes: Vec<&str> = findings.iter().map(|f| f.0.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes,
        [
            "case/none",
            "legal/missing-quote",
            "legal/unverified-without-note"
        ]
    );
}

#[test]
fn a_lint_finding_exits_1_and_is_rendered_with_its_interval() {
    let base = Base::clean().replace(
        C1,
        "at_least = \"50%\"\nbelow = \"100%\"",
        "at_least = \"60%\"\nbelow = \"100%\"",
    );
    base.assert_finding("band/gap", C1, base.band(C1, "duoi_50"), 1);
    let run = run(["check", "--rules", arg(&base.dir)]);
    run.expect_code(1);
    assert!(
        run.stdout.contains(
            "error[band/gap]: tiêu chí 1: không mức nào chứa giá trị [50%; 60%) (ví dụ 50%)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(&format!(
            "corpus ({}): 1 lỗi, 0 cảnh báo / 1 error(s), 0 warning(s): có phát hiện / findings\n",
            base.dir.display()
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_broken_copy_yields_each_code_at_its_line() {
    // Wrong band points, an undeclared variable, a band no one can reach, no quote.
    let base = Base::clean()
        .replace(
            C1,
            "key = \"mot_phan\"\npoints = \"0.10\"",
            "key = \"mot_phan\"\npoints = \"0.35\"",
        )
        .replace(
            C1,
            "ratio(so_thuc_hien, so_ke_hoach)",
            "ratio(so_thuc, so_ke_hoach)",
        )
        .replace(
            C1,
            "[[band]]\nkey = \"khong_phat_sinh\"",
            "[[band]]\nkey = \"bi_huy\"\npoints = \"0\"\nclause = \"Kế hoạch bị hủy\"\n\n[[band]]\nkey = \"khong_phat_sinh\"",
        )
        .replace(C1, "quote = \"Điều 1. Văn bản mẫu.\"\n", "");
    let (exit, findings) = base.check_json();
    assert_eq!(exit, 2);
    let got: Vec<(String, u64)> = findings
        .iter()
        .map(|(code, _, _, line)| (code.clone(), *line))
        .collect();
    let expected = [
        ("band/points-out-of-range", base.band(C1, "mot_phan")),
        ("band/unreachable", base.band(C1, "bi_huy")),
        ("script/undeclared-variable", base.line(C1, "so_thuc,")),
        ("legal/missing-quote", base.line(C1, "[[legal_basis]]")),
    ];
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(c, l)| (c.to_string(), *l as u64))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn text_output_underlines_the_source() {
    let base = Base::clean().replace(
        C1,
        "key = \"duoi_50\"\npoints = \"0\"",
        "key = \"duoi_50\"\npoints = \"0.30\"",
    );
    let path = base.path(C1);
    let line = base.line(C1, "points = \"0.30\"");
    let run = run(["check", "--rules", arg(&base.dir)]);
    run.expect_code(2);
    let expected = format!(
        "error[band/points-out-of-range]: tiêu chí 1, mức 'duoi_50', cấp so, huyen, xa: 0.30 điểm vượt điểm tối đa 0.25 / band 'duoi_50' at level so, huyen, xa: 0.30 points exceed the maximum 0.25\n  --> {}:{line}:10\n   |\n{line} | points = \"0.30\"\n   |          ^^^^^^\n",
        path.display()
    );
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    assert!(run.stdout.ends_with(&format!(
        "corpus ({}): 1 lỗi, 0 cảnh báo / 1 error(s), 0 warning(s): KHÔNG DÙNG ĐƯỢC / UNUSABLE\n",
        base.dir.display()
    )));
}

// ---------------------------------------------------------------------------
// Overlays and rules roots
// ---------------------------------------------------------------------------

fn write_overlay(dir: &Path, body: &str) -> PathBuf {
    write_file(
        dir,
        "overlay.toml",
        format!("id = \"thu\"\ntitle = \"Thử\"\nruleset = \"corpus\"\n{body}"),
    )
}

#[test]
fn an_overlay_that_opens_a_gap_is_reported_at_the_band_below_it() {
    let base = Base::clean();
    let overlay = write_overlay(
        base.tmp.path(),
        "\n[criterion.\"1\".band.mot_phan]\nat_least = \"60%\"\n",
    );
    let run = run([
        "check",
        "--rules",
        arg(&base.dir),
        "--overlay",
        arg(&overlay),
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let report = &run.json()[0];
    assert_eq!(report["ruleset"], "corpus");
    assert_eq!(report["usable"], true);
    let gaps: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "band/gap")
        .map(|f| {
            (
                f["location"]["file"].as_str().unwrap(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // The gap [50%; 60%) is shown at the band just below it, in the rule file.
    assert_eq!(
        gaps,
        [(arg(&base.path(C1)), base.band(C1, "duoi_50") as u64)],
        "{report:#}"
    );
}

#[test]
fn an_overlay_naming_an_unknown_band_is_unusable() {
    let base = Base::clean();
    let overlay = write_overlay(
        base.tmp.path(),
        "\n[criterion.\"1\".band.khong_co]\npoints = \"0.10\"\n",
    );
    let run = run([
        "check",
        "--rules",
        arg(&base.dir),
        "--overlay",
        arg(&overlay),
    ]);
    run.expect_code(2);
    assert!(
        run.stdout.contains("error[overlay/unknown-band]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("{}:5:", overlay.display())),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rules_root_checks_every_ruleset_and_its_overlays() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("rules"), tmp.path());
    let broken = tmp.path().join("overlays/xau.toml");
    std::fs::write(
        &broken,
        "id = \"xau\"\ntitle = \"x\"\nruleset = \"khong-co\"\n",
    )
    .unwrap();
    let run = run(["check", "--rules", arg(tmp.path()), "--format", "json"]);
    run.expect_code(2);
    let reports = run.json();
    let summary: Vec<(String, bool)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{}{}",
                    r["ruleset"].as_str().unwrap(),
                    r["overlay"]
                        .as_str()
                        .map(|p| format!(
                            " + {}",
                            Path::new(p).file_name().unwrap().to_string_lossy()
                        ))
                        .unwrap_or_default()
                ),
                r["usable"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("tdthpl-2018-2019", true),
        ("tdthpl-2020-2024", true),
        ("tdthpl-2025", true),
        ("tdthpl-2020-2024 + binh-duong-2020.toml", true),
        ("tdthpl-2020-2024 + tinh-mau-2024.toml", true),
        ("khong-co + xau.toml", false),
    ];
    let expected: Vec<(String, bool)> = expected.iter().map(|(s, b)| (s.to_string(), *b)).collect();
    assert_eq!(summary, expected);
}

#[test]
fn a_directory_without_rulesets_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run(["check", "--rules", arg(tmp.path())]);
    run.expect_code(2);
    assert!(run.stderr.contains("holds no ruleset"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Documentation
// ---------------------------------------------------------------------------

/// Every `"prefix/name"` string literal in `src/` whose prefix is a diagnostic family.
fn codes_in_source(dir: &Path, out: &mut Vec<String>) {
    const FAMILIES: [&str; 13] = [
        "toml",
        "value",
        "level",
        "ruleset",
        "overlay",
        "criterion",
        "evidence",
        "band",
        "script",
        "param",
        "case",
        "legal",
        "path",
    ];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            codes_in_source(&path, out);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for literal in text.split('"').skip(1).step_by(2) {
            if let Some((family, name)) = literal.split_once('/')
                && FAMILIES.contains(&family)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !out.iter().any(|c| c == literal)
            {
                out.push(literal.to_string());
            }
        }
    }
}

#[test]
fn every_code_is_documented_with_a_wrong_and_a_right_example() {
    let mut codes = Vec::new();
    codes_in_source(&repo_path("src"), &mut codes);
    assert!(codes.len() > 40, "found the codes: {codes:?}");
    let readme = std::fs::read_to_string(repo_path("rules/README.md")).unwrap();
    for code in &codes {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "{code} is used in src/ but missing from the table in rules/README.md"
        );
        let heading = format!("#### `{code}`\n");
        let at = readme
            .find(&heading)
            .unwrap_or_else(|| panic!("rules/README.md has no example section for {code}"));
        let section = &readme[at + heading.len()..];
        let section = &section[..section.find("\n#### ").unwrap_or(section.len())];
        assert!(
            section.contains("# Sai / wrong") && section.contains("# Đúng / right"),
            "the example of {code} shows a wrong and a right version"
        );
    }
}
