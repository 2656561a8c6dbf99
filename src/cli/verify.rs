//! `cchc verify`.

use cchc::error::Error;
use cchc::report::{self, Format};
use cchc::verify::{Difference, compare, read_report};
use clap::Args;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct VerifyArgs {
    /// Báo cáo JSON đã công bố (cchc score --format json) / the published JSON report
    report: PathBuf,
    /// Thư mục bộ tiêu chí, hoặc thư mục rules/ (chọn theo năm của báo cáo) / a ruleset directory, or the rules/ root
    #[arg(long, default_value_os_t = super::default_rules())]
    rules: PathBuf,
    /// Tệp điều chỉnh (mặc định: tệp ghi trong báo cáo) / the overlay (default: the one the report names)
    #[arg(long)]
    overlay: Option<PathBuf>,
    /// Tệp minh chứng (mặc định: tệp ghi trong báo cáo) / the evidence (default: the file the report names)
    #[arg(long)]
    evidence: Option<PathBuf>,
}

/// Exit 0 when the report is reproduced byte for byte, 1 when anything differs,
/// 2 when the inputs cannot be read.
pub fn run(args: VerifyArgs) -> Result<ExitCode, Error> {
    let published = read_report(&args.report)?;
    let entry = cchc::ruleset::catalog::choose(&args.rules, published.year)?;
    let loaded = cchc::load_ruleset(&entry.dir)?;
    super::inputs::print_warnings(&loaded);
    let mut ruleset = loaded.ruleset;
    let overlay = args
        .overlay
        .clone()
        .or_else(|| published.overlay.as_ref().map(|(path, _)| path.clone()));
    if let Some(path) = &overlay {
        ruleset = cchc::ruleset::overlay::apply_overlay(ruleset, path)?;
        // Compare content, not how the path was typed: the report names the file it used.
        if let (Some(info), Some((recorded, _))) = (ruleset.overlay.as_mut(), &published.overlay) {
            info.path = recorded.clone();
        }
    }
    let evidence_path = args
        .evidence
        .clone()
        .unwrap_or_else(|| published.evidence.clone());
    let evidence = cchc::evidence::read_evidence(&evidence_path, &ruleset.fields, &ruleset.levels)?;
    let mut board = cchc::score(&ruleset, &evidence, published.year)?;
    board.evidence_path = published.evidence.clone();
    let recomputed = report::render(&board, Format::Json);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "Báo cáo / report: {} (cchc {}, năm {}, bộ {})",
        args.report.display(),
        published.cchc_version,
        published.year,
        published.ruleset
    );
    let _ = writeln!(
        out,
        "Chấm lại với / re-scored with: {} ({}){}, {} ({})",
        ruleset.dir.display(),
        ruleset.fingerprint,
        ruleset
            .overlay
            .as_ref()
            .map(|o| format!(" + {} ({})", o.path.display(), o.fingerprint))
            .unwrap_or_default(),
        evidence_path.display(),
        evidence.fingerprint
    );
    let code = if recomputed == published.text {
        let _ = writeln!(
            out,
            "KHỚP: báo cáo trùng từng byte với kết quả chấm lại / MATCH: the report is byte-identical to a fresh scoring ({} đơn vị / units)",
            board.units.len()
        );
        ExitCode::SUCCESS
    } else {
        let fresh: serde_json::Value =
            serde_json::from_str(&recomputed).map_err(|e| Error::Usage(format!("JSON: {e}")))?;
        let differences = compare(&published.value, &fresh);
        render_differences(&mut out, &differences);
        ExitCode::from(1)
    };
    super::print_stdout(&out)?;
    Ok(code)
}

fn render_differences(out: &mut String, differences: &[Difference]) {
    if differences.is_empty() {
        let _ = writeln!(
            out,
            "KHÁC BYTE: nội dung giống nhau nhưng tệp đã bị định dạng lại / BYTES DIFFER: same content, but the file was reformatted"
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
            v.clone()
                .unwrap_or_else(|| "(không có / absent)".to_string())
        };
        let _ = writeln!(
            out,
            "  {}: {} → {}",
            d.path,
            show(&d.published),
            show(&d.recomputed)
        );
    }
}
