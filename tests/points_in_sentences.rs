//! Points in explanations keep the ruleset's decimals, as its tables print them
//! ("Đạt 0,20/0,20 điểm", "mất 0,10", "Mức cao hơn (0,25 điểm)"; never "0,2"),
//! for every shipped ruleset on its sample province, in Vietnamese and English.

mod common;

use common::repo_path;

/// The figures after each `marker`, up to the first character not in a number.
fn figures_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker)
        .flat_map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '/'))
                .unwrap_or(rest.len());
            rest[..end].split('/').filter(|f| !f.is_empty())
        })
        .collect()
}

fn two_decimals(figure: &str, separator: char) -> bool {
    let figure = figure.trim_end_matches(['.', ',']);
    figure
        .split_once(separator)
        .is_some_and(|(whole, decimals)| !whole.is_empty() && decimals.len() == 2)
}

#[test]
fn every_point_in_a_sentence_has_the_policy_s_two_decimals() {
    for (year, ruleset) in [
        (2019, "rules/tdthpl-2018-2019"),
        (2024, "rules/tdthpl-2020-2024"),
        (2025, "rules/tdthpl-2025"),
    ] {
        let rules = cchc::load_ruleset(&repo_path(ruleset)).unwrap();
        let sample = repo_path(&format!("data/tinh-mau/{year}.csv"));
        let scored = cchc::pipeline::score_file(&rules, &sample, year).unwrap();
        let mut seen = 0;
        for unit in &scored.board.units {
            for criterion in &unit.criteria {
                let text = criterion.explanation.as_ref();
                for marker in ["Đạt ", "mất ", "Mức cao hơn ("] {
                    for figure in figures_after(text, marker) {
                        assert!(
                            two_decimals(figure, ','),
                            "{year} {}: '{figure}' in {text}",
                            unit.id
                        );
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 100, "{year}: {seen} figures checked");
    }
    // English shows the same decimals with a point.
    let run = common::run(["score", "--year", "2025", "--lang", "en"]);
    run.expect_code(0);
    let figures = figures_after(&run.stdout, "Scored ");
    assert!(!figures.is_empty());
    for figure in figures {
        assert!(two_decimals(figure, '.'), "'{figure}'");
    }
}
