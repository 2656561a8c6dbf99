//! Lints that run the rule files' own `[[case]]` tests: every criterion has cases,
//! every case passes and tests a year the ruleset governs, and every band is
//! reached by some case (the band the engine produced, as in `cchc test --coverage`).

use super::locate;
use crate::cases::CaseResult;
use crate::cases::run_cases;
use crate::coverage::band_coverage;
use crate::diagnostic::Diagnostic;
use crate::engine::Rules;
use crate::model::Status;
use crate::ruleset::Criterion;

/// `case/none` and `case/year-outside`; then, when `run` (the ruleset loads, so
/// failures are not mere echoes of a load error), `case/failed` and `case/missing-band`.
pub(super) fn lint(rules: &Rules, run: bool, out: &mut Vec<Diagnostic>) {
    let ruleset = &rules.ruleset;
    for c in &ruleset.criteria {
        if c.cases.is_empty() {
            out.push(Diagnostic::error(
                "case/none",
                format!(
                    "tiêu chí {} không có ca kiểm thử [[case]] nào; mỗi mức cần ít nhất một ca / criterion {} has no [[case]]: every band needs at least one",
                    c.id, c.id
                ),
                locate::line_starting(&c.source, "id"),
            ));
        }
        for case in c.cases.iter().filter(|case| !ruleset.covers(case.year)) {
            out.push(Diagnostic::error(
                "case/year-outside",
                format!(
                    "ca kiểm thử '{}': năm {} nằm ngoài các năm {} của bộ tiêu chí / case tests year {}, which the ruleset ({}) does not govern",
                    case.name,
                    case.year,
                    ruleset.years_label(),
                    case.year,
                    ruleset.years_label()
                ),
                Some(locate::line(&c.source, case.line)),
            ));
        }
    }

    if !run {
        return;
    }
    let results = run_cases(rules);
    // A criterion whose script did not compile is already reported; its cases cannot run.
    let runnable = |id: &str| {
        ruleset
            .criteria
            .iter()
            .any(|c| c.id == id && c.script_compiled)
    };
    for r in results
        .iter()
        .filter(|r| !r.passed() && runnable(&r.criterion))
    {
        let Some(c) = ruleset.criteria.iter().find(|c| c.id == r.criterion) else {
            continue;
        };
        if ruleset.overlay.is_some() && still_holds_under_overlay(c, r) {
            continue;
        }
        out.push(Diagnostic::error(
            "case/failed",
            format!(
                "tiêu chí {}, ca kiểm thử '{}' không đạt / case fails: {}",
                r.criterion,
                r.name,
                r.failures.join("; ")
            ),
            Some(locate::line(&c.source, r.line)),
        ));
    }

    let coverage = band_coverage(ruleset, &results);
    for (c, cov) in ruleset.criteria.iter().zip(&coverage.criteria) {
        if !c.script_compiled || c.cases.is_empty() {
            continue;
        }
        for (band, reached) in c.bands.iter().zip(&cov.bands) {
            if !reached.covered() {
                out.push(Diagnostic::warning(
                    "case/missing-band",
                    format!(
                        "tiêu chí {}, mức '{}': không ca kiểm thử nào đạt mức này; thêm một [[case]] cho dòng này của bảng điểm / no [[case]] reaches band '{}': add one for this row of the table",
                        c.id, band.key, band.key
                    ),
                    Some(band.origin.location()),
                ));
            }
        }
    }
}

/// Cases are written for the base ruleset; an overlay may change every point value
/// (and so a status), so under an overlay a case is held to the band it reaches.
fn still_holds_under_overlay(c: &Criterion, r: &CaseResult) -> bool {
    let Some(case) = c.cases.iter().find(|k| k.line == r.line) else {
        return false;
    };
    let band_ok = case.expect_band.is_none() || r.got_band == case.expect_band;
    let unexpected_error =
        r.got_status == Some(Status::Error) && case.expect_status != Some(Status::Error);
    band_ok && !unexpected_error
}
