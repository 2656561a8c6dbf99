//! `case/missing-band`: no `[[case]]` reaches the band (the band the engine
//! produced, as in `cchc test --coverage`). Only for a ruleset that loads, and
//! only for criteria with cases (`case/none` covers the others).

use super::{Context, Lint};
use crate::coverage::band_coverage;
use crate::diagnostic::{Code, Diagnostic};

/// See the module documentation.
pub(crate) struct CaseMissingBand;

impl Lint for CaseMissingBand {
    fn code(&self) -> Code {
        Code::CaseMissingBand
    }

    fn ruleset(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.loads {
            return;
        }
        let ruleset = cx.ruleset;
        let coverage = band_coverage(ruleset, cx.case_results());
        for (c, cov) in ruleset.criteria.iter().zip(&coverage.criteria) {
            if !c.script_compiled || c.cases.is_empty() {
                continue;
            }
            for (band, reached) in c.bands.iter().zip(&cov.bands) {
                if !reached.covered() {
                    out.push(Diagnostic::new(
                        Code::CaseMissingBand,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C2, at};

    fn case(name: &str, input: &str, band: &str) -> String {
        format!(
            "\n[[case]]\nname = \"{name}\"\ninput = {{ {input} }}\nexpect = {{ band = \"{band}\" }}\n"
        )
    }

    #[test]
    fn criteria_without_cases_are_left_to_case_none() {
        assert_eq!(Base::new().lint(&CaseMissingBand), []);
    }

    #[test]
    fn a_band_no_case_reaches() {
        let base = Base::new()
            .append(
                C2,
                &case("đúng hạn", "ngay_bao_cao = \"30/11/2024\"", "dung_han"),
            )
            .append(C2, &case("không báo cáo", "", "khong_bao_cao"));
        assert_eq!(
            base.lint(&CaseMissingBand),
            [at(Code::CaseMissingBand, C2, base.band(C2, "cham"))]
        );
        let all = base.append(C2, &case("chậm", "ngay_bao_cao = \"02/12/2024\"", "cham"));
        assert_eq!(all.lint(&CaseMissingBand), []);
    }
}
