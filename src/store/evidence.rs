//! Evidence cells (the current value of each field of each unit) and
//! submissions. Every changed cell appends its old and new value to the audit
//! log in the same transaction.

use super::audit::{self, Action, Actor, Entry};
use super::limits::{MAX_CELL_CHARS, MAX_CELLS_PER_WRITE, MAX_ID_CHARS};
use super::stages::{AppraisalCalendar, CALENDAR_COLUMNS, calendar_from};
use super::units::no_unit;
use super::{Store, StoreCtx, check_len, now_ms};
use crate::error::Error;
use crate::model::Date;
use rusqlite::{OptionalExtension, Transaction, params};

/// A unit's submission (nộp): its self-assessment is locked from then on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The account that submitted, if any.
    pub by: Option<i64>,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// A unit as a write needs it: row id and whether it may still change.
pub(super) struct Target {
    pub(super) unit_id: i64,
    state: String,
    deadline: Option<String>,
    submitted: bool,
    /// Where the round's appraisal stands.
    pub(super) calendar: AppraisalCalendar,
}

impl Store {
    /// Sets a unit's cells as the unit's self-assessment (an empty text clears a
    /// cell), refused once the unit has submitted, the round is not open, or
    /// `today` is past the deadline. Returns how many cells changed.
    pub fn set_cells(
        &mut self,
        actor: &Actor,
        year: i64,
        ma_don_vi: &str,
        cells: &[(&str, &str)],
        today: Date,
    ) -> Result<usize, Error> {
        check_cells(&self.ctx(), cells)?;
        self.write(|tx, ctx| {
            let target = target(tx, ctx, year, ma_don_vi)?;
            check_writable(ctx, &target, year, ma_don_vi, today)?;
            write_cells(tx, ctx, actor, (year, ma_don_vi, target.unit_id), cells)
        })
    }

    /// Imports evidence collected offline for many units at once (administrator),
    /// all or nothing: an unknown unit or a bad cell anywhere leaves the store as
    /// it was. Not subject to the self-assessment window.
    pub fn import_evidence(
        &mut self,
        actor: &Actor,
        year: i64,
        units: &[(&str, Vec<(&str, &str)>)],
    ) -> Result<usize, Error> {
        let ctx = self.ctx();
        for (_, cells) in units {
            check_cells(&ctx, cells)?;
        }
        self.write(|tx, ctx| {
            let mut changed = 0usize;
            for (ma_don_vi, cells) in units {
                let target = target(tx, ctx, year, ma_don_vi)?;
                let n = write_cells(tx, ctx, actor, (year, ma_don_vi, target.unit_id), cells)?;
                changed = changed.saturating_add(n);
            }
            Ok(changed)
        })
    }

    /// A unit's current cells, by field id.
    pub fn cells(&self, year: i64, ma_don_vi: &str) -> Result<Vec<(String, String)>, Error> {
        let unit = self.unit(year, ma_don_vi)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT field, cell FROM evidence_cells WHERE unit_id = ?1 ORDER BY field")
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([unit.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| ctx.sql(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| ctx.sql(e))
    }

    /// Submits a unit's self-assessment; refused when already submitted, when the
    /// round is not open, or past the deadline.
    pub fn submit(
        &mut self,
        actor: &Actor,
        year: i64,
        ma_don_vi: &str,
        today: Date,
    ) -> Result<(), Error> {
        self.write(|tx, ctx| {
            let target = target(tx, ctx, year, ma_don_vi)?;
            check_writable(ctx, &target, year, ma_don_vi, today)?;
            tx.execute(
                "INSERT INTO submissions (unit_id, submitted_by, submitted_at) VALUES (?1, ?2, ?3)",
                params![target.unit_id, actor.account.map(|a| a.0), now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::Submitted, entry)
        })
    }

    /// The unit's submission, if it has submitted.
    pub fn submission(&self, year: i64, ma_don_vi: &str) -> Result<Option<Submission>, Error> {
        let unit = self.unit(year, ma_don_vi)?;
        self.conn
            .query_row(
                "SELECT submitted_by, submitted_at FROM submissions WHERE unit_id = ?1",
                [unit.id],
                |r| {
                    Ok(Submission {
                        by: r.get(0)?,
                        at: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.ctx().sql(e))
    }
}

fn check_cells(ctx: &StoreCtx<'_>, cells: &[(&str, &str)]) -> Result<(), Error> {
    if cells.len() > MAX_CELLS_PER_WRITE {
        return Err(ctx.fail(
            format!("tối đa {MAX_CELLS_PER_WRITE} ô mỗi lần ghi"),
            format!("at most {MAX_CELLS_PER_WRITE} cells per write"),
        ));
    }
    for (field, cell) in cells {
        if field.trim().is_empty() {
            return Err(ctx.fail("mã trường trống", "empty field id"));
        }
        check_len(ctx, field, MAX_ID_CHARS, ("mã trường", "the field id"))?;
        check_len(
            ctx,
            cell,
            MAX_CELL_CHARS,
            (&format!("ô {field}"), &format!("the cell {field}")),
        )?;
    }
    Ok(())
}

pub(super) fn target(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    year: i64,
    ma_don_vi: &str,
) -> Result<Target, Error> {
    tx.query_row(
        &format!(
            "SELECT u.id, r.state, r.self_assessment_deadline, s.unit_id IS NOT NULL, {CALENDAR_COLUMNS}
             FROM units u JOIN rounds r ON r.id = u.round_id
             LEFT JOIN submissions s ON s.unit_id = u.id
             LEFT JOIN round_appraisal ra ON ra.round_id = r.id
             WHERE r.year = ?1 AND u.ma_don_vi = ?2"
        ),
        params![year, ma_don_vi],
        |r| {
            Ok(Target {
                unit_id: r.get(0)?,
                state: r.get(1)?,
                deadline: r.get(2)?,
                submitted: r.get(3)?,
                calendar: calendar_from(r, 4)?,
            })
        },
    )
    .optional()
    .map_err(|e| ctx.sql(e))?
    .ok_or_else(|| no_unit(ctx, year, ma_don_vi))
}

/// Refuses appraisal of a unit that has neither submitted nor passed its
/// self-assessment deadline (its evidence may still change).
pub(super) fn check_appraisable(
    ctx: &StoreCtx<'_>,
    t: &Target,
    year: i64,
    unit: &str,
    today: Date,
) -> Result<(), Error> {
    let past_deadline = t
        .deadline
        .as_deref()
        .and_then(Date::parse)
        .is_some_and(|deadline| today > deadline);
    if t.submitted || past_deadline {
        return Ok(());
    }
    Err(ctx.locked(
        format!("đơn vị {unit} chưa nộp và chưa hết hạn tự đánh giá kỳ {year}: chưa thẩm định được"),
        format!("unit {unit} has neither submitted nor passed the {year} deadline: it cannot be appraised yet"),
    ))
}

pub(super) fn check_writable(
    ctx: &StoreCtx<'_>,
    t: &Target,
    year: i64,
    unit: &str,
    today: Date,
) -> Result<(), Error> {
    if let Some(stage) = t.calendar.frozen() {
        return Err(ctx.locked(
            format!(
                "kỳ {year} đã {}: không sửa minh chứng tự đánh giá được nữa",
                stage.vi()
            ),
            format!(
                "the {year} round is {}: self-assessment is closed",
                stage.en()
            ),
        ));
    }
    if t.submitted {
        return Err(ctx.locked(
            format!("đơn vị {unit} đã nộp kỳ {year}: không sửa được nữa"),
            format!("unit {unit} has submitted the {year} round: no more changes"),
        ));
    }
    if t.state != "open" {
        return Err(ctx.locked(
            format!("kỳ {year} không mở cho tự đánh giá"),
            format!("the {year} round is not open for self-assessment"),
        ));
    }
    if let Some(deadline) = t.deadline.as_deref().and_then(Date::parse)
        && today > deadline
    {
        return Err(ctx.locked(
            format!("đã quá hạn tự đánh giá {deadline}"),
            format!("the self-assessment deadline {deadline} has passed"),
        ));
    }
    Ok(())
}

/// Writes the changed cells of one unit with their audit rows; unchanged cells
/// write nothing.
fn write_cells(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    actor: &Actor,
    (year, ma_don_vi, unit_id): (i64, &str, i64),
    cells: &[(&str, &str)],
) -> Result<usize, Error> {
    let mut changed = 0usize;
    for (field, cell) in cells {
        let old: Option<String> = tx
            .query_row(
                "SELECT cell FROM evidence_cells WHERE unit_id = ?1 AND field = ?2",
                params![unit_id, field],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| ctx.sql(e))?;
        let new = (!cell.is_empty()).then_some(*cell);
        if old.as_deref() == new {
            continue;
        }
        match new {
            Some(text) => tx.execute(
                "INSERT INTO evidence_cells (unit_id, field, cell, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (unit_id, field) DO UPDATE SET cell = excluded.cell,
                   updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                params![unit_id, field, text, actor.account.map(|a| a.0), now_ms()],
            ),
            None => tx.execute(
                "DELETE FROM evidence_cells WHERE unit_id = ?1 AND field = ?2",
                params![unit_id, field],
            ),
        }
        .map_err(|e| ctx.sql(e))?;
        let entry = Entry {
            round_year: Some(year),
            ma_don_vi: Some(ma_don_vi),
            field: Some(field),
            old_value: old.as_deref(),
            new_value: new,
            reason: None,
        };
        audit::append(tx, ctx, actor, Action::CellChanged, entry)?;
        changed = changed.saturating_add(1);
    }
    Ok(changed)
}
