//! The sink of the reports that show one province whole (table, JSON, Markdown,
//! HTML, XLSX) and of the commands that look at units after scoring (`explain`,
//! `compare`, `verify`, `diff`, `score --unit`): every unit's typed evidence and
//! scores are kept, ranked at the end from the pass's one rank table.

use super::pass::{self, Job, UnitSink};
use super::{Event, Summary};
use crate::engine::Rules;
use crate::error::Error;
use crate::evidence::stream::{EvidenceFile, EvidenceStream, IdCheck};
use crate::evidence::{CaseCheck, EvidenceSet, UnitRecord};
use crate::score::{Scoreboard, UnitScore};

/// A province scored: its evidence as read and its scoreboard.
#[derive(Debug)]
pub struct Collected<'r> {
    /// The units' typed evidence, in file order.
    pub evidence: EvidenceSet,
    /// The units' scores and ranks, in file order.
    pub board: Scoreboard<'r>,
}

impl Collected<'_> {
    /// The counts and warnings of the run (what a streamed run reports).
    pub fn summary(&self) -> Summary {
        Summary {
            units: self.board.units.len(),
            errors: self.board.error_count(),
            units_with_errors: self.board.units.iter().filter(|u| u.has_error()).count(),
            warnings: self.board.warnings.clone(),
        }
    }
}

/// Keeps every unit's record and score.
#[derive(Default)]
struct KeepAll {
    records: Vec<UnitRecord>,
    units: Vec<UnitScore>,
}

impl UnitSink for KeepAll {
    type Item = (Option<UnitRecord>, UnitScore);
    const KEEPS_RECORDS: bool = true;

    fn prepare(&self, record: Option<UnitRecord>, unit: UnitScore) -> Self::Item {
        (record, unit)
    }

    fn accept(&mut self, (record, unit): Self::Item) -> Result<(), Error> {
        self.records.extend(record);
        self.units.push(unit);
        Ok(())
    }
}

/// Scores every unit of `source` and keeps them all. Duplicate ids are found
/// exactly as the rows go by: the units are in memory anyway.
pub(super) fn collect<'r>(
    job: Job<'_, 'r>,
    source: EvidenceFile,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<Collected<'r>, Error> {
    let rules: &'r Rules = job.rules;
    let ruleset = &rules.ruleset;
    let mut stream =
        EvidenceStream::of_file(source, &ruleset.fields, &ruleset.levels, IdCheck::exact())?;
    let mut sink = KeepAll::default();
    let pass = pass::run(job, &mut stream, &mut sink, on_event)?;
    let KeepAll { records, mut units } = sink;
    pass.table.ranks().assign(&mut units);
    let mut cases = CaseCheck::default();
    for unit in &records {
        cases.see(&unit.id, unit.row);
    }
    let columns = stream.columns();
    let mut warnings = pass.summary.warnings;
    warnings.extend(cases.warnings(&stream.place()));
    let evidence = EvidenceSet {
        path: stream.grid().path.clone(),
        sheet: stream.grid().sheet.clone(),
        year: stream.year(),
        headers: columns.headers.clone(),
        field_columns: columns.field_columns.clone(),
        has_documents: columns.has_documents(),
        units: records,
        warnings: warnings.clone(),
        fingerprint: stream.fingerprint(),
    };
    warnings.extend(pass.unknown_exempt);
    let board = Scoreboard {
        ruleset,
        year: job.year,
        evidence_path: evidence.path.clone(),
        evidence_fingerprint: evidence.fingerprint.clone(),
        units,
        warnings,
        extract: None,
    };
    Ok(Collected { evidence, board })
}
