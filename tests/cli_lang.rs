//! `--lang en` on `score` and `explain`, and the legal basis printed once by
//! `explain`: explanations are rendered from data, so either language is a rendering.

mod common;

use common::*;

#[test]
fn explain_prints_each_legal_basis_once() {
    let run = run([
        "explain",
        "--year",
        "2024",
        "--unit",
        "SO-SCT",
        "--criterion",
        "1.3",
    ]);
    run.expect_code(0);
    assert_eq!(
        run.stdout
            .matches("Điều 12, Nghị định 59/2012/NĐ-CP")
            .count(),
        1,
        "{}",
        run.stdout
    );
    let result = run
        .stdout
        .lines()
        .find(|l| l.starts_with("  Kết quả: "))
        .unwrap();
    assert!(!result.contains("Căn cứ"), "{result}");
    assert!(result.ends_with("từ 100% trở lên."), "{result}");
}

#[test]
fn explain_in_english_says_why_each_band_was_or_was_not_reached() {
    let run = run([
        "explain",
        "--year",
        "2024",
        "--unit",
        "SO-SCT",
        "--criterion",
        "1.3",
        "--lang",
        "en",
    ]);
    run.expect_code(0);
    for line in [
        "Total: 1.70 / 2.00 points (85.00%), rank 13/20 in level so.",
        "1.3 Kiểm tra tình hình thi hành pháp luật — 0.15 / 0.25 points [partial]",
        "  Script returned: tỷ lệ cuộc kiểm tra đã thực hiện so với Kế hoạch = 66.67%",
        "  Legal basis: Điều 12, Nghị định 59/2012/NĐ-CP (unverified)",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line}\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("): 66.67% < 100% (needs ≥ 100%)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(": 66.67% satisfies ≥ 50%, < 100%  ← chosen\n")
    );
    assert!(
        run.stdout
            .contains("  Result: Scored 0.15/0.25 points, lost 0.10: "),
        "{}",
        run.stdout
    );
}

#[test]
fn score_in_english_changes_the_explanations_of_the_reports_read_by_people_only() {
    for format in ["table", "md", "html"] {
        let vi = run(["score", "--year", "2024", "--format", format]);
        let en = run([
            "score", "--year", "2024", "--format", format, "--lang", "en",
        ]);
        en.expect_code(0);
        assert!(vi.stdout.contains("Mức cao hơn ("), "{format}");
        assert!(!en.stdout.contains("Mức cao hơn ("), "{format}");
        assert!(en.stdout.contains(", lost 0.10: "), "{format}");
        assert!(en.stdout.contains(" Higher band ("), "{format}");
        assert!(en.stdout.contains(" Legal basis: "), "{format}");
    }
    for format in ["csv", "wide", "json"] {
        let vi = run(["score", "--year", "2024", "--format", format]);
        let en = run([
            "score", "--year", "2024", "--format", format, "--lang", "en",
        ]);
        assert_eq!(vi.stdout, en.stdout, "{format} keeps the Vietnamese record");
    }
}

#[test]
fn an_unknown_language_is_a_usage_error_in_both_languages() {
    let run = run(["score", "--year", "2024", "--lang", "fr"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("cần 'vi' hoặc 'en' / expected 'vi' or 'en'"),
        "{}",
        run.stderr
    );
}
