//! The one way evidence is scored: an evidence source, opened once and read a
//! batch at a time, scored by [`UnitScorer`](crate::score::UnitScorer) on the
//! workers, into a sink.
//!
//! - [`write_csv`]: the CSV reports (long and wide) are written as they go, in
//!   bounded memory, for a file of any size (the whole country);
//! - [`collect`]: every unit's evidence and scores are kept, ranked at the end,
//!   for the reports that show one province whole (table, JSON, Markdown, HTML,
//!   XLSX) and the commands that look at units after scoring.
//!
//! Both run the same pass (`pass`), so both type, score, check and rank every
//! unit the same way, on any number of threads. Ranks come from one
//! [`RankTable`](crate::score::RankTable), counted as units go by.
//!
//! [`UnitScoring`] scores one unit from its cells, as a form edits it.
//!
//! ```
//! use cchc::pipeline::{self, UnitScoring};
//! # fn main() -> Result<(), cchc::Error> {
//! # let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! let rules = cchc::load_ruleset(&repo.join("rules/tdthpl-2020-2024"))?;
//! // A whole province, its file read once.
//! let scored = pipeline::score_file(&rules, &repo.join("data/tinh-mau/2024.csv"), 2024)?;
//! assert!(scored.board.units.iter().any(|u| u.rank == Some(1)));
//! // One unit, on every edit of its form: prepared once, then a few microseconds a call.
//! let mut form = UnitScoring::new(&rules, 2024)?;
//! let unit = form.score(&[("ma_don_vi", "SO-STP"), ("ten_don_vi", "Sở Tư pháp"), ("cap", "so")]);
//! assert_eq!(unit.id, "SO-STP");
//! # Ok(())
//! # }
//! ```

mod collect;
mod csv_sink;
mod pass;
mod spill;
mod unit;

use crate::engine::Rules;
use crate::error::Error;
use crate::report::rows::Layout;
use crate::score::Workers;
use std::path::Path;

pub use crate::evidence::stream::{EvidenceFile, SizeLimit};
pub use collect::Collected;
pub use csv_sink::Destination;
pub use unit::{UnitScoring, score_unit};

/// What a run found, for the summary line and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Units scored (every data row).
    pub units: usize,
    /// Unit × criterion results in error.
    pub errors: usize,
    /// Units with at least one result in error.
    pub units_with_errors: usize,
    /// The run's warnings (the file's header, the overlay's absent units, ids
    /// differing only by case).
    pub warnings: Vec<String>,
}

/// What a run reports as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// This many more units are scored (they may be scored again if an id repeats).
    Scored(usize),
    /// Scoring is done; the report is being written.
    Writing,
    /// An evidence problem (file, row, column and what was expected), in file order.
    Problem(&'a str),
    /// A plausibility warning (the value still scores), after the unit's problems.
    Warning(&'a str),
}

/// Scores `source` for `year` into a CSV report in `layout`, in bounded memory,
/// telling `on_event` how it goes. Problems and warnings are told as the report
/// is written.
pub fn write_csv(
    workers: &Workers,
    rules: &Rules,
    source: EvidenceFile,
    year: i64,
    layout: Layout,
    destination: Destination<'_>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, Error> {
    let job = pass::Job {
        workers,
        rules,
        year,
    };
    csv_sink::score_csv(job, source, layout, destination, on_event)
}

/// Scores `source` for `year`, keeping every unit's evidence and scores;
/// `on_event` is told only of the units scored.
pub fn collect<'r>(
    workers: &Workers,
    rules: &'r Rules,
    source: EvidenceFile,
    year: i64,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Collected<'r>, Error> {
    let job = pass::Job {
        workers,
        rules,
        year,
    };
    collect::collect(job, source, on_event)
}

/// Opens the evidence file at `path` (a province's: a file larger than a
/// province's is refused, see [`SizeLimit::Province`]) and [`collect`]s it on
/// one thread per core.
pub fn score_file<'r>(rules: &'r Rules, path: &Path, year: i64) -> Result<Collected<'r>, Error> {
    let source = EvidenceFile::open(path, SizeLimit::Province)?;
    collect(&Workers::new(0), rules, source, year, &mut |_| {})
}

#[cfg(test)]
mod tests;
