//! What the document says, independent of its format: built from the loaded model
//! only, so the document cannot drift from the rules that score.

use super::{Block, Document, Inline, Line, code, strong, text};
use crate::model::Level;
use crate::model::number::{RoundingMode, format_vi};
use crate::ruleset::{CitationStatus, Criterion, LegalBasis, ParamStatus, ParamValue, Ruleset};
use rust_decimal::Decimal;

mod criterion_section;

use criterion_section::criterion;

/// Marks a cell with nothing to show (a level the criterion does not apply to).
const NONE: &str = "—";

/// Builds the document of one ruleset.
pub(crate) fn document(r: &Ruleset) -> Document {
    let mut blocks = Vec::new();
    header(r, &mut blocks);

    blocks.push(Block::Heading(
        2,
        vec![text("Căn cứ pháp lý của bộ tiêu chí")],
    ));
    basis_blocks(&r.legal_basis, &mut blocks);
    if let Some(overlay) = &r.overlay {
        blocks.push(Block::Heading(
            2,
            vec![text("Căn cứ pháp lý của điều chỉnh "), code(&overlay.id)],
        ));
        basis_blocks(&overlay.legal_basis, &mut blocks);
    }

    blocks.push(Block::Heading(
        2,
        vec![text("Điểm tối đa theo cấp và nhóm tiêu chí")],
    ));
    maxima(r, &mut blocks);

    blocks.push(Block::Heading(2, vec![text("Tham số")]));
    params(r, &mut blocks);

    if !r.exemptions.is_empty() {
        blocks.push(Block::Heading(2, vec![text("Đơn vị được miễn tiêu chí")]));
        blocks.push(Block::Table {
            header: vec!["Mã đơn vị".into(), "Tiêu chí".into(), "Lý do".into()],
            rows: r
                .exemptions
                .iter()
                .map(|e| {
                    vec![
                        vec![code(&e.unit)],
                        vec![text(e.criteria.join(", "))],
                        vec![text(&e.reason)],
                    ]
                })
                .collect(),
        });
    }

    blocks.push(Block::Heading(2, vec![text("Các tiêu chí")]));
    for c in &r.criteria {
        criterion(r, c, &mut blocks);
    }
    Document {
        title: r.title.clone(),
        blocks,
    }
}

fn header(r: &Ruleset, out: &mut Vec<Block>) {
    let years = match r.years.1 {
        Some(_) => r.years_label(),
        None => format!("từ năm {} (không có năm kết thúc)", r.years.0),
    };
    let levels: Vec<String> = r.levels.iter().map(|l| level_label(*l)).collect();
    let mut items: Vec<Line> = vec![
        vec![strong("Mã bộ tiêu chí:"), text(" "), code(&r.id)],
        vec![strong("Năm đánh giá:"), text(format!(" {years}"))],
        vec![
            strong("Cấp được chấm điểm:"),
            text(format!(" {}", levels.join("; "))),
        ],
        vec![
            strong("Vân tay bộ tiêu chí (SHA-256):"),
            text(" "),
            code(&r.fingerprint),
        ],
        vec![
            strong("Thư mục:"),
            text(" "),
            code(r.dir.display().to_string()),
        ],
        vec![strong("Làm tròn:"), text(format!(" {}", rounding(r)))],
    ];
    if let Some(o) = &r.overlay {
        items.push(vec![
            strong("Điều chỉnh của tỉnh:"),
            text(" "),
            code(&o.id),
            text(format!(" — {} (", o.title)),
            code(o.path.display().to_string()),
            text(", SHA-256 "),
            code(&o.fingerprint),
            text(")"),
        ]);
    }
    out.push(Block::List(items));
    out.push(Block::Paragraph(vec![text(format!(
        "{} trích dẫn chưa kiểm chứng; {} tiêu chí có điểm/mức là lựa chọn mẫu (không phải bảng điểm chính thức). \
         Tài liệu này được sinh từ bộ tiêu chí đã tải (cchc {}); so sánh vân tay với bản được dùng để chấm điểm.",
        r.unverified_citations(),
        r.sample_choices(),
        env!("CARGO_PKG_VERSION")
    ))]));
}

fn rounding(r: &Ruleset) -> String {
    let mode = match r.rounding.mode {
        RoundingMode::HalfUp => "làm tròn lên khi từ 5 trở lên (half_up: 0,125 → 0,13)",
        RoundingMode::HalfEven => "làm tròn về số chẵn (half_even: 0,125 → 0,12)",
        RoundingMode::Down => "cắt bỏ phần dư (down: 0,129 → 0,12)",
    };
    format!("{} chữ số thập phân, {mode}", r.rounding.places)
}

/// `Sở, ban, ngành (so)`.
fn level_label(level: Level) -> String {
    format!("{} ({})", level.name_vi(), level.code())
}

/// `sở`, `huyện`, `xã`, for narrow table headings.
fn short_vi(level: Level) -> &'static str {
    match level {
        Level::So => "sở",
        Level::Huyen => "huyện",
        Level::Xa => "xã",
    }
}

fn status_vi(status: CitationStatus) -> &'static str {
    match status {
        CitationStatus::Verified => "đã kiểm chứng",
        CitationStatus::Partial => "kiểm chứng một phần",
        CitationStatus::Unverified => "chưa kiểm chứng",
    }
}

fn param_status_vi(status: ParamStatus) -> &'static str {
    match status {
        ParamStatus::Verified => "đã kiểm chứng",
        ParamStatus::Partial => "kiểm chứng một phần",
        ParamStatus::Unverified => "chưa kiểm chứng",
        ParamStatus::ProvincialChoice => "do tỉnh lựa chọn (giá trị mẫu)",
    }
}

/// `Điều 14, khoản 5, Nghị định ...` (without the status, shown apart).
fn citation(b: &LegalBasis) -> String {
    let parts: Vec<&str> = [b.article.as_deref(), b.clause.as_deref(), Some(&b.document)]
        .into_iter()
        .flatten()
        .collect();
    parts.join(", ")
}

fn basis_blocks(bases: &[LegalBasis], out: &mut Vec<Block>) {
    if bases.is_empty() {
        out.push(Block::Paragraph(vec![text("Không có căn cứ pháp lý.")]));
        return;
    }
    for (i, b) in bases.iter().enumerate() {
        out.push(Block::Paragraph(vec![
            strong(format!("({}) {}", i + 1, citation(b))),
            text(format!(" — {}", status_vi(b.status))),
        ]));
        match &b.quote {
            Some(q) if !q.trim().is_empty() => out.push(Block::Quote(q.clone())),
            _ => out.push(Block::Paragraph(vec![text(
                "Không có trích dẫn nguyên văn.",
            )])),
        }
        if let Some(note) = &b.note {
            out.push(Block::Paragraph(vec![
                strong("Ghi chú:"),
                text(format!(" {note}")),
            ]));
        }
        if let Some(url) = &b.url {
            out.push(Block::Paragraph(vec![
                strong("Văn bản:"),
                text(" "),
                Inline::Link(url.clone()),
            ]));
        }
    }
}

fn per_level(value: Option<Decimal>) -> Line {
    vec![text(value.map_or_else(|| NONE.to_string(), format_vi))]
}

fn maxima(r: &Ruleset, out: &mut Vec<Block>) {
    let mut header = vec!["Mục".to_string(), "Nội dung".to_string()];
    header.extend(r.levels.iter().map(|l| level_label(*l)));
    let mut rows = Vec::new();
    if let Some(max) = &r.max_points {
        let mut row = vec![
            vec![text("Toàn bộ")],
            vec![text("Điểm tối đa khai báo của bộ tiêu chí")],
        ];
        row.extend(r.levels.iter().map(|l| per_level(max.get(*l))));
        rows.push(row);
    }
    let criterion_row = |c: &Criterion| {
        let mut row = vec![vec![code(&c.id)], vec![text(&c.title)]];
        row.extend(r.levels.iter().map(|l| per_level(c.max_for(*l))));
        row
    };
    for g in &r.groups {
        let mut row = vec![
            vec![strong(format!("Nhóm {}", g.id))],
            vec![strong(&g.title)],
        ];
        row.extend(r.levels.iter().map(|l| per_level(g.max_points.get(*l))));
        rows.push(row);
        let prefix = format!("{}.", g.id);
        rows.extend(
            r.criteria
                .iter()
                .filter(|c| c.id.starts_with(&prefix))
                .map(criterion_row),
        );
    }
    rows.extend(
        r.criteria
            .iter()
            .filter(|c| {
                !r.groups
                    .iter()
                    .any(|g| c.id.starts_with(&format!("{}.", g.id)))
            })
            .map(criterion_row),
    );
    let mut total = vec![
        vec![text("Tổng")],
        vec![text("Tổng điểm tối đa các tiêu chí áp dụng")],
    ];
    total.extend(r.levels.iter().map(|l| per_level(r.max_for(*l))));
    rows.push(total);
    out.push(Block::Table { header, rows });
}

fn param_value(value: &ParamValue) -> String {
    match value {
        ParamValue::YearlyDate {
            day,
            month,
            year_offset: 0,
        } => format!("{day:02}/{month:02} của năm đánh giá"),
        ParamValue::YearlyDate {
            day,
            month,
            year_offset: 1,
        } => format!("{day:02}/{month:02} của năm sau năm đánh giá"),
        ParamValue::YearlyDate {
            day,
            month,
            year_offset,
        } => format!("{day:02}/{month:02} của năm đánh giá {year_offset:+}"),
        ParamValue::Date(d) => d.to_string(),
        ParamValue::Integer(i) => i.to_string(),
        ParamValue::Decimal(d) => format_vi(*d),
    }
}

fn params(r: &Ruleset, out: &mut Vec<Block>) {
    if r.params.is_empty() {
        out.push(Block::Paragraph(vec![text(
            "Bộ tiêu chí không có tham số.",
        )]));
        return;
    }
    out.push(Block::Paragraph(vec![
        text("Script đọc tham số qua "),
        code("params.<tên>"),
        text("."),
    ]));
    out.push(Block::Table {
        header: vec![
            "Tham số".into(),
            "Giá trị".into(),
            "Căn cứ".into(),
            "Trạng thái".into(),
        ],
        rows: r
            .params
            .iter()
            .map(|p| {
                vec![
                    vec![code(&p.name)],
                    vec![text(param_value(&p.value))],
                    vec![text(&p.basis)],
                    vec![text(param_status_vi(p.status))],
                ]
            })
            .collect(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yearly_dates_say_which_year() {
        let v = |year_offset| ParamValue::YearlyDate {
            day: 5,
            month: 1,
            year_offset,
        };
        assert_eq!(param_value(&v(0)), "05/01 của năm đánh giá");
        assert_eq!(param_value(&v(1)), "05/01 của năm sau năm đánh giá");
        assert_eq!(param_value(&v(2)), "05/01 của năm đánh giá +2");
        assert_eq!(param_value(&ParamValue::Integer(30)), "30");
    }

    #[test]
    fn citations_list_article_clause_document() {
        let b = LegalBasis {
            document: "Nghị định 59/2012/NĐ-CP".into(),
            article: Some("Điều 14".into()),
            clause: None,
            quote: None,
            url: None,
            note: None,
            status: CitationStatus::Unverified,
        };
        assert_eq!(citation(&b), "Điều 14, Nghị định 59/2012/NĐ-CP");
        assert_eq!(status_vi(b.status), "chưa kiểm chứng");
    }
}
