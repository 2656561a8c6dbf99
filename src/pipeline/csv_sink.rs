//! The CSV reports (long and wide), written in bounded memory from an evidence
//! file of any size.
//!
//! First pass: each unit's rendered rows go to a [`Spill`] file with its rank
//! key; ranking needs only the [`RankTable`](crate::score::RankTable) the pass
//! counts. Second pass: the rows are copied to the report with their ranks.
//!
//! Unit ids are checked for duplicates with a fixed-size filter (see
//! [`IdCheck`]); if a candidate turns out to be a real duplicate, the file is
//! scored again knowing exactly which rows repeat an id (the one case where it is
//! opened twice), so the report says what a report of the units held in memory
//! says, byte for byte.

use super::pass::{self, Job, UnitSink};
use super::spill::{Frame, Spill};
use super::{Event, Summary};
use crate::error::Error;
use crate::evidence::CaseCheck;
use crate::evidence::UnitRecord;
use crate::evidence::stream::{EvidenceFile, EvidenceStream, IdCheck, SizeLimit};
use crate::report::rows::{Layout, RowRenderer};
use crate::score::{UnitScore, rank_key};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

/// Where a streamed report goes and where its spill file may be kept.
pub struct Destination<'o> {
    /// The report's bytes.
    pub out: &'o mut dyn Write,
    /// A directory for the temporary spill file (the report's own directory).
    pub spill_dir: &'o Path,
    /// The report's file name, naming the spill file after it.
    pub name: &'o str,
}

/// Renders each unit's rows on the workers and spills them in file order.
struct SpillSink<'a> {
    renderer: &'a RowRenderer<'a>,
    spill: Spill,
    path: &'a Path,
}

impl UnitSink for SpillSink<'_> {
    type Item = Frame;
    const KEEPS_RECORDS: bool = false;

    fn prepare(&self, _: Option<UnitRecord>, unit: UnitScore) -> Frame {
        Frame {
            problems: unit.problems.iter().map(ToString::to_string).collect(),
            warnings: unit.warnings.iter().map(ToString::to_string).collect(),
            key: rank_key(&unit),
            rows: self.renderer.render(&unit),
            row: unit.row,
            id: unit.id,
        }
    }

    fn accept(&mut self, frame: Frame) -> Result<(), Error> {
        self.spill.push(&frame).map_err(|e| Error::io(self.path, e))
    }
}

/// Scores `source` into a CSV report in `layout`, telling `on_event` how it goes.
pub(super) fn score_csv(
    job: Job<'_, '_>,
    source: EvidenceFile,
    layout: Layout,
    destination: Destination<'_>,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, Error> {
    let ruleset = &job.rules.ruleset;
    let path = source.path().to_path_buf();
    let path = path.as_path();
    let renderer = RowRenderer::new(ruleset, layout);
    let spill_error = |e: std::io::Error| Error::io(destination.spill_dir, e);
    let mut ids = IdCheck::probable();
    let mut source = Some(source);
    loop {
        let file = match source.take() {
            Some(file) => file,
            None => EvidenceFile::open(path, SizeLimit::Unbounded)?,
        };
        let mut stream = EvidenceStream::of_file(file, &ruleset.fields, &ruleset.levels, ids)?;
        let mut sink = SpillSink {
            renderer: &renderer,
            spill: Spill::create(destination.spill_dir, destination.name).map_err(spill_error)?,
            path,
        };
        let pass = pass::run(job, &mut stream, &mut sink, on_event)?;
        let (ids_used, case_candidates) = stream.into_checks();
        let mut spill = sink.spill;
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
        let mut summary = pass.summary;
        summary.warnings.extend(pass.unknown_exempt);
        if !case_candidates.is_empty() {
            let place = path.display().to_string();
            let cases = case_variants(&mut spill, &case_candidates).map_err(spill_error)?;
            summary.warnings.extend(cases.warnings(&place));
        }
        on_event(Event::Writing);
        let ranks = pass.table.ranks();
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

/// The ids that differ from an earlier one only by case, among the units whose
/// lower-cased id is one of the `candidates`: what a report of the units held in
/// memory warns about.
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
