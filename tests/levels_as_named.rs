//! From 01/7/2025 the commune level covers xã, phường and đặc khu: evidence
//! that writes a unit's level as the law or the province names it (phường,
//! Đặc khu, UBND cấp xã, Quận…) is scored exactly as with the codes.

mod common;

use common::repo_path;

fn totals(rules: &cchc::Rules, path: &std::path::Path, year: i64) -> Vec<(String, String, String)> {
    let scored = cchc::pipeline::score_file(rules, path, year).unwrap();
    scored
        .board
        .units
        .iter()
        .map(|u| (u.id.clone(), u.total.to_string(), format!("{:?}", u.level)))
        .collect()
}

#[test]
fn units_whose_level_is_written_by_its_name_score_as_with_the_code() {
    let dir = tempfile::tempdir().unwrap();
    for (year, ruleset, names) in [
        (
            2025,
            "rules/tdthpl-2025",
            &["phường", "Đặc khu", "UBND cấp xã", "xa"][..],
        ),
        (
            2024,
            "rules/tdthpl-2020-2024",
            &["Thị trấn", "UBND_CAP_XA", "phuong"][..],
        ),
    ] {
        let rules = cchc::load_ruleset(&repo_path(ruleset)).unwrap();
        let sample = repo_path(&format!("data/tinh-mau/{year}.csv"));
        let text = std::fs::read_to_string(&sample).unwrap();
        let mut n = 0;
        let renamed: String = text
            .lines()
            .map(|line| {
                let mut cells: Vec<String> = line.split(';').map(str::to_string).collect();
                if cells.get(2).is_some_and(|c| c == "xa") {
                    cells[2] = names[n % names.len()].to_string();
                    n += 1;
                } else if cells.get(2).is_some_and(|c| c == "huyen") {
                    cells[2] = "Quận".to_string();
                } else if cells.get(2).is_some_and(|c| c == "so") {
                    cells[2] = "Sở, ban, ngành".to_string();
                }
                cells.join(";") + "\n"
            })
            .collect();
        assert!(n > 3, "the sample has communes");
        let path = dir.path().join(format!("{year}.csv"));
        std::fs::write(&path, renamed).unwrap();
        assert_eq!(
            totals(&rules, &path, year),
            totals(&rules, &sample, year),
            "{year}"
        );
    }
}
