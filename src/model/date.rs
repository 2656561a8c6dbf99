//! Calendar dates for evidence and deadlines, as Vietnamese documents write them.
#![deny(clippy::arithmetic_side_effects)]

use std::fmt;

/// A proleptic Gregorian date. Ordered, so deadlines compare with `<`, `<=`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Builds a date, or `None` when it does not exist (31/02/2024).
    pub fn new(year: i64, month: i64, day: i64) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let (year, month, day) = (year as i32, month as u8, day as u8);
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Parses `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`) or ISO `yyyy-mm-dd`.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let mut split = t.split(['/', '-', '.']);
        let parts = [split.next()?, split.next()?, split.next()?];
        if split.next().is_some()
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let num = |s: &str| s.parse::<i64>().ok();
        if parts[0].len() == 4 && t.contains('-') {
            Date::new(num(parts[0])?, num(parts[1])?, num(parts[2])?)
        } else if parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
            Date::new(num(parts[2])?, num(parts[1])?, num(parts[0])?)
        } else {
            None
        }
    }

    /// The year.
    pub(crate) fn year(self) -> i64 {
        i64::from(self.year)
    }

    /// Days since 1970-01-01 (negative before), for day arithmetic. The inverse
    /// of [`Date::from_day_number`].
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "years 1–9999 (`Date::new`): every step stays within ±4·10⁶ days"
    )]
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (before it when negative), or `None`
    /// outside years 1–9999. The inverse of [`Date::day_number`].
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "after the checked shift, `era` is `z / 146097`: no product or sum exceeds |z|"
    )]
    pub fn from_day_number(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(year, month, day)
    }

    /// `later − self` in days.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "years 1–9999 (`Date::new`): every step stays within ±4·10⁶ days"
    )]
    pub(crate) fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// The ISO form `yyyy-mm-dd`, used in JSON.
    pub(crate) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    /// The Vietnamese form `dd/mm/yyyy`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vietnamese_and_iso_forms() {
        let expected = Date::new(2024, 1, 5).unwrap();
        for text in [
            "05/01/2024",
            "5/1/2024",
            "05-01-2024",
            "05.01.2024",
            "2024-01-05",
        ] {
            assert_eq!(Date::parse(text), Some(expected), "{text}");
        }
        for bad in [
            "2024-01-257",
            "2024-12-286",
            "31/02/2024",
            "29/02/2023",
            "2024/01/05",
            "5/1/24",
            "",
            "01/13/2024",
            "aa/bb/cccc",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("29/02/2024").is_some());
    }

    #[test]
    fn counts_days_across_months_and_leap_years() {
        let a = Date::new(2024, 1, 31).unwrap();
        assert_eq!(a.days_until(Date::new(2024, 3, 1).unwrap()), 30);
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::new(2023, 12, 31).unwrap().days_until(a), 31);
        assert!(a < Date::new(2024, 2, 1).unwrap());
        assert_eq!(a.to_string(), "31/01/2024");
        assert_eq!(a.iso(), "2024-01-31");
    }

    #[test]
    fn day_numbers_convert_back_to_dates() {
        for date in [
            Date::new(1970, 1, 1).unwrap(),
            Date::new(2000, 2, 29).unwrap(),
            Date::new(2024, 12, 31).unwrap(),
            Date::new(1969, 12, 31).unwrap(),
            Date::new(1, 1, 1).unwrap(),
            Date::new(9999, 12, 31).unwrap(),
        ] {
            assert_eq!(Date::from_day_number(date.day_number()), Some(date));
        }
        // 1 700 000 000 s after the epoch is 14/11/2023 (UTC).
        assert_eq!(
            Date::from_day_number(1_700_000_000 / 86_400),
            Date::new(2023, 11, 14)
        );
        // Every day of three years, a leap year among them, both ways.
        let start = Date::new(2019, 1, 1).unwrap().day_number();
        for n in start..start + 3 * 366 {
            assert_eq!(Date::from_day_number(n).unwrap().day_number(), n);
        }
        assert_eq!(Date::from_day_number(i64::MAX), None);
        assert_eq!(Date::from_day_number(3_000_000), None);
    }
}
