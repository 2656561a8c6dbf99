//! Typing one hand-typed cell: `Có`, `x`, `31/01/2024`, `0,5`.

use super::Value;
use crate::date::Date;
use crate::number::parse_decimal;
use crate::ruleset::{EvidenceField, FieldType};
use crate::text::fold_vietnamese;

/// Types a cell for `field`. `Ok(None)` is a blank cell (missing evidence).
/// The error says what was found and what was expected, in Vietnamese and English.
pub fn parse_cell(text: &str, field: &EvidenceField) -> Result<Option<Value>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let value = match field.ty {
        FieldType::Bool => parse_bool(t).map(Value::Bool),
        FieldType::Date => Date::parse(t).map(Value::Date),
        FieldType::Integer => parse_integer(t).map(Value::Integer),
        FieldType::Decimal => parse_decimal(t).map(Value::Decimal),
        FieldType::Text => Some(Value::Text(t.to_string())),
    };
    let value = value.ok_or_else(|| {
        let (vi, en) = field.ty.expectation();
        format!("giá trị '{t}' không hợp lệ, cần {vi} / invalid value '{t}', expected {en}")
    })?;
    check_range(&value, field)?;
    Ok(Some(value))
}

fn parse_bool(t: &str) -> Option<bool> {
    match fold_vietnamese(t).as_str() {
        "co" | "x" | "1" | "true" | "yes" | "dung" | "dat" => Some(true),
        "khong" | "0" | "false" | "no" | "sai" => Some(false),
        _ => None,
    }
}

fn parse_integer(t: &str) -> Option<i64> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn check_range(value: &Value, field: &EvidenceField) -> Result<(), String> {
    let number = match value {
        Value::Integer(i) => rust_decimal::Decimal::from(*i),
        Value::Decimal(d) => *d,
        _ => return Ok(()),
    };
    if let Some(min) = field.min.filter(|min| number < *min) {
        return Err(format!(
            "giá trị {number} nhỏ hơn mức tối thiểu {min} / value {number} is below the minimum {min}"
        ));
    }
    if let Some(max) = field.max.filter(|max| number > *max) {
        return Err(format!(
            "giá trị {number} lớn hơn mức tối đa {max} / value {number} is above the maximum {max}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn field(ty: FieldType) -> EvidenceField {
        EvidenceField {
            id: "f".into(),
            ty,
            label: "f".into(),
            document_hint: None,
            min: Some(Decimal::ZERO),
            max: None,
        }
    }

    #[test]
    fn booleans_in_every_spelling() {
        let f = field(FieldType::Bool);
        for yes in ["Có", "có", "CO", "x", "X", "1", "true", "TRUE"] {
            assert_eq!(parse_cell(yes, &f), Ok(Some(Value::Bool(true))), "{yes}");
        }
        for no in ["Không", "khong", "KHÔNG", "0", "false"] {
            assert_eq!(parse_cell(no, &f), Ok(Some(Value::Bool(false))), "{no}");
        }
        assert!(parse_cell("có lẽ", &f).is_err());
    }

    #[test]
    fn blank_is_missing_never_zero() {
        assert_eq!(parse_cell("  ", &field(FieldType::Integer)), Ok(None));
        assert_eq!(parse_cell("", &field(FieldType::Decimal)), Ok(None));
    }

    #[test]
    fn numbers_and_ranges() {
        assert_eq!(
            parse_cell("0,5", &field(FieldType::Decimal)),
            Ok(Some(Value::Decimal(Decimal::new(5, 1))))
        );
        assert_eq!(
            parse_cell("12", &field(FieldType::Integer)),
            Ok(Some(Value::Integer(12)))
        );
        assert!(
            parse_cell("1,5", &field(FieldType::Integer))
                .unwrap_err()
                .contains("số nguyên")
        );
        assert!(
            parse_cell("-2", &field(FieldType::Integer))
                .unwrap_err()
                .contains("minimum")
        );
    }

    #[test]
    fn invalid_date_names_expected_format() {
        let err = parse_cell("31/02/2024", &field(FieldType::Date)).unwrap_err();
        assert!(
            err.contains("dd/mm/yyyy") && err.contains("31/02/2024"),
            "{err}"
        );
    }
}
