//! Scoring: each unit × criterion gets points, a status, a band and a Vietnamese
//! explanation; each unit a total, a maximum, a percentage and a rank in its level.

mod band;
mod explain;
mod rank;

use crate::engine::ScriptOutcome;
use crate::evidence::{CellProblem, EvidenceSet, Value};
use crate::level::Level;
use crate::ruleset::{Criterion, ParamValue, Ruleset};
use rhai::{Dynamic, Map};
use rust_decimal::Decimal;

pub use band::select_band;

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
    /// The band reached.
    pub band: Option<String>,
    /// The script's metric, when it returned one.
    pub metric: Option<Decimal>,
    /// Why, in Vietnamese.
    pub explanation: String,
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
    /// Problems with the unit's evidence.
    pub problems: Vec<CellProblem>,
    /// Per criterion, in ruleset order.
    pub criteria: Vec<CriterionScore>,
}

impl UnitScore {
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

/// Scores every unit of `evidence` for assessment `year`. Units whose evidence is
/// broken are kept, with `error` statuses; every other unit is still scored.
pub fn score<'r>(
    ruleset: &'r Ruleset,
    evidence: &EvidenceSet,
    year: i64,
) -> Result<Scoreboard<'r>, crate::error::Error> {
    let params = params_for_year(ruleset, year).map_err(crate::error::Error::Usage)?;
    let mut units: Vec<UnitScore> = evidence
        .units
        .iter()
        .map(|record| {
            let criteria = ruleset
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
                        (None, Some(level)) => {
                            let problems: Vec<&CellProblem> = criterion
                                .evidence
                                .iter()
                                .filter_map(|u| record.field_problem(u.field))
                                .collect();
                            score_criterion(
                                ruleset,
                                index,
                                level,
                                year,
                                &params,
                                &record.values,
                                &problems,
                            )
                        }
                        (None, None) => error_score(
                            index,
                            criterion,
                            None,
                            "Đơn vị không có cấp hợp lệ / the unit has no valid level".into(),
                        ),
                    },
                )
                .collect();
            unit_totals(
                record.id.clone(),
                record.name.clone(),
                record.level,
                record.row,
                record.problems.clone(),
                criteria,
            )
        })
        .collect();
    rank::assign_ranks(&mut units);
    Ok(Scoreboard {
        ruleset,
        year,
        evidence_path: evidence.path.clone(),
        evidence_fingerprint: evidence.fingerprint.clone(),
        units,
        warnings: evidence.warnings.clone(),
    })
}

fn unit_totals(
    id: String,
    name: String,
    level: Option<Level>,
    row: usize,
    problems: Vec<CellProblem>,
    criteria: Vec<CriterionScore>,
) -> UnitScore {
    let total: Decimal = criteria.iter().filter_map(|c| c.points).sum();
    let max: Decimal = criteria.iter().filter_map(|c| c.max).sum();
    let fraction = (!max.is_zero()).then(|| total / max);
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
        criteria,
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
        explanation,
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
    let criterion = &ruleset.criteria[index];
    let Some(max) = criterion.max_for(level) else {
        return CriterionScore {
            criterion: index,
            points: None,
            max: None,
            status: Status::NotApplicable,
            band: None,
            metric: None,
            explanation: format!("Không áp dụng đối với {}.", level.name_vi()),
            missing_evidence: Vec::new(),
        };
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
        .filter(|u| u.required && values[u.field].is_none())
        .map(|u| {
            let f = &ruleset.fields[u.field];
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
            explanation: explain::missing(criterion, max, &missing),
            missing_evidence: missing,
        };
    }
    let inputs: Vec<Option<&Value>> = criterion
        .evidence
        .iter()
        .map(|u| values[u.field].as_ref())
        .collect();
    let outcome = match ruleset.engine.run(&criterion.script, &inputs, year, params) {
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
        .filter(|u| values[u.field].is_none())
        .map(|u| &ruleset.fields[u.field])
        .collect();
    CriterionScore {
        criterion: index,
        points: Some(points),
        max: Some(max),
        status,
        band: Some(band.key.clone()),
        metric,
        explanation: explain::reached(criterion, level, band, points, max, metric, &blank_optional),
        missing_evidence: Vec::new(),
    }
}
