//! `case/year-outside`: a case tests a year the ruleset does not govern.

use super::{Context, Lint};
use crate::check::locate;
use crate::diagnostic::{Code, Diagnostic};

/// See the module documentation.
pub(crate) struct CaseYearOutside;

impl Lint for CaseYearOutside {
    fn code(&self) -> Code {
        Code::CaseYearOutside
    }

    fn ruleset(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ruleset = cx.ruleset;
        for c in &ruleset.criteria {
            for case in c.cases.iter().filter(|case| !ruleset.covers(case.year)) {
                out.push(Diagnostic::new(
                    Code::CaseYearOutside,
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C2, at};

    const CASE: &str = "\n[[case]]\nname = \"không báo cáo\"\ninput = {}\nyear = 2024\nexpect = { band = \"khong_bao_cao\" }\n";

    #[test]
    fn a_year_the_ruleset_governs_is_fine() {
        assert_eq!(Base::new().append(C2, CASE).lint(&CaseYearOutside), []);
    }

    #[test]
    fn a_year_outside_is_found_at_the_case() {
        let base = Base::new().append(C2, &CASE.replace("2024", "2019"));
        let found = base.run(&CaseYearOutside);
        assert_eq!(
            base.lint(&CaseYearOutside),
            [at(Code::CaseYearOutside, C2, base.line(C2, "[[case]]"))]
        );
        assert!(
            found[0].message.contains("năm 2019 nằm ngoài các năm 2024"),
            "{}",
            found[0].message
        );
    }
}
