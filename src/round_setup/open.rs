//! Opening a round: the ruleset chosen by year exactly as `cchc score` chooses
//! it, the optional overlay, the self-assessment window.

use crate::error::Error;
use crate::model::Date;
use crate::ruleset::catalog::Catalog;
use crate::store::{Actor, RoundInfo, RoundState, Store};
use std::path::Path;

/// The self-assessment window: first day and last day (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day.
    pub start: Date,
    /// Deadline: writes after this day are refused.
    pub deadline: Date,
}

/// Opens the `year` round with the ruleset under `rules_root` that governs
/// that year (and `overlay`, if any), storing the exact bytes of their files;
/// with a `window`, the round is open for self-assessment.
pub fn open_round(
    store: &mut Store,
    actor: &Actor,
    year: i64,
    rules_root: &Path,
    overlay: Option<&Path>,
    window: Option<Window>,
) -> Result<RoundInfo, Error> {
    let catalog = Catalog::read(rules_root)?;
    let entry = catalog.for_year(year)?;
    store.open_round(actor, year, &entry.dir, overlay)?;
    match window {
        Some(w) => store.set_round_window(
            actor,
            year,
            RoundState::Open,
            Some(w.start),
            Some(w.deadline),
        ),
        None => store.round_info(year),
    }
}
