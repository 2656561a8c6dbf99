//! `cchc check`: everything an auditor should know about a ruleset before
//! trusting a score from it, as findings with stable dotted codes.
//!
//! A check reports the load-time diagnostics (TOML, decimals, dates, levels,
//! scripts that do not compile, points out of range, totals that do not add up)
//! and then lints the model, even a partly broken one, for what loading accepts
//! but an auditor would reject:
//!
//! - bands: gaps, overlaps, bands no input can reach, bands without their table row;
//! - cases: criteria without cases, failing cases, bands no case reaches;
//! - legal: criteria without a quoted basis, unverified citations without a note;
//! - script: decimals in scripts, evidence never read, parameters never used.
//!
//! Each lint lives in its own file under `lints/` and reports one
//! [`Code`](crate::diagnostic::Code). Every code is documented, with a wrong and a
//! right example, in `rules/README.md`.

mod band_range;
mod lints;
mod locate;
mod tokens;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::engine::Rules;
use crate::error::Error;
use crate::ruleset::load::{RULESET_FILE, sort_diagnostics};
use crate::ruleset::overlay;
use std::path::{Path, PathBuf};

/// The findings of one ruleset (with its overlay, if any).
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    /// The ruleset's id (its directory name when `ruleset.toml` is broken).
    pub ruleset: String,
    /// The ruleset directory.
    pub dir: PathBuf,
    /// The overlay checked on top, if any.
    pub overlay: Option<PathBuf>,
    /// Whether `cchc score` would accept the ruleset (no load-time error).
    pub usable: bool,
    /// Findings, errors first, then by file, line and column.
    pub findings: Vec<Diagnostic>,
}

impl CheckReport {
    /// Error-level findings.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Warning-level findings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Checks the ruleset in `dir`, with `overlay` applied on top when given.
pub fn check_ruleset(dir: &Path, overlay: Option<&Path>) -> Result<CheckReport, Error> {
    let (inspection, scripts) = crate::engine::inspect_ruleset(dir)?;
    let mut findings = inspection.diagnostics;
    let loads = inspection.complete && !has_errors(&findings);
    let name = || {
        dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let report = |ruleset: String, findings: Vec<Diagnostic>, usable: bool| CheckReport {
        ruleset,
        dir: dir.to_path_buf(),
        overlay: overlay.map(Path::to_path_buf),
        usable,
        findings,
    };
    let Some(ruleset) = inspection.ruleset else {
        return Ok(report(name(), findings, false));
    };
    let mut rules = Rules {
        ruleset,
        scripts,
        warnings: Vec::new(),
    };
    let ruleset = &rules.ruleset;
    let id = ruleset.id.clone();
    let mut usable = loads;
    if let Some(path) = overlay {
        if !loads {
            // An overlay is only meaningful over a ruleset that loads.
            findings.extend(lint(&rules, false));
            sort_diagnostics(&mut findings);
            return Ok(report(id, findings, false));
        }
        rules.ruleset = match overlay::apply_overlay(rules.ruleset, path) {
            Ok(r) => {
                findings.extend(r.overlay.iter().flat_map(|o| o.warnings.clone()));
                r
            }
            Err(Error::Rules(diagnostics)) => {
                findings.extend(diagnostics);
                sort_diagnostics(&mut findings);
                return Ok(report(id, findings, false));
            }
            Err(e) => return Err(e),
        };
        usable = true;
    }
    findings.extend(lint(&rules, usable));
    sort_diagnostics(&mut findings);
    findings.dedup();
    Ok(report(id, findings, usable))
}

/// Checks every ruleset under `root` (itself, when it holds `ruleset.toml`, or each
/// subdirectory that does), then every overlay in `root/overlays/` on top of the
/// ruleset it names. An overlay's report lists only what the overlay adds.
pub fn check_tree(root: &Path) -> Result<Vec<CheckReport>, Error> {
    let mut reports = Vec::new();
    for dir in ruleset_dirs(root)? {
        reports.push(check_ruleset(&dir, None)?);
    }
    for path in overlay_files(&root.join("overlays"))? {
        let target = match overlay::target_ruleset(&path) {
            Ok(id) => id,
            Err(Error::Rules(findings)) => {
                reports.push(CheckReport {
                    ruleset: String::new(),
                    dir: root.to_path_buf(),
                    overlay: Some(path.clone()),
                    usable: false,
                    findings,
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(base) = reports
            .iter()
            .find(|r| r.overlay.is_none() && r.ruleset == target)
            .cloned()
        else {
            let known: Vec<&str> = reports.iter().map(|r| r.ruleset.as_str()).collect();
            reports.push(CheckReport {
                ruleset: target.clone(),
                dir: root.to_path_buf(),
                overlay: Some(path.clone()),
                usable: false,
                findings: vec![Diagnostic::new(
                    Code::OverlayWrongRuleset,
                    format!(
                        "{}: tệp điều chỉnh dành cho bộ '{target}', không có trong {} (có: {}) / the overlay adapts ruleset '{target}', which is not under {}",
                        path.display(),
                        root.display(),
                        known.join(", "),
                        root.display()
                    ),
                    None,
                )],
            });
            continue;
        };
        let mut report = check_ruleset(&base.dir, Some(&path))?;
        report.findings.retain(|d| !base.findings.contains(d));
        reports.push(report);
    }
    Ok(reports)
}

/// Lints a (possibly partial) ruleset. The cases run only when `loads`: against a
/// ruleset with load errors they would fail for the same reasons, restated.
pub(crate) fn lint(rules: &Rules, loads: bool) -> Vec<Diagnostic> {
    lints::run(&lints::Context::new(rules, loads))
}

fn has_errors(findings: &[Diagnostic]) -> bool {
    findings.iter().any(|d| d.severity == Severity::Error)
}

fn ruleset_dirs(root: &Path) -> Result<Vec<PathBuf>, Error> {
    // Not `Catalog::read`: a ruleset whose header does not parse is checked too.
    let mut dirs = crate::ruleset::catalog::dirs(root)?;
    if dirs.is_empty() {
        return Err(Error::RulesetChoice(format!(
            "{} không chứa bộ tiêu chí nào ({RULESET_FILE}) / {} holds no ruleset ({RULESET_FILE})",
            root.display(),
            root.display()
        )));
    }
    dirs.sort();
    Ok(dirs)
}

fn overlay_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for path in crate::input_file::list_dir(dir)? {
        if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
