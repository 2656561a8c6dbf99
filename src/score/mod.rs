//! Scoring: each unit × criterion gets points, a status, a band and a Vietnamese
//! explanation; each unit a total, a maximum, a percentage and a rank in its level.
//!
//! No unchecked arithmetic here or in the submodules (`clippy::arithmetic_side_effects`
//! is denied): points come from rule files and metrics from scripts, and an overflow
//! must be one unit's `error`, not a panic that loses the run.
#![deny(clippy::arithmetic_side_effects)]

mod band;
mod cache;
mod exempt;
mod explain;
mod extract;
mod parallel;
pub mod plausibility;
mod rank;

use crate::engine::ScriptOutcome;
use crate::evidence::{CellLocator, CellProblem, EvidenceSet, UnitRecord, Value};
use crate::level::Level;
use crate::number::exact_add;
use crate::ruleset::{Criterion, ParamValue, Ruleset};
use rhai::{Dynamic, Map};
use rust_decimal::Decimal;
use std::sync::Arc;

pub use band::select_band;
pub use cache::ResultCache;
pub use exempt::{is_fully_exempt, unknown_exempt_units};
pub use explain::format_metric;
pub use extract::Extract;
pub use parallel::{MAX_THREADS, Workers, available_threads};
pub use rank::{RankTable, Ranks, rank_key};

/// The outcome class of one unit × criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// All points.
    Full,
    /// Some points lost.
    Partial,
    /// Evidence present, no points earned.
    Zero,
    /// A required piece of evidence is blank: 0 points, the script did not run.
    MissingEvidence,
    /// The criterion does not apply to the unit's level, or the unit is exempt.
    NotApplicable,
    /// The evidence or the script failed: no score, reported.
    Error,
}

impl Status {
    /// The code used in CSV and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Status::Full => "full",
            Status::Partial => "partial",
            Status::Zero => "zero",
            Status::MissingEvidence => "missing_evidence",
            Status::NotApplicable => "not_applicable",
            Status::Error => "error",
        }
    }
}

/// A piece of required evidence a unit did not supply.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MissingEvidence {
    /// Field id (CSV column).
    pub field: String,
    /// What the unit must supply.
    pub label: String,
    /// Which document proves it.
    pub document_hint: Option<String>,
}

/// One unit × criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionScore {
    /// Index into [`Ruleset::criteria`].
    pub criterion: usize,
    /// Points earned (`None` when not applicable or in error).
    pub points: Option<Decimal>,
    /// Maximum for the unit's level (`None` when not applicable).
    pub max: Option<Decimal>,
    /// Outcome class.
    pub status: Status,
    /// The band reached (shared: results are cloned from the cache for every unit).
    pub band: Option<Arc<str>>,
    /// The script's metric, when it returned one.
    pub metric: Option<Decimal>,
    /// Why, in Vietnamese (shared, like `band`).
    pub explanation: Arc<str>,
    /// Required evidence that was blank.
    pub missing_evidence: Vec<MissingEvidence>,
}

/// One unit's scores.
#[derive(Debug, Clone)]
pub struct UnitScore {
    /// `ma_don_vi`.
    pub id: String,
    /// `ten_don_vi`.
    pub name: String,
    /// Level, when it parsed.
    pub level: Option<Level>,
    /// Row in the evidence file.
    pub row: usize,
    /// Sum of points earned.
    pub total: Decimal,
    /// Sum of applicable maxima.
    pub max: Decimal,
    /// `total / max` as a fraction (exact; rounded only when published).
    pub fraction: Option<Decimal>,
    /// Rank within the level (1 = best, ties share); `None` when any criterion is in error.
    pub rank: Option<usize>,
    /// Problems with the unit's evidence (implausible values included).
    pub problems: Vec<CellProblem>,
    /// Plausibility warnings: values that still score but deserve a look (also
    /// noted on each criterion reading them). They do not stop ranking.
    pub warnings: Vec<CellProblem>,
    /// Per criterion, in ruleset order.
    pub criteria: Vec<CriterionScore>,
}

impl UnitScore {
    /// Criteria where points were lost or could not be scored (what a gap list shows).
    pub fn lost(&self) -> impl Iterator<Item = &CriterionScore> {
        self.criteria
            .iter()
            .filter(|c| !matches!(c.status, Status::Full | Status::NotApplicable))
    }

    /// Whether any criterion could not be scored.
    pub fn has_error(&self) -> bool {
        self.criteria.iter().any(|c| c.status == Status::Error)
    }
}

/// The result of scoring one evidence file with one ruleset.
#[derive(Debug)]
pub struct Scoreboard<'r> {
    /// The ruleset used.
    pub ruleset: &'r Ruleset,
    /// Assessment year.
    pub year: i64,
    /// The evidence file's path.
    pub evidence_path: std::path::PathBuf,
    /// The evidence file's SHA-256.
    pub evidence_fingerprint: String,
    /// Units in input order.
    pub units: Vec<UnitScore>,
    /// Non-fatal notes about the inputs.
    pub warnings: Vec<String>,
    /// Set when the board was cut to one unit (`score --unit`): see [`Extract`].
    pub extract: Option<Extract>,
}

impl Scoreboard<'_> {
    /// Number of unit × criterion results in error.
    pub fn error_count(&self) -> usize {
        self.units
            .iter()
            .flat_map(|u| &u.criteria)
            .filter(|c| c.status == Status::Error)
            .count()
    }
}

/// The parameter map scripts see for an assessment year (`params.han_ke_hoach`, ...).
pub fn params_for_year(ruleset: &Ruleset, year: i64) -> Result<Map, String> {
    let mut map = Map::new();
    for p in &ruleset.params {
        let value = match &p.value {
            ParamValue::Integer(i) => Dynamic::from(*i),
            ParamValue::Decimal(d) => Dynamic::from(*d),
            date => Dynamic::from(date.resolve_date(year).ok_or_else(|| format!("tham số {} không có ngày trong năm {year} / parameter {} has no date in {year}", p.name, p.name))?),
        };
        map.insert(p.name.as_str().into(), value);
    }
    Ok(map)
}

/// Scores every unit of `evidence` for assessment `year`, on one thread per core.
/// Units whose evidence is broken are kept, with `error` statuses; every other
/// unit is still scored.
pub fn score<'r>(
    ruleset: &'r Ruleset,
    evidence: &EvidenceSet,
    year: i64,
) -> Result<Scoreboard<'r>, crate::error::Error> {
    score_on(&Workers::new(0), ruleset, evidence, year)
}

/// [`score`] on the given workers. The result is the same on any number of threads.
pub fn score_on<'r>(
    workers: &Workers,
    ruleset: &'r Ruleset,
    evidence: &EvidenceSet,
    year: i64,
) -> Result<Scoreboard<'r>, crate::error::Error> {
    let scorer = UnitScorer::new(ruleset, year, &evidence.has_documents)?
        .with_cells(CellLocator::of(evidence));
    let mut units = workers.map(&evidence.units, |record, cache| scorer.score(record, cache));
    rank::assign_ranks(&mut units);
    let ids: std::collections::BTreeSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let mut warnings = evidence.warnings.clone();
    warnings.extend(unknown_exempt_units(ruleset, |id| ids.contains(id)));
    Ok(Scoreboard {
        ruleset,
        year,
        evidence_path: evidence.path.clone(),
        evidence_fingerprint: evidence.fingerprint.clone(),
        units,
        warnings,
        extract: None,
    })
}

/// Scores one unit at a time: what stays the same for every unit of a run.
pub struct UnitScorer<'a> {
    ruleset: &'a Ruleset,
    year: i64,
    params: Map,
    has_documents: &'a [bool],
    bounds: plausibility::YearBounds,
    cells: CellLocator,
}

impl<'a> UnitScorer<'a> {
    /// For `year`'s parameters; `has_documents` says which fields have document
    /// reference columns in the evidence file.
    pub fn new(
        ruleset: &'a Ruleset,
        year: i64,
        has_documents: &'a [bool],
    ) -> Result<UnitScorer<'a>, crate::error::Error> {
        let params = params_for_year(ruleset, year).map_err(crate::error::Error::Usage)?;
        let bounds =
            plausibility::YearBounds::new(ruleset, year).map_err(crate::error::Error::Usage)?;
        Ok(UnitScorer {
            ruleset,
            year,
            params,
            has_documents,
            bounds,
            cells: CellLocator::default(),
        })
    }

    /// Names the cells of the evidence file being scored in plausibility messages.
    pub fn with_cells(mut self, cells: CellLocator) -> UnitScorer<'a> {
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
    pub fn score_record(&self, record: UnitRecord, cache: &mut ResultCache) -> UnitScore {
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
                        plausibility::note_warnings(&mut scored, criterion, warnings);
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
                self.ruleset,
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
        explain::cite_documents(&mut scored, self.ruleset, record, self.has_documents);
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
                c.explanation =
                    "tổng điểm của đơn vị tràn số thập phân / the unit's total overflows a decimal"
                        .into();
            }
        }
    }
    (total, max)
}

fn exempt_score(index: usize, exemption: &crate::ruleset::Exemption) -> CriterionScore {
    not_applicable(
        index,
        format!(
            "Không áp dụng: đơn vị được miễn tiêu chí này ({}).",
            exemption.reason
        ),
    )
}

/// No points and no maximum: left out of the unit's total and maximum.
fn not_applicable(index: usize, explanation: String) -> CriterionScore {
    CriterionScore {
        criterion: index,
        points: None,
        max: None,
        status: Status::NotApplicable,
        band: None,
        metric: None,
        explanation: explanation.into(),
        missing_evidence: Vec::new(),
    }
}

fn error_score(
    index: usize,
    criterion: &Criterion,
    level: Option<Level>,
    explanation: String,
) -> CriterionScore {
    CriterionScore {
        criterion: index,
        points: None,
        max: level.and_then(|l| criterion.max_for(l)),
        status: Status::Error,
        band: None,
        metric: None,
        explanation: explanation.into(),
        missing_evidence: Vec::new(),
    }
}

/// Scores one criterion for one unit. `values` has one slot per ruleset field;
/// `problems` are the cell problems of the fields this criterion reads.
pub fn score_criterion(
    ruleset: &Ruleset,
    index: usize,
    level: Level,
    year: i64,
    params: &Map,
    values: &[Option<Value>],
    problems: &[&CellProblem],
) -> CriterionScore {
    let criterion = ruleset.criterion(index);
    let Some(max) = criterion.max_for(level) else {
        return not_applicable(index, format!("Không áp dụng đối với {}.", level.name_vi()));
    };
    if !problems.is_empty() {
        let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        return error_score(
            index,
            criterion,
            Some(level),
            format!(
                "Minh chứng không hợp lệ / invalid evidence: {}",
                listed.join("; ")
            ),
        );
    }
    let missing: Vec<MissingEvidence> = criterion
        .evidence
        .iter()
        .filter(|u| u.required && values.get(u.field).is_none_or(Option::is_none))
        .map(|u| {
            let f = ruleset.field(u.field);
            MissingEvidence {
                field: f.id.clone(),
                label: f.label.clone(),
                document_hint: f.document_hint.clone(),
            }
        })
        .collect();
    if !missing.is_empty() {
        return CriterionScore {
            criterion: index,
            points: Some(Decimal::ZERO),
            max: Some(max),
            status: Status::MissingEvidence,
            band: None,
            metric: None,
            explanation: explain::missing(criterion, max, &missing).into(),
            missing_evidence: missing,
        };
    }
    let inputs: Vec<Option<&Value>> = criterion
        .evidence
        .iter()
        .map(|u| values.get(u.field).and_then(Option::as_ref))
        .collect();
    // Only a ruleset inspected by `check` can hold an uncompiled script; never one that scores.
    let Some(script) = &criterion.script else {
        return error_score(
            index,
            criterion,
            Some(level),
            "script không biên dịch được / the script did not compile".to_string(),
        );
    };
    let outcome = match ruleset.engine.run(script, &inputs, year, params) {
        Ok(o) => o,
        Err(e) => {
            let at = e
                .position
                .map(|(l, c)| format!(" ({}:{l}:{c})", criterion.source.path.display()))
                .unwrap_or_default();
            let what = if e.limit_hit {
                "script vượt giới hạn an toàn / script stopped by the sandbox"
            } else {
                "script lỗi / script failed"
            };
            return error_score(
                index,
                criterion,
                Some(level),
                format!("{what}{at}: {}", e.message),
            );
        }
    };
    let metric = match &outcome {
        ScriptOutcome::Metric(m) => Some(*m),
        ScriptOutcome::Band(_) => None,
    };
    // A percentage that does not fit in a Decimal cannot be explained or published:
    // an error for this unit, never a panic or a made-up figure.
    if let (Some(m), Some(spec)) = (metric, &criterion.metric)
        && spec.unit == crate::ruleset::MetricUnit::Percent
        && crate::number::percent_of(m).is_none()
    {
        return error_score(
            index,
            criterion,
            Some(level),
            format!(
                "số đo {} quá lớn để đổi ra phần trăm (tràn số) / the metric {m} is too large to show as a percentage (overflow)",
                crate::number::format_vi(m)
            ),
        );
    }
    let band = match select_band(criterion, &outcome) {
        Ok(b) => b,
        Err(message) => return error_score(index, criterion, Some(level), message),
    };
    let Some(points) = band
        .points
        .get(level)
        .filter(|p| *p >= Decimal::ZERO && *p <= max)
    else {
        return error_score(
            index,
            criterion,
            Some(level),
            format!(
                "mức '{}' không có điểm hợp lệ cho cấp {level} / band has no valid points for this level",
                band.key
            ),
        );
    };
    let status = if points == max {
        Status::Full
    } else if points.is_zero() {
        Status::Zero
    } else {
        Status::Partial
    };
    let blank_optional: Vec<&crate::ruleset::EvidenceField> = criterion
        .evidence
        .iter()
        .filter(|u| values.get(u.field).is_none_or(Option::is_none))
        .map(|u| ruleset.field(u.field))
        .collect();
    CriterionScore {
        criterion: index,
        points: Some(points),
        max: Some(max),
        status,
        band: Some(band.key.as_str().into()),
        metric,
        explanation: explain::reached(criterion, level, band, points, max, metric, &blank_optional)
            .into(),
        missing_evidence: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{Value, read_csv};

    /// A one-criterion ruleset written to a temporary directory.
    fn ruleset(criterion: &str) -> (tempfile::TempDir, Ruleset) {
        let dir = tempfile::tempdir().unwrap();
        let header = r#"
id = "t"
title = "t"
years = [2024, 2024]
levels = ["so", "huyen", "xa"]
[params.han]
type = "date"
value = "31/01"
basis = "test"
status = "provincial_choice"
"#;
        std::fs::write(dir.path().join("ruleset.toml"), header).unwrap();
        std::fs::write(dir.path().join("c.toml"), criterion).unwrap();
        let loaded = crate::load_ruleset(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        (dir, loaded.ruleset)
    }

    const RATIO: &str = r#"
id = "1"
title = "ratio"
max_points = { so = "1.00", xa = "2.00" }
applies_to = ["so", "xa"]
[evidence.a]
type = "integer"
label = "a"
required = true
[evidence.b]
type = "integer"
label = "b"
required = true
[[band]]
key = "top"
points = { so = "1.00", xa = "2.00" }
clause = "100%"
at_least = "100%"
[[band]]
key = "mid"
points = { so = "0.50", xa = "1.00" }
clause = "từ 50% đến dưới 100%"
at_least = "50%"
below = "100%"
[[band]]
key = "low"
points = "0"
clause = "dưới 50%"
at_least = "0%"
below = "50%"
[[band]]
key = "none"
points = { so = "1.00", xa = "2.00" }
clause = "không phát sinh"
[rule]
script = '''
let r = ratio(a, b);
if is_missing(r) { "none" } else { r }
'''
"#;

    fn run(r: &Ruleset, level: Level, a: Option<i64>, b: Option<i64>) -> CriterionScore {
        let values = vec![a.map(Value::Integer), b.map(Value::Integer)];
        let params = params_for_year(r, 2024).unwrap();
        score_criterion(r, 0, level, 2024, &params, &values, &[])
    }

    #[test]
    fn band_selection_at_every_boundary() {
        let (_dir, r) = ruleset(RATIO);
        let band = |a, b| run(&r, Level::So, Some(a), Some(b)).band;
        assert_eq!(band(2, 2).as_deref(), Some("top"));
        assert_eq!(band(3, 2).as_deref(), Some("top"));
        assert_eq!(band(99, 100).as_deref(), Some("mid"));
        assert_eq!(band(1, 2).as_deref(), Some("mid"));
        assert_eq!(band(49, 100).as_deref(), Some("low"));
        assert_eq!(band(0, 5).as_deref(), Some("low"));
        assert_eq!(band(0, 0).as_deref(), Some("none"));
    }

    #[test]
    fn points_follow_the_level() {
        let (_dir, r) = ruleset(RATIO);
        let so = run(&r, Level::So, Some(1), Some(2));
        let xa = run(&r, Level::Xa, Some(1), Some(2));
        assert_eq!(
            (so.points, so.max, so.status),
            (
                Some(Decimal::new(50, 2)),
                Some(Decimal::ONE),
                Status::Partial
            )
        );
        assert_eq!(
            (xa.points, xa.max),
            (Some(Decimal::ONE), Some(Decimal::TWO))
        );
    }

    #[test]
    fn not_applicable_has_no_points_and_no_max() {
        let (_dir, r) = ruleset(RATIO);
        let s = run(&r, Level::Huyen, Some(1), Some(1));
        assert_eq!(
            (s.status, s.points, s.max),
            (Status::NotApplicable, None, None)
        );
    }

    #[test]
    fn blank_required_field_is_missing_evidence_not_a_script_run() {
        let (_dir, r) = ruleset(RATIO);
        let s = run(&r, Level::So, Some(1), None);
        assert_eq!(
            (s.status, s.points, s.band),
            (Status::MissingEvidence, Some(Decimal::ZERO), None)
        );
        assert_eq!(s.missing_evidence[0].field, "b");
    }

    #[test]
    fn metric_outside_every_band_is_an_error_not_a_zero() {
        let (_dir, r) = ruleset(RATIO);
        // A negative count reaches the script only because this field has no `min`.
        let s = run(&r, Level::So, Some(-1), Some(2));
        assert_eq!((s.status, s.points), (Status::Error, None));
        assert!(s.explanation.contains("-0,5"), "{}", s.explanation);
    }

    #[test]
    fn undeclared_band_key_is_an_error() {
        let (_dir, r) = ruleset(&RATIO.replace(r#"{ "none" }"#, r#"{ "khong_co" }"#));
        let s = run(&r, Level::So, Some(0), Some(0));
        assert_eq!(s.status, Status::Error);
        assert!(s.explanation.contains("khong_co"), "{}", s.explanation);
    }

    #[test]
    fn totals_exclude_not_applicable_and_broken_units_stay_in_output() {
        let (dir, r) = ruleset(RATIO);
        let csv = dir.path().join("e.csv");
        std::fs::write(&csv, "ma_don_vi;ten_don_vi;cap;a;b\nS1;Sở 1;so;1;2\nH1;Huyện 1;huyen;1;1\nX1;Xã 1;xa;x;2\nX2;Xã 2;xa;2;2\n").unwrap();
        let evidence = read_csv(&csv, &r.fields, &r.levels).unwrap();
        let board = score(&r, &evidence, 2024).unwrap();
        let ids: Vec<&str> = board.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["S1", "H1", "X1", "X2"]);
        assert_eq!(
            (board.units[0].total, board.units[0].max),
            (Decimal::new(50, 2), Decimal::ONE)
        );
        assert_eq!(
            (
                board.units[1].total,
                board.units[1].max,
                board.units[1].rank
            ),
            (Decimal::ZERO, Decimal::ZERO, None)
        );
        assert_eq!(
            (board.units[2].criteria[0].status, board.units[2].rank),
            (Status::Error, None)
        );
        assert_eq!(board.units[3].rank, Some(1));
        assert_eq!(board.error_count(), 1);
    }
}
