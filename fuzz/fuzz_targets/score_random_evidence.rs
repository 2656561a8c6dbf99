//! Script evaluation with random evidence: every shipped criterion, at every level,
//! for random (well-typed) evidence values, gives a result that keeps the scoring
//! invariants: points in [0, max] and equal to a band's points, or an explicit
//! status without points; never a panic, never a silent zero.
#![no_main]

use arbitrary::Unstructured;
use cchc::Status;
use cchc::model::date::Date;
use cchc::evidence::Value;
use cchc::ruleset::FieldType;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn rulesets() -> &'static Vec<cchc::Ruleset> {
    static RULESETS: OnceLock<Vec<cchc::Ruleset>> = OnceLock::new();
    RULESETS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules");
        ["tdthpl-2018-2019", "tdthpl-2020-2024", "tdthpl-2025"]
            .iter()
            .map(|id| {
                cchc::load_ruleset(&root.join(id))
                    .expect("shipped ruleset loads")
                    .ruleset
            })
            .collect()
    })
}

fn value(u: &mut Unstructured<'_>, ty: FieldType) -> arbitrary::Result<Option<Value>> {
    if u.ratio(1, 6)? {
        return Ok(None);
    }
    Ok(Some(match ty {
        FieldType::Bool => Value::Bool(u.arbitrary()?),
        FieldType::Date => {
            let (y, m, d) = (
                u.int_in_range(1..=9999)?,
                u.int_in_range(1..=12)?,
                u.int_in_range(1..=31)?,
            );
            match Date::new(y, m, d) {
                Some(date) => Value::Date(date),
                None => return Ok(None),
            }
        }
        FieldType::Integer => Value::Integer(if u.ratio(1, 4)? {
            u.arbitrary()?
        } else {
            u.int_in_range(-5..=400)?
        }),
        FieldType::Decimal => Value::Decimal(Decimal::new(u.arbitrary()?, u.int_in_range(0..=28)?)),
        FieldType::Text => Value::Text(u.arbitrary()?),
    }))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(pick) = u.int_in_range(0..=2usize) else {
        return;
    };
    let ruleset = &rulesets()[pick];
    let Ok(year) =
        u.int_in_range(ruleset.years.0..=ruleset.years.1.unwrap_or(ruleset.years.0 + 10))
    else {
        return;
    };
    let mut values = Vec::new();
    for field in &ruleset.fields {
        match value(&mut u, field.ty) {
            Ok(v) => values.push(v),
            Err(_) => return,
        }
    }
    let Ok(params) = cchc::score::params_for_year(ruleset, year) else {
        return;
    };
    for level in ruleset.levels.clone() {
        for index in 0..ruleset.criteria.len() {
            let criterion = &ruleset.criteria[index];
            let result =
                cchc::score::score_criterion(ruleset, index, level, year, &params, &values, &[]);
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
                        declared.points.get(level),
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
    }
});
