//! Lints on citations: the auditor reads each criterion and band next to the law,
//! so each criterion quotes its basis and each band states its row of the table.

use super::locate;
use crate::diagnostic::Diagnostic;
use crate::ruleset::{CitationStatus, Criterion};

/// `legal/missing-quote`, `legal/unverified-without-note` and `band/missing-clause`.
pub(super) fn lint_criterion(c: &Criterion, out: &mut Vec<Diagnostic>) {
    let quoted = c
        .legal_basis
        .iter()
        .any(|b| b.quote.as_deref().is_some_and(|q| !q.trim().is_empty()));
    if !c.legal_basis.is_empty() && !quoted {
        out.push(Diagnostic::warning(
            "legal/missing-quote",
            format!(
                "tiêu chí {}: không căn cứ nào có trích dẫn nguyên văn (quote); kiểm toán viên cần đối chiếu với văn bản / no [[legal_basis]] of criterion {} carries a verbatim quote",
                c.id, c.id
            ),
            locate::text(&c.source, "[[legal_basis]]"),
        ));
    }
    for basis in &c.legal_basis {
        let noted = basis.note.as_deref().is_some_and(|n| !n.trim().is_empty());
        if basis.status == CitationStatus::Unverified && !noted {
            out.push(Diagnostic::warning(
                "legal/unverified-without-note",
                format!(
                    "tiêu chí {}: căn cứ '{}' chưa kiểm chứng nhưng không có note nói phần nào chưa kiểm chứng / an unverified citation without a note saying what is unverified",
                    c.id, basis.document
                ),
                locate::text(&c.source, &format!("\"{}\"", basis.document))
                    .or_else(|| locate::text(&c.source, "[[legal_basis]]")),
            ));
        }
    }
    for band in c.bands.iter().filter(|b| b.clause.trim().is_empty()) {
        out.push(Diagnostic::warning(
            "band/missing-clause",
            format!(
                "tiêu chí {}, mức '{}': clause rỗng; ghi dòng tương ứng của bảng điểm / band '{}' has an empty clause: write its row of the official table",
                c.id, band.key, band.key
            ),
            Some(band.origin.location()),
        ));
    }
}
