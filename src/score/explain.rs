//! Vietnamese explanations: the band reached and its clause, the points lost and
//! why, what would reach the next band, the missing evidence, and the legal basis.

use super::{CriterionScore, MissingEvidence};

use crate::evidence::{UnitRecord, document};
use crate::model::EvidenceField;
use crate::model::Level;
use crate::model::Status;
use crate::model::number::{exact_sub, format_percent_vi, format_vi};
use crate::ruleset::{Band, Criterion, MetricUnit, Ruleset};
use rust_decimal::Decimal;

/// A required piece of evidence is blank.
pub fn missing(criterion: &Criterion, max: Decimal, missing: &[MissingEvidence]) -> String {
    let listed: Vec<String> = missing.iter().map(describe_missing).collect();
    format!(
        "0/{} điểm, mất {}: thiếu minh chứng bắt buộc: {}.{}",
        format_vi(max),
        format_vi(max),
        listed.join("; "),
        basis(criterion)
    )
}

fn describe_missing(m: &MissingEvidence) -> String {
    match &m.document_hint {
        Some(hint) => format!("{} ({hint})", m.label),
        None => m.label.clone(),
    }
}

/// A band was reached.
pub fn reached(
    criterion: &Criterion,
    level: Level,
    band: &Band,
    points: Decimal,
    max: Decimal,
    metric: Option<Decimal>,
    blank: &[&EvidenceField],
) -> String {
    let mut text = if points == max {
        format!(
            "Đạt {}/{} điểm: {}.",
            format_vi(points),
            format_vi(max),
            band.clause
        )
    } else {
        // Loading bounds points (at most MAX_POINTS, few decimals), so the
        // difference is exact; should it not be, the two figures are shown as they are.
        let lost = exact_sub(max, points).map_or_else(
            || format!("{} − {}", format_vi(max), format_vi(points)),
            format_vi,
        );
        format!(
            "Đạt {}/{} điểm, mất {lost}: {}.",
            format_vi(points),
            format_vi(max),
            band.clause
        )
    };
    if let (Some(m), Some(spec)) = (metric, &criterion.metric) {
        text.push_str(&format!(
            " ({}: {})",
            spec.label,
            format_metric(m, spec.unit)
        ));
    }
    if points < max {
        // A metric result can climb band by band; a named outcome (no plan, no
        // report) is best answered with what earns full points.
        let target = if metric.is_some() {
            next_band(criterion, level, points)
        } else {
            full_band(criterion, level, max)
        };
        if let Some(next) = target {
            let p = next.points.get(level).unwrap_or_default();
            text.push_str(&format!(
                " Mức cao hơn ({} điểm): {}",
                format_vi(p),
                next.clause
            ));
            if metric.is_some()
                && let Some(need) = requirement(criterion, next)
            {
                text.push_str(&format!(", cần {need}"));
            }
            text.push('.');
        }
        let without_hint: Vec<String> = blank
            .iter()
            .map(|f| match &f.document_hint {
                Some(hint) => format!("{} ({hint})", f.label),
                None => f.label.clone(),
            })
            .collect();
        if !without_hint.is_empty() {
            text.push_str(&format!(
                " Không có minh chứng: {}.",
                without_hint.join("; ")
            ));
        }
    }
    text.push_str(&basis(criterion));
    text
}

/// The band giving the fewest points above `points` for `level`.
fn next_band(criterion: &Criterion, level: Level, points: Decimal) -> Option<&Band> {
    criterion
        .bands
        .iter()
        .filter(|b| b.points.get(level).is_some_and(|p| p > points))
        .min_by_key(|b| b.points.get(level))
}

/// The first band giving full points for `level`.
fn full_band(criterion: &Criterion, level: Level, max: Decimal) -> Option<&Band> {
    criterion
        .bands
        .iter()
        .find(|b| b.points.get(level) == Some(max))
}

/// What a metric band needs, e.g. "tỷ lệ kiến nghị đã xử lý ≥ 80%".
fn requirement(criterion: &Criterion, band: &Band) -> Option<String> {
    let spec = criterion.metric.as_ref()?;
    let f = |v: Decimal| format_metric(v, spec.unit);
    let label = &spec.label;
    match (band.at_least, band.below, band.at_most) {
        (Some(lo), Some(hi), _) => Some(format!("{label} từ {} đến dưới {}", f(lo), f(hi))),
        (Some(lo), None, Some(hi)) => Some(format!("{label} từ {} đến {}", f(lo), f(hi))),
        (Some(lo), None, None) => Some(format!("{label} từ {} trở lên", f(lo))),
        (None, Some(hi), _) => Some(format!("{label} dưới {}", f(hi))),
        (None, None, Some(hi)) => Some(format!("{label} không quá {}", f(hi))),
        (None, None, None) => None,
    }
}

/// Shows a metric in its unit: `87,5%`, `12 ngày`, `3`.
pub fn format_metric(value: Decimal, unit: MetricUnit) -> String {
    match unit {
        // Only a value near `Decimal::MAX` has no percentage; scoring turns such a
        // metric into an error before explaining it, other callers show the fraction.
        MetricUnit::Percent => format_percent_vi(value).unwrap_or_else(|| {
            format!(
                "{} (quá lớn để đổi ra % / too large to show as a percentage)",
                format_vi(value.normalize())
            )
        }),
        MetricUnit::Days if value.is_sign_negative() => {
            format!("trước hạn {} ngày", format_vi(value.abs().normalize()))
        }
        MetricUnit::Days => format!("{} ngày", format_vi(value.normalize())),
        MetricUnit::Count => format_vi(value.normalize()),
    }
}

/// Adds, before the legal basis, the documents the unit cited for this criterion
/// ("Minh chứng: Kế hoạch TDTHPL năm số 12/KH-STP ngày 08/01/2024.") and those it
/// did not ("Thiếu Kế hoạch TDTHPL năm (số/ký hiệu, ngày)."), when the evidence
/// file has document-reference columns. Results not scored are left alone.
pub fn cite_documents(
    score: &mut CriterionScore,
    ruleset: &Ruleset,
    record: &UnitRecord,
    has_documents: &[bool],
) {
    if matches!(score.status, Status::NotApplicable | Status::Error) {
        return;
    }
    let criterion = ruleset.criterion(score.criterion);
    let lost = score.status != Status::Full;
    let found = document::citations(
        criterion,
        &ruleset.fields,
        &record.values,
        &record.documents,
        has_documents,
        lost,
    );
    if found.cited.is_empty() && found.lacking.is_empty() {
        // Nothing to add (always so without document columns): the common case.
        return;
    }
    let mut note = String::new();
    if !found.cited.is_empty() {
        note.push_str(&format!(" Minh chứng: {}.", found.cited.join("; ")));
    }
    if !found.lacking.is_empty() {
        note.push_str(&format!(" Thiếu {}.", found.lacking.join("; ")));
    }
    let basis = basis(criterion);
    let at = score
        .explanation
        .strip_suffix(&basis)
        .map_or(score.explanation.len(), str::len);
    let mut explanation = score.explanation.to_string();
    explanation.insert_str(at, &note);
    score.explanation = explanation.into();
}

fn basis(criterion: &Criterion) -> String {
    if criterion.legal_basis.is_empty() {
        return String::new();
    }
    let cites: Vec<String> = criterion.legal_basis.iter().map(|b| b.cite()).collect();
    format!(" Căn cứ: {}.", cites.join("; "))
}
