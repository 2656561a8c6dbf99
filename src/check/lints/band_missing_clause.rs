//! `band/missing-clause`: a band without the row of the official table it
//! implements, so the auditor cannot match it with the decision.

use super::{Context, Lint};
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct BandMissingClause;

impl Lint for BandMissingClause {
    fn code(&self) -> Code {
        Code::BandMissingClause
    }

    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        for band in c.bands.iter().filter(|b| b.clause.trim().is_empty()) {
            out.push(Diagnostic::new(
                Code::BandMissingClause,
                format!(
                    "tiêu chí {}, mức '{}': clause rỗng; ghi dòng tương ứng của bảng điểm / band '{}' has an empty clause: write its row of the official table",
                    c.id, band.key, band.key
                ),
                Some(band.origin.location()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, at};

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&BandMissingClause), []);
    }

    #[test]
    fn an_empty_or_blank_clause() {
        let base = Base::new()
            .replace(C1, "clause = \"Dưới 50%\"", "clause = \"\"")
            .replace(
                C1,
                "clause = \"Thực hiện 100% Kế hoạch\"",
                "clause = \"  \"",
            );
        assert_eq!(
            base.lint(&BandMissingClause),
            [
                at(Code::BandMissingClause, C1, base.band(C1, "du")),
                at(Code::BandMissingClause, C1, base.band(C1, "duoi_50")),
            ]
        );
    }
}
