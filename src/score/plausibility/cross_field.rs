//! Bounds that hold one field's value against another field of the same row: a
//! value a 'Không' forbids, a date before the one it follows, a count above its
//! total. Separate from the date window because each needs the other cell, and
//! names it in the message.

use super::Violation;
use crate::diagnostic::Severity;
use crate::model::{EvidenceField, Value};
use rust_decimal::Decimal;

/// The row being checked: every field, its value, and how to name a field's cell.
pub(super) struct Row<'a> {
    pub(super) fields: &'a [EvidenceField],
    pub(super) values: &'a [Option<Value>],
    pub(super) column: &'a dyn Fn(usize) -> String,
}

/// The (non-blank) value being checked: field `index` of the row.
pub(super) struct At<'a> {
    pub(super) index: usize,
    pub(super) field: &'a EvidenceField,
    pub(super) value: &'a Value,
}

impl Row<'_> {
    /// "Không" to the yes/no question `flag`, yet a value that only a "Có" can
    /// have: the script would read Không (often full points, "không phát sinh").
    pub(super) fn blank_unless(&self, at: &At<'_>, flag: Option<usize>) -> Option<Violation> {
        let flag = flag?;
        let Some(Some(Value::Bool(false))) = self.values.get(flag) else {
            return None;
        };
        let flag_field = self.fields.get(flag)?;
        let (field, value, column) = (at.field, at.value, self.column);
        Some(Violation {
            field: at.index,
            severity: Severity::Error,
            message: format!(
                "giá trị mâu thuẫn: {} là {value} nhưng {} ({}) là 'Không': trường này phải để trống khi trả lời Không (blank_unless_field) / contradictory value: {} is {value} but {} ({}) says 'Không' (no): this field must be blank then (blank_unless_field)",
                field.label,
                flag_field.label,
                column(flag),
                field.label,
                flag_field.label,
                column(flag),
            ),
        })
    }

    /// A date before the date of field `other`, which it cannot precede.
    pub(super) fn not_before(&self, at: &At<'_>, other: Option<usize>) -> Option<Violation> {
        let other = other?;
        let Value::Date(date) = at.value else {
            return None;
        };
        let Some(Value::Date(before)) = self.values.get(other).and_then(Option::as_ref) else {
            return None;
        };
        if date >= before {
            return None;
        }
        let other_field = self.fields.get(other)?;
        let (field, column) = (at.field, self.column);
        Some(Violation {
            field: at.index,
            severity: Severity::Error,
            message: format!(
                "giá trị không hợp lý: {} là {date}, trước {} {before} ({}): văn bản này không thể có trước văn bản đó (not_before_field) / implausible value: {} is {date}, before {} {before} ({}): it cannot precede it (not_before_field)",
                field.label,
                other_field.label,
                column(other),
                field.label,
                other_field.label,
                column(other),
            ),
        })
    }

    /// A count above the total in field `other`: never counted as 100%.
    pub(super) fn at_most(&self, at: &At<'_>, other: Option<usize>) -> Option<Violation> {
        let other = other?;
        let count = number(at.value)?;
        let total = self
            .values
            .get(other)
            .and_then(Option::as_ref)
            .and_then(number)?;
        if count <= total {
            return None;
        }
        let other_field = self.fields.get(other)?;
        let share = count
            .checked_div(total)
            .and_then(|f| f.checked_mul(Decimal::ONE_HUNDRED))
            .map(|p| {
                let p = p.round_dp(2).normalize();
                format!(" = {}%", crate::model::number::format_vi(p))
            })
            .unwrap_or_default();
        let (field, value, column) = (at.field, at.value, self.column);
        Some(Violation {
            field: at.index,
            severity: Severity::Error,
            message: format!(
                "giá trị không hợp lý: {} là {value}, lớn hơn {} là {} ({}){share}: số này không thể vượt tổng số, không tính là 100% (at_most_field) / implausible value: {} is {value}, above {} {} ({}){share}: a count cannot exceed its total and is not counted as 100% (at_most_field)",
                field.label,
                other_field.label,
                crate::model::number::format_vi(total),
                column(other),
                field.label,
                other_field.label,
                crate::model::number::format_vi(total),
                column(other),
            ),
        })
    }
}

/// A count or total as a decimal; any other value is neither.
fn number(value: &Value) -> Option<Decimal> {
    match value {
        Value::Integer(i) => Some(Decimal::from(*i)),
        Value::Decimal(d) => Some(*d),
        _ => None,
    }
}
