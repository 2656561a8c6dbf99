//! The full trace of one unit's score, for `cchc explain`: each evidence value read
//! (with its spreadsheet cell), what the script returned, every band tried top-down
//! with why it was or was not reached, the points, the rounding and the legal basis.
//! Read from a [`Scoreboard`]: the band verdicts and the script's result are what
//! scoring recorded ([`crate::score::Explanation`]), so the trace cannot disagree
//! with the published score. Written in Vietnamese, or English with `--lang en`.

mod bands;
mod text;

pub use text::render_text;

use crate::evidence::{CellRef, EvidenceSet, UnitRecord};
use crate::model::number::RoundingMode;
use crate::ruleset::{MetricUnit, Ruleset};
use crate::score::render::{self, format_metric_in, format_number};
use crate::score::{CriterionScore, Lang, Scoreboard, UnitScore};
use serde::Serialize;
use std::path::PathBuf;

/// One unit's trace.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTrace {
    /// `ma_don_vi`.
    pub unit: String,
    /// `ten_don_vi`.
    pub name: String,
    /// Level code, when it parsed.
    pub level: Option<String>,
    /// The evidence file and the unit's row in it.
    pub evidence_file: PathBuf,
    /// 1-based row (the header is row 1).
    pub row: usize,
    /// Ruleset id (with `+ overlay id` when an overlay applies).
    pub ruleset: String,
    /// Assessment year.
    pub year: i64,
    /// Total points, rounded by the policy.
    pub total: String,
    /// Maximum for the unit's level.
    pub max: String,
    /// Percentage, rounded by the policy (`None` when the maximum is 0).
    pub percent: Option<String>,
    /// Rank within the level (`None` when unranked).
    pub rank: Option<usize>,
    /// Units ranked in the level.
    pub ranked_in_level: usize,
    /// The rounding policy in words.
    pub rounding: String,
    /// Problems with the unit's row as a whole.
    pub problems: Vec<String>,
    /// The traced criteria, in ruleset order.
    pub criteria: Vec<CriterionTrace>,
}

/// One criterion's trace.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionTrace {
    /// Criterion id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status code (`full`, `partial`, ...).
    pub status: &'static str,
    /// Points earned, exact (band points are never rounded).
    pub points: Option<String>,
    /// Maximum for the unit's level.
    pub max: Option<String>,
    /// Each evidence field the criterion reads, in declared order.
    pub evidence: Vec<EvidenceRead>,
    /// What the script returned, in words (`None` when it did not run).
    pub script_result: Option<String>,
    /// The band reached.
    pub band: Option<String>,
    /// Every band, top-down, with its verdict.
    pub bands: Vec<BandCheck>,
    /// The explanation the reports show.
    pub explanation: String,
    /// The explanation without its legal basis, which the text lists apart.
    #[serde(skip)]
    pub result: String,
    /// Citations with their quotes.
    pub legal_basis: Vec<String>,
}

/// One evidence value as read.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRead {
    /// Field id (column header).
    pub field: String,
    /// Vietnamese label.
    pub label: String,
    /// Whether a blank means missing evidence.
    pub required: bool,
    /// The cell: `data/x.csv, dòng/row 5, cột/column D (field)`; `None` when the
    /// file has no such column.
    pub cell: Option<String>,
    /// The typed value in Vietnamese notation (`None` when blank).
    pub value: Option<String>,
    /// What was wrong with the cell, if anything.
    pub problem: Option<String>,
}

/// A band's verdict for this unit.
#[derive(Debug, Clone, Serialize)]
pub struct BandCheck {
    /// Band key.
    pub key: String,
    /// The official table's row.
    pub clause: String,
    /// Points for the unit's level.
    pub points: Option<String>,
    /// Bounds in words (`≥ 50%, < 100%`), for metric bands.
    pub bounds: Option<String>,
    /// `chosen`, `not_reached` or `not_tried`.
    pub verdict: Verdict,
    /// Why, in the trace's language.
    pub reason: String,
}

/// Whether a band was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// This band gave the points.
    Chosen,
    /// Tried and not reached (the reason says which bound failed).
    NotReached,
    /// Below the chosen band, or the script did not run.
    NotTried,
}

/// The trace of unit `unit_id`, optionally only criterion `criterion_id`, in `lang`.
///
/// Errs with a bilingual message when the unit or criterion does not exist.
pub fn trace_unit(
    board: &Scoreboard<'_>,
    evidence: &EvidenceSet,
    unit_id: &str,
    criterion_id: Option<&str>,
    lang: Lang,
) -> Result<UnitTrace, String> {
    let ruleset = board.ruleset;
    // The id as the evidence reader gives every unit its one identity.
    let wanted = crate::text::normalize_id(unit_id);
    let Some((index, score)) = board.units.iter().enumerate().find(|(_, u)| u.id == wanted) else {
        let known: Vec<&str> = board.units.iter().map(|u| u.id.as_str()).take(8).collect();
        return Err(format!(
            "không có đơn vị '{unit_id}' trong {} (ví dụ: {}) / no unit '{unit_id}' in the evidence file{}",
            evidence.path.display(),
            known.join(", "),
            crate::text::case_hint(unit_id, board.units.iter().map(|u| u.id.as_str()))
        ));
    };
    // `board` was scored from `evidence`: one score per unit, in order.
    let Some(record) = evidence.units.get(index) else {
        return Err(format!("không có đơn vị '{unit_id}' / no unit '{unit_id}'"));
    };
    if let Some(id) = criterion_id
        && !ruleset.criteria.iter().any(|c| c.id == id)
    {
        let known: Vec<&str> = ruleset.criteria.iter().map(|c| c.id.as_str()).collect();
        return Err(format!(
            "không có tiêu chí '{id}' (có: {}) / no criterion '{id}' in ruleset {}",
            known.join(", "),
            ruleset.id
        ));
    }
    let criteria = score
        .criteria
        .iter()
        .filter(|s| criterion_id.is_none_or(|id| ruleset.criterion(s.criterion).id == id))
        .map(|s| trace_criterion(ruleset, evidence, record, s, lang))
        .collect();
    Ok(UnitTrace {
        unit: score.id.clone(),
        name: score.name.clone(),
        level: score.level.map(|l| l.to_string()),
        evidence_file: evidence.path.clone(),
        row: record.row,
        ruleset: match &ruleset.overlay {
            Some(o) => format!("{} + {}", ruleset.id, o.id),
            None => ruleset.id.clone(),
        },
        year: board.year,
        total: format_number(ruleset.rounding.round(score.total), lang),
        max: format_number(ruleset.rounding.round(score.max), lang),
        percent: score
            .fraction
            .and_then(crate::model::number::percent_of)
            .map(|p| format_number(ruleset.rounding.round(p), lang)),
        rank: score.rank,
        ranked_in_level: ranked_in_level(board, score),
        rounding: rounding_words(ruleset, lang),
        problems: record
            .unit_problem()
            .map(|p| p.to_string())
            .into_iter()
            .collect(),
        criteria,
    })
}

fn ranked_in_level(board: &Scoreboard<'_>, unit: &UnitScore) -> usize {
    board
        .units
        .iter()
        .filter(|u| u.level == unit.level && u.rank.is_some())
        .count()
}

fn rounding_words(ruleset: &Ruleset, lang: Lang) -> String {
    let places = ruleset.rounding.places;
    match lang {
        Lang::Vi => {
            let mode = match ruleset.rounding.mode {
                RoundingMode::HalfUp => "từ 5 trở lên làm tròn lên (half_up)",
                RoundingMode::HalfEven => "làm tròn về số chẵn (half_even)",
                RoundingMode::Down => "cắt bỏ phần thừa (down)",
            };
            format!(
                "{places} chữ số thập phân, {mode}; điểm từng tiêu chí là điểm của mức nên không làm tròn, chỉ tổng và tỷ lệ được làm tròn một lần khi công bố"
            )
        }
        Lang::En => {
            let mode = match ruleset.rounding.mode {
                RoundingMode::HalfUp => "5 and above rounds up (half_up)",
                RoundingMode::HalfEven => "to the even digit (half_even)",
                RoundingMode::Down => "truncated (down)",
            };
            format!(
                "{places} decimal places, {mode}; a criterion's points are its band's points and never rounded, only the total and the percentage are rounded, once, when published"
            )
        }
    }
}

fn trace_criterion(
    ruleset: &Ruleset,
    evidence: &EvidenceSet,
    record: &UnitRecord,
    score: &CriterionScore,
    lang: Lang,
) -> CriterionTrace {
    let c = ruleset.criterion(score.criterion);
    let evidence_reads = c
        .evidence
        .iter()
        .map(|u| {
            let field = ruleset.field(u.field);
            EvidenceRead {
                field: field.id.clone(),
                label: field.label.clone(),
                required: u.required,
                cell: cell_of(evidence, record, u.field).map(|c| c.to_string()),
                value: record
                    .values
                    .get(u.field)
                    .and_then(|v| v.as_ref())
                    .map(|v| v.to_string()),
                problem: record.field_problem(u.field).map(|p| p.message.clone()),
            }
        })
        .collect();
    CriterionTrace {
        id: c.id.clone(),
        title: c.title.clone(),
        status: score.status.code(),
        points: score.points.map(|p| format_number(p, lang)),
        max: score.max.map(|m| format_number(m, lang)),
        evidence: evidence_reads,
        script_result: script_result(c, score, lang),
        band: score.band.as_deref().map(String::from),
        bands: bands::checks(c, score, record.level, lang),
        explanation: score.explanation_in(ruleset, lang).into_owned(),
        result: render::explanation_without_basis(ruleset, score, lang),
        legal_basis: c
            .legal_basis
            .iter()
            .map(|b| match &b.quote {
                Some(q) if !q.trim().is_empty() => format!("{}: “{q}”", render::cite(b, lang)),
                _ => render::cite(b, lang),
            })
            .collect(),
    }
}

/// What the script returned, as recorded: a metric, or the band it named; `None`
/// when it did not run (or ran and failed: an error shows the message instead).
fn script_result(
    c: &crate::ruleset::Criterion,
    score: &CriterionScore,
    lang: Lang,
) -> Option<String> {
    let reached = score.detail.reached()?;
    match score.metric {
        Some(m) => {
            let (label, unit) = c.metric.as_ref().map_or(
                (lang.pick("chỉ số", "metric"), MetricUnit::Count),
                |m| (m.label.as_str(), m.unit),
            );
            Some(format!("{label} = {}", format_metric_in(m, unit, lang)))
        }
        None => {
            let key = reached.band(c).map_or("", |b| b.key.as_str());
            Some(format!("{} \"{key}\"", lang.pick("mức", "band")))
        }
    }
}

/// The spreadsheet cell holding `field` for this unit.
fn cell_of(evidence: &EvidenceSet, record: &UnitRecord, field: usize) -> Option<CellRef> {
    let column = (*evidence.field_columns.get(field)?)?;
    Some(CellRef {
        file: evidence.path.clone(),
        sheet: evidence.sheet.clone(),
        row: record.row,
        column: column + 1,
        header: evidence.headers.get(column).cloned().unwrap_or_default(),
    })
}
