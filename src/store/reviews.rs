//! Appraisers' confirmations (xác nhận minh chứng): a criterion whose evidence
//! holds as the unit declared it is confirmed rather than corrected, so the
//! appraisal shows which criteria were looked at, by whom and in which round.

use super::appraisal::correctable;
use super::audit::{self, Action, Actor, Entry};
use super::evidence::{check_appraisable, target};
use super::limits::MAX_ID_CHARS;
use super::{Store, check_len, now_ms};
use crate::accounts::AccountId;
use crate::error::Error;
use crate::model::Date;
use rusqlite::params;

/// A criterion confirmed by an appraiser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// The criterion id.
    pub criterion: String,
    /// `round1` or `round2`.
    pub stage: String,
    /// Who confirmed it.
    pub by: Option<AccountId>,
}

impl Store {
    /// Confirms `criterion`'s evidence of a unit as it stands (rounds 1 and 2,
    /// once the unit has submitted or passed its deadline). Confirming again
    /// records the latest confirmation.
    pub fn review_criterion(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, criterion): (i64, &str, &str),
        today: Date,
    ) -> Result<(), Error> {
        check_len(
            &self.ctx(),
            criterion,
            MAX_ID_CHARS,
            ("mã tiêu chí", "the criterion id"),
        )?;
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            check_appraisable(ctx, &t, year, ma_don_vi, today)?;
            let stage = correctable(ctx, &t, year, today)?;
            tx.execute(
                "INSERT INTO appraisal_reviews (unit_id, criterion, stage, reviewed_by, reviewed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (unit_id, criterion) DO UPDATE SET stage = excluded.stage,
                   reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at",
                params![t.unit_id, criterion, stage, actor.account.map(|a| a.0), now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                field: Some(criterion),
                new_value: Some(stage),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AppraisalReviewed, entry)
        })
    }

    /// The confirmed criteria of a unit, by criterion id.
    pub fn reviews(&self, year: i64, ma_don_vi: &str) -> Result<Vec<Review>, Error> {
        let unit = self.unit(year, ma_don_vi)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT criterion, stage, reviewed_by FROM appraisal_reviews WHERE unit_id = ?1 ORDER BY criterion",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([unit.id], |r| {
                Ok(Review {
                    criterion: r.get(0)?,
                    stage: r.get(1)?,
                    by: r.get::<_, Option<i64>>(2)?.map(AccountId),
                })
            })
            .map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| ctx.sql(e))
    }
}
