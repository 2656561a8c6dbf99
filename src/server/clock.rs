//! The server's one reading of the clock: instants for sessions and throttling,
//! and today's date in Vietnam (UTC+7, no daylight saving) for deadlines.

use crate::accounts::UnixTime;
use crate::model::Date;

/// Vietnam's offset from UTC, in seconds.
const VIETNAM_OFFSET_SECS: u64 = 7 * 3600;

/// Now, in seconds since the Unix epoch.
pub(crate) fn now() -> UnixTime {
    UnixTime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    )
}

/// Today's date in Vietnam: a deadline "31/12" ends at midnight in Hà Nội,
/// whatever time zone the office machine is set to. `None` only for a clock
/// outside years 1–9999.
pub(crate) fn today() -> Option<Date> {
    vietnam_date(now())
}

/// [`today`], or a 500 for a clock outside years 1–9999.
pub(crate) fn today_or_fail() -> Result<Date, super::error::Failure> {
    today().ok_or_else(|| {
        super::error::Failure::Internal("đồng hồ hệ thống sai / the system clock is wrong".into())
    })
}

/// The date in Vietnam at instant `t`.
pub(crate) fn vietnam_date(t: UnixTime) -> Option<Date> {
    let days = t.0.saturating_add(VIETNAM_OFFSET_SECS) / 86_400;
    Date::from_day_number(i64::try_from(days).ok()?)
}

/// How long the server took to handle a request, for the `Server-Timing`
/// header the load benchmark reads (never part of a stored record or report).
pub(crate) struct Stopwatch(std::time::Instant);

impl Stopwatch {
    pub(crate) fn start() -> Stopwatch {
        Stopwatch(std::time::Instant::now())
    }

    /// `app;dur=<milliseconds>`.
    pub(crate) fn server_timing(&self) -> String {
        format!("app;dur={:.3}", self.0.elapsed().as_secs_f64() * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_turns_at_midnight_in_hanoi() {
        // 2024-12-31 16:59:59 UTC is 23:59:59 in Hà Nội; one second later is 1/1.
        let last = UnixTime(1_735_664_399);
        assert_eq!(vietnam_date(last), Date::new(2024, 12, 31));
        assert_eq!(vietnam_date(last.plus(1)), Date::new(2025, 1, 1));
    }
}
