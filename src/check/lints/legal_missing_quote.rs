//! `legal/missing-quote` (the `check` half): a criterion none of whose citations
//! quotes the text, so the auditor cannot compare it with the law. Loading
//! reports an empty `quote`.

use super::{Context, Lint};
use crate::check::locate;
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct LegalMissingQuote;

impl Lint for LegalMissingQuote {
    fn code(&self) -> Code {
        Code::LegalMissingQuote
    }

    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        let quoted = c
            .legal_basis
            .iter()
            .any(|b| b.quote.as_deref().is_some_and(|q| !q.trim().is_empty()));
        if !c.legal_basis.is_empty() && !quoted {
            out.push(Diagnostic::new(
                Code::LegalMissingQuote,
                format!(
                    "tiêu chí {}: không căn cứ nào có trích dẫn nguyên văn (quote); kiểm toán viên cần đối chiếu với văn bản / no [[legal_basis]] of criterion {} carries a verbatim quote",
                    c.id, c.id
                ),
                locate::text(&c.source, "[[legal_basis]]"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, C2, at};

    const QUOTED: &str = "status = \"unverified\"\nquote = \"Điều 1. Văn bản mẫu\"";

    #[test]
    fn a_criterion_without_any_quote() {
        let base = Base::new().replace(C2, "status = \"unverified\"", QUOTED);
        assert_eq!(
            base.lint(&LegalMissingQuote),
            [at(
                Code::LegalMissingQuote,
                C1,
                base.line(C1, "[[legal_basis]]")
            )]
        );
    }

    #[test]
    fn one_quoted_citation_is_enough() {
        let base = Base::new()
            .replace(C1, "status = \"unverified\"", QUOTED)
            .replace(C2, "status = \"unverified\"", QUOTED)
            .append(
                C1,
                "\n[[legal_basis]]\ndocument = \"Văn bản thứ hai\"\nstatus = \"unverified\"\n",
            );
        assert_eq!(base.lint(&LegalMissingQuote), []);
    }

    #[test]
    fn a_criterion_without_citations_is_legal_missing_basis_instead() {
        let base = Base::new()
            .replace(C2, "status = \"unverified\"", QUOTED)
            .replace(
                C1,
                "[[legal_basis]]\ndocument = \"Văn bản mẫu của kho đầu vào lỗi\"\nstatus = \"unverified\"\n",
                "",
            );
        assert_eq!(base.lint(&LegalMissingQuote), []);
        assert!(
            base.check()
                .iter()
                .any(|f| f.0 == crate::diagnostic::Code::LegalMissingBasis)
        );
    }
}
