//! A criterion's `[evidence.<id>]` tables, registered in the ruleset-wide table of
//! fields: a field declared by several criteria is one column of the evidence
//! file, so its type and plausibility bounds must agree wherever it is declared.
//! Separate from the rest of the criterion because it writes the shared table.

use super::script::is_identifier;
use super::*;
use crate::diagnostic::Code;
use crate::model::{FieldUse, Plausibility};
use crate::ruleset::file::EvidenceFile;
use crate::ruleset::plausibility::PendingRef;

/// The criterion's fields, each registered in `fields` (new ones appended, their
/// references to other fields queued in `pending_refs`) and returned as uses.
pub(super) fn register_evidence(
    cx: &mut FileContext<'_>,
    fields: &mut Vec<EvidenceField>,
    pending_refs: &mut Vec<PendingRef>,
    file: &CriterionFile,
    source: &Arc<SourceFile>,
    header: &Header,
    compiler: &dyn ScriptCompiler,
) -> Vec<FieldUse> {
    let mut evidence = Vec::new();
    for (field_id, decl) in &file.evidence {
        let span = decl.span();
        let decl = decl.get_ref();
        if !valid_id(cx, compiler, field_id, span.clone()) {
            continue;
        }
        let min = decl.min.as_ref().and_then(|r| cx.threshold(r, "min"));
        let max = decl.max.as_ref().and_then(|r| cx.threshold(r, "max"));
        let (plausibility, refs) =
            super::plausibility::declared(cx, field_id, decl, &header.date_window);
        let index = match fields.iter().enumerate().find(|(_, f)| &f.id == field_id) {
            Some((i, known)) => {
                check_agrees(cx, known, field_id, decl, &plausibility, span);
                i
            }
            None => {
                let index = fields.len();
                fields.push(EvidenceField {
                    id: field_id.clone(),
                    ty: decl.ty,
                    label: decl.label.clone(),
                    document_hint: decl.document_hint.clone(),
                    min,
                    max,
                    plausibility,
                });
                pending_refs.extend(refs.into_iter().map(|(key, id)| PendingRef {
                    field: index,
                    key,
                    id,
                    source: source.clone(),
                }));
                index
            }
        };
        evidence.push(FieldUse {
            field: index,
            required: decl.required,
        });
    }
    evidence
}

/// Whether `field_id` can name a script variable: not a word of the script
/// language, an identifier, and none of the reserved names or columns.
fn valid_id(
    cx: &mut FileContext<'_>,
    compiler: &dyn ScriptCompiler,
    field_id: &str,
    span: std::ops::Range<usize>,
) -> bool {
    if compiler.is_script_word(field_id) {
        cx.error(
            Code::EvidenceInvalidId,
            format!("mã minh chứng '{field_id}' là từ khóa hoặc hàm của ngôn ngữ script: script sẽ đọc từ khóa chứ không đọc minh chứng / evidence id '{field_id}' is a keyword or helper of the script language: scripts would read the keyword, not the evidence"),
            span,
        );
        return false;
    }
    if !is_identifier(field_id)
        || RESERVED_NAMES.contains(&field_id)
        || crate::model::is_reserved_column(field_id)
    {
        cx.error(
            Code::EvidenceInvalidId,
            format!("mã minh chứng '{field_id}' không hợp lệ hoặc trùng tên dành riêng / evidence id '{field_id}' is not an identifier or is reserved"),
            span,
        );
        return false;
    }
    true
}

/// A field declared again by another criterion: the same type, and no other
/// plausibility bounds (bounds are declared once).
fn check_agrees(
    cx: &mut FileContext<'_>,
    known: &EvidenceField,
    field_id: &str,
    decl: &EvidenceFile,
    plausibility: &Plausibility,
    span: std::ops::Range<usize>,
) {
    if !plausibility.is_empty() && known.plausibility != *plausibility {
        cx.error(
            Code::EvidenceInvalidBound,
            format!("minh chứng '{field_id}' đã khai báo giới hạn hợp lý khác ở tiêu chí khác: khai báo giới hạn ở một nơi / evidence '{field_id}' is declared with other plausibility bounds elsewhere: declare them once"),
            span.clone(),
        );
    }
    if known.ty != decl.ty {
        cx.error(
            Code::EvidenceTypeConflict,
            format!("minh chứng '{field_id}' đã khai báo kiểu {:?} ở tiêu chí khác / evidence '{field_id}' is declared with another type elsewhere", known.ty),
            span,
        );
    }
}
