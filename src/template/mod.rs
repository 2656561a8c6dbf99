//! The blank evidence form of a ruleset, for units to fill in Excel.
//!
//! [`build`] lays out the columns once ([`Template`]); [`csv`] and [`xlsx`] render
//! the same columns. Row 1 holds Vietnamese labels, row 2 the column ids the
//! evidence reader matches, units start on row 3: the reader skips the label row
//! because it finds the header as the row naming the most known columns.

pub mod csv_form;
mod instructions;
pub mod xlsx;

use crate::evidence::{DocumentPart, REQUIRED_COLUMNS, YEAR_COLUMN, document_name};
use crate::model::Level;
use crate::model::{EvidenceField, FieldType};
use crate::ruleset::Ruleset;

pub(crate) use instructions::{guides, notes};

/// What a column holds, which decides its validation in the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnKind {
    /// `ma_don_vi`.
    UnitId,
    /// `ten_don_vi`.
    UnitName,
    /// `cap`: one of these levels.
    Level(Vec<Level>),
    /// `nam`: the assessment year, when known.
    Year(Option<i64>),
    /// An evidence field (index into [`Ruleset::fields`]).
    Field(usize),
    /// A document-reference column of a field.
    Document(usize, DocumentPart),
}

/// One column of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The id the reader matches (row 2).
    pub id: String,
    /// The Vietnamese label (row 1).
    pub label: String,
    /// What to type, shown when the cell is selected.
    pub help: String,
    /// What the column holds.
    pub kind: ColumnKind,
}

/// The laid-out form of one ruleset, optionally for one level and year.
#[derive(Debug)]
pub struct Template<'r> {
    /// The ruleset.
    pub ruleset: &'r Ruleset,
    /// The level the form is for (`None`: every level of the ruleset).
    pub level: Option<Level>,
    /// The assessment year, when given.
    pub year: Option<i64>,
    /// Columns, left to right.
    pub columns: Vec<Column>,
}

/// Lays out the form: unit columns, `nam`, then each field the level needs (in
/// ruleset order), each followed by its document-reference columns when the
/// field names a document (`document_hint`).
pub fn build(ruleset: &Ruleset, level: Option<Level>, year: Option<i64>) -> Template<'_> {
    let levels: Vec<Level> = match level {
        Some(l) => vec![l],
        None => ruleset.levels.clone(),
    };
    let level_codes: Vec<&str> = levels.iter().map(|l| l.code()).collect();
    let mut columns = vec![
        Column {
            id: REQUIRED_COLUMNS[0].into(),
            label: "Mã đơn vị".into(),
            help: "Mã của đơn vị, không trùng nhau (ví dụ SO-STP).".into(),
            kind: ColumnKind::UnitId,
        },
        Column {
            id: REQUIRED_COLUMNS[1].into(),
            label: "Tên đơn vị".into(),
            help: "Tên đầy đủ của đơn vị.".into(),
            kind: ColumnKind::UnitName,
        },
        Column {
            id: REQUIRED_COLUMNS[2].into(),
            label: "Cấp".into(),
            help: format!("Chọn {}.", level_codes.join(", ")),
            kind: ColumnKind::Level(levels.clone()),
        },
        Column {
            id: YEAR_COLUMN.into(),
            label: crate::evidence::YEAR_LABEL.into(),
            help: match year {
                Some(y) => format!("Năm đánh giá: {y}."),
                None => "Năm đánh giá, ví dụ 2024.".into(),
            },
            kind: ColumnKind::Year(year),
        },
    ];
    for (index, field) in ruleset.fields.iter().enumerate() {
        let used = ruleset.criteria.iter().any(|c| {
            c.applies_to.iter().any(|l| levels.contains(l))
                && c.evidence.iter().any(|u| u.field == index)
        });
        if !used {
            continue;
        }
        columns.push(Column {
            id: field.id.clone(),
            // Rule-file text shown in the form: one line, no control character.
            label: crate::text::visible(&field.label).into_owned(),
            help: crate::text::visible(&field_help(field)).into_owned(),
            kind: ColumnKind::Field(index),
        });
        if field.document_hint.is_some() {
            let name = &*crate::text::visible(document_name(field));
            for part in DocumentPart::ALL {
                columns.push(Column {
                    id: part.column(&field.id),
                    label: format!("{name}: {}", part.name_vi()),
                    help: document_help(part, name),
                    kind: ColumnKind::Document(index, part),
                });
            }
        }
    }
    Template {
        ruleset,
        level,
        year,
        columns,
    }
}

fn field_help(field: &EvidenceField) -> String {
    let what = match field.ty {
        FieldType::Bool => "Chọn Có hoặc Không.".to_string(),
        FieldType::Date => "Ngày dd/mm/yyyy.".to_string(),
        FieldType::Integer => match field.min {
            Some(min) => format!("Số nguyên, từ {min}."),
            None => "Số nguyên.".to_string(),
        },
        FieldType::Decimal => "Số thập phân (0,5).".to_string(),
        FieldType::Text => "Văn bản.".to_string(),
    };
    match &field.document_hint {
        Some(hint) => format!("{what} Để trống nếu không có minh chứng. Minh chứng: {hint}."),
        None => format!("{what} Để trống nếu không có minh chứng."),
    }
}

fn document_help(part: DocumentPart, name: &str) -> String {
    match part {
        DocumentPart::Number => format!("Số/ký hiệu của {name}, ví dụ 12/KH-STP."),
        DocumentPart::Date => format!("Ngày ban hành {name}, dd/mm/yyyy."),
        DocumentPart::Page => format!("Trang hoặc mục trong {name} (không bắt buộc)."),
    }
}
