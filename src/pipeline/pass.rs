//! One pass over an evidence stream, shared by every sink: a batch of rows is
//! read (on a thread of its own), typed and scored on the workers, and the
//! results are handed to the sink in file order, with the year checked, the
//! ranks counted and the errors tallied on the way.

use super::{Event, Summary};
use crate::engine::Rules;
use crate::error::Error;
use crate::evidence::stream::{EvidenceStream, RawUnit, RowReader, YearGuard};
use crate::evidence::{Columns, UnitRecord};
use crate::model::{Level, Status};
use crate::score::{RankTable, UnitScore, UnitScorer, Workers, rank_key};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Units read, typed and scored together: enough to keep every worker busy,
/// few enough that a batch is a few megabytes.
pub(crate) const BATCH: usize = 8192;

/// What stays the same across a run's passes.
#[derive(Clone, Copy)]
pub(super) struct Job<'w, 'r> {
    pub workers: &'w Workers,
    pub rules: &'r Rules,
    pub year: i64,
}

/// What a sink makes of each scored unit, on the workers, and then takes in
/// file order.
pub(super) trait UnitSink {
    /// What is kept of one unit.
    type Item: Send;
    /// Whether [`UnitSink::prepare`] is given the unit's typed record.
    const KEEPS_RECORDS: bool;
    /// Makes the item of a scored unit (on any worker).
    fn prepare(&self, record: Option<UnitRecord>, unit: UnitScore) -> Self::Item;
    /// Takes the next item, in file order.
    fn accept(&mut self, item: Self::Item) -> Result<(), Error>;
}

/// What a pass learnt besides the items: how many units reached each score (all
/// that ranking needs) and the run's counts and warnings.
pub(super) struct Pass {
    pub table: RankTable,
    /// The counts, and the warnings of the file's header.
    pub summary: Summary,
    /// The overlay's exemptions of units the file does not hold.
    pub unknown_exempt: Vec<String>,
}

impl Pass {
    /// Takes a batch's results in file order.
    fn take<S: UnitSink>(
        &mut self,
        results: Vec<Scored<S::Item>>,
        years: &mut YearGuard,
        sink: &mut S,
        exempt_seen: &mut BTreeSet<String>,
    ) -> Result<(), Error> {
        for scored in results {
            years.check(scored.year, scored.row)?;
            exempt_seen.extend(scored.exempted);
            self.table.add(scored.key);
            self.summary.units += 1;
            self.summary.errors += scored.errors;
            self.summary.units_with_errors += usize::from(scored.errors > 0);
            sink.accept(scored.item)?;
        }
        Ok(())
    }
}

/// One unit, scored on a worker, with what the pass checks in file order.
struct Scored<I> {
    item: I,
    year: Option<i64>,
    row: usize,
    key: Option<(Level, Decimal, Decimal)>,
    errors: usize,
    /// The unit's id, when the overlay exempts it.
    exempted: Option<String>,
}

/// Reads `stream` to its end, scoring every unit into `sink`.
pub(super) fn run<S: UnitSink + Sync>(
    job: Job<'_, '_>,
    stream: &mut EvidenceStream<'_>,
    sink: &mut S,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Pass, Error> {
    let ruleset = &job.rules.ruleset;
    let has_documents = stream.has_documents();
    let scorer =
        UnitScorer::new(job.rules, job.year, &has_documents)?.with_cells(stream.cell_locator());
    let mut pass = Pass {
        table: RankTable::default(),
        summary: Summary {
            warnings: stream.warnings().to_vec(),
            ..Summary::default()
        },
        unknown_exempt: Vec::new(),
    };
    // Units an overlay exempts that the file holds (the others are typos, warned of).
    let mut exempt_seen: BTreeSet<String> = BTreeSet::new();
    let (columns, reader, years) = stream.parts();
    let mut accept = |results: Vec<Scored<S::Item>>, years: &mut YearGuard, sink: &mut S| {
        on_event(Event::Scored(results.len()));
        pass.take(results, years, sink, &mut exempt_seen)
    };
    let score_batch = |columns: &Columns<'_>, rows: &[RawUnit], sink: &S| {
        job.workers.map(rows, |raw, cache| {
            let (record, year) = raw.typed(columns);
            let (record, unit) = if S::KEEPS_RECORDS {
                let unit = scorer.score(&record, cache);
                (Some(record), unit)
            } else {
                (None, scorer.score_record(record, cache))
            };
            let errors = unit
                .criteria
                .iter()
                .filter(|c| c.status == Status::Error)
                .count();
            Scored {
                year,
                row: unit.row,
                key: rank_key(&unit),
                errors,
                exempted: ruleset.exempts_unit(&unit.id).then(|| unit.id.clone()),
                item: sink.prepare(record, unit),
            }
        })
    };
    read_batches(job.workers.threads(), reader, &mut |rows| {
        let scored = score_batch(columns, &rows, sink);
        accept(scored, years, sink)
    })?;
    pass.unknown_exempt =
        crate::score::unknown_exempt_units(ruleset, |id| exempt_seen.contains(id));
    Ok(pass)
}

/// Reads `reader` to its end a batch at a time, handing each batch to `each`.
/// With several workers, reading runs on a thread of its own, one batch ahead of
/// the workers scoring the batch before (reading is sequential by nature).
fn read_batches(
    threads: usize,
    reader: &mut RowReader<'_>,
    each: &mut dyn FnMut(Vec<RawUnit>) -> Result<(), Error>,
) -> Result<(), Error> {
    if threads == 1 {
        loop {
            let rows = reader.next_rows(BATCH)?;
            if rows.is_empty() {
                return Ok(());
            }
            each(rows)?;
        }
    }
    std::thread::scope(|scope| {
        let (sender, batches) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            loop {
                let batch = reader.next_rows(BATCH);
                let last = !matches!(&batch, Ok(rows) if !rows.is_empty());
                // The receiver is gone only when scoring stopped on an error.
                if sender.send(batch).is_err() || last {
                    break;
                }
            }
        });
        for batch in batches {
            let rows = batch?;
            if rows.is_empty() {
                break;
            }
            each(rows)?;
        }
        Ok(())
    })
}
