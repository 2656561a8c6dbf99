//! `case/none`: a criterion without any `[[case]]`; every band needs at least one.

use super::{Context, Lint};
use crate::check::locate;
use crate::diagnostic::{Code, Diagnostic};

/// See the module documentation.
pub(crate) struct CaseNone;

impl Lint for CaseNone {
    fn code(&self) -> Code {
        Code::CaseNone
    }

    fn ruleset(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in cx.ruleset.criteria.iter().filter(|c| c.cases.is_empty()) {
            out.push(Diagnostic::new(
                Code::CaseNone,
                format!(
                    "tiêu chí {} không có ca kiểm thử [[case]] nào; mỗi mức cần ít nhất một ca / criterion {} has no [[case]]: every band needs at least one",
                    c.id, c.id
                ),
                locate::line_starting(&c.source, "id"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, C2, at};

    #[test]
    fn each_criterion_without_cases_at_its_id() {
        assert_eq!(
            Base::new().lint(&CaseNone),
            [at(Code::CaseNone, C1, 1), at(Code::CaseNone, C2, 1)]
        );
    }

    #[test]
    fn one_case_is_enough() {
        let base = Base::new().append(
            C2,
            "\n[[case]]\nname = \"không báo cáo\"\ninput = {}\nexpect = { band = \"khong_bao_cao\" }\n",
        );
        assert_eq!(Base::new().lint(&CaseNone).len(), 2);
        assert_eq!(base.lint(&CaseNone), [at(Code::CaseNone, C1, 1)]);
    }
}
