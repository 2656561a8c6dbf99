//! Running the `[[case]]` tests written in rule files (like `opa test`).

use crate::diagnostic::Severity;
use crate::engine::{Params, Rules};
use crate::evidence::{CellProblem, CellRef};
use crate::model::Status;
use crate::model::number::format_vi;
use crate::model::{Value, parse_cell};
use crate::ruleset::{Criterion, TestCase};
use crate::score::plausibility::YearBounds;
use crate::score::{CriterionScore, score_criterion};
use rust_decimal::Decimal;
use std::path::PathBuf;

/// The result of one case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// Criterion id.
    pub criterion: String,
    /// File and line of the case.
    pub file: PathBuf,
    /// 1-based line of `[[case]]`.
    pub line: usize,
    /// Case name.
    pub name: String,
    /// Failures, empty when the case passed.
    pub failures: Vec<String>,
    /// What the engine produced, for the report.
    pub got: String,
    /// The band the engine reached (`None` when it reached none, or did not run).
    pub got_band: Option<String>,
    /// The points the engine gave.
    pub got_points: Option<Decimal>,
    /// The status the engine gave (`None` when the case could not run at all).
    pub got_status: Option<Status>,
}

impl CaseResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs every case of every criterion, in ruleset order.
pub fn run_cases(rules: &Rules) -> Vec<CaseResult> {
    let ruleset = &rules.ruleset;
    let mut results = Vec::new();
    for (index, criterion) in ruleset.criteria.iter().enumerate() {
        for case in &criterion.cases {
            results.push(run_case(rules, index, criterion, case));
        }
    }
    results
}

fn run_case(rules: &Rules, index: usize, criterion: &Criterion, case: &TestCase) -> CaseResult {
    let ruleset = &rules.ruleset;
    let mut values: Vec<Option<Value>> = vec![None; ruleset.fields.len()];
    for (name, text) in &case.input {
        if let Some(i) = ruleset.field_index(name)
            && let Some(slot) = values.get_mut(i)
        {
            // Inputs were checked when the ruleset loaded.
            *slot = parse_cell(text, ruleset.field(i)).ok().flatten();
        }
    }
    let checked = Params::for_year(ruleset, case.year)
        .and_then(|params| Ok((params, YearBounds::new(ruleset, case.year)?)));
    let score = match checked {
        Ok((params, bounds)) => {
            // Implausible inputs are errors here as in a run: a case can expect them.
            let id = |f: usize| {
                ruleset
                    .fields
                    .get(f)
                    .map_or(String::new(), |x| x.id.clone())
            };
            let implausible: Vec<CellProblem> = bounds
                .check(&ruleset.fields, &values, &id)
                .into_iter()
                .filter(|v| v.severity == Severity::Error)
                .map(|v| CellProblem {
                    cell: CellRef {
                        file: criterion.source.path.clone(),
                        sheet: None,
                        row: case.line,
                        column: 0,
                        header: id(v.field),
                    },
                    field: Some(v.field),
                    message: v.message,
                })
                .collect();
            let problems: Vec<&CellProblem> = implausible.iter().collect();
            score_criterion(
                rules, index, case.level, case.year, &params, &values, &problems,
            )
        }
        Err(message) => {
            return CaseResult {
                criterion: criterion.id.clone(),
                file: criterion.source.path.clone(),
                line: case.line,
                name: case.name.clone(),
                failures: vec![message],
                got: String::new(),
                got_band: None,
                got_points: None,
                got_status: None,
            };
        }
    };
    CaseResult {
        criterion: criterion.id.clone(),
        file: criterion.source.path.clone(),
        line: case.line,
        name: case.name.clone(),
        failures: compare(case, &score),
        got: describe(&score),
        got_band: score.band.as_deref().map(String::from),
        got_points: score.points,
        got_status: Some(score.status),
    }
}

fn compare(case: &TestCase, got: &CriterionScore) -> Vec<String> {
    let mut failures = Vec::new();
    if let Some(band) = &case.expect_band
        && got.band.as_deref() != Some(band.as_str())
    {
        failures.push(format!(
            "band: expected '{band}', got '{}'",
            got.band.as_deref().unwrap_or("-")
        ));
    }
    if let Some(points) = case.expect_points
        && got.points != Some(points)
    {
        failures.push(format!(
            "points: expected {}, got {}",
            format_vi(points),
            got.points.map_or("-".into(), format_vi)
        ));
    }
    if let Some(status) = case.expect_status
        && got.status != status
    {
        failures.push(format!(
            "status: expected {}, got {}",
            status.code(),
            got.status.code()
        ));
    }
    // A case that did not expect an error says why the engine gave one (a broken
    // script, the sandbox stopping it), whatever else failed.
    if got.status == Status::Error && case.expect_status != Some(Status::Error) {
        failures.push(format!("error: {}", got.explanation));
    }
    failures
}

fn describe(score: &CriterionScore) -> String {
    format!(
        "band {}, points {}, status {}",
        score.band.as_deref().unwrap_or("-"),
        score.points.map_or("-".into(), format_vi),
        score.status.code()
    )
}
