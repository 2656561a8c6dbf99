//! Scoring one unit from random cells, through the public API ([`UnitScoring`],
//! what a form calls on every edit): every shipped ruleset, at every level and a
//! random year, for random cell texts per field (mostly well formed for the
//! field's type, sometimes not, so cell typing is exercised too), gives results
//! that keep the scoring invariants: points in [0, max] and equal to the reached
//! band's points, `full` exactly at max, an explicit status without points
//! otherwise; never a panic, never a silent zero.
#![no_main]

use arbitrary::Unstructured;
use cchc::Status;
use cchc::model::FieldType;
use cchc::pipeline::UnitScoring;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn rulesets() -> &'static Vec<cchc::Rules> {
    static RULESETS: OnceLock<Vec<cchc::Rules>> = OnceLock::new();
    RULESETS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        ["tdthpl-2018-2019", "tdthpl-2020-2024", "tdthpl-2025"]
            .iter()
            .map(|id| cchc::load_ruleset(&root.join(id)).expect("shipped ruleset loads"))
            .collect()
    })
}

/// A cell as someone might type it for a field of type `ty`: blank, well formed
/// in one of the spellings the reader accepts, or arbitrary text.
fn cell(u: &mut Unstructured<'_>, ty: FieldType) -> arbitrary::Result<String> {
    if u.ratio(1, 6)? {
        return Ok(String::new());
    }
    if u.ratio(1, 10)? {
        return u.arbitrary();
    }
    Ok(match ty {
        FieldType::Bool => {
            let spellings = [
                "Có", "Không", "có", "KHÔNG", "x", "1", "0", "co", "khong", "Đạt",
            ];
            u.choose(&spellings)?.to_string()
        }
        FieldType::Date => {
            let (y, m, d): (u16, u8, u8) = (
                u.int_in_range(1..=9999)?,
                u.int_in_range(1..=12)?,
                u.int_in_range(1..=31)?,
            );
            match u.int_in_range(0..=2u8)? {
                0 => format!("{d:02}/{m:02}/{y:04}"),
                1 => format!("{d}/{m}/{y}"),
                _ => format!("{y:04}-{m:02}-{d:02}"),
            }
        }
        FieldType::Integer => {
            let n: i64 = if u.ratio(1, 4)? {
                u.arbitrary()?
            } else {
                u.int_in_range(-5..=400)?
            };
            n.to_string()
        }
        FieldType::Decimal => {
            let d = Decimal::new(u.arbitrary()?, u.int_in_range(0..=28)?).to_string();
            if u.arbitrary()? {
                d.replace('.', ",")
            } else {
                d
            }
        }
        FieldType::Text => u.arbitrary()?,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(pick) = u.int_in_range(0..=2usize) else {
        return;
    };
    let rules = &rulesets()[pick];
    let ruleset = &rules.ruleset;
    let Ok(year) =
        u.int_in_range(ruleset.years.0..=ruleset.years.1.unwrap_or(ruleset.years.0 + 10))
    else {
        return;
    };
    let mut texts = Vec::new();
    for field in &ruleset.fields {
        match cell(&mut u, field.ty) {
            Ok(text) => texts.push((field.id.as_str(), text)),
            Err(_) => return,
        }
    }
    // A year whose parameters have no date (29/02 in a common year) is refused.
    let Ok(mut form) = UnitScoring::new(rules, year) else {
        return;
    };
    for level in &ruleset.levels {
        let mut cells: Vec<(&str, &str)> = vec![
            ("ma_don_vi", "DV-1"),
            ("ten_don_vi", "Đơn vị thử"),
            ("cap", level.code()),
        ];
        cells.extend(texts.iter().map(|(id, text)| (*id, text.as_str())));
        let unit = form.score(&cells);
        assert_eq!(unit.level, Some(*level), "the level cell was read");
        assert_eq!(
            unit.criteria.len(),
            ruleset.criteria.len(),
            "a criterion was lost"
        );
        for result in &unit.criteria {
            let criterion = &ruleset.criteria[result.criterion];
            match result.status {
                Status::Full | Status::Partial | Status::Zero => {
                    let points = result.points.expect("a scored result has points");
                    let max = result.max.expect("a scored result has a maximum");
                    assert!(
                        points >= Decimal::ZERO && points <= max,
                        "{}: {points} outside [0, {max}]",
                        criterion.id
                    );
                    let band = result
                        .band
                        .as_deref()
                        .expect("a scored result names its band");
                    let declared = criterion.band(band).expect("the band is declared");
                    assert_eq!(
                        declared.points.get(*level),
                        Some(points),
                        "{}: points of band {band}",
                        criterion.id
                    );
                    assert_eq!(result.status == Status::Full, points == max);
                }
                Status::MissingEvidence => assert_eq!(result.points, Some(Decimal::ZERO)),
                Status::NotApplicable => assert!(result.points.is_none() && result.max.is_none()),
                Status::Error => {
                    assert!(result.points.is_none(), "an error carries no points");
                    assert!(!result.explanation.is_empty(), "an error says why");
                }
            }
        }
        assert!(
            unit.total >= Decimal::ZERO && unit.total <= unit.max,
            "total {} outside [0, {}]",
            unit.total,
            unit.max
        );
    }
});
