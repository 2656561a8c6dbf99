//! One criterion's section of the document: its maxima, legal basis, metric,
//! bands with their bounds, evidence fields with their plausibility limits and
//! test cases. Separate from the ruleset-wide parts (header, maxima table,
//! parameters) in `content` because it is repeated once per criterion.

use super::*;
use crate::model::FieldType;
use crate::ruleset::{Band, MetricUnit, TestCase};
use crate::score::Lang;

pub(super) fn criterion(r: &Ruleset, c: &Criterion, out: &mut Vec<Block>) {
    out.push(Block::Heading(
        3,
        vec![text(format!("{} {}", c.id, c.title))],
    ));
    out.push(Block::List(summary(r, c)));

    out.push(Block::Heading(4, vec![text("Căn cứ pháp lý")]));
    basis_blocks(&c.legal_basis, out);

    bands_section(r, c, out);
    evidence_section(r, c, out);
    out.push(Block::Heading(4, vec![text("Quy tắc tính (script Rhai)")]));
    out.push(Block::Code {
        lang: "rhai",
        text: c.script_source.clone(),
    });

    cases_section(c, out);
}

/// The list under the heading: maxima, the levels it applies (and does not apply)
/// to, the sample choice, the metric and the rule file.
fn summary(r: &Ruleset, c: &Criterion) -> Vec<Line> {
    let maxima: Vec<String> = c
        .applies_to
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l.name_vi(),
                c.max_points
                    .get(*l)
                    .map_or_else(|| NONE.to_string(), format_vi)
            )
        })
        .collect();
    let applies: Vec<String> = c.applies_to.iter().map(|l| level_label(*l)).collect();
    let excluded: Vec<String> = r
        .levels
        .iter()
        .filter(|l| !c.applies_to.contains(l))
        .map(|l| level_label(*l))
        .collect();
    let mut items: Vec<Line> = vec![
        vec![
            strong("Điểm tối đa:"),
            text(format!(" {}", maxima.join("; "))),
        ],
        vec![
            strong("Áp dụng cho:"),
            text(format!(" {}", applies.join("; "))),
        ],
    ];
    if !excluded.is_empty() {
        items.push(vec![
            strong("Không áp dụng cho:"),
            text(format!(" {}", excluded.join("; "))),
        ]);
    }
    items.push(match &c.sample_choice {
        Some(note) => vec![strong("Lựa chọn mẫu:"), text(format!(" {note}"))],
        None => vec![
            strong("Lựa chọn mẫu:"),
            text(" không (điểm và mức theo văn bản công bố)"),
        ],
    });
    if let Some(m) = &c.metric {
        items.push(vec![
            strong("Chỉ số:"),
            text(format!(" {} (đơn vị: {})", m.label, unit_vi(m.unit))),
        ]);
    }
    items.push(vec![
        strong("Tệp:"),
        text(" "),
        code(c.source.path.display().to_string()),
    ]);
    items
}

/// "Các mức điểm": how bands are chosen, then one row per band.
fn bands_section(r: &Ruleset, c: &Criterion, out: &mut Vec<Block>) {
    out.push(Block::Heading(4, vec![text("Các mức điểm")]));
    out.push(Block::Paragraph(vec![text(
        "Các mức được xét từ trên xuống, mức đầu tiên khớp được chọn; mức không có ngưỡng \
         chỉ đạt được khi script trả về đúng mã mức.",
    )]));
    let mut header = vec!["Mã mức".to_string(), "Nội dung".to_string()];
    header.extend(r.levels.iter().map(|l| format!("Điểm {}", short_vi(*l))));
    header.push("Ngưỡng".into());
    let rows = c
        .bands
        .iter()
        .map(|b| {
            let mut row = vec![vec![code(&b.key)], vec![text(&b.clause)]];
            row.extend(r.levels.iter().map(|l| {
                per_level(if c.applies_to.contains(l) {
                    b.points.get(*l)
                } else {
                    None
                })
            }));
            row.push(vec![text(bounds(c, b))]);
            row
        })
        .collect();
    out.push(Block::Table { header, rows });
}

/// "Minh chứng": one row per evidence field the criterion reads.
fn evidence_section(r: &Ruleset, c: &Criterion, out: &mut Vec<Block>) {
    out.push(Block::Heading(4, vec![text("Minh chứng")]));
    if c.evidence.is_empty() {
        out.push(Block::Paragraph(vec![text(
            "Không đọc trường minh chứng nào.",
        )]));
    } else {
        out.push(Block::Table {
            header: vec![
                "Trường (cột CSV)".into(),
                "Kiểu".into(),
                "Nội dung".into(),
                "Bắt buộc".into(),
                "Tài liệu chứng minh".into(),
            ],
            rows: c
                .evidence
                .iter()
                .map(|u| {
                    let f = r.field(u.field);
                    vec![
                        vec![code(&f.id)],
                        vec![text(field_type(f.ty, f.min, f.max)), text(plausible(r, f))],
                        vec![text(&f.label)],
                        vec![text(if u.required { "Có" } else { "Không" })],
                        vec![text(f.document_hint.as_deref().unwrap_or(NONE))],
                    ]
                })
                .collect(),
        });
    }
}

/// "Ca kiểm thử": the criterion's test cases.
fn cases_section(c: &Criterion, out: &mut Vec<Block>) {
    out.push(Block::Heading(4, vec![text("Ca kiểm thử")]));
    if c.cases.is_empty() {
        out.push(Block::Paragraph(vec![text("Không có ca kiểm thử.")]));
    } else {
        out.push(Block::Table {
            header: vec![
                "Tên".into(),
                "Cấp".into(),
                "Năm".into(),
                "Dữ liệu vào".into(),
                "Kết quả mong đợi".into(),
            ],
            rows: c.cases.iter().map(case_row).collect(),
        });
    }
}

fn unit_vi(unit: MetricUnit) -> &'static str {
    match unit {
        MetricUnit::Percent => "phần trăm",
        MetricUnit::Days => "ngày",
        MetricUnit::Count => "số lượng",
    }
}

/// `≥ 80% và < 100%`, or how a band without bounds is reached.
fn bounds(c: &Criterion, b: &Band) -> String {
    let unit = c.metric.as_ref().map_or(MetricUnit::Count, |m| m.unit);
    crate::score::describe_bounds(b, unit, crate::score::BoundsStyle::SymbolsJoined, Lang::Vi)
        .unwrap_or_else(|| "theo mã mức".into())
}

fn field_type(ty: FieldType, min: Option<Decimal>, max: Option<Decimal>) -> String {
    let mut s = ty.expectation().0.to_string();
    if let Some(v) = min {
        s.push_str(&format!(", ≥ {}", format_vi(v.normalize())));
    }
    if let Some(v) = max {
        s.push_str(&format!(", ≤ {}", format_vi(v.normalize())));
    }
    s
}

/// The field's plausibility bounds, as rules/README.md writes them: `; hợp lý: từ
/// 01/12/{year-1} đến 31/12/{year}, cảnh báo trước 01/01/{year}; không trước ngay_x`.
fn plausible(r: &Ruleset, f: &crate::model::EvidenceField) -> String {
    let p = &f.plausibility;
    let mut parts = Vec::new();
    if f.ty == FieldType::Date {
        let lo = p.not_before.unwrap_or(r.date_window.not_before);
        let hi = p.not_after.unwrap_or(r.date_window.not_after);
        parts.push(format!("từ {lo} đến {hi}"));
    }
    if let Some(w) = p.warn_before {
        parts.push(format!("cảnh báo trước {w}"));
    }
    if let Some(w) = p.warn_after {
        parts.push(format!("cảnh báo sau {w}"));
    }
    if let Some(other) = &p.not_before_field {
        parts.push(format!("không trước {}", other.id));
    }
    if let Some(other) = &p.at_most_field {
        parts.push(format!("≤ {}", other.id));
    }
    if let Some(other) = &p.blank_unless_field {
        parts.push(format!("trống nếu {} = Không", other.id));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; hợp lý: {}", parts.join(", "))
    }
}

fn case_row(case: &TestCase) -> Vec<Line> {
    let mut input: Line = Vec::new();
    for (i, (name, value)) in case.input.iter().enumerate() {
        if i > 0 {
            input.push(text("; "));
        }
        input.push(code(format!("{name} = {value}")));
    }
    if input.is_empty() {
        input.push(text("(mọi trường để trống)"));
    }
    let mut expect: Line = Vec::new();
    let sep = |expect: &mut Line| {
        if !expect.is_empty() {
            expect.push(text(", "));
        }
    };
    if let Some(band) = &case.expect_band {
        sep(&mut expect);
        expect.push(text("mức "));
        expect.push(code(band));
    }
    if let Some(points) = case.expect_points {
        sep(&mut expect);
        expect.push(text(format!("{} điểm", format_vi(points))));
    }
    if let Some(status) = case.expect_status {
        sep(&mut expect);
        expect.push(text("trạng thái "));
        expect.push(code(status.code()));
    }
    vec![
        vec![text(&case.name)],
        vec![code(case.level.code())],
        vec![text(case.year.to_string())],
        input,
        expect,
    ]
}
