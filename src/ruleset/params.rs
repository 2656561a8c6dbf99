//! Ruleset parameters (deadlines, period bounds, thresholds) as scripts read them
//! through `params.<name>`, with their source and whether they are published or a
//! provincial choice. Separate because a parameter's value depends on the
//! assessment year, unlike the rest of the model.

use super::*;

/// A ruleset parameter (deadline, period bound, threshold) with its source.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name scripts use: `params.<name>`.
    pub name: String,
    /// The value, possibly relative to the assessment year.
    pub value: ParamValue,
    /// Where it comes from (a citation, or why it is a provincial choice).
    pub basis: String,
    /// Whether the value is published, or a choice the province makes.
    pub status: ParamStatus,
    /// Where it was declared (`[params.<name>]` in `ruleset.toml`).
    pub origin: Origin,
}

/// Where a parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStatus {
    /// Set by a verified legal text.
    Verified,
    /// Set by a text seen in part.
    Partial,
    /// Believed but not confirmed.
    Unverified,
    /// Set by each province (quy chế phối hợp, kế hoạch CCHC): a sample value here.
    ProvincialChoice,
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A day and month in the assessment year shifted by `year_offset` (`31/01` of year + 0).
    YearlyDate {
        /// Day of month.
        day: u8,
        /// Month.
        month: u8,
        /// Years added to the assessment year (a report due in January of the next year: 1).
        year_offset: i64,
    },
    /// A fixed date.
    Date(Date),
    /// A whole number (days, counts).
    Integer(i64),
    /// A decimal (a ratio, points).
    Decimal(Decimal),
}

impl ParamValue {
    /// The concrete date for an assessment year (`None` only for 29/02 in a common year).
    pub(crate) fn resolve_date(&self, year: i64) -> Option<Date> {
        match self {
            ParamValue::YearlyDate {
                day,
                month,
                year_offset,
            } => Date::new(
                year.checked_add(*year_offset)?,
                i64::from(*month),
                i64::from(*day),
            ),
            ParamValue::Date(d) => Some(*d),
            _ => None,
        }
    }
}
