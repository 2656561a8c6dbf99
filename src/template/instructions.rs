//! What the instructions sheet says: how to fill the form, then each criterion with
//! its maximum, legal basis and the documents that prove it.

use super::{ColumnKind, Template};
use crate::evidence::DocumentPart;
use crate::model::Level;
use crate::model::number::format_vi;

/// One criterion as the instructions list it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CriterionGuide {
    /// Official numbering (`1.1`).
    pub id: String,
    /// Vietnamese title.
    pub title: String,
    /// Maximum per level of the form: `0,25` or `so 0,25; xa 0,50`.
    pub max: String,
    /// One citation per legal basis.
    pub legal_basis: Vec<String>,
    /// One line per field the criterion reads: column, label, whether required,
    /// and the document that proves it.
    pub evidence: Vec<String>,
    /// Whether the points are a sample choice, not a published table.
    pub sample_choice: bool,
}

/// The criteria of the form's level(s), in ruleset order.
pub(crate) fn guides(template: &Template<'_>) -> Vec<CriterionGuide> {
    let levels = form_levels(template);
    let ruleset = template.ruleset;
    ruleset
        .criteria
        .iter()
        .filter(|c| c.applies_to.iter().any(|l| levels.contains(l)))
        .map(|c| {
            let maxima: Vec<(Level, String)> = levels
                .iter()
                .filter_map(|l| c.max_for(*l).map(|m| (*l, format_vi(m))))
                .collect();
            let max = if maxima
                .iter()
                .all(|(_, m)| maxima.first().is_some_and(|(_, f)| f == m))
            {
                maxima.first().map(|(_, m)| m.clone()).unwrap_or_default()
            } else {
                let each: Vec<String> = maxima.iter().map(|(l, m)| format!("{l} {m}")).collect();
                each.join("; ")
            };
            let evidence = c
                .evidence
                .iter()
                .map(|u| {
                    let f = ruleset.field(u.field);
                    let need = if u.required {
                        "bắt buộc"
                    } else {
                        "để trống nếu không có"
                    };
                    match &f.document_hint {
                        Some(hint) => {
                            format!("{} ({need}): {}. Chứng minh bằng: {hint}", f.id, f.label)
                        }
                        None => format!("{} ({need}): {}", f.id, f.label),
                    }
                })
                .map(|text: String| crate::text::visible(&text).into_owned())
                .collect();
            CriterionGuide {
                id: c.id.clone(),
                title: crate::text::visible(&c.title).into_owned(),
                max,
                legal_basis: c
                    .legal_basis
                    .iter()
                    .map(|b| crate::text::visible(&b.cite()).into_owned())
                    .collect(),
                evidence,
                sample_choice: c.sample_choice.is_some(),
            }
        })
        .collect()
}

/// How to fill the form, one instruction per line.
pub(crate) fn notes(template: &Template<'_>) -> Vec<String> {
    let has_documents = template
        .columns
        .iter()
        .any(|c| matches!(c.kind, ColumnKind::Document(..)));
    let mut notes = vec![
        "Mỗi đơn vị một dòng, bắt đầu từ dòng 3 của trang \"Minh chứng\". Không sửa dòng 2 (mã cột): cchc đọc minh chứng theo các mã này; dòng 1 chỉ là tên cột.".to_string(),
        "Có/Không: chọn trong danh sách. Ngày: dd/mm/yyyy (ví dụ 08/01/2024). Số: số nguyên hoặc số thập phân dùng dấu phẩy (0,5).".to_string(),
        "Ô để trống là KHÔNG CÓ minh chứng (không phải số 0). Trường bắt buộc để trống thì tiêu chí được 0 điểm và phải giải trình.".to_string(),
    ];
    if has_documents {
        notes.push(format!(
            "Các cột {} / {} / {} ghi văn bản chứng minh của trường đứng trước: số/ký hiệu, ngày ban hành, trang/mục. Thiếu số/ký hiệu hoặc ngày thì kết quả chấm ghi rõ là thiếu.",
            DocumentPart::Number.suffix(),
            DocumentPart::Date.suffix(),
            DocumentPart::Page.suffix()
        ));
    }
    notes.push(
        "Kiểm tra trước khi nộp: cchc score --evidence <tệp này> --unit <mã đơn vị>.".to_string(),
    );
    if template.ruleset.sample_choices() > 0 {
        notes.push(format!(
            "Bộ tiêu chí {}: {} tiêu chí có điểm/mức là lựa chọn mẫu, không phải bảng điểm chính thức của tỉnh.",
            template.ruleset.id,
            template.ruleset.sample_choices()
        ));
    }
    notes
}

fn form_levels(template: &Template<'_>) -> Vec<Level> {
    match template.level {
        Some(l) => vec![l],
        None => template.ruleset.levels.clone(),
    }
}
