//! The per-unit scoring loop: [`UnitScorer`] holds what stays the same for every
//! unit of a run (parameters, plausibility bounds, cell names), checks each row's
//! plausibility, scores its criteria through the result cache and adds up the
//! unit's checked totals. Separate from the run-level `score`/`score_on` and from
//! the single-criterion decision in `criterion`.

use super::cache::ResultCache;
use super::criterion::score_criterion;
use super::{CriterionScore, UnitScore, error_score, exempt_score, plausibility, recording};
use crate::engine::{Params, Rules};
use crate::evidence::{CellLocator, CellProblem, UnitRecord};
use crate::model::Level;
use crate::model::Status;
use crate::model::number::exact_add;
use crate::ruleset::{Criterion, Ruleset};
use rust_decimal::Decimal;

/// Scores one unit at a time: what stays the same for every unit of a run.
pub(crate) struct UnitScorer<'a> {
    rules: &'a Rules,
    ruleset: &'a Ruleset,
    year: i64,
    params: Params,
    has_documents: Vec<bool>,
    bounds: plausibility::YearBounds,
    cells: CellLocator,
}

impl<'a> UnitScorer<'a> {
    /// For `year`'s parameters; `has_documents` says which fields have document
    /// reference columns in the evidence file.
    pub(crate) fn new(
        rules: &'a Rules,
        year: i64,
        has_documents: &[bool],
    ) -> Result<UnitScorer<'a>, crate::error::Error> {
        let ruleset = &rules.ruleset;
        let params = Params::for_year(ruleset, year).map_err(crate::error::Error::Usage)?;
        let bounds =
            plausibility::YearBounds::new(ruleset, year).map_err(crate::error::Error::Usage)?;
        Ok(UnitScorer {
            rules,
            ruleset,
            year,
            params,
            has_documents: has_documents.to_vec(),
            bounds,
            cells: CellLocator::default(),
        })
    }

    /// Names the cells of the evidence file being scored in plausibility messages.
    pub(crate) fn with_cells(mut self, cells: CellLocator) -> UnitScorer<'a> {
        self.cells = cells;
        self
    }

    /// One unit's scores, not yet ranked.
    pub fn score(&self, record: &UnitRecord, cache: &mut ResultCache) -> UnitScore {
        let (problems, warnings) = self.plausibility(record);
        let criteria = self.criteria(record, &problems, &warnings, cache);
        let mut all = record.problems.clone();
        all.extend(problems);
        unit_totals(
            record.id.clone(),
            record.name.clone(),
            record.level,
            record.row,
            (all, warnings),
            criteria,
        )
    }

    /// [`UnitScorer::score`], taking the record's strings instead of copying them.
    pub(crate) fn score_record(&self, record: UnitRecord, cache: &mut ResultCache) -> UnitScore {
        let (implausible, warnings) = self.plausibility(&record);
        let criteria = self.criteria(&record, &implausible, &warnings, cache);
        let UnitRecord {
            id,
            name,
            level,
            row,
            mut problems,
            ..
        } = record;
        problems.extend(implausible);
        unit_totals(id, name, level, row, (problems, warnings), criteria)
    }

    /// The row's implausible values (errors) and its plausibility warnings, each
    /// naming its cell. Nothing is allocated for a plausible row.
    fn plausibility(&self, record: &UnitRecord) -> (Vec<CellProblem>, Vec<CellProblem>) {
        let fields = &self.ruleset.fields;
        let column = |f: usize| {
            let id = fields.get(f).map_or("", |x| x.id.as_str());
            self.cells.column(f, id)
        };
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for v in self.bounds.check(fields, &record.values, &column) {
            let id = fields.get(v.field).map_or("", |x| x.id.as_str());
            let problem = CellProblem {
                field: Some(v.field),
                cell: self.cells.cell(record.row, v.field, id),
                message: v.message,
            };
            match v.severity {
                crate::diagnostic::Severity::Error => errors.push(problem),
                crate::diagnostic::Severity::Warning => warnings.push(problem),
            }
        }
        (errors, warnings)
    }

    fn criteria(
        &self,
        record: &UnitRecord,
        implausible: &[CellProblem],
        warnings: &[CellProblem],
        cache: &mut ResultCache,
    ) -> Vec<CriterionScore> {
        let ruleset = self.ruleset;
        ruleset
            .criteria
            .iter()
            .enumerate()
            .map(
                |(index, criterion)| match (record.unit_problem(), record.level) {
                    (Some(problem), _) => error_score(
                        index,
                        criterion,
                        record.level,
                        format!("Đơn vị không chấm được / unit cannot be scored: {problem}"),
                    ),
                    (None, Some(_))
                        if let Some(exemption) = ruleset.exemption(&record.id, &criterion.id) =>
                    {
                        exempt_score(index, exemption)
                    }
                    (None, Some(level)) => {
                        let mut scored =
                            self.criterion(index, criterion, level, record, implausible, cache);
                        plausibility::note_warnings(&mut scored, ruleset, warnings);
                        scored
                    }
                    (None, None) => error_score(
                        index,
                        criterion,
                        None,
                        "Đơn vị không có cấp hợp lệ / the unit has no valid level".into(),
                    ),
                },
            )
            .collect()
    }

    fn criterion(
        &self,
        index: usize,
        criterion: &Criterion,
        level: Level,
        record: &UnitRecord,
        implausible: &[CellProblem],
        cache: &mut ResultCache,
    ) -> CriterionScore {
        let problems: Vec<&CellProblem> = criterion
            .evidence
            .iter()
            .filter_map(|u| {
                record
                    .field_problem(u.field)
                    .or_else(|| implausible.iter().find(|p| p.field == Some(u.field)))
            })
            .collect();
        let compute = || {
            score_criterion(
                self.rules,
                index,
                level,
                self.year,
                &self.params,
                &record.values,
                &problems,
            )
        };
        let mut scored = if problems.is_empty() {
            let inputs = criterion
                .evidence
                .iter()
                .map(|u| record.values.get(u.field).and_then(Option::as_ref));
            cache.get_or_compute(index, level, inputs, compute)
        } else {
            compute()
        };
        recording::cite_documents(&mut scored, self.ruleset, record, &self.has_documents);
        scored
    }
}

fn unit_totals(
    id: String,
    name: String,
    level: Option<Level>,
    row: usize,
    (problems, warnings): (Vec<CellProblem>, Vec<CellProblem>),
    criteria: Vec<CriterionScore>,
) -> UnitScore {
    let mut criteria = criteria;
    let (total, max) = checked_totals(&mut criteria);
    let fraction = if max.is_zero() {
        None
    } else {
        total.checked_div(max)
    };
    UnitScore {
        id,
        name,
        level,
        row,
        total,
        max,
        fraction,
        rank: None,
        problems,
        warnings,
        criteria,
    }
}

/// The sum of points and of maxima. Loading checks that every level's maxima add
/// up within a `Decimal`, so this cannot overflow on a loaded ruleset; should it
/// anyway, the criterion whose addition overflows becomes an `error` (left out of
/// both sums) rather than a panic or a wrong total.
fn checked_totals(criteria: &mut [CriterionScore]) -> (Decimal, Decimal) {
    let (mut total, mut max) = (Decimal::ZERO, Decimal::ZERO);
    for c in criteria.iter_mut() {
        let next_total = c.points.map_or(Some(total), |p| exact_add(total, p));
        let next_max = c.max.map_or(Some(max), |m| exact_add(max, m));
        match (next_total, next_max) {
            (Some(t), Some(m)) => (total, max) = (t, m),
            _ => {
                c.points = None;
                c.max = None;
                c.status = Status::Error;
                c.band = None;
                let outcome = super::explanation::Outcome::Error(
                    "tổng điểm của đơn vị tràn số thập phân / the unit's total overflows a decimal"
                        .into(),
                );
                c.explanation = super::render::unscored(&outcome, super::Lang::Vi)
                    .unwrap_or_default()
                    .into();
                c.detail = std::sync::Arc::new(super::Explanation::of(outcome));
            }
        }
    }
    (total, max)
}
