//! `legal/unverified-without-note`: an unverified citation that does not say, in
//! a `note`, what is unverified.

use super::{Context, Lint};
use crate::check::locate;
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::{CitationStatus, Criterion};

/// See the module documentation.
pub(crate) struct LegalUnverifiedWithoutNote;

impl Lint for LegalUnverifiedWithoutNote {
    fn code(&self) -> Code {
        Code::LegalUnverifiedWithoutNote
    }

    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        for basis in &c.legal_basis {
            let noted = basis.note.as_deref().is_some_and(|n| !n.trim().is_empty());
            if basis.status == CitationStatus::Unverified && !noted {
                out.push(Diagnostic::new(
                    Code::LegalUnverifiedWithoutNote,
                    format!(
                        "tiêu chí {}: căn cứ '{}' chưa kiểm chứng nhưng không có note nói phần nào chưa kiểm chứng / an unverified citation without a note saying what is unverified",
                        c.id, basis.document
                    ),
                    locate::text(&c.source, &format!("\"{}\"", basis.document))
                        .or_else(|| locate::text(&c.source, "[[legal_basis]]")),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, C2, at};

    const NOTED: &str = "status = \"unverified\"\nnote = \"Số điều chưa kiểm chứng.\"";

    #[test]
    fn an_unverified_citation_without_note_is_found_at_its_document() {
        let base = Base::new().replace(C2, "status = \"unverified\"", NOTED);
        assert_eq!(
            base.lint(&LegalUnverifiedWithoutNote),
            [at(
                Code::LegalUnverifiedWithoutNote,
                C1,
                base.line(C1, "document = \"Văn bản mẫu")
            )]
        );
    }

    #[test]
    fn a_note_or_a_verified_status_silences_it() {
        let base = Base::new()
            .replace(C1, "status = \"unverified\"", NOTED)
            .replace(
                C2,
                "status = \"unverified\"",
                "status = \"verified\"\nquote = \"Điều 1.\"",
            );
        assert_eq!(base.lint(&LegalUnverifiedWithoutNote), []);
    }

    #[test]
    fn a_blank_note_is_no_note() {
        let base = Base::new()
            .replace(
                C1,
                "status = \"unverified\"",
                "status = \"unverified\"\nnote = \"  \"",
            )
            .replace(C2, "status = \"unverified\"", NOTED);
        assert_eq!(base.lint(&LegalUnverifiedWithoutNote).len(), 1);
    }
}
