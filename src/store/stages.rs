//! The course of a round's appraisal after self-assessment (#16): round 1 of
//! appraisal, the explanation window (giải trình), round 2, the Sở's
//! confirmation (xác nhận), publication (công bố) and the appeal window. The
//! stage is derived from dates and milestones on the server's day, so a window
//! locks at its deadline without anybody closing it.

use super::audit::{self, Action, Actor, Entry};
use super::{Store, StoreCtx, now_ms};
use crate::error::Error;
use crate::model::Date;
use rusqlite::{OptionalExtension, Row, Transaction, params};

/// Where a round's appraisal stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AppraisalStage {
    /// Appraisers correct evidence and ask for explanations.
    Round1,
    /// Units answer the explanation requests; appraisers wait.
    Explanation,
    /// After the explanation window: appraisers review and correct again.
    Round2,
    /// The Sở has confirmed the appraisal: nothing changes until publication.
    Confirmed,
    /// Published: results are revisions; only appeal decisions change them.
    Published,
}

impl AppraisalStage {
    /// The stage in Vietnamese.
    pub fn vi(self) -> &'static str {
        match self {
            AppraisalStage::Round1 => "thẩm định vòng 1",
            AppraisalStage::Explanation => "trong thời hạn giải trình",
            AppraisalStage::Round2 => "thẩm định vòng 2",
            AppraisalStage::Confirmed => "xác nhận kết quả thẩm định",
            AppraisalStage::Published => "công bố kết quả",
        }
    }

    /// The stage in English.
    pub fn en(self) -> &'static str {
        match self {
            AppraisalStage::Round1 => "in appraisal round 1",
            AppraisalStage::Explanation => "in its explanation window",
            AppraisalStage::Round2 => "in appraisal round 2",
            AppraisalStage::Confirmed => "confirmed",
            AppraisalStage::Published => "published",
        }
    }

    /// The code stored with a correction made in this stage, if corrections are allowed.
    pub(super) fn correction_code(self) -> Option<&'static str> {
        match self {
            AppraisalStage::Round1 => Some("round1"),
            AppraisalStage::Round2 => Some("round2"),
            _ => None,
        }
    }
}

/// A round's appraisal dates and milestones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppraisalCalendar {
    /// The explanation window (first and last day), once set.
    pub explanation: Option<(Date, Date)>,
    /// When the Sở confirmed the appraisal (ms since the epoch).
    pub confirmed_at: Option<i64>,
    /// The last day appeals are received, once published.
    pub appeal_deadline: Option<Date>,
    /// How many revisions have been published.
    pub revisions: i64,
}

impl AppraisalCalendar {
    /// The stage on `today` (a date in Hà Nội).
    pub fn stage(&self, today: Date) -> AppraisalStage {
        if self.revisions > 0 {
            return AppraisalStage::Published;
        }
        if self.confirmed_at.is_some() {
            return AppraisalStage::Confirmed;
        }
        match self.explanation {
            Some((start, _)) if today < start => AppraisalStage::Round1,
            Some((_, deadline)) if today <= deadline => AppraisalStage::Explanation,
            Some(_) => AppraisalStage::Round2,
            None => AppraisalStage::Round1,
        }
    }

    /// The stage that has closed self-assessment for good, if any.
    pub(super) fn frozen(&self) -> Option<AppraisalStage> {
        if self.revisions > 0 {
            Some(AppraisalStage::Published)
        } else if self.confirmed_at.is_some() {
            Some(AppraisalStage::Confirmed)
        } else {
            None
        }
    }

    /// Whether appeals are received on `today`.
    pub fn appeals_open(&self, today: Date) -> bool {
        self.revisions > 0 && self.appeal_deadline.is_some_and(|d| today <= d)
    }
}

/// The columns [`calendar_from`] reads, for a query joining `rounds r` and
/// `round_appraisal ra` (left join).
pub(super) const CALENDAR_COLUMNS: &str = "ra.explanation_start, ra.explanation_deadline, \
    ra.confirmed_at, ra.appeal_deadline, (SELECT count(*) FROM revisions v WHERE v.round_id = r.id)";

/// Reads [`CALENDAR_COLUMNS`] starting at column `first`.
pub(super) fn calendar_from(r: &Row<'_>, first: usize) -> rusqlite::Result<AppraisalCalendar> {
    let date = |i: usize| -> rusqlite::Result<Option<Date>> {
        Ok(r.get::<_, Option<String>>(first + i)?
            .as_deref()
            .and_then(Date::parse))
    };
    let explanation = match (date(0)?, date(1)?) {
        (Some(start), Some(deadline)) => Some((start, deadline)),
        _ => None,
    };
    Ok(AppraisalCalendar {
        explanation,
        confirmed_at: r.get(first + 2)?,
        appeal_deadline: date(3)?,
        revisions: r.get(first + 4)?,
    })
}

/// The calendar of the round with row id `round_id`.
pub(super) fn calendar_in(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    round_id: i64,
) -> Result<AppraisalCalendar, Error> {
    tx.query_row(
        &format!(
            "SELECT {CALENDAR_COLUMNS} FROM rounds r LEFT JOIN round_appraisal ra ON ra.round_id = r.id WHERE r.id = ?1"
        ),
        [round_id],
        |r| calendar_from(r, 0),
    )
    .map_err(|e| ctx.sql(e))
}

/// The row id of the `year` round, or not found.
pub(super) fn round_row(tx: &Transaction<'_>, ctx: &StoreCtx<'_>, year: i64) -> Result<i64, Error> {
    tx.query_row("SELECT id FROM rounds WHERE year = ?1", [year], |r| {
        r.get(0)
    })
    .optional()
    .map_err(|e| ctx.sql(e))?
    .ok_or_else(|| {
        ctx.not_found(
            format!("không có kỳ đánh giá {year}"),
            format!("no round for {year}"),
        )
    })
}

/// Refuses unless the round is in one of `allowed` stages on `today`.
pub(super) fn require_stage(
    ctx: &StoreCtx<'_>,
    calendar: &AppraisalCalendar,
    (year, today): (i64, Date),
    allowed: &[AppraisalStage],
    what: (&str, &str),
) -> Result<AppraisalStage, Error> {
    let stage = calendar.stage(today);
    if allowed.contains(&stage) {
        return Ok(stage);
    }
    Err(ctx.locked(
        format!(
            "kỳ {year} đang ở giai đoạn {}: không {} được",
            stage.vi(),
            what.0
        ),
        format!("the {year} round is {}: cannot {}", stage.en(), what.1),
    ))
}

impl Store {
    /// The `year` round's appraisal calendar.
    pub fn appraisal_calendar(&self, year: i64) -> Result<AppraisalCalendar, Error> {
        let info = self.round_info(year)?;
        self.conn
            .query_row(
                &format!(
                    "SELECT {CALENDAR_COLUMNS} FROM rounds r LEFT JOIN round_appraisal ra ON ra.round_id = r.id WHERE r.id = ?1"
                ),
                [info.id],
                |r| calendar_from(r, 0),
            )
            .map_err(|e| self.ctx().sql(e))
    }

    /// Sets the explanation window (administrator): units answer from `start`
    /// to `deadline` inclusive; refused once the appraisal is confirmed. A window
    /// that has ended already is how the Sở ends it early.
    pub fn set_explanation_window(
        &mut self,
        actor: &Actor,
        year: i64,
        (start, deadline): (Date, Date),
    ) -> Result<(), Error> {
        if start > deadline {
            return Err(self.ctx().fail(
                format!("ngày bắt đầu giải trình {start} sau hạn {deadline}"),
                format!("the explanation window starts ({start}) after its deadline ({deadline})"),
            ));
        }
        self.write(|tx, ctx| {
            let id = round_row(tx, ctx, year)?;
            let calendar = calendar_in(tx, ctx, id)?;
            if let Some(stage) = calendar.frozen() {
                return Err(ctx.locked(
                    format!("kỳ {year} đã {}: không đổi thời hạn giải trình được", stage.vi()),
                    format!("the {year} round is {}: the explanation window is fixed", stage.en()),
                ));
            }
            tx.execute(
                "INSERT INTO round_appraisal (round_id, explanation_start, explanation_deadline) VALUES (?1, ?2, ?3)
                 ON CONFLICT (round_id) DO UPDATE SET explanation_start = excluded.explanation_start,
                   explanation_deadline = excluded.explanation_deadline",
                params![id, start.iso(), deadline.iso()],
            )
            .map_err(|e| ctx.sql(e))?;
            let window = format!("{start} – {deadline}");
            let entry = Entry {
                round_year: Some(year),
                new_value: Some(&window),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::ExplanationWindowSet, entry)
        })
    }

    /// Confirms the appraisal (administrator, xác nhận): from then on nothing
    /// changes the evidence until publication. Allowed in round 1 or round 2,
    /// not during the explanation window.
    pub fn confirm_appraisal(
        &mut self,
        actor: &Actor,
        year: i64,
        today: Date,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            let id = round_row(tx, ctx, year)?;
            let calendar = calendar_in(tx, ctx, id)?;
            require_stage(
                ctx,
                &calendar,
                (year, today),
                &[AppraisalStage::Round1, AppraisalStage::Round2],
                ("xác nhận kết quả thẩm định", "confirm the appraisal"),
            )?;
            tx.execute(
                "INSERT INTO round_appraisal (round_id, confirmed_by, confirmed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (round_id) DO UPDATE SET confirmed_by = excluded.confirmed_by,
                   confirmed_at = excluded.confirmed_at",
                params![id, actor.account.map(|a| a.0), now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                round_year: Some(year),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AppraisalConfirmed, entry)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn the_stage_follows_the_dates_and_milestones() {
        let mut calendar = AppraisalCalendar::default();
        let today = day("2025-03-10");
        assert_eq!(calendar.stage(today), AppraisalStage::Round1);
        calendar.explanation = Some((day("2025-03-11"), day("2025-03-20")));
        assert_eq!(
            calendar.stage(today),
            AppraisalStage::Round1,
            "before the window"
        );
        assert_eq!(
            calendar.stage(day("2025-03-11")),
            AppraisalStage::Explanation
        );
        assert_eq!(
            calendar.stage(day("2025-03-20")),
            AppraisalStage::Explanation,
            "the deadline's whole day"
        );
        assert_eq!(calendar.stage(day("2025-03-21")), AppraisalStage::Round2);
        assert_eq!(calendar.frozen(), None);
        calendar.confirmed_at = Some(1);
        assert_eq!(calendar.stage(day("2025-03-15")), AppraisalStage::Confirmed);
        assert_eq!(calendar.frozen(), Some(AppraisalStage::Confirmed));
        assert!(!calendar.appeals_open(today), "nothing published yet");
        calendar.revisions = 1;
        calendar.appeal_deadline = Some(day("2025-04-30"));
        assert_eq!(calendar.stage(today), AppraisalStage::Published);
        assert!(calendar.appeals_open(day("2025-04-30")));
        assert!(
            !calendar.appeals_open(day("2025-05-01")),
            "the window locks"
        );
    }

    #[test]
    fn corrections_only_in_the_two_appraisal_rounds() {
        let codes: Vec<Option<&str>> = [
            AppraisalStage::Round1,
            AppraisalStage::Explanation,
            AppraisalStage::Round2,
            AppraisalStage::Confirmed,
            AppraisalStage::Published,
        ]
        .into_iter()
        .map(AppraisalStage::correction_code)
        .collect();
        assert_eq!(codes, [Some("round1"), None, Some("round2"), None, None]);
    }
}
