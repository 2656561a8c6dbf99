//! `cchc verify`.

use super::args::{EvidenceArg, OverlayArg, RulesArg, rules_help};
use cchc::error::Error;
use cchc::pipeline::SizeLimit;
use cchc::report::{self, Format};
use cchc::verify::{Difference, differences, read_report};
use clap::Args;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
#[command(
    mut_arg("rules", |a| rules_help(a, "chọn theo năm của báo cáo", "chosen by the report's year")),
    mut_arg("overlay", |a| a.help("Tệp điều chỉnh (mặc định: tệp ghi trong báo cáo) / the overlay (default: the one the report names)")),
    mut_arg("evidence", |a| a.help("Tệp minh chứng (mặc định: tệp ghi trong báo cáo) / the evidence (default: the file the report names)")),
)]
pub struct VerifyArgs {
    /// Báo cáo JSON đã công bố (cchc score --format json) / the published JSON report
    report: PathBuf,
    #[command(flatten)]
    rules: RulesArg,
    #[command(flatten)]
    overlay: OverlayArg,
    #[command(flatten)]
    evidence: EvidenceArg,
}

/// Exit 0 when the report is reproduced byte for byte, 1 when anything differs,
/// 2 when the inputs cannot be read.
pub fn run(args: VerifyArgs) -> Result<ExitCode, Error> {
    let published = read_report(&args.report)?;
    let rules = rules_for(&args, &published)?;
    let evidence_path = args
        .evidence
        .evidence
        .clone()
        .unwrap_or_else(|| published.evidence.clone());
    let ruleset = &rules.ruleset;
    let source = cchc::pipeline::EvidenceFile::open(&evidence_path, SizeLimit::Province)?;
    let cchc::pipeline::Collected {
        evidence,
        mut board,
    } = super::inputs::collect(&rules, source, published.year)?;
    board.evidence_path = published.evidence.clone();
    let province_units = board.units.len();
    // A single-unit extract is checked against that unit's part of a fresh scoring
    // of the whole province (its rank is a rank in the province).
    let extract_found = published
        .unit_filter
        .as_deref()
        .map(|unit| board.keep_only(unit));
    let recomputed = report::render(&board, Format::Json);

    let mut out = String::new();
    write_inputs(
        &mut out,
        &args.report,
        &published,
        ruleset,
        &evidence_path,
        &evidence.fingerprint,
    );
    // The unit a report names is the report's text: shown safely like any value.
    let unit_filter = published.unit_filter.as_deref().map(shown);
    let scope = match &unit_filter {
        Some(unit) => format!(
            "trích một đơn vị {unit} trong {province_units} đơn vị của tỉnh / single-unit extract of {unit}, out of the province's {province_units} units"
        ),
        None => format!("{} đơn vị / units", board.units.len()),
    };
    let code = verdict(
        &mut out,
        &published,
        &recomputed,
        unit_filter.as_deref(),
        extract_found,
        &scope,
    )?;
    super::print_stdout(&out)?;
    Ok(code)
}

/// The ruleset for the report's year, with the overlay given or else the one the
/// report names.
fn rules_for(
    args: &VerifyArgs,
    published: &cchc::verify::PublishedReport,
) -> Result<cchc::engine::Rules, Error> {
    let rules = super::inputs::rules_root(&args.rules)?;
    let catalog = cchc::ruleset::catalog::Catalog::read(&rules)?;
    let loaded = cchc::engine::load_ruleset_from(catalog.for_year(published.year)?)?;
    super::inputs::print_warnings(&loaded);
    let mut rules = loaded;
    let overlay = args
        .overlay
        .overlay
        .clone()
        .or_else(|| published.overlay.as_ref().map(|(path, _)| path.clone()));
    if let Some(path) = &overlay {
        rules = rules.with_overlay(path)?;
        // Compare content, not how the path was typed: the report names the file it used.
        if let (Some(info), Some((recorded, _))) =
            (rules.ruleset.overlay.as_mut(), &published.overlay)
        {
            info.path = recorded.clone();
        }
    }
    Ok(rules)
}

/// The report checked and what it is re-scored with.
fn write_inputs(
    out: &mut String,
    report: &std::path::Path,
    published: &cchc::verify::PublishedReport,
    ruleset: &cchc::ruleset::Ruleset,
    evidence_path: &std::path::Path,
    evidence_fingerprint: &str,
) {
    let _ = writeln!(
        out,
        "Báo cáo / report: {} (cchc {}, năm {}, bộ {})",
        shown(&report.display().to_string()),
        shown(&published.cchc_version),
        published.year,
        shown(&published.ruleset)
    );
    let _ = writeln!(
        out,
        "Chấm lại với / re-scored with: {} ({}){}, {} ({})",
        shown(&ruleset.dir.display().to_string()),
        ruleset.fingerprint,
        ruleset
            .overlay
            .as_ref()
            .map(|o| format!(
                " + {} ({})",
                shown(&o.path.display().to_string()),
                o.fingerprint
            ))
            .unwrap_or_default(),
        shown(&evidence_path.display().to_string()),
        evidence_fingerprint
    );
}

/// MATCH, or MISMATCH with the differences: the exit code, and its text in `out`.
fn verdict(
    out: &mut String,
    published: &cchc::verify::PublishedReport,
    recomputed: &str,
    unit_filter: Option<&str>,
    extract_found: Option<bool>,
    scope: &str,
) -> Result<ExitCode, Error> {
    let code = if let (Some(unit), Some(false)) = (unit_filter, extract_found) {
        let _ = writeln!(
            out,
            "KHÔNG KHỚP: báo cáo là bản trích đơn vị {unit}, nhưng minh chứng không có đơn vị này / MISMATCH: the report is an extract of unit {unit}, which is not in the evidence"
        );
        ExitCode::from(1)
    } else if recomputed == published.text {
        let _ = writeln!(
            out,
            "KHỚP: báo cáo trùng từng byte với kết quả chấm lại / MATCH: the report is byte-identical to a fresh scoring ({scope})"
        );
        ExitCode::SUCCESS
    } else {
        let fresh: serde_json::Value =
            serde_json::from_str(recomputed).map_err(|e| Error::Usage(format!("JSON: {e}")))?;
        note_partial_report(out, &published.value, &published.unit_filter, &fresh);
        let differences = differences(published, &fresh);
        render_differences(out, &differences, scope);
        ExitCode::from(1)
    };
    Ok(code)
}

/// Says plainly when a report without `unit_filter` holds fewer units than the
/// evidence (a single-unit report of an older `cchc`, or units cut by hand),
/// before the list of the units it lacks.
fn note_partial_report(
    out: &mut String,
    published: &serde_json::Value,
    unit_filter: &Option<String>,
    fresh: &serde_json::Value,
) {
    let count = |v: &serde_json::Value| v.get("units").and_then(|u| u.as_array()).map(Vec::len);
    if let (None, Some(shown), Some(all)) = (unit_filter, count(published), count(fresh))
        && shown < all
    {
        let _ = writeln!(
            out,
            "Báo cáo chỉ có {shown}/{all} đơn vị nhưng không ghi là bản trích (unit_filter); bản trích một đơn vị của cchc score --unit được kiểm tra theo đơn vị đó / the report holds {shown} of {all} units but does not record being an extract (unit_filter); a single-unit extract written by cchc score --unit is verified as one"
        );
    }
}

fn render_differences(out: &mut String, differences: &[Difference], scope: &str) {
    if differences.is_empty() {
        // Only whitespace, key order within an object or string escapes can differ:
        // repeated keys, units and criteria are differences, never "reformatted".
        let _ = writeln!(
            out,
            "KHÁC BYTE: nội dung giống nhau nhưng tệp đã bị định dạng lại / BYTES DIFFER: same content, but the file was reformatted ({scope})"
        );
        return;
    }
    let _ = writeln!(
        out,
        "KHÔNG KHỚP: {} chỗ khác / MISMATCH: {} difference(s) (công bố → chấm lại / published → recomputed)",
        differences.len(),
        differences.len()
    );
    for d in differences {
        let show = |v: &Option<String>| {
            v.as_deref()
                .map_or_else(|| "(không có / absent)".to_string(), shown)
        };
        let _ = writeln!(
            out,
            "  {}: {} → {}",
            shown(&d.path),
            show(&d.published),
            show(&d.recomputed)
        );
    }
}

/// A value from the report (an id, a name, a points string, a key) as one line
/// without control characters: a hostile report cannot drive the terminal or
/// forge a line of the verdict.
fn shown(text: &str) -> String {
    cchc::text::visible(text).into_owned()
}
