//! Successor units (đơn vị kế thừa): after communes merged in 2025, a new
//! commune's history shows the rounds of the units it succeeds.

use super::audit::{self, Action, Actor, Entry};
use super::limits::MAX_ID_CHARS;
use super::{Store, check_len, now_ms};
use crate::error::Error;
use rusqlite::params;
use std::collections::BTreeSet;

/// How far back a chain of successions is followed (a unit merged into a unit
/// merged into …): far more than any reorganisation, bounded all the same.
const MAX_GENERATIONS: usize = 16;

impl Store {
    /// Records `successor` as succeeding `predecessor`. The predecessor must be
    /// a unit of some round; a succession that would make a unit its own
    /// ancestor is refused.
    pub fn add_successor(
        &mut self,
        actor: &Actor,
        predecessor: &str,
        successor: &str,
    ) -> Result<(), Error> {
        let ctx = self.ctx();
        for (id, what) in [
            (predecessor, ("đơn vị tiền thân", "the predecessor")),
            (successor, ("đơn vị kế thừa", "the successor")),
        ] {
            if id.trim().is_empty() {
                return Err(ctx.fail(format!("{} trống", what.0), format!("{} is empty", what.1)));
            }
            check_len(&ctx, id, MAX_ID_CHARS, what)?;
        }
        if predecessor == successor {
            return Err(ctx.fail(
                "một đơn vị không kế thừa chính nó",
                "a unit does not succeed itself",
            ));
        }
        let known: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM units WHERE ma_don_vi = ?1",
                [predecessor],
                |r| r.get(0),
            )
            .map_err(|e| ctx.sql(e))?;
        if known == 0 {
            return Err(ctx.not_found(
                format!("không kỳ nào có đơn vị {predecessor}"),
                format!("no round has a unit {predecessor}"),
            ));
        }
        if self.predecessors(predecessor)?.contains(successor) {
            return Err(ctx.fail(
                format!("{successor} đã là tiền thân của {predecessor}"),
                format!("{successor} already precedes {predecessor}"),
            ));
        }
        self.write(|tx, ctx| {
            tx.execute(
                "INSERT INTO successors (predecessor, successor, recorded_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                params![predecessor, successor, now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            let entry = Entry {
                ma_don_vi: Some(successor),
                old_value: Some(predecessor),
                new_value: Some(successor),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::SuccessorRecorded, entry)
        })
    }

    /// Every unit `unit` succeeds, directly or through a chain.
    pub fn predecessors(&self, unit: &str) -> Result<BTreeSet<String>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare("SELECT predecessor FROM successors WHERE successor = ?1 ORDER BY predecessor")
            .map_err(|e| ctx.sql(e))?;
        let mut found = BTreeSet::new();
        let mut frontier = vec![unit.to_string()];
        for _ in 0..MAX_GENERATIONS {
            let mut next = Vec::new();
            for id in &frontier {
                let rows = stmt
                    .query_map([id], |r| r.get::<_, String>(0))
                    .map_err(|e| ctx.sql(e))?;
                for row in rows {
                    let predecessor = row.map_err(|e| ctx.sql(e))?;
                    if predecessor != unit && found.insert(predecessor.clone()) {
                        next.push(predecessor);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        Ok(found)
    }
}
