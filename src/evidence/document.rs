//! Document references: the columns `<field>__so_hieu`, `<field>__ngay` and
//! `<field>__trang` that name the document proving a field (số/ký hiệu, ngày ban
//! hành, trang/mục), as appraisers write "Kế hoạch số 80/KH-STP ngày 18/01/2022".

use crate::model::EvidenceField;
use crate::model::Value;
use crate::model::date::Date;
use crate::ruleset::Criterion;

/// The name of the document proving `field`: its `document_hint` without the
/// parenthesis listing what to cite ("Kế hoạch TDTHPL năm (số/ký hiệu, ngày ban
/// hành)" → "Kế hoạch TDTHPL năm"), or its label when there is no hint.
pub(crate) fn document_name(field: &EvidenceField) -> &str {
    match &field.document_hint {
        Some(hint) => hint.split(" (").next().unwrap_or(hint).trim(),
        None => &field.label,
    }
}

/// One part of a document reference, named by its column suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentPart {
    /// `__so_hieu`: số/ký hiệu (`80/KH-STP`).
    Number,
    /// `__ngay`: ngày ban hành (`18/01/2022`).
    Date,
    /// `__trang`: trang/mục (`tr. 3, mục II`).
    Page,
}

impl DocumentPart {
    /// Every part, in column order.
    pub(crate) const ALL: [DocumentPart; 3] =
        [DocumentPart::Number, DocumentPart::Date, DocumentPart::Page];

    /// The column suffix, with its double underscore.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            DocumentPart::Number => "__so_hieu",
            DocumentPart::Date => "__ngay",
            DocumentPart::Page => "__trang",
        }
    }

    /// The part's name in Vietnamese (`số/ký hiệu`).
    pub(crate) fn name_vi(self) -> &'static str {
        match self {
            DocumentPart::Number => "số/ký hiệu",
            DocumentPart::Date => "ngày",
            DocumentPart::Page => "trang/mục",
        }
    }

    /// The column holding this part for `field`.
    pub(crate) fn column(self, field: &str) -> String {
        format!("{field}{}", self.suffix())
    }

    /// Splits a header into (field id, part) when it is a document column.
    pub(crate) fn parse_column(header: &str) -> Option<(&str, DocumentPart)> {
        DocumentPart::ALL.into_iter().find_map(|part| {
            header
                .strip_suffix(part.suffix())
                .filter(|field| !field.is_empty())
                .map(|field| (field, part))
        })
    }
}

/// The document a unit cites for one field. Every part is optional: a blank cell
/// is a part not supplied.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DocumentRef {
    /// Số/ký hiệu, as written.
    pub number: Option<String>,
    /// Ngày ban hành: `dd/mm/yyyy` when it reads as a date, otherwise as written.
    pub date: Option<String>,
    /// Trang/mục, as written.
    pub page: Option<String>,
}

impl DocumentRef {
    /// Stores one part; a date that reads as a date is shown `dd/mm/yyyy`.
    pub(crate) fn set(&mut self, part: DocumentPart, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let slot = match part {
            DocumentPart::Number => &mut self.number,
            DocumentPart::Date => &mut self.date,
            DocumentPart::Page => &mut self.page,
        };
        *slot = Some(match (part, Date::parse(text)) {
            (DocumentPart::Date, Some(date)) => date.to_string(),
            _ => text.to_string(),
        });
    }

    /// The text of one part, if supplied.
    pub(crate) fn get(&self, part: DocumentPart) -> Option<&str> {
        match part {
            DocumentPart::Number => self.number.as_deref(),
            DocumentPart::Date => self.date.as_deref(),
            DocumentPart::Page => self.page.as_deref(),
        }
    }

    /// Whether nothing was supplied.
    pub(crate) fn is_empty(&self) -> bool {
        self.number.is_none() && self.date.is_none() && self.page.is_none()
    }

    /// The parts a complete reference needs but lacks: số/ký hiệu and ngày
    /// (a page is welcome, not required).
    pub(crate) fn missing_parts(&self) -> Vec<DocumentPart> {
        let mut missing = Vec::new();
        if self.number.is_none() {
            missing.push(DocumentPart::Number);
        }
        if self.date.is_none() {
            missing.push(DocumentPart::Date);
        }
        missing
    }

    /// The citation as Vietnamese documents write it: `số 80/KH-STP ngày 18/01/2022, trang 3`.
    pub(crate) fn cite(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = &self.number {
            parts.push(format!("số {n}"));
        }
        if let Some(d) = &self.date {
            parts.push(format!("ngày {d}"));
        }
        let mut text = parts.join(" ");
        if let Some(p) = &self.page {
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&format!("trang {p}"));
        }
        text
    }
}

/// What a unit cited, and failed to cite, for the fields one criterion reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citations {
    /// Documents cited: `Kế hoạch TDTHPL năm số 12/KH-STP ngày 08/01/2024`.
    pub cited: Vec<String>,
    /// Documents lacking a part: `Kế hoạch TDTHPL năm (số/ký hiệu, ngày)`.
    pub lacking: Vec<String>,
}

/// The citations of one unit for `criterion`, over the fields whose document
/// columns the file has (`has_documents`). A document is asked for only where the
/// answer needs one ([`needs_document`]).
pub(crate) fn citations(
    criterion: &Criterion,
    fields: &[EvidenceField],
    values: &[Option<Value>],
    documents: &[DocumentRef],
    has_documents: &[bool],
    lost_points: bool,
) -> Citations {
    let mut out = Citations::default();
    for u in &criterion.evidence {
        if !has_documents.get(u.field).copied().unwrap_or(false) {
            continue;
        }
        let Some(field) = fields.get(u.field) else {
            continue;
        };
        let name = document_name(field);
        let document = documents.get(u.field).cloned().unwrap_or_default();
        if !document.is_empty() {
            push_once(&mut out.cited, format!("{name} {}", document.cite()));
        }
        let value = values.get(u.field).and_then(Option::as_ref);
        let needed = needs_document(value, lost_points);
        let missing = document.missing_parts();
        if needed && !missing.is_empty() {
            let parts: Vec<&str> = missing.iter().map(|p| p.name_vi()).collect();
            push_once(&mut out.lacking, format!("{name} ({})", parts.join(", ")));
        }
    }
    out
}

/// Whether an answer must be proved by a document: one that says something
/// happened (`Có`, a date, a count or amount above 0, some text) always; one that
/// says nothing happened (`Không`, 0) never, since there is no document to cite;
/// a blank answer only when the criterion lost points (a blank date of a request
/// never received needs nothing; a blank date of a request received, or of a
/// report not sent, is what cost the points, so the unit must show or explain).
/// `cchc score`, `score --unit` and `cchc compare` all ask through here, so the
/// explanation, the to-do list and the missing-evidence count agree.
pub(crate) fn needs_document(value: Option<&Value>, lost_points: bool) -> bool {
    match value {
        None => lost_points,
        Some(Value::Bool(happened)) => *happened,
        Some(Value::Integer(n)) => *n > 0,
        Some(Value::Decimal(d)) => *d > rust_decimal::Decimal::ZERO,
        Some(Value::Date(_)) => true,
        Some(Value::Text(t)) => !t.trim().is_empty(),
    }
}

/// Whether a unit's evidence for `criterion` is missing or incomplete: a blank
/// field that cost points, or a document the answer needs
/// ([`needs_document`]) cited without số/ký hiệu or ngày (when the file has
/// document columns). What `cchc compare` counts as lacking evidence.
pub(crate) fn lacks_evidence(
    criterion: &Criterion,
    fields: &[EvidenceField],
    values: &[Option<Value>],
    documents: &[DocumentRef],
    has_documents: &[bool],
    lost_points: bool,
) -> bool {
    let blank_cost_points = criterion.evidence.iter().any(|u| {
        let blank = values.get(u.field).is_some_and(Option::is_none);
        blank && needs_document(None, lost_points)
    });
    blank_cost_points
        || !citations(
            criterion,
            fields,
            values,
            documents,
            has_documents,
            lost_points,
        )
        .lacking
        .is_empty()
}

fn push_once(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_document_columns_only_with_a_field_before_the_suffix() {
        assert_eq!(
            DocumentPart::parse_column("ngay_ban_hanh_ke_hoach__so_hieu"),
            Some(("ngay_ban_hanh_ke_hoach", DocumentPart::Number))
        );
        assert_eq!(
            DocumentPart::parse_column("x__trang"),
            Some(("x", DocumentPart::Page))
        );
        assert_eq!(DocumentPart::parse_column("__ngay"), None);
        assert_eq!(DocumentPart::parse_column("ngay_ban_hanh"), None);
    }

    #[test]
    fn cites_what_was_supplied_and_names_what_is_missing() {
        let mut doc = DocumentRef::default();
        assert!(doc.is_empty());
        assert_eq!(
            doc.missing_parts(),
            [DocumentPart::Number, DocumentPart::Date]
        );
        doc.set(DocumentPart::Number, " 12/KH-STP ");
        doc.set(DocumentPart::Date, "2024-01-08");
        doc.set(DocumentPart::Page, "3");
        assert_eq!(doc.cite(), "số 12/KH-STP ngày 08/01/2024, trang 3");
        assert!(doc.missing_parts().is_empty());
        let mut undated = DocumentRef::default();
        undated.set(DocumentPart::Date, "đầu tháng 1");
        assert_eq!(undated.cite(), "ngày đầu tháng 1");
        assert_eq!(undated.missing_parts(), [DocumentPart::Number]);
    }

    #[test]
    fn only_an_answer_saying_something_happened_needs_its_document() {
        use rust_decimal::Decimal;
        for (value, lost, needed) in [
            (Some(Value::Bool(false)), true, false),
            (Some(Value::Bool(true)), false, true),
            (Some(Value::Integer(0)), true, false),
            (Some(Value::Integer(3)), false, true),
            (Some(Value::Decimal(Decimal::ZERO)), true, false),
            (Some(Value::Text(" ".into())), true, false),
            (None, false, false),
            (None, true, true),
        ] {
            assert_eq!(
                needs_document(value.as_ref(), lost),
                needed,
                "{value:?} {lost}"
            );
        }
    }
}
