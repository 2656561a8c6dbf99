//! Plausibility bounds on evidence values, as the model holds them: dates relative
//! to the assessment year, the ruleset's date window, and fields named by a bound.
//! Parsed and checked at load time by `ruleset::plausibility`; applied to values by
//! `score::plausibility`.

use super::date::Date;
use std::fmt;

/// A date relative to the assessment year (`31/12/{year+1}`), or a fixed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBound {
    day: u8,
    month: u8,
    year: BoundYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BoundYear {
    /// The assessment year plus this offset.
    Relative(i64),
    /// A fixed year.
    Fixed(i64),
}

/// The offsets a relative bound may use: a document of the assessment year is
/// never dated further away than this.
const MAX_YEAR_OFFSET: i64 = 10;

impl DateBound {
    /// Parses `dd/mm/{year}`, `dd/mm/{year-1}`, `dd/mm/{year+1}` (offsets up to ±10)
    /// or a fixed `dd/mm/yyyy`. The error says what was expected, in both languages.
    pub(crate) fn parse(text: &str) -> Result<DateBound, String> {
        let expected = || {
            format!(
                "mốc ngày '{text}' không hợp lệ, cần dd/mm/{{year}}, dd/mm/{{year-1}}, dd/mm/{{year+1}} hoặc dd/mm/yyyy / invalid date bound '{text}', expected dd/mm/{{year}}, dd/mm/{{year-1}}, dd/mm/{{year+1}} or a fixed dd/mm/yyyy"
            )
        };
        let t = text.trim();
        let mut parts = t.splitn(3, '/');
        let (Some(d), Some(m), Some(y)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(expected());
        };
        let number = |s: &str| {
            (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u8>().ok())
                .flatten()
        };
        let (Some(day), Some(month)) = (number(d), number(m)) else {
            return Err(expected());
        };
        let year = if let Some(inner) = y.strip_prefix("{year").and_then(|r| r.strip_suffix('}')) {
            let offset = match inner {
                "" => 0,
                _ => {
                    let (sign, digits) = inner.split_at(1);
                    let n = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| digits.parse::<i64>().ok())
                        .flatten()
                        .ok_or_else(expected)?;
                    match sign {
                        "+" => n,
                        "-" => -n,
                        _ => return Err(expected()),
                    }
                }
            };
            if offset.abs() > MAX_YEAR_OFFSET {
                return Err(format!(
                    "mốc ngày '{text}': độ lệch năm quá ±{MAX_YEAR_OFFSET} / date bound '{text}': the year offset is beyond ±{MAX_YEAR_OFFSET}"
                ));
            }
            BoundYear::Relative(offset)
        } else if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
            BoundYear::Fixed(y.parse().map_err(|_| expected())?)
        } else {
            return Err(expected());
        };
        // 2024 is a leap year: a relative 29/02 would not exist in most years.
        let probe = match year {
            BoundYear::Fixed(y) => y,
            BoundYear::Relative(_) => 2023,
        };
        if Date::new(probe, i64::from(month), i64::from(day)).is_none() {
            return Err(format!(
                "mốc ngày '{text}': ngày {day:02}/{month:02} không có (trong mọi năm) / date bound '{text}': {day:02}/{month:02} is not a date (in every year)"
            ));
        }
        Ok(DateBound { day, month, year })
    }

    /// The concrete date for assessment year `year` (`None` outside years 1–9999).
    pub(crate) fn resolve(&self, year: i64) -> Option<Date> {
        let y = match self.year {
            BoundYear::Relative(offset) => year.checked_add(offset)?,
            BoundYear::Fixed(y) => y,
        };
        Date::new(y, i64::from(self.month), i64::from(self.day))
    }
}

impl DateBound {
    /// Whether `self` falls after `other` in every assessment year. A fixed bound
    /// against a relative one depends on the year, so it is not judged here.
    pub(crate) fn is_later_than(&self, other: &DateBound) -> bool {
        let key = |d: &DateBound, y: i64| (y, d.month, d.day);
        match (self.year, other.year) {
            (BoundYear::Relative(x), BoundYear::Relative(z))
            | (BoundYear::Fixed(x), BoundYear::Fixed(z)) => key(self, x) > key(other, z),
            _ => false,
        }
    }
}

impl fmt::Display for DateBound {
    /// As written in a rule file: `01/01/{year-1}`, `01/04/2025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/", self.day, self.month)?;
        match self.year {
            BoundYear::Relative(0) => f.write_str("{year}"),
            BoundYear::Relative(n) if n > 0 => write!(f, "{{year+{n}}}"),
            BoundYear::Relative(n) => write!(f, "{{year{n}}}"),
            BoundYear::Fixed(y) => write!(f, "{y}"),
        }
    }
}

/// The window every date field lies in unless it declares its own bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateWindow {
    /// Earliest plausible date (an earlier one is an error).
    pub not_before: DateBound,
    /// Latest plausible date (a later one is an error).
    pub not_after: DateBound,
    /// Whether `ruleset.toml` declares it (`false`: the built-in window).
    pub declared: bool,
}

impl DateWindow {
    /// Used when `ruleset.toml` has no `[plausible_dates]`: the assessment year and
    /// the years on either side of it.
    pub(crate) const BUILT_IN: DateWindow = DateWindow {
        not_before: DateBound {
            day: 1,
            month: 1,
            year: BoundYear::Relative(-1),
        },
        not_after: DateBound {
            day: 31,
            month: 12,
            year: BoundYear::Relative(1),
        },
        declared: false,
    };
}

/// A field named by a bound (`not_before_field = "ngay_nhan_yeu_cau_xu_ly"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// The field's id, as written.
    pub id: String,
    /// Its index in `Ruleset::fields`, once the whole ruleset is read.
    pub field: usize,
}

/// The plausibility bounds of one evidence field. Dates: an error outside
/// `[not_before, not_after]` (the ruleset's window where not given), a visible
/// warning outside `[warn_before, warn_after]`. Any field: an error when it is
/// before (dates) or above (numbers) the field named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plausibility {
    /// Earliest plausible date; earlier is an error.
    pub not_before: Option<DateBound>,
    /// Latest plausible date; later is an error.
    pub not_after: Option<DateBound>,
    /// Earlier than this (but plausible) still scores, with a warning.
    pub warn_before: Option<DateBound>,
    /// Later than this (but plausible) still scores, with a warning.
    pub warn_after: Option<DateBound>,
    /// A date that cannot come before this other date of the row (a report before its request).
    pub not_before_field: Option<FieldRef>,
    /// A count that cannot exceed this other count of the row (handled above the total).
    pub at_most_field: Option<FieldRef>,
    /// A value that must be blank when this yes/no field of the row says Không (a
    /// request date while "no request was received").
    pub blank_unless_field: Option<FieldRef>,
}

impl Plausibility {
    /// Whether the field declares no bound of its own.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Plausibility::default()
    }
}
