//! The per-unit notice of a publication (`report::render_notices`): one A4
//! section per unit, self-assessed beside appraised points with the signed
//! difference and the appraisers' reasons, escaped; the sample-values note.

mod common;

use cchc::report::{Notice, NoticeHeader, render_notices};
use common::repo_path;

#[test]
fn each_unit_on_its_own_page_with_the_difference_and_escaped_reasons() {
    let rules = cchc::load_ruleset(&repo_path("rules/tdthpl-2020-2024")).unwrap();
    let scored = cchc::pipeline::score_file(&rules, &repo_path("data/tinh-mau/2024.csv"), 2024)
        .unwrap()
        .board;
    // The "appraised" unit is another unit's score, with another total: the difference shows.
    let a = &scored.units[0];
    let b = scored
        .units
        .iter()
        .find(|u| u.total != a.total)
        .expect("two units with different totals");
    let reasons = vec![(
        "1.1".to_string(),
        vec!["ngay_ban_hanh_ke_hoach 08/01 → 20/02 (vòng 1): <script>x</script>".to_string()],
    )];
    let header = NoticeHeader {
        year: 2024,
        revision: 3,
        evidence_fingerprint: "abc123",
    };
    let notices = [
        Notice {
            appraised: b,
            own: a,
            reasons: &reasons,
        },
        Notice {
            appraised: a,
            own: a,
            reasons: &[],
        },
    ];
    let html = render_notices(&rules.ruleset, header, &notices);
    assert_eq!(html.matches("<section class=\"notice\"").count(), 2);
    assert!(html.contains("@page{size:A4"));
    assert!(html.contains("bản công bố số 3"));
    assert!(html.contains("minh chứng đã thẩm định abc123"));
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>"));
    assert!(html.contains("Chênh lệch với điểm tự chấm"));
    // The second notice compares a unit with itself: every difference is 0.
    let second = &html[html.rfind("<section").unwrap()..];
    assert!(
        !second.contains("<td class=\"n\">+") && !second.contains("<td class=\"n\">-"),
        "{second}"
    );
    let first = &html[..html.rfind("<section").unwrap()];
    assert!(first.contains("<td class=\"n\">+") || first.contains("<td class=\"n\">-"));
    // The shipped rulesets use sample band values: every notice says so.
    assert!(html.contains("giá trị mẫu"));
}
