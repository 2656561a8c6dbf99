//! JSON: the full result, units in input order, decimals as strings.

use crate::Ruleset;
use crate::score::{MissingEvidence, Scoreboard, UnitScore};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    cchc_version: &'static str,
    ruleset: RulesetInfo<'a>,
    year: i64,
    evidence: EvidenceInfo,
    /// Only in a single-unit extract (`score --unit`): whole reports keep their bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_filter: Option<UnitFilter<'a>>,
    units: Vec<Unit<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct RulesetInfo<'a> {
    id: &'a str,
    title: &'a str,
    years: String,
    fingerprint: &'a str,
    unverified_citations: usize,
    sample_choices: usize,
    overlay: Option<OverlayRef>,
}

#[derive(Serialize)]
struct OverlayRef {
    id: String,
    title: String,
    file: String,
    fingerprint: String,
}

/// What a single-unit extract keeps of the province: the units' `rank` is their
/// rank among `level_units` units of their level in the whole province.
#[derive(Serialize)]
struct UnitFilter<'a> {
    unit: &'a str,
    level_units: usize,
    province_units: usize,
}

#[derive(Serialize)]
struct EvidenceInfo {
    file: String,
    fingerprint: String,
}

#[derive(Serialize)]
struct Unit<'a> {
    id: &'a str,
    name: &'a str,
    level: Option<&'static str>,
    row: usize,
    total: String,
    max: String,
    percent: Option<String>,
    rank: Option<usize>,
    problems: Vec<String>,
    /// Plausibility warnings (the values still score); left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    criteria: Vec<Criterion<'a>>,
}

#[derive(Serialize)]
struct Criterion<'a> {
    id: &'a str,
    title: &'a str,
    points: Option<String>,
    max: Option<String>,
    status: &'static str,
    band: Option<&'a str>,
    metric: Option<String>,
    explanation: &'a str,
    missing_evidence: &'a [MissingEvidence],
    legal_basis: Vec<String>,
}

pub(crate) fn render(board: &Scoreboard<'_>) -> String {
    let units = board.units.iter().map(|u| unit(board.ruleset, u)).collect();
    let r = board.ruleset;
    let report = Report {
        cchc_version: env!("CARGO_PKG_VERSION"),
        ruleset: RulesetInfo {
            id: &r.id,
            title: &r.title,
            years: r.years_label(),
            fingerprint: &r.fingerprint,
            unverified_citations: r.unverified_citations(),
            sample_choices: r.sample_choices(),
            overlay: r.overlay.as_ref().map(|o| OverlayRef {
                id: o.id.clone(),
                title: o.title.clone(),
                file: o.path.display().to_string(),
                fingerprint: o.fingerprint.clone(),
            }),
        },
        year: board.year,
        evidence: EvidenceInfo {
            file: board.evidence_path.display().to_string(),
            fingerprint: board.evidence_fingerprint.clone(),
        },
        unit_filter: board.extract.as_ref().map(|e| UnitFilter {
            unit: &e.unit,
            level_units: e.level_units,
            province_units: e.province_units,
        }),
        units,
        warnings: &board.warnings,
    };
    let mut text = escape_invisible(serde_json::to_string_pretty(&report).unwrap_or_default());
    text.push('\n');
    text
}

/// Writes as `\uXXXX` escapes what JSON allows raw in a string but a terminal or
/// an editor would act on: C1 controls, DEL, line and paragraph separators, and
/// bidirectional controls (C0 controls are already escaped by the serializer).
/// Outside strings JSON is ASCII, so the text read back is exactly the same.
pub fn escape_invisible(json: String) -> String {
    if !json.contains(crate::text::is_unsafe_for_display) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if crate::text::is_unsafe_for_display(c) && c != '\n' {
            use std::fmt::Write;
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// One unit as the JSON report writes it (`units[i]`), decimals rounded by the
/// ruleset's policy: what the server returns after each edit.
pub fn unit_json(ruleset: &Ruleset, unit_score: &UnitScore) -> serde_json::Value {
    serde_json::to_value(unit(ruleset, unit_score)).unwrap_or(serde_json::Value::Null)
}

fn unit<'a>(ruleset: &'a Ruleset, u: &'a UnitScore) -> Unit<'a> {
    let round = |d: rust_decimal::Decimal| ruleset.rounding.round(d).to_string();
    Unit {
        id: &u.id,
        name: &u.name,
        level: u.level.map(|l| l.code()),
        row: u.row,
        total: round(u.total),
        max: round(u.max),
        percent: super::percent_in(ruleset, u).map(|p| p.to_string()),
        rank: u.rank,
        problems: u.problems.iter().map(ToString::to_string).collect(),
        warnings: u.warnings.iter().map(ToString::to_string).collect(),
        criteria: u
            .criteria
            .iter()
            .map(|c| {
                let criterion = ruleset.criterion(c.criterion);
                Criterion {
                    id: &criterion.id,
                    title: &criterion.title,
                    points: c.points.map(round),
                    max: c.max.map(round),
                    status: c.status.code(),
                    band: c.band.as_deref(),
                    metric: c.metric.map(|m| m.normalize().to_string()),
                    explanation: &c.explanation,
                    missing_evidence: &c.missing_evidence,
                    legal_basis: criterion.legal_basis.iter().map(|b| b.cite()).collect(),
                }
            })
            .collect(),
    }
}
