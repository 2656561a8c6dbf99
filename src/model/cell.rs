//! Typing one hand-typed cell: `Có`, `x`, `31/01/2024`, `0,5`; the same typing
//! for CSV text and for the typed cells of an XLSX sheet.

use super::date::Date;
use super::field::{EvidenceField, FieldType};
use super::fold::fold_vietnamese;
use super::number::{DecimalError, read_decimal};
use super::value::Value;

/// Which mark a file's text cells use for decimals, so that a number written with
/// the other mark and three digits after it (`1.000` in a file of `0,5`s) is
/// refused as ambiguous (a thousands separator, or a decimal mark?) instead of
/// read one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// A `;` CSV file, as Excel writes one where decimals take a comma: `1.000`
    /// is ambiguous, `1,000` is one.
    Comma,
    /// Any other file (`,` or tab CSV, a workbook's text cells): the file does not
    /// say which mark its decimals take, and in Vietnam `.` also groups thousands,
    /// so `1.000` and `"1,000"` are both ambiguous.
    Either,
}

impl DecimalMark {
    /// The mark of a CSV file separated by `delimiter`.
    pub(crate) fn of_delimiter(delimiter: u8) -> DecimalMark {
        match delimiter {
            b';' => DecimalMark::Comma,
            _ => DecimalMark::Either,
        }
    }
}

/// Why `t` is ambiguous in a file whose decimals take `mark`: one `.` (or `,`)
/// that is not the file's decimal mark, after 1 to 3 digits not starting with 0
/// and before exactly 3 digits, reads as a thousands separator (`1.000` = 1000)
/// as well as a decimal mark (`1.000` = 1). `None` when it is not.
fn ambiguous_grouping(t: &str, mark: DecimalMark) -> Option<String> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let separator = digits.chars().find(|c| matches!(c, '.' | ','))?;
    let foreign = match mark {
        DecimalMark::Comma => separator == '.',
        DecimalMark::Either => true,
    };
    let (whole, fraction) = digits.split_once(separator)?;
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let grouped = foreign
        && (1..=3).contains(&whole.len())
        && !whole.starts_with('0')
        && fraction.len() == 3
        && all_digits(whole)
        && all_digits(fraction);
    if !grouped {
        return None;
    }
    let thousands = format!("{whole}{fraction}");
    let decimal = format!("{whole},{fraction}");
    let (file_vi, file_en) = match mark {
        DecimalMark::Comma => (
            "tệp này ghi số thập phân bằng dấu phẩy",
            "this file writes decimals with a comma",
        ),
        DecimalMark::Either => (
            "không rõ tệp ghi số thập phân bằng dấu nào",
            "the file does not tell which mark its decimals take",
        ),
    };
    Some(format!(
        "giá trị '{t}' không rõ nghĩa: '{separator}' có thể là dấu phân cách hàng nghìn ({thousands}) hoặc dấu thập phân ({decimal}); {file_vi}: hãy ghi {thousands} hoặc {decimal} / the value '{t}' is ambiguous: '{separator}' may separate thousands ({thousands}) or mark decimals ({decimal}); {file_en}: write {thousands} or {decimal}"
    ))
}

/// Types a cell for `field`. `Ok(None)` is a blank cell (missing evidence).
/// The error says what was found and what was expected, in Vietnamese and English.
pub(crate) fn parse_cell(text: &str, field: &EvidenceField) -> Result<Option<Value>, String> {
    parse_cell_in(text, field, None)
}

/// [`parse_cell`] for a cell of a file whose decimals take `mark`: a decimal
/// written with the other mark and three digits after it is refused as ambiguous.
pub(crate) fn parse_cell_in(
    text: &str,
    field: &EvidenceField,
    mark: Option<DecimalMark>,
) -> Result<Option<Value>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if field.ty == FieldType::Decimal
        && let Some(message) = mark.and_then(|m| ambiguous_grouping(t, m))
    {
        return Err(message);
    }
    let value = match field.ty {
        FieldType::Bool => parse_bool(t).map(Value::Bool),
        FieldType::Date => Date::parse(t).map(Value::Date),
        FieldType::Integer => parse_integer(t).map(Value::Integer),
        FieldType::Decimal => match read_decimal(t) {
            Ok(d) => Some(Value::Decimal(d)),
            // Too many digits: say so, rather than "not a decimal" (it looks like one).
            Err(e @ (DecimalError::TooPrecise | DecimalError::TooLarge)) => {
                return Err(format!("giá trị '{t}': {e}"));
            }
            Err(DecimalError::Invalid) => None,
        },
        FieldType::Text => Some(Value::Text(t.to_string())),
    };
    let value = value.ok_or_else(|| {
        let (vi, en) = field.ty.expectation();
        format!("giá trị '{t}' không hợp lệ, cần {vi} / invalid value '{t}', expected {en}")
    })?;
    check_range(&value, field)?;
    Ok(Some(value))
}

/// One cell as a file holds it, before it is typed against a field.
///
/// CSV gives text only; XLSX may also give numbers, booleans, dates (cells formatted
/// as dates, whatever the serial) and formula errors. Every kind but an error is
/// typed through its text, so both formats accept and reject the same things.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    /// Nothing in the cell.
    Empty,
    /// Text as typed.
    Text(String),
    /// A spreadsheet number, to Excel's 15 significant digits.
    Number(rust_decimal::Decimal),
    /// A spreadsheet boolean (TRUE/FALSE).
    Bool(bool),
    /// A spreadsheet date (a serial shown with a date format).
    Date(Date),
    /// A formula error such as `#N/A` or `#DIV/0!`.
    Error(String),
    /// A formula saved without its computed value (by a program that does not
    /// compute): its text, `=` first. Never a blank, never a value.
    Uncomputed(String),
}

impl RawCell {
    /// The cell as a person reads it: `4`, `0.5`, `Có`, `08/01/2024`.
    pub(crate) fn text(&self) -> String {
        match self {
            RawCell::Empty => String::new(),
            RawCell::Text(t) => t.trim().to_string(),
            RawCell::Number(n) => n.normalize().to_string(),
            RawCell::Bool(true) => "Có".into(),
            RawCell::Bool(false) => "Không".into(),
            RawCell::Date(d) => d.to_string(),
            RawCell::Error(e) | RawCell::Uncomputed(e) => e.clone(),
        }
    }

    /// Whether the cell is empty or only whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// Types a raw cell for `field`, exactly as [`parse_cell`] types its text; a formula
/// error is never a value. `mark` is how the file's text cells write decimals (a
/// spreadsheet number is never ambiguous).
pub(crate) fn type_cell_in(
    raw: &RawCell,
    field: &EvidenceField,
    mark: Option<DecimalMark>,
) -> Result<Option<Value>, String> {
    match raw {
        RawCell::Error(e) => {
            let (vi, en) = field.ty.expectation();
            Err(format!(
                "ô chứa lỗi công thức '{e}', cần {vi} / the cell holds the formula error '{e}', expected {en}"
            ))
        }
        RawCell::Uncomputed(formula) => {
            let (vi, en) = field.ty.expectation();
            Err(format!(
                "ô có công thức '{formula}' nhưng không có giá trị đã tính (tệp được lưu bởi chương trình không tính công thức): hãy mở bằng Excel rồi lưu lại, hoặc nhập giá trị; cần {vi} / the cell holds the formula '{formula}' without a computed value (the file was saved by a program that does not calculate): open it in Excel and save it again, or type the value; expected {en}"
            ))
        }
        // Text (nearly every cell of a CSV file) is parsed in place.
        RawCell::Text(t) => parse_cell_in(t.trim(), field, mark),
        other => parse_cell(&other.text(), field),
    }
}

fn parse_bool(t: &str) -> Option<bool> {
    // What Excel exports nearly always holds, without folding.
    match t {
        "Có" | "x" | "1" => return Some(true),
        "Không" | "0" => return Some(false),
        _ => {}
    }
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
            plausibility: Default::default(),
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
    fn decimals_with_more_digits_than_a_decimal_holds_are_cell_errors() {
        let f = field(FieldType::Decimal);
        let tiny = format!("0,{}1", "0".repeat(28));
        let err = parse_cell(&tiny, &f).unwrap_err();
        assert!(err.contains("more than 28 decimal places"), "{err}");
        let err = parse_cell("99999999999999999999999999999999", &f).unwrap_err();
        assert!(err.contains("too large"), "{err}");
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
    fn spreadsheet_cells_type_like_their_text() {
        let date = Date::new(2024, 1, 8).unwrap();
        assert_eq!(
            type_cell_in(&RawCell::Date(date), &field(FieldType::Date), None),
            Ok(Some(Value::Date(date)))
        );
        assert_eq!(
            type_cell_in(
                &RawCell::Number(Decimal::new(40, 1)),
                &field(FieldType::Integer),
                None
            ),
            Ok(Some(Value::Integer(4)))
        );
        assert_eq!(
            type_cell_in(&RawCell::Bool(true), &field(FieldType::Bool), None),
            Ok(Some(Value::Bool(true)))
        );
        // A bare number is never guessed to be a date serial.
        let err = type_cell_in(
            &RawCell::Number(Decimal::new(45299, 0)),
            &field(FieldType::Date),
            None,
        )
        .unwrap_err();
        assert!(
            err.contains("'45299'") && err.contains("dd/mm/yyyy"),
            "{err}"
        );
        let err = type_cell_in(
            &RawCell::Error("#N/A".into()),
            &field(FieldType::Text),
            None,
        )
        .unwrap_err();
        assert!(err.contains("#N/A"), "{err}");
        assert!(RawCell::Text("  ".into()).is_blank());
    }

    #[test]
    fn a_foreign_mark_before_three_digits_is_ambiguous() {
        let f = field(FieldType::Decimal);
        let comma = Some(DecimalMark::Comma);
        let err = parse_cell_in("1.000", &f, comma).unwrap_err();
        assert!(err.contains("ambiguous") && err.contains("1000"), "{err}");
        assert!(parse_cell_in("12.500", &f, comma).is_err());
        assert!(parse_cell_in("-1.250", &f, Some(DecimalMark::Either)).is_err());
        assert!(parse_cell_in("1,000", &f, Some(DecimalMark::Either)).is_err());
        // The file's own mark, a leading 0 or not three digits: a plain decimal.
        for (ok, mark) in [
            ("1,000", DecimalMark::Comma),
            ("0.500", DecimalMark::Comma),
            ("1.5", DecimalMark::Comma),
            ("1234.567", DecimalMark::Comma),
            ("0,125", DecimalMark::Either),
        ] {
            assert!(parse_cell_in(ok, &f, Some(mark)).is_ok(), "{ok} {mark:?}");
        }
        // A spreadsheet number is a number.
        let number = RawCell::Number(Decimal::new(1125, 3));
        assert!(type_cell_in(&number, &f, Some(DecimalMark::Either)).is_ok());
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
