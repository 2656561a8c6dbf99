//! Checking a unit's evidence against its fields' plausibility bounds.
//!
//! The bounds are declared in rule files (`crate::ruleset::plausibility`); here
//! they are resolved once for the assessment year and each unit's row is held to
//! them. An error makes every criterion reading the field `error` (never points
//! from a 2023 plan in the 2024 file, nor 100% from 150% handled); a warning leaves
//! the score as it is and is shown on the criterion and the unit.

use crate::diagnostic::Severity;
use crate::model::DateBound;
use crate::model::Value;
use crate::model::date::Date;
use crate::model::{EvidenceField, FieldType};
use crate::ruleset::Ruleset;

mod cross_field;
mod dates;

/// One broken bound of one field of a unit's row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Violation {
    /// The field whose value is implausible (index into the ruleset's fields).
    pub field: usize,
    /// `Error`: no score from this value; `Warning`: scored, and shown.
    pub severity: Severity,
    /// What was found and which bound it breaks, in Vietnamese and English.
    pub message: String,
}

/// A date bound resolved for the year, with how it was written.
#[derive(Debug, Clone)]
struct Resolved {
    date: Date,
    /// `not_before = "01/11/{year-1}"` or `[plausible_dates] not_before = "..."`.
    source: String,
}

#[derive(Debug, Clone, Default)]
struct FieldBounds {
    not_before: Option<Resolved>,
    not_after: Option<Resolved>,
    warn_before: Option<Resolved>,
    warn_after: Option<Resolved>,
    not_before_field: Option<usize>,
    at_most_field: Option<usize>,
    blank_unless_field: Option<usize>,
}

/// Every field's bounds for one assessment year.
#[derive(Debug, Clone)]
pub(crate) struct YearBounds {
    year: i64,
    fields: Vec<FieldBounds>,
}

impl YearBounds {
    /// Resolves the bounds of `ruleset`'s fields for assessment year `year`; errs
    /// when a bound has no date in that year (a year beyond 9998).
    pub(crate) fn new(ruleset: &Ruleset, year: i64) -> Result<YearBounds, String> {
        let resolve = |bound: &DateBound, key: &str, default: bool| {
            let source = if default && ruleset.date_window.declared {
                format!("[plausible_dates] {key} = \"{bound}\"")
            } else if default {
                format!("mặc định/built-in {key} = \"{bound}\"")
            } else {
                format!("{key} = \"{bound}\"")
            };
            bound
                .resolve(year)
                .map(|date| Resolved {
                    date,
                    source: source.clone(),
                })
                .ok_or_else(|| {
                    format!("giới hạn hợp lý {source} không có ngày trong năm {year} / plausibility bound {source} has no date in {year}")
                })
        };
        let window = ruleset.date_window;
        let mut fields = Vec::with_capacity(ruleset.fields.len());
        for f in &ruleset.fields {
            let p = &f.plausibility;
            let mut b = FieldBounds {
                not_before_field: p.not_before_field.as_ref().map(|r| r.field),
                at_most_field: p.at_most_field.as_ref().map(|r| r.field),
                blank_unless_field: p.blank_unless_field.as_ref().map(|r| r.field),
                ..FieldBounds::default()
            };
            if f.ty == FieldType::Date {
                b.not_before = Some(match &p.not_before {
                    Some(bound) => resolve(bound, "not_before", false)?,
                    None => resolve(&window.not_before, "not_before", true)?,
                });
                b.not_after = Some(match &p.not_after {
                    Some(bound) => resolve(bound, "not_after", false)?,
                    None => resolve(&window.not_after, "not_after", true)?,
                });
                b.warn_before = p
                    .warn_before
                    .as_ref()
                    .map(|w| resolve(w, "warn_before", false))
                    .transpose()?;
                b.warn_after = p
                    .warn_after
                    .as_ref()
                    .map(|w| resolve(w, "warn_after", false))
                    .transpose()?;
            }
            fields.push(b);
        }
        Ok(YearBounds { year, fields })
    }

    /// The broken bounds of a row's `values` (one slot per field; blanks are never
    /// checked: a blank is missing evidence). `column` names another field's cell
    /// for cross-field messages. Allocates nothing when every value is plausible.
    pub(crate) fn check(
        &self,
        fields: &[EvidenceField],
        values: &[Option<Value>],
        column: &dyn Fn(usize) -> String,
    ) -> Vec<Violation> {
        let row = cross_field::Row {
            fields,
            values,
            column,
        };
        let mut out = Vec::new();
        for (index, (bounds, value)) in self.fields.iter().zip(values).enumerate() {
            let (Some(value), Some(field)) = (value, fields.get(index)) else {
                continue;
            };
            let at = cross_field::At {
                index,
                field,
                value,
            };
            out.extend(row.blank_unless(&at, bounds.blank_unless_field));
            match value {
                Value::Date(date) => self.check_date(index, field, *date, bounds, &mut out),
                Value::Integer(_) | Value::Decimal(_) => {}
                _ => continue,
            }
            out.extend(row.not_before(&at, bounds.not_before_field));
            out.extend(row.at_most(&at, bounds.at_most_field));
        }
        out
    }
}

/// Adds, to a scored criterion that reads a field with a plausibility warning,
/// the warning and its cell: the points stand, and the explanation says what to check.
pub(crate) fn note_warnings(
    score: &mut super::CriterionScore,
    ruleset: &Ruleset,
    warnings: &[crate::evidence::CellProblem],
) {
    if warnings.is_empty() || matches!(score.status, super::Status::NotApplicable) {
        return;
    }
    let criterion = ruleset.criterion(score.criterion);
    let mine: Vec<String> = warnings
        .iter()
        .filter(|w| criterion.evidence.iter().any(|u| w.field == Some(u.field)))
        .map(ToString::to_string)
        .collect();
    if mine.is_empty() {
        return;
    }
    super::recording::note_warnings(score, ruleset, mine);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    /// A ruleset with a bounded date, a date after it, a count and its total.
    fn ruleset(window: &str) -> (tempfile::TempDir, Ruleset) {
        let dir = tempfile::tempdir().unwrap();
        let header =
            format!("id = \"t\"\ntitle = \"t\"\nyears = [2024]\nlevels = [\"so\"]\n{window}\n");
        let criterion = r#"
id = "1"
title = "t"
max_points = "1.00"
applies_to = ["so"]
[evidence.ngay]
type = "date"
label = "Ngày kế hoạch"
required = false
not_before = "01/12/{year-1}"
warn_before = "01/01/{year}"
not_after = "31/12/{year}"
[evidence.ngay_sau]
type = "date"
label = "Ngày báo cáo"
required = false
not_before_field = "ngay"
[evidence.tong]
type = "decimal"
label = "Tổng"
required = false
[evidence.da]
type = "decimal"
label = "Đã xử lý"
required = false
at_most_field = "tong"
[[band]]
key = "co"
points = "1.00"
clause = "c"
[rule]
script = '''
let x = [ngay, ngay_sau, tong, da];
"co"
'''
"#;
        std::fs::write(dir.path().join("ruleset.toml"), header).unwrap();
        std::fs::write(dir.path().join("c.toml"), criterion).unwrap();
        let loaded = crate::load_ruleset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        (dir, loaded.ruleset)
    }

    fn date(y: i64, m: i64, d: i64) -> Option<Value> {
        Date::new(y, m, d).map(Value::Date)
    }

    fn check(r: &Ruleset, year: i64, values: &[Option<Value>]) -> Vec<(usize, Severity)> {
        YearBounds::new(r, year)
            .unwrap()
            .check(&r.fields, values, &|f| r.fields[f].id.clone())
            .into_iter()
            .map(|v| (v.field, v.severity))
            .collect()
    }

    #[test]
    fn dates_are_held_to_the_assessment_year() {
        let (_d, r) = ruleset("");
        let at = |v| check(&r, 2024, &[v, None, None, None]);
        assert_eq!(at(date(1, 1, 1)), [(0, Severity::Error)]);
        assert_eq!(at(date(2023, 11, 30)), [(0, Severity::Error)]);
        assert_eq!(at(date(2023, 12, 1)), [(0, Severity::Warning)]);
        assert_eq!(at(date(2023, 12, 31)), [(0, Severity::Warning)]);
        assert!(at(date(2024, 1, 1)).is_empty());
        assert!(at(date(2024, 12, 31)).is_empty());
        assert_eq!(at(date(2025, 1, 1)), [(0, Severity::Error)]);
        assert_eq!(at(date(9999, 12, 31)), [(0, Severity::Error)]);
        // The same date is plausible for the year it belongs to.
        assert!(check(&r, 2023, &[date(2023, 1, 10), None, None, None]).is_empty());
        // A blank is missing evidence, never checked.
        assert!(at(None).is_empty());
    }

    #[test]
    fn the_ruleset_window_bounds_fields_without_their_own() {
        let (_d, r) = ruleset("");
        let later = |v| check(&r, 2024, &[None, v, None, None]);
        assert_eq!(later(date(2022, 12, 31)), [(1, Severity::Error)]);
        assert!(later(date(2023, 1, 1)).is_empty());
        assert!(later(date(2025, 12, 31)).is_empty());
        assert_eq!(later(date(2026, 1, 1)), [(1, Severity::Error)]);
        let (_d, narrow) = ruleset(
            "[plausible_dates]\nnot_before = \"01/01/{year}\"\nnot_after = \"31/12/{year}\"",
        );
        let later = |v| check(&narrow, 2024, &[None, v, None, None]);
        assert_eq!(later(date(2023, 12, 31)), [(1, Severity::Error)]);
        assert_eq!(later(date(2025, 1, 1)), [(1, Severity::Error)]);
    }

    #[test]
    fn cross_field_bounds_need_both_values() {
        let (_d, r) = ruleset("");
        let pair = |a, b| check(&r, 2024, &[a, b, None, None]);
        assert_eq!(
            pair(date(2024, 3, 10), date(2024, 3, 1)),
            [(1, Severity::Error)]
        );
        assert!(pair(date(2024, 3, 10), date(2024, 3, 10)).is_empty());
        assert!(pair(None, date(2024, 3, 1)).is_empty());
        let count = |da: Decimal, tong: Decimal| {
            check(
                &r,
                2024,
                &[
                    None,
                    None,
                    Some(Value::Decimal(tong)),
                    Some(Value::Decimal(da)),
                ],
            )
        };
        assert_eq!(
            count(Decimal::from(6), Decimal::from(4)),
            [(3, Severity::Error)]
        );
        assert!(count(Decimal::from(4), Decimal::from(4)).is_empty());
        // A count above a total of 0, and extreme values, are reported without panicking.
        assert_eq!(count(Decimal::ONE, Decimal::ZERO), [(3, Severity::Error)]);
        assert_eq!(
            count(Decimal::MAX, Decimal::new(1, 28)),
            [(3, Severity::Error)]
        );
    }

    #[test]
    fn messages_name_value_bound_and_other_cell() {
        let (_d, r) = ruleset("");
        let bounds = YearBounds::new(&r, 2024).unwrap();
        let v = bounds.check(
            &r.fields,
            &[
                date(2023, 1, 10),
                date(2023, 1, 1),
                Some(Value::Decimal(Decimal::from(3))),
                Some(Value::Decimal(Decimal::from(6))),
            ],
            &|f| format!("cột/column X '{}'", r.fields[f].id),
        );
        let text: Vec<&str> = v.iter().map(|v| v.message.as_str()).collect();
        assert!(text[0].contains("Ngày kế hoạch là 10/01/2023, trước mốc sớm nhất 01/12/2023 (not_before = \"01/12/{year-1}\"; năm đánh giá 2024)"), "{}", text[0]);
        assert!(text[0].contains(" / implausible value: "), "{}", text[0]);
        assert!(
            text[1].contains("trước Ngày kế hoạch 10/01/2023 (cột/column X 'ngay')"),
            "{}",
            text[1]
        );
        assert!(
            text[2].contains("Đã xử lý là 6, lớn hơn Tổng là 3 (cột/column X 'tong') = 200%"),
            "{}",
            text[2]
        );
    }

    #[test]
    fn a_year_without_the_bound_dates_is_refused() {
        let (_d, r) = ruleset("");
        assert!(YearBounds::new(&r, 9999).is_err());
        assert!(YearBounds::new(&r, 2024).is_ok());
    }
}
