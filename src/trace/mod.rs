//! The full trace of one unit's score, for `cchc explain`: each evidence value read
//! (with its spreadsheet cell), what the script returned, every band tried top-down
//! with why it was or was not reached, the points, the rounding and the legal basis.
//! Built from a [`Scoreboard`] after scoring, so the trace cannot disagree with the
//! published score.

mod text;

pub use text::render_text;

use crate::evidence::{CellRef, EvidenceSet, UnitRecord};
use crate::model::Status;
use crate::model::number::{RoundingMode, format_vi};
use crate::ruleset::{Band, Criterion, MetricUnit, Ruleset};
use crate::score::{CriterionScore, Scoreboard, UnitScore, format_metric};
use rust_decimal::Decimal;
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
    /// The Vietnamese explanation the reports show.
    pub explanation: String,
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
    /// Why, in Vietnamese.
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

/// The trace of unit `unit_id`, optionally only criterion `criterion_id`.
///
/// Errs with a bilingual message when the unit or criterion does not exist.
pub fn trace_unit(
    board: &Scoreboard<'_>,
    evidence: &EvidenceSet,
    unit_id: &str,
    criterion_id: Option<&str>,
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
        .map(|s| trace_criterion(ruleset, evidence, record, s))
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
        total: format_vi(ruleset.rounding.round(score.total)),
        max: format_vi(ruleset.rounding.round(score.max)),
        percent: score
            .fraction
            .and_then(crate::model::number::percent_of)
            .map(|p| format_vi(ruleset.rounding.round(p))),
        rank: score.rank,
        ranked_in_level: ranked_in_level(board, score),
        rounding: rounding_words(ruleset),
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

fn rounding_words(ruleset: &Ruleset) -> String {
    let mode = match ruleset.rounding.mode {
        RoundingMode::HalfUp => "từ 5 trở lên làm tròn lên (half_up)",
        RoundingMode::HalfEven => "làm tròn về số chẵn (half_even)",
        RoundingMode::Down => "cắt bỏ phần thừa (down)",
    };
    format!(
        "{} chữ số thập phân, {mode}; điểm từng tiêu chí là điểm của mức nên không làm tròn, chỉ tổng và tỷ lệ được làm tròn một lần khi công bố",
        ruleset.rounding.places
    )
}

fn trace_criterion(
    ruleset: &Ruleset,
    evidence: &EvidenceSet,
    record: &UnitRecord,
    score: &CriterionScore,
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
    let ran = matches!(score.status, Status::Full | Status::Partial | Status::Zero)
        || (score.status == Status::Error && (score.band.is_some() || score.metric.is_some()));
    let script_result = if let Some(m) = score.metric {
        let unit = metric_unit(c);
        let label = c
            .metric
            .as_ref()
            .map(|m| m.label.as_str())
            .unwrap_or("chỉ số");
        Some(format!("{label} = {}", format_metric(m, unit)))
    } else if ran {
        score.band.as_ref().map(|k| format!("mức \"{k}\""))
    } else {
        None
    };
    CriterionTrace {
        id: c.id.clone(),
        title: c.title.clone(),
        status: score.status.code(),
        points: score.points.map(format_vi),
        max: score.max.map(format_vi),
        evidence: evidence_reads,
        script_result,
        band: score.band.as_deref().map(String::from),
        bands: band_checks(c, score, ran, record.level),
        explanation: score.explanation.to_string(),
        legal_basis: c
            .legal_basis
            .iter()
            .map(|b| match &b.quote {
                Some(q) if !q.trim().is_empty() => format!("{}: “{q}”", b.cite()),
                _ => b.cite(),
            })
            .collect(),
    }
}

fn metric_unit(c: &Criterion) -> MetricUnit {
    c.metric.as_ref().map_or(MetricUnit::Count, |m| m.unit)
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

fn band_checks(
    c: &Criterion,
    score: &CriterionScore,
    ran: bool,
    level: Option<crate::Level>,
) -> Vec<BandCheck> {
    let unit = metric_unit(c);
    let chosen = score.band.as_deref();
    let mut past_chosen = false;
    c.bands
        .iter()
        .map(|band| {
            let points = level.and_then(|l| band.points.get(l)).map(format_vi);
            let bounds = band.is_metric().then(|| bounds_words(band, unit));
            let (verdict, reason) = if !ran {
                (
                    Verdict::NotTried,
                    "script không chạy (xem trạng thái) / the script did not run".to_string(),
                )
            } else if Some(band.key.as_str()) == chosen {
                past_chosen = true;
                let why = match score.metric {
                    Some(m) => format!(
                        "{} thỏa {}",
                        format_metric(m, unit),
                        bounds_words(band, unit)
                    ),
                    None => format!("script trả về \"{}\"", band.key),
                };
                (Verdict::Chosen, why)
            } else if past_chosen {
                (
                    Verdict::NotTried,
                    "không xét: đã chọn mức phía trên".to_string(),
                )
            } else {
                (Verdict::NotReached, not_reached(band, score, unit))
            };
            BandCheck {
                key: band.key.clone(),
                clause: band.clause.clone(),
                points,
                bounds,
                verdict,
                reason,
            }
        })
        .collect()
}

/// Why a band above the chosen one was not reached.
fn not_reached(band: &Band, score: &CriterionScore, unit: MetricUnit) -> String {
    match score.metric {
        Some(m) if band.is_metric() => {
            let show = |v: Decimal| format_metric(v, unit);
            if let Some(lo) = band.at_least.filter(|lo| m < *lo) {
                format!("{} < {} (cần ≥ {})", show(m), show(lo), show(lo))
            } else if let Some(hi) = band.below.filter(|hi| m >= *hi) {
                format!("{} ≥ {} (cần < {})", show(m), show(hi), show(hi))
            } else if let Some(hi) = band.at_most.filter(|hi| m > *hi) {
                format!("{} > {} (cần ≤ {})", show(m), show(hi), show(hi))
            } else {
                "không thỏa ngưỡng".to_string()
            }
        }
        Some(_) => format!(
            "mức này chỉ đạt khi script trả về \"{}\", script trả về một chỉ số",
            band.key
        ),
        None => format!(
            "script trả về \"{}\", không phải \"{}\"",
            score.band.as_deref().unwrap_or("-"),
            band.key
        ),
    }
}

/// `≥ 50%, < 100%` in the metric's unit.
fn bounds_words(band: &Band, unit: MetricUnit) -> String {
    let show = |v: Decimal| format_metric(v, unit);
    let mut parts = Vec::new();
    if let Some(lo) = band.at_least {
        parts.push(format!("≥ {}", show(lo)));
    }
    if let Some(hi) = band.below {
        parts.push(format!("< {}", show(hi)));
    }
    if let Some(hi) = band.at_most {
        parts.push(format!("≤ {}", show(hi)));
    }
    parts.join(", ")
}
