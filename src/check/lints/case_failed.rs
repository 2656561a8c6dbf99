//! `case/failed`: a `[[case]]` whose expectation does not hold (as in `cchc test`).
//! Cases run only when the ruleset loads. Under an overlay only the band is
//! compared, since an overlay may change every point value (and so a status).

use super::{Context, Lint};
use crate::cases::CaseResult;
use crate::check::locate;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Status;
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct CaseFailed;

impl Lint for CaseFailed {
    fn code(&self) -> Code {
        Code::CaseFailed
    }

    fn ruleset(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.loads {
            return;
        }
        let ruleset = cx.ruleset;
        for r in cx.case_results().iter().filter(|r| !r.passed()) {
            // A criterion whose script did not compile is already reported; its
            // cases cannot run.
            let Some(c) = ruleset
                .criteria
                .iter()
                .find(|c| c.id == r.criterion && c.script_compiled)
            else {
                continue;
            };
            if ruleset.overlay.is_some() && still_holds_under_overlay(c, r) {
                continue;
            }
            out.push(Diagnostic::new(
                Code::CaseFailed,
                format!(
                    "tiêu chí {}, ca kiểm thử '{}' không đạt / case fails: {}",
                    r.criterion,
                    r.name,
                    r.failures.join("; ")
                ),
                Some(locate::line(&c.source, r.line)),
            ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, at};

    const CASE: &str = "\n[[case]]\nname = \"3/4 = 75%\"\ninput = { so_ke_hoach = 4, so_thuc_hien = 3 }\nexpect = { band = \"mot_phan\", points = \"0.10\", status = \"partial\" }\n";

    #[test]
    fn a_passing_case() {
        assert_eq!(Base::new().append(C1, CASE).lint(&CaseFailed), []);
    }

    #[test]
    fn a_failing_case_is_found_at_its_header() {
        let base = Base::new().append(C1, &CASE.replace("band = \"mot_phan\"", "band = \"du\""));
        assert_eq!(
            base.lint(&CaseFailed),
            [at(Code::CaseFailed, C1, base.line(C1, "[[case]]"))]
        );
    }

    #[test]
    fn cases_do_not_run_on_a_ruleset_that_does_not_load() {
        let base = Base::new()
            .append(C1, &CASE.replace("band = \"mot_phan\"", "band = \"du\""))
            .replace(
                C1,
                "points = \"0.25\"\nclause = \"Thực hiện 100%",
                "points = \"-0.25\"\nclause = \"Thực hiện 100%",
            );
        assert_eq!(base.lint(&CaseFailed), []);
    }
}
