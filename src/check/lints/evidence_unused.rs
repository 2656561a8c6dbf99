//! `evidence/unused`: an optional evidence field the script never reads; units
//! would fill a column that changes nothing. A required field is exempt: it gates
//! the script (a blank is missing evidence) even when unread.

use super::{Context, Lint};
use crate::check::{locate, tokens};
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct EvidenceUnused;

impl Lint for EvidenceUnused {
    fn code(&self) -> Code {
        Code::EvidenceUnused
    }

    fn criterion(&self, cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        let toks = tokens::tokens(&c.script_source);
        let read = tokens::variables(&toks);
        for usage in &c.evidence {
            let field = cx.ruleset.field(usage.field);
            if usage.required || read.contains(&field.id.as_str()) {
                continue;
            }
            let needle = format!("[evidence.{}]", field.id);
            out.push(Diagnostic::new(
                Code::EvidenceUnused,
                format!(
                    "tiêu chí {}: minh chứng '{}' được khai báo nhưng script không đọc và không bắt buộc; đơn vị phải nộp một cột không ảnh hưởng điểm / evidence '{}' is declared but neither read by the script nor required",
                    c.id, field.id, field.id
                ),
                locate::text(&c.source, &needle).or_else(|| locate::line_starting(&c.source, "id")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C2, at};

    const NOTE: &str = "[evidence.ghi_chu]\ntype = \"text\"\nlabel = \"Ghi chú\"\nrequired = false\n\n[[band]]\nkey = \"dung_han\"";

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&EvidenceUnused), []);
    }

    #[test]
    fn an_optional_field_never_read() {
        let base = Base::new().replace(C2, "[[band]]\nkey = \"dung_han\"", NOTE);
        assert_eq!(
            base.lint(&EvidenceUnused),
            [at(
                Code::EvidenceUnused,
                C2,
                base.line(C2, "[evidence.ghi_chu]")
            )]
        );
    }

    #[test]
    fn a_required_field_or_one_the_script_reads_is_used() {
        let required = NOTE.replace("required = false", "required = true");
        let base = Base::new().replace(C2, "[[band]]\nkey = \"dung_han\"", &required);
        assert_eq!(base.lint(&EvidenceUnused), []);
        let read = Base::new()
            .replace(C2, "[[band]]\nkey = \"dung_han\"", NOTE)
            .replace(
                C2,
                "if is_missing(ngay_bao_cao) {",
                "if is_missing(ngay_bao_cao) || ghi_chu == \"x\" {",
            );
        assert_eq!(read.lint(&EvidenceUnused), []);
    }
}
