//! Evidence fields: the typed columns of an evidence file a ruleset declares, and
//! how a criterion reads each one. Separate because they are shared by every
//! criterion and by the evidence reader, not owned by one criterion.

use super::plausibility::Plausibility;
use rust_decimal::Decimal;

/// The type of an evidence value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// `Có/Không`, `x`, `1/0`, `true/false`.
    Bool,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`.
    Date,
    /// A whole number (a count).
    Integer,
    /// A decimal, with `.` or `,`.
    Decimal,
    /// Free text (a document number).
    Text,
}

impl FieldType {
    /// What a cell of this type must look like: (Vietnamese, English).
    pub(crate) fn expectation(self) -> (&'static str, &'static str) {
        match self {
            FieldType::Bool => (
                "Có/Không (hoặc x, 1/0)",
                "a yes/no value (Có/Không, x, 1/0, true/false)",
            ),
            FieldType::Date => (
                "ngày dd/mm/yyyy hoặc yyyy-mm-dd",
                "a date dd/mm/yyyy or yyyy-mm-dd",
            ),
            FieldType::Integer => ("số nguyên", "a whole number"),
            FieldType::Decimal => (
                "số thập phân (0,5 hoặc 0.5)",
                "a decimal number (0,5 or 0.5)",
            ),
            FieldType::Text => ("văn bản", "text"),
        }
    }
}

/// An evidence field units supply (one CSV column).
#[derive(Debug, Clone)]
pub struct EvidenceField {
    /// Column id (`ngay_ban_hanh_ke_hoach`).
    pub id: String,
    /// Value type.
    pub ty: FieldType,
    /// What the unit must supply, in Vietnamese.
    pub label: String,
    /// Which document proves it (`Kế hoạch TDTHPL năm ...`).
    pub document_hint: Option<String>,
    /// Smallest accepted value for numbers (counts are never negative).
    pub min: Option<Decimal>,
    /// Largest accepted value for numbers.
    pub max: Option<Decimal>,
    /// Plausibility bounds checked when units are scored (dates against the
    /// assessment year, a count against its total).
    pub plausibility: Plausibility,
}

/// How a criterion reads a field.
#[derive(Debug, Clone)]
pub struct FieldUse {
    /// Index into `Ruleset::fields`.
    pub field: usize,
    /// A blank required field means `missing_evidence`: the script does not run.
    pub required: bool,
}

/// Columns every evidence file must have.
pub(crate) const REQUIRED_COLUMNS: [&str; 3] = ["ma_don_vi", "ten_don_vi", "cap"];
/// Optional column holding the assessment year.
pub(crate) const YEAR_COLUMN: &str = "nam";

/// Whether `name` is a column every evidence file has (never an evidence field id).
pub(crate) fn is_reserved_column(name: &str) -> bool {
    REQUIRED_COLUMNS.contains(&name) || name == YEAR_COLUMN
}
