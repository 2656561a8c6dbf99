//! A typed evidence value: what a cell holds once typed against its field.

use super::date::Date;
use rust_decimal::Decimal;
use std::fmt;

/// A typed evidence value. Blank cells are `None` wherever values are stored:
/// a blank is missing evidence, never zero.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Yes/no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// A whole number.
    Integer(i64),
    /// A decimal.
    Decimal(Decimal),
    /// Free text.
    Text(String),
}

impl fmt::Display for Value {
    /// Vietnamese display: `Có`, `31/01/2024`, `0,5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("Có"),
            Value::Bool(false) => f.write_str("Không"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Decimal(d) => f.write_str(&super::number::format_vi(*d)),
            Value::Text(t) => f.write_str(t),
        }
    }
}
