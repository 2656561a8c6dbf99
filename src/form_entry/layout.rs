//! The form a round's ruleset asks for: each evidence field once, in the order
//! of the rule files, with its label, document hint, the widget its type needs
//! and the three document-reference inputs (số/ký hiệu, ngày, trang).

use crate::Rules;
use crate::evidence::document::DocumentPart;
use crate::model::FieldType;

/// The kind of input a field needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetKind {
    /// Có / Không (a choice; blank means not answered).
    YesNo,
    /// A date typed as dd/mm/yyyy.
    Date,
    /// A whole number.
    Integer,
    /// A decimal with a decimal comma.
    Decimal,
    /// Free text.
    Text,
}

/// One document-reference input of a field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartInput {
    /// The column (`<field>__so_hieu`, `__ngay`, `__trang`).
    pub column: String,
    /// Its name in Vietnamese.
    pub label: &'static str,
}

/// One evidence field of the form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormField {
    /// The column (field id).
    pub column: String,
    /// Its label.
    pub label: String,
    /// Which document proves it, when the rule file says.
    pub hint: Option<String>,
    /// The input it needs.
    pub widget: WidgetKind,
    /// What a valid cell looks like, in Vietnamese.
    pub expected: &'static str,
    /// The document reference inputs.
    pub parts: Vec<PartInput>,
}

/// The whole form of a ruleset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormLayout {
    /// Fields in rule-file order, each once.
    pub fields: Vec<FormField>,
}

impl FormLayout {
    /// The form of `rules`.
    pub fn of(rules: &Rules) -> FormLayout {
        let fields = rules
            .ruleset
            .fields
            .iter()
            .map(|field| FormField {
                column: field.id.clone(),
                label: field.label.clone(),
                hint: field.document_hint.clone(),
                widget: match field.ty {
                    FieldType::Bool => WidgetKind::YesNo,
                    FieldType::Date => WidgetKind::Date,
                    FieldType::Integer => WidgetKind::Integer,
                    FieldType::Decimal => WidgetKind::Decimal,
                    FieldType::Text => WidgetKind::Text,
                },
                expected: field.ty.expectation().0,
                parts: DocumentPart::ALL
                    .into_iter()
                    .map(|part| PartInput {
                        column: part.column(&field.id),
                        label: part.name_vi(),
                    })
                    .collect(),
            })
            .collect();
        FormLayout { fields }
    }

    /// Whether `column` is a field or a document-reference column of the form.
    pub fn has_column(&self, column: &str) -> bool {
        self.fields
            .iter()
            .any(|f| f.column == column || f.parts.iter().any(|p| p.column == column))
    }
}
