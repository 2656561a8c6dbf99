//! A unit checking itself before it submits: what it can still earn, most points
//! first.
#![deny(clippy::arithmetic_side_effects)]

use crate::model::Status;
use crate::score::render;
use crate::score::{Lang, Scoreboard, UnitScore};
use rust_decimal::Decimal;

/// One thing to fix.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TodoItem {
    /// Criterion id.
    pub criterion: String,
    /// Criterion title.
    pub title: String,
    /// Points the unit could still earn (for a cell in error: the whole maximum).
    pub recoverable: Decimal,
    /// The current status.
    pub status: Status,
    /// What is wrong and what the next band needs, in Vietnamese.
    pub reason: String,
}

/// The unit's lost points as a to-do list: most recoverable points first, then
/// ruleset order.
pub(crate) fn todo(board: &Scoreboard<'_>, unit: &UnitScore) -> Vec<TodoItem> {
    let mut items: Vec<TodoItem> = unit
        .lost()
        .map(|c| {
            let criterion = board.ruleset.criterion(c.criterion);
            let max = c.max.unwrap_or_default();
            TodoItem {
                criterion: criterion.id.clone(),
                title: criterion.title.clone(),
                recoverable: match (c.status, c.points) {
                    (Status::Error, _) | (_, None) => max,
                    // Points never exceed the maximum, both bounded: never saturates.
                    (_, Some(p)) => max.saturating_sub(p),
                },
                status: c.status,
                reason: render::reason(board.ruleset, c, Lang::Vi),
            }
        })
        .filter(|i| i.recoverable > Decimal::ZERO || i.status == Status::Error)
        .collect();
    // Stable: equal points keep ruleset order.
    items.sort_by_key(|i| std::cmp::Reverse(i.recoverable));
    items
}
