//! Appraisal (thẩm định): the appraiser's corrections of a unit's evidence,
//! each with a mandatory reason, kept apart from the unit's own cells (both are
//! scored, and the notice shows the difference); appraisers' groups of
//! criteria. Every change is audited with its reason.

use super::audit::{self, Action, Actor, Entry};
use super::evidence::{Target, check_appraisable, target};
use super::limits::{MAX_CELL_CHARS, MAX_ID_CHARS};
use super::stages::{AppraisalStage, require_stage};
use super::{Store, StoreCtx, check_len, now_ms};
use crate::accounts::AccountId;
use crate::error::Error;
use crate::model::Date;
use rusqlite::{OptionalExtension, Transaction, params};

/// One corrected cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The column.
    pub field: String,
    /// The appraised value (`""`: blank).
    pub cell: String,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: Option<AccountId>,
    /// When: `round1`, `round2` or `appeal`.
    pub stage: String,
}

/// The longest reason or note, in characters.
pub(super) const MAX_REASON_CHARS: usize = 4000;

impl Store {
    /// Corrects `field` of a unit's evidence to `cell` (as typed; `""` blank)
    /// for `reason`, which must not be blank. Refused (locked) while the unit
    /// has neither submitted nor passed its deadline on `today`.
    pub fn correct_cell(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, field): (i64, &str, &str),
        cell: &str,
        reason: &str,
        today: Date,
    ) -> Result<(), Error> {
        let ctx = self.ctx();
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ctx.fail(
                "sửa minh chứng khi thẩm định phải có lý do",
                "an appraisal correction needs a reason",
            ));
        }
        check_len(&ctx, reason, MAX_REASON_CHARS, ("lý do", "the reason"))?;
        check_len(&ctx, field, MAX_ID_CHARS, ("mã trường", "the field id"))?;
        check_len(&ctx, cell, MAX_CELL_CHARS, ("ô", "the cell"))?;
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            check_appraisable(ctx, &t, year, ma_don_vi, today)?;
            let stage = correctable(ctx, &t, year, today)?;
            let correction = Change {
                field,
                cell,
                reason,
                stage,
            };
            record_correction(tx, ctx, actor, (year, ma_don_vi, t.unit_id), &correction)
        })
    }

    /// The corrections of a unit's evidence, by field.
    pub fn corrections(&self, year: i64, ma_don_vi: &str) -> Result<Vec<Correction>, Error> {
        let unit = self.unit(year, ma_don_vi)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT field, cell, reason, updated_by, stage FROM appraisal_cells WHERE unit_id = ?1 ORDER BY field")
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([unit.id], |r| {
                Ok(Correction {
                    field: r.get(0)?,
                    cell: r.get(1)?,
                    reason: r.get(2)?,
                    by: r.get::<_, Option<i64>>(3)?.map(AccountId),
                    stage: r.get(4)?,
                })
            })
            .map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| ctx.sql(e))
    }

    /// Assigns `groups` of criteria (`"1"`, `"2"`, or `"*"` for all) to an appraiser.
    pub fn set_appraiser_groups(
        &mut self,
        actor: &Actor,
        account: AccountId,
        groups: &[String],
    ) -> Result<(), Error> {
        for g in groups {
            check_len(
                &self.ctx(),
                g,
                MAX_ID_CHARS,
                ("nhóm tiêu chí", "the criterion group"),
            )?;
        }
        self.write(|tx, ctx| {
            tx.execute("DELETE FROM appraiser_groups WHERE account_id = ?1", [account.0])
                .map_err(|e| ctx.sql(e))?;
            for g in groups {
                tx.execute(
                    "INSERT INTO appraiser_groups (account_id, grp) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    params![account.0, g.trim()],
                )
                .map_err(|e| ctx.sql(e))?;
            }
            let joined = groups.join(",");
            let entry = Entry { new_value: Some(&joined), ..Entry::default() };
            audit::append(tx, ctx, actor, Action::AppraiserGroups, entry)
        })
    }

    /// An appraiser's groups of criteria.
    pub fn appraiser_groups(&self, account: AccountId) -> Result<Vec<String>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT grp FROM appraiser_groups WHERE account_id = ?1 ORDER BY grp")
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([account.0], |r| r.get(0))
            .map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<String>, _>>()
            .map_err(|e| ctx.sql(e))
    }
}

/// One correction of a unit's evidence: field, cell as typed, reason, stage code.
pub(super) struct Change<'a> {
    pub(super) field: &'a str,
    pub(super) cell: &'a str,
    pub(super) reason: &'a str,
    pub(super) stage: &'a str,
}

/// Stores a correction over the unit's evidence (the latest per field) and
/// audits it with the value it replaces: how rounds 1 and 2 and appeal
/// decisions correct a fact.
pub(super) fn record_correction(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    actor: &Actor,
    (year, ma_don_vi, unit_id): (i64, &str, i64),
    change: &Change<'_>,
) -> Result<(), Error> {
    let old: Option<String> = tx
        .query_row(
            "SELECT cell FROM appraisal_cells WHERE unit_id = ?1 AND field = ?2",
            params![unit_id, change.field],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| ctx.sql(e))?;
    tx.execute(
        "INSERT INTO appraisal_cells (unit_id, field, cell, reason, updated_by, updated_at, stage)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (unit_id, field) DO UPDATE SET cell = excluded.cell, reason = excluded.reason,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at, stage = excluded.stage",
        params![unit_id, change.field, change.cell, change.reason, actor.account.map(|a| a.0), now_ms(), change.stage],
    )
    .map_err(|e| ctx.sql(e))?;
    let entry = Entry {
        round_year: Some(year),
        ma_don_vi: Some(ma_don_vi),
        field: Some(change.field),
        old_value: old.as_deref(),
        new_value: Some(change.cell),
        reason: Some(change.reason),
    };
    audit::append(tx, ctx, actor, Action::AppraisalCorrected, entry)
}

/// The stage code of a correction made now, or the lock that refuses it:
/// appraisers correct in rounds 1 and 2 only.
pub(super) fn correctable(
    ctx: &StoreCtx<'_>,
    t: &Target,
    year: i64,
    today: Date,
) -> Result<&'static str, Error> {
    let stage = require_stage(
        ctx,
        &t.calendar,
        (year, today),
        &[AppraisalStage::Round1, AppraisalStage::Round2],
        ("thẩm định", "appraise"),
    )?;
    Ok(stage.correction_code().unwrap_or("round1"))
}

impl Store {
    /// A unit's appraised evidence: its own cells with the corrections laid
    /// over them (a blank correction removes the cell).
    pub fn appraised_cells(
        &self,
        year: i64,
        ma_don_vi: &str,
    ) -> Result<std::collections::BTreeMap<String, String>, Error> {
        let mut cells: std::collections::BTreeMap<String, String> =
            self.cells(year, ma_don_vi)?.into_iter().collect();
        for c in self.corrections(year, ma_don_vi)? {
            if c.cell.is_empty() {
                cells.remove(&c.field);
            } else {
                cells.insert(c.field, c.cell);
            }
        }
        Ok(cells)
    }
}
