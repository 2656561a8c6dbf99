//! The generation date a report states: `--date`, else `SOURCE_DATE_EPOCH`
//! (reproducible builds: seconds since 1970, read as a UTC date), else today in
//! Vietnam (UTC+7, no daylight saving). Only here is the clock read; the
//! renderers take the date as an input, so the same inputs give the same bytes.

use cchc::error::Error;
use cchc::model::date::Date;

/// The environment variable of the reproducible-builds convention.
const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Vietnam's offset from UTC, in seconds.
const VIETNAM_OFFSET: i64 = 7 * 3600;

/// Parses `--date` (`dd/mm/yyyy`, also ISO `yyyy-mm-dd`).
pub fn parse_arg(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| {
        format!("ngày không hợp lệ, cần dd/mm/yyyy / invalid date, expected dd/mm/yyyy: '{text}'")
    })
}

/// The date from seconds since 1970-01-01 UTC, shifted by `offset` seconds.
fn from_epoch(seconds: i64, offset: i64) -> Option<Date> {
    Date::from_day_number(seconds.checked_add(offset)?.div_euclid(86_400))
}

/// The report's generation date.
pub fn generation_date(given: Option<Date>) -> Result<Date, Error> {
    if let Some(date) = given {
        return Ok(date);
    }
    if let Some(value) = std::env::var_os(SOURCE_DATE_EPOCH) {
        let text = value.to_string_lossy();
        return text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| from_epoch(s, 0))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{SOURCE_DATE_EPOCH}='{text}' không phải số giây hợp lệ kể từ 1970 / is not a valid number of seconds since 1970"
                ))
            });
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok());
    now.and_then(|s| from_epoch(s, VIETNAM_OFFSET)).ok_or_else(|| {
        Error::Usage(
            "đồng hồ hệ thống không cho ngày hợp lệ; hãy dùng --date dd/mm/yyyy / the system clock gives no valid date; pass --date dd/mm/yyyy".into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_dates_in_the_given_zone() {
        // 2024-12-31 20:00 UTC is already 1 January 2025 in Hà Nội.
        let evening = 1_735_675_200;
        assert_eq!(from_epoch(evening, 0), Date::new(2024, 12, 31));
        assert_eq!(from_epoch(evening, VIETNAM_OFFSET), Date::new(2025, 1, 1));
        assert_eq!(from_epoch(0, 0), Date::new(1970, 1, 1));
        assert_eq!(from_epoch(-1, 0), Date::new(1969, 12, 31));
        assert_eq!(from_epoch(i64::MAX, VIETNAM_OFFSET), None);
    }

    #[test]
    fn an_explicit_date_wins_and_bad_ones_are_refused() {
        let date = Date::new(2025, 1, 15);
        assert_eq!(parse_arg("15/01/2025").ok(), date);
        assert_eq!(generation_date(date).ok(), date);
        assert!(parse_arg("31/02/2025").is_err());
        assert!(parse_arg("hôm nay").is_err());
    }
}
