//! A unit checking itself (`cchc score --unit`, table format): its score and
//! province rank, what it can still earn (most points first), and the documents
//! it must still cite.

use crate::evidence::{EvidenceSet, document};
use crate::model::Status;
use crate::model::number::format_vi;
use crate::score::Scoreboard;
use std::fmt::Write;

/// A unit checking itself: its score, what it can still earn (most points first),
/// then the documents it must still cite (when the file has document columns).
/// Every unit of `board` is shown (normally the one unit scored).
pub fn unit_check(board: &Scoreboard<'_>, evidence: &EvidenceSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", crate::report::provenance(board));
    let _ = writeln!(
        out,
        "Minh chứng: {} (SHA-256 {})",
        board.evidence_path.display(),
        board.evidence_fingerprint
    );
    for unit in &board.units {
        let percent = crate::report::percent(board, unit)
            .map_or_else(|| "-".to_string(), |p| format!("{}%", format_vi(p)));
        let _ = writeln!(
            out,
            "\n{} {}: {}/{} điểm ({percent}), {}",
            crate::text::visible(&unit.id),
            crate::text::visible(&unit.name),
            format_vi(crate::report::rounded(board, unit.total)),
            format_vi(crate::report::rounded(board, unit.max)),
            board.rank_phrase(unit),
        );
        let uncited = uncited(board, evidence, unit);
        let items = super::todo(board, unit);
        if items.is_empty() {
            let _ = writeln!(out, "Đạt tối đa: không còn việc cần làm để tăng điểm.");
        } else {
            let _ = writeln!(out, "Việc cần làm (xếp theo số điểm có thể lấy lại):");
        }
        for (n, item) in items.iter().enumerate() {
            let what = if item.status == Status::Error {
                " (ô minh chứng lỗi, sửa để được chấm)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{:>3}. +{} {} {}{what}: {}",
                n + 1,
                format_vi(item.recoverable),
                item.criterion,
                crate::text::visible(&item.title),
                crate::text::visible(&item.reason)
            );
        }
        if !uncited.is_empty() {
            let _ = writeln!(out, "Văn bản minh chứng cần ghi đủ (số/ký hiệu, ngày):");
            for line in uncited {
                let _ = writeln!(out, "  - {line}");
            }
        }
    }
    out
}

/// `1.5: Báo cáo công tác TDTHPL năm (số/ký hiệu, ngày)` for each scored criterion
/// whose documents lack a part.
fn uncited(
    board: &Scoreboard<'_>,
    evidence: &EvidenceSet,
    unit: &crate::score::UnitScore,
) -> Vec<String> {
    let Some(record) = evidence.units.iter().find(|r| r.row == unit.row) else {
        return Vec::new();
    };
    let ruleset = board.ruleset;
    unit.criteria
        .iter()
        .filter(|c| !matches!(c.status, Status::NotApplicable | Status::Error))
        .flat_map(|c| {
            let criterion = ruleset.criterion(c.criterion);
            document::citations(
                criterion,
                &ruleset.fields,
                &record.values,
                &record.documents,
                &evidence.has_documents,
                c.status != Status::Full,
            )
            .lacking
            .into_iter()
            .map(move |l| format!("{}: {l}", criterion.id))
        })
        .collect()
}
