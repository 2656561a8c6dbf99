//! The units of a round (`ma_don_vi`, `ten_don_vi`, `cap`).

use super::audit::{self, Action, Actor, Entry};
use super::limits::{MAX_ID_CHARS, MAX_UNITS_PER_ROUND};
use super::rounds::{no_round, round_id};
use super::{Store, StoreCtx};
use crate::error::Error;
use crate::model::Level;
use rusqlite::{OptionalExtension, Transaction, params};

/// A unit to add to a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    /// Unit id (`SO-STP`).
    pub ma_don_vi: String,
    /// Unit name.
    pub ten_don_vi: String,
    /// Level.
    pub cap: Level,
}

/// A stored unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Row id.
    pub id: i64,
    /// The round's year.
    pub year: i64,
    /// Unit id.
    pub ma_don_vi: String,
    /// Unit name.
    pub ten_don_vi: String,
    /// Level.
    pub cap: Level,
}

impl Store {
    /// Adds `units` to the round of `year`, all or none: a duplicate id, an
    /// over-long value or an existing unit refuses the whole list, naming its row
    /// (1-based, as in the imported file after its header).
    pub fn add_units(
        &mut self,
        actor: &Actor,
        year: i64,
        units: &[NewUnit],
    ) -> Result<usize, Error> {
        self.write(|tx, ctx| {
            let round = round_id(tx, ctx, year)?.ok_or_else(|| no_round(ctx, year))?;
            let existing: i64 = tx
                .query_row(
                    "SELECT count(*) FROM units WHERE round_id = ?1",
                    [round],
                    |r| r.get(0),
                )
                .map_err(|e| ctx.sql(e))?;
            if usize::try_from(existing)
                .unwrap_or(usize::MAX)
                .saturating_add(units.len())
                > MAX_UNITS_PER_ROUND
            {
                return Err(ctx.fail(
                    format!("một kỳ có tối đa {MAX_UNITS_PER_ROUND} đơn vị"),
                    format!("a round holds at most {MAX_UNITS_PER_ROUND} units"),
                ));
            }
            for (i, unit) in units.iter().enumerate() {
                insert_unit(tx, ctx, (round, year, i.saturating_add(1)), unit, actor)?;
            }
            Ok(units.len())
        })
    }

    /// The units of the round of `year`, by id.
    pub fn units(&self, year: i64) -> Result<Vec<Unit>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT u.id, r.year, u.ma_don_vi, u.ten_don_vi, u.cap FROM units u
                 JOIN rounds r ON r.id = u.round_id WHERE r.year = ?1 ORDER BY u.id",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt.query_map([year], raw_unit).map_err(|e| ctx.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(check_unit(&ctx, row.map_err(|e| ctx.sql(e))?)?);
        }
        Ok(out)
    }

    /// One unit of a round; an error naming it if it is not in the round.
    pub fn unit(&self, year: i64, ma_don_vi: &str) -> Result<Unit, Error> {
        let ctx = self.ctx();
        let raw = self
            .conn
            .query_row(
                "SELECT u.id, r.year, u.ma_don_vi, u.ten_don_vi, u.cap FROM units u
                 JOIN rounds r ON r.id = u.round_id WHERE r.year = ?1 AND u.ma_don_vi = ?2",
                params![year, ma_don_vi],
                raw_unit,
            )
            .optional()
            .map_err(|e| ctx.sql(e))?
            .ok_or_else(|| no_unit(&ctx, year, ma_don_vi))?;
        check_unit(&ctx, raw)
    }
}

/// Inserts the unit at `row` of the list (1-based) into round `(id, year)`.
fn insert_unit(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    (round, year, row): (i64, i64, usize),
    unit: &NewUnit,
    actor: &Actor,
) -> Result<(), Error> {
    let refuse = |vi: String, en: String| {
        ctx.fail(
            format!("dòng {row}: {vi}; không nhập đơn vị nào"),
            format!("row {row}: {en}; no unit was imported"),
        )
    };
    let id = unit.ma_don_vi.trim();
    if id.is_empty() {
        return Err(refuse(
            "ma_don_vi trống".into(),
            "ma_don_vi is empty".into(),
        ));
    }
    for (name, text) in [("ma_don_vi", id), ("ten_don_vi", unit.ten_don_vi.trim())] {
        let n = text.chars().count();
        if n > MAX_ID_CHARS {
            return Err(refuse(
                format!("{name} dài {n} ký tự, tối đa {MAX_ID_CHARS}"),
                format!("{name} is {n} characters long, at most {MAX_ID_CHARS}"),
            ));
        }
    }
    let inserted = tx
        .execute(
            "INSERT INTO units (round_id, ma_don_vi, ten_don_vi, cap) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (round_id, ma_don_vi) DO NOTHING",
            params![round, id, unit.ten_don_vi.trim(), unit.cap.code()],
        )
        .map_err(|e| ctx.sql(e))?;
    if inserted == 0 {
        return Err(refuse(
            format!("đơn vị {id} đã có trong kỳ {year}"),
            format!("unit {id} is already in the {year} round"),
        ));
    }
    let entry = Entry {
        round_year: Some(year),
        ma_don_vi: Some(id),
        new_value: Some(&unit.ten_don_vi),
        ..Entry::default()
    };
    audit::append(tx, ctx, actor, Action::UnitAdded, entry)
}

pub(super) fn no_unit(ctx: &StoreCtx<'_>, year: i64, ma_don_vi: &str) -> Error {
    ctx.not_found(
        format!("không có đơn vị {ma_don_vi} trong kỳ {year}"),
        format!("there is no unit {ma_don_vi} in the {year} round"),
    )
}

type RawUnit = (i64, i64, String, String, String);

fn raw_unit(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawUnit> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn check_unit(
    ctx: &StoreCtx<'_>,
    (id, year, ma_don_vi, ten_don_vi, cap): RawUnit,
) -> Result<Unit, Error> {
    let cap = Level::parse(&cap).ok_or_else(|| {
        ctx.fail(
            format!("cấp không hợp lệ: {cap}"),
            format!("invalid level: {cap}"),
        )
    })?;
    Ok(Unit {
        id,
        year,
        ma_don_vi,
        ten_don_vi,
        cap,
    })
}
