//! Scoring an evidence file of any size into a CSV report in bounded memory.
//!
//! First pass: the file is read a batch at a time; each batch is typed, scored
//! and rendered on all workers, and each unit's rendered rows go to a
//! [`spill::Spill`] file with its rank key. Ranking needs only a count of units per
//! level and score ([`RankTable`]), so memory does not grow with the number of
//! units. Second pass: the rows are copied to the report with their ranks.
//!
//! Unit ids are checked for duplicates with a fixed-size filter (see
//! [`IdCheck`]); if a candidate turns out to be a real duplicate, the file is
//! scored again knowing exactly which rows repeat an id, so the report says what a
//! report of the file read whole says, byte for byte.

mod spill;

use crate::engine::Rules;
use crate::error::Error;
use crate::evidence::CaseCheck;
use crate::evidence::Columns;
use crate::evidence::stream::{EvidenceStream, IdCheck, RawUnit, YearGuard};
use crate::report::rows::{Layout, RowRenderer};
use crate::score::{RankTable, UnitScorer, Workers, rank_key};
use spill::{Frame, Spill};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// One unit's frame, its `nam` and its number of results in error.
type Scored = (Frame, Option<i64>, usize);

/// Units read, typed and scored together: enough to keep every worker busy,
/// few enough that a batch is a few megabytes.
pub const BATCH: usize = 8192;

/// What a streamed run found, for the summary line and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Units scored (every data row).
    pub units: usize,
    /// Unit × criterion results in error.
    pub errors: usize,
    /// Units with at least one result in error.
    pub units_with_errors: usize,
    /// The header's warnings (unknown and missing columns).
    pub warnings: Vec<String>,
}

/// Where the report goes and where its spill file may be kept.
pub struct Destination<'o> {
    /// The report's bytes.
    pub out: &'o mut dyn Write,
    /// A directory for the temporary spill file (the report's own directory).
    pub spill_dir: &'o Path,
    /// The report's file name, naming the spill file after it.
    pub name: &'o str,
}

/// What a streamed run reports as it goes.
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

/// Scores the evidence file at `path` for `year` into a CSV report in `layout`,
/// telling `on_event` how it goes.
pub fn score_csv(
    workers: &Workers,
    rules: &Rules,
    path: &Path,
    year: i64,
    layout: Layout,
    destination: Destination<'_>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, Error> {
    let ruleset = &rules.ruleset;
    let renderer = RowRenderer::new(ruleset, layout);
    let spill_error = |e: std::io::Error| Error::io(destination.spill_dir, e);
    let mut ids = IdCheck::probable();
    loop {
        let mut spill =
            Spill::create(destination.spill_dir, destination.name).map_err(spill_error)?;
        let job = Job {
            workers,
            rules,
            path,
            year,
            renderer: &renderer,
        };
        let (table, mut summary, ids_used, case_candidates) =
            first_pass(&job, &mut spill, ids, on_event)?;
        let duplicates = match ids_used.candidates() {
            Some(candidates) if !candidates.is_empty() => {
                confirm_duplicates(&mut spill, candidates).map_err(spill_error)?
            }
            _ => BTreeSet::new(),
        };
        if !duplicates.is_empty() {
            ids = IdCheck::known(duplicates);
            continue;
        }
        if !case_candidates.is_empty() {
            let place = path.display().to_string();
            let cases = case_variants(&mut spill, &case_candidates).map_err(spill_error)?;
            summary.warnings.extend(cases.warnings(&place));
        }
        on_event(Event::Writing);
        let ranks = table.ranks();
        let out = &mut *destination.out;
        out.write_all(&renderer.header())
            .map_err(|e| Error::io(path, e))?;
        for frame in spill.frames().map_err(spill_error)? {
            let frame = frame.map_err(spill_error)?;
            frame
                .rows
                .write_ranked(ranks.rank(frame.key), out)
                .map_err(|e| Error::io(Path::new(destination.name), e))?;
            for p in &frame.problems {
                on_event(Event::Problem(p));
            }
            for w in &frame.warnings {
                on_event(Event::Warning(w));
            }
        }
        return Ok(summary);
    }
}

/// What stays the same across passes.
struct Job<'a> {
    workers: &'a Workers,
    rules: &'a Rules,
    path: &'a Path,
    year: i64,
    renderer: &'a RowRenderer<'a>,
}

fn first_pass(
    job: &Job<'_>,
    spill: &mut Spill,
    ids: IdCheck,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(RankTable, Summary, IdCheck, BTreeSet<String>), Error> {
    let Job {
        workers,
        rules,
        path,
        year,
        renderer,
    } = *job;
    let ruleset = &rules.ruleset;
    let mut stream = EvidenceStream::open(path, &ruleset.fields, &ruleset.levels, ids)?;
    let has_documents = stream.has_documents();
    let scorer = UnitScorer::new(rules, year, &has_documents)?.with_cells(stream.cell_locator());
    let mut table = RankTable::default();
    let mut summary = Summary {
        warnings: stream.warnings().to_vec(),
        ..Summary::default()
    };
    // Units an overlay exempts that the file holds (the others are typos, warned of).
    let mut exempt_seen: BTreeSet<String> = BTreeSet::new();
    // Results are checked and spilled in file order.
    let mut accept = |results: Vec<Scored>, years: &mut YearGuard| {
        on_event(Event::Scored(results.len()));
        for (frame, year, errors) in results {
            years.check(year, frame.row)?;
            if ruleset.exempts_unit(&frame.id) {
                exempt_seen.insert(frame.id.clone());
            }
            table.add(frame.key);
            summary.units += 1;
            summary.errors += errors;
            summary.units_with_errors += usize::from(errors > 0);
            spill.push(&frame).map_err(|e| Error::io(path, e))?;
        }
        Ok::<(), Error>(())
    };
    let score_batch = |columns: &Columns<'_>, rows: &[RawUnit]| -> Vec<Scored> {
        workers.map(rows, |raw, cache| {
            let (record, year) = raw.typed(columns);
            let unit = scorer.score_record(record, cache);
            let errors = unit
                .criteria
                .iter()
                .filter(|c| c.status == crate::Status::Error)
                .count();
            let frame = Frame {
                problems: unit.problems.iter().map(ToString::to_string).collect(),
                warnings: unit.warnings.iter().map(ToString::to_string).collect(),
                key: rank_key(&unit),
                rows: renderer.render(&unit),
                row: unit.row,
                id: unit.id,
            };
            (frame, year, errors)
        })
    };
    let (columns, reader, years) = stream.parts();
    if workers.threads() == 1 {
        loop {
            let rows = reader.next_rows(BATCH)?;
            if rows.is_empty() {
                break;
            }
            accept(score_batch(columns, &rows), years)?;
        }
    } else {
        // Reading is sequential by nature: it runs on a thread of its own, one
        // batch ahead of the workers scoring the batch before.
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
                accept(score_batch(columns, &rows), years)?;
            }
            Ok::<(), Error>(())
        })?;
    }
    summary
        .warnings
        .extend(crate::score::unknown_exempt_units(ruleset, |id| {
            exempt_seen.contains(id)
        }));
    let (ids, cases) = stream.into_checks();
    Ok((table, summary, ids, cases))
}

/// The ids that differ from an earlier one only by case, among the units whose
/// lower-cased id is one of the `candidates`: what a file read whole warns about.
fn case_variants(spill: &mut Spill, candidates: &BTreeSet<String>) -> std::io::Result<CaseCheck> {
    let mut check = CaseCheck::default();
    for frame in spill.frames()? {
        let frame = frame?;
        if candidates.contains(&frame.id.to_lowercase()) {
            check.see(&frame.id, frame.row);
        }
    }
    Ok(check)
}

/// The rows whose id repeats an earlier row's, among the `candidates` ids.
fn confirm_duplicates(
    spill: &mut Spill,
    candidates: &BTreeSet<String>,
) -> std::io::Result<BTreeSet<usize>> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut repeats = BTreeSet::new();
    for frame in spill.frames()? {
        let frame = frame?;
        if !candidates.contains(&frame.id) {
            continue;
        }
        if !seen.insert(frame.id) {
            repeats.insert(frame.row);
        }
    }
    Ok(repeats)
}
