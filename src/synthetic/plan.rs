//! How each evidence field of a ruleset is generated, read from the ruleset itself:
//! field types, which criteria (and so which levels) read a field, whether it is
//! required, and how the criteria's scripts use it.
//!
//! - A date that a script measures against a date parameter
//!   (`days_between(params.han_ke_hoach, ngay_ban_hanh_ke_hoach)`) clusters around
//!   that deadline for the assessment year; a date measured from another field
//!   (`days_between(ngay_nhan, ngay_bao_cao) <= params.han_ngay`) follows it by about
//!   the integer parameter the script compares with.
//! - In a criterion reading several integers, the first is the "planned" count and
//!   the later ones are "done" counts bounded by it most of the time.
//! - A required yes/no field that opens a criterion with optional fields after it
//!   (`co_yeu_cau_xu_ly`, then the request's dates) gates them: when it says Không,
//!   they are left blank, as a unit with nothing to report leaves them.

use crate::model::FieldType;
use crate::model::Level;
use crate::model::date::Date;
use crate::ruleset::{ParamValue, Ruleset};
use rust_decimal::Decimal;

/// How one field's values are drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Yes/no, Có with this probability (‰).
    Bool {
        /// Probability of Có, per mille.
        yes_per_mille: u64,
    },
    /// A date near a deadline: mostly on time, some late.
    NearDeadline(Date),
    /// A date some days after another field's date (index into the plan's fields).
    After {
        /// The field it follows.
        field: usize,
        /// The usual allowed delay in days (the script's integer parameter).
        typical_days: i64,
    },
    /// A date anywhere in the working part of the assessment year.
    InYear,
    /// A small, skewed count ("planned").
    Count,
    /// A count bounded by another field's count most of the time ("done").
    DoneOf(usize),
    /// A decimal between bounds, two places.
    Decimal {
        /// Smallest value.
        min: Decimal,
        /// Largest value.
        max: Decimal,
    },
    /// Free text: a document number.
    Text,
}

/// The generation plan of one field.
#[derive(Debug, Clone)]
pub(crate) struct FieldPlan {
    /// Column id (read by the tests and shown by `Debug`).
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "read by the tests and shown by Debug")
    )]
    pub id: String,
    /// How its values are drawn.
    pub shape: Shape,
    /// Whether some criterion requires it (blank = missing evidence).
    pub required: bool,
    /// Levels whose criteria read it; other levels leave it blank.
    pub levels: Vec<Level>,
    /// The yes/no field that gates it, if any: blank when that field says Không.
    pub gated_by: Option<usize>,
    /// The smallest value allowed, for counts (`min` in the rule file).
    pub min: Option<i64>,
    /// The largest value allowed, for counts (`max` in the rule file).
    pub max: Option<i64>,
    /// The count it cannot exceed (`at_most_field`): drawn values stay plausible.
    pub at_most: Option<usize>,
    /// The plausible dates of the year (`not_before` … `not_after`): drawn dates stay inside.
    pub dates: Option<(Date, Date)>,
}

/// Probability of Có for an ordinary yes/no field (‰): most units do the activity.
pub(crate) const YES_PER_MILLE: u64 = 900;
/// Probability of Có for a gating field (‰): most units receive no request.
pub(crate) const GATE_YES_PER_MILLE: u64 = 350;
/// Delay assumed when a date follows another and the script names no integer parameter.
const DEFAULT_TYPICAL_DAYS: i64 = 30;

/// Lays out how every field of `ruleset` is generated for assessment `year`, in
/// ruleset field order (the evidence columns' order).
pub(crate) fn plan(ruleset: &Ruleset, year: i64) -> Vec<FieldPlan> {
    let mut plans: Vec<FieldPlan> = ruleset
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let readers = ruleset
                .criteria
                .iter()
                .filter(|c| c.evidence.iter().any(|u| u.field == index));
            let mut levels: Vec<Level> = Vec::new();
            let mut required = false;
            for criterion in readers {
                required |= criterion
                    .evidence
                    .iter()
                    .any(|u| u.field == index && u.required);
                for level in &criterion.applies_to {
                    if !levels.contains(level) {
                        levels.push(*level);
                    }
                }
            }
            levels.sort();
            let as_i64 = |d: Option<Decimal>| d.and_then(|d| i64::try_from(d.trunc()).ok());
            FieldPlan {
                id: field.id.clone(),
                shape: match field.ty {
                    FieldType::Bool => Shape::Bool {
                        yes_per_mille: YES_PER_MILLE,
                    },
                    FieldType::Date => Shape::InYear,
                    FieldType::Integer => Shape::Count,
                    FieldType::Decimal => Shape::Decimal {
                        min: field.min.unwrap_or(Decimal::ZERO),
                        max: field.max.unwrap_or(Decimal::ONE_HUNDRED),
                    },
                    FieldType::Text => Shape::Text,
                },
                required,
                levels,
                gated_by: None,
                at_most: field.plausibility.at_most_field.as_ref().map(|r| r.field),
                dates: plausible_dates(ruleset, field, year),
                min: as_i64(field.min),
                max: as_i64(field.max),
            }
        })
        .collect();
    for criterion in &ruleset.criteria {
        let fields: Vec<usize> = criterion.evidence.iter().map(|u| u.field).collect();
        link_counts(ruleset, &fields, &mut plans);
        link_gate(ruleset, criterion, &mut plans);
        link_dates(ruleset, &criterion.script_source, year, &mut plans);
    }
    plans
}

/// The error bounds of a date field for `year` (its own, else the ruleset's window).
fn plausible_dates(
    ruleset: &Ruleset,
    field: &crate::model::EvidenceField,
    year: i64,
) -> Option<(Date, Date)> {
    if field.ty != FieldType::Date {
        return None;
    }
    let p = &field.plausibility;
    let lo = p.not_before.unwrap_or(ruleset.date_window.not_before);
    let hi = p.not_after.unwrap_or(ruleset.date_window.not_after);
    Some((lo.resolve(year)?, hi.resolve(year)?))
}

/// The first integer field of a criterion is "planned", later ones "done" of it.
fn link_counts(ruleset: &Ruleset, fields: &[usize], plans: &mut [FieldPlan]) {
    let integers: Vec<usize> = fields
        .iter()
        .copied()
        .filter(|&f| ruleset.field(f).ty == FieldType::Integer)
        .collect();
    if let Some((&planned, done)) = integers.split_first() {
        for &f in done {
            if let Some(plan) = plans.get_mut(f)
                && plan.shape == Shape::Count
            {
                plan.shape = Shape::DoneOf(planned);
            }
        }
    }
}

/// A required yes/no field first, optional fields after it: the first gates the rest.
fn link_gate(ruleset: &Ruleset, criterion: &crate::ruleset::Criterion, plans: &mut [FieldPlan]) {
    let Some((first, rest)) = criterion.evidence.split_first() else {
        return;
    };
    if ruleset.field(first.field).ty != FieldType::Bool
        || !first.required
        || rest.is_empty()
        || rest.iter().any(|u| u.required)
    {
        return;
    }
    if let Some(plan) = plans.get_mut(first.field) {
        plan.shape = Shape::Bool {
            yes_per_mille: GATE_YES_PER_MILLE,
        };
    }
    for use_ in rest {
        if let Some(plan) = plans.get_mut(use_.field) {
            plan.gated_by.get_or_insert(first.field);
        }
    }
}

/// Dates measured against a deadline or against another date.
fn link_dates(ruleset: &Ruleset, script: &str, year: i64, plans: &mut [FieldPlan]) {
    let field_index = |name: &str| ruleset.fields.iter().position(|f| f.id == name);
    for (from, to) in days_between_calls(script) {
        let Some(to) = field_index(&to) else {
            continue;
        };
        let anchor = field_index(&from).filter(|anchor| *anchor != to);
        let Some(plan) = plans.get_mut(to) else {
            continue;
        };
        if ruleset.field(to).ty != FieldType::Date || plan.shape != Shape::InYear {
            continue;
        }
        if let Some(param) = from.strip_prefix("params.") {
            let deadline = ruleset
                .params
                .iter()
                .find(|p| p.name == param)
                .and_then(|p| p.value.resolve_date(year));
            if let Some(deadline) = deadline {
                plan.shape = Shape::NearDeadline(deadline);
            }
        } else if let Some(anchor) = anchor {
            plan.shape = Shape::After {
                field: anchor,
                typical_days: integer_param(ruleset, script).unwrap_or(DEFAULT_TYPICAL_DAYS),
            };
        }
    }
}

/// The value of the first integer parameter a script reads.
fn integer_param(ruleset: &Ruleset, script: &str) -> Option<i64> {
    ruleset.params.iter().find_map(|p| match p.value {
        ParamValue::Integer(days) if mentions(script, &format!("params.{}", p.name)) => Some(days),
        _ => None,
    })
}

/// Whether `script` contains `name` as a whole identifier.
fn mentions(script: &str, name: &str) -> bool {
    script.match_indices(name).any(|(at, _)| {
        let after = script.get(at + name.len()..).and_then(|s| s.chars().next());
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The two arguments of each `days_between(a, b)` call in a script, as written.
fn days_between_calls(script: &str) -> Vec<(String, String)> {
    const CALL: &str = "days_between(";
    let mut calls = Vec::new();
    let mut rest = script;
    while let Some((_, after)) = rest.split_once(CALL) {
        let Some((inside, _)) = after.split_once(')') else {
            break;
        };
        let args: Vec<&str> = inside.split(',').map(str::trim).collect();
        if let [a, b] = args.as_slice() {
            calls.push((a.to_string(), b.to_string()));
        }
        rest = after.get(inside.len()..).unwrap_or_default();
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn shipped(dir: &str) -> Ruleset {
        crate::load_ruleset(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .expect("the shipped ruleset loads")
            .ruleset
    }

    fn shape<'p>(plans: &'p [FieldPlan], id: &str) -> &'p FieldPlan {
        plans.iter().find(|p| p.id == id).expect("field planned")
    }

    #[test]
    fn reads_deadlines_counts_and_gates_from_the_2024_rules() {
        let ruleset = shipped("rules/tdthpl-2020-2024");
        let plans = plan(&ruleset, 2024);
        let index = |id: &str| plans.iter().position(|p| p.id == id).expect("field");
        assert_eq!(
            shape(&plans, "ngay_ban_hanh_ke_hoach").shape,
            Shape::NearDeadline(Date::new(2024, 1, 31).expect("date"))
        );
        assert_eq!(
            shape(&plans, "ngay_gui_bao_cao_nam").shape,
            Shape::NearDeadline(Date::new(2024, 11, 30).expect("date"))
        );
        assert_eq!(
            shape(&plans, "so_cuoc_kiem_tra_thuc_hien").shape,
            Shape::DoneOf(index("so_cuoc_kiem_tra_ke_hoach"))
        );
        assert_eq!(
            shape(&plans, "so_ket_qua_da_xu_ly").shape,
            Shape::DoneOf(index("so_ket_qua_phai_xu_ly"))
        );
        assert_eq!(
            shape(&plans, "ngay_bao_cao_xu_ly").shape,
            Shape::After {
                field: index("ngay_nhan_yeu_cau_xu_ly"),
                typical_days: 30
            }
        );
        assert_eq!(
            shape(&plans, "ngay_nhan_yeu_cau_xu_ly").shape,
            Shape::InYear
        );
        assert_eq!(
            shape(&plans, "co_yeu_cau_xu_ly").shape,
            Shape::Bool {
                yes_per_mille: GATE_YES_PER_MILLE
            }
        );
        assert_eq!(
            shape(&plans, "ngay_bao_cao_xu_ly").gated_by,
            Some(index("co_yeu_cau_xu_ly"))
        );
        assert_eq!(
            shape(&plans, "dieu_tra_khao_sat").levels,
            vec![Level::So, Level::Huyen]
        );
        assert!(shape(&plans, "thu_thap_thong_tin").required);
        assert!(!shape(&plans, "ngay_gui_bao_cao_nam").required);
        assert_eq!(shape(&plans, "so_cuoc_kiem_tra_ke_hoach").min, Some(0));
    }

    #[test]
    fn the_2025_plan_date_follows_the_plan_deadline_not_the_decree_date() {
        let ruleset = shipped("rules/tdthpl-2025");
        let plans = plan(&ruleset, 2025);
        assert_eq!(
            shape(&plans, "ngay_ban_hanh_ke_hoach").shape,
            Shape::NearDeadline(Date::new(2025, 1, 31).expect("date"))
        );
        assert_eq!(
            shape(&plans, "ke_hoach_theo_nd80").shape,
            Shape::Bool {
                yes_per_mille: YES_PER_MILLE
            }
        );
    }

    #[test]
    fn finds_days_between_arguments() {
        let calls = days_between_calls(
            "if x { days_between(params.a, b) } else { days_between( c , d ) <= params.n }",
        );
        assert_eq!(
            calls,
            vec![("params.a".into(), "b".into()), ("c".into(), "d".into())]
        );
        assert!(mentions("params.n + 1", "params.n"));
        assert!(!mentions("params.ngay", "params.n"));
    }
}
