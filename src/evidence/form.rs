//! One unit typed from its cells, as a form gives them (column name → text),
//! by the same [`Columns`] as a file's rows: a value a form accepts is the value
//! the same text in an evidence file has.

use super::document::DocumentPart;
use super::grid::{Grid, GridRow};
use super::records::Columns;
use super::{REQUIRED_COLUMNS, UnitRecord};
use crate::error::Error;
use crate::model::{DecimalMark, EvidenceField, Level, RawCell};
use std::collections::BTreeMap;
use std::path::Path;

/// A form's columns, typed once; [`Form::record`] then types each edit.
pub(crate) struct Form<'f> {
    columns: Columns<'f>,
    /// Each column's position in the form's row.
    index: BTreeMap<String, usize>,
}

impl<'f> Form<'f> {
    /// The columns an evidence file of `fields` can have: the required ones,
    /// every field and every field's document-reference parts.
    pub(crate) fn every_column(fields: &[EvidenceField]) -> Vec<String> {
        let mut header: Vec<String> = REQUIRED_COLUMNS.iter().map(|c| c.to_string()).collect();
        header.extend(fields.iter().map(|f| f.id.clone()));
        for field in fields {
            for part in DocumentPart::ALL {
                header.push(format!("{}{}", field.id, part.suffix()));
            }
        }
        header
    }

    /// A form with the columns of `header` (as an evidence file's header row),
    /// its text decimals written with `mark`. `name` names the form in messages.
    pub(crate) fn new(
        name: &Path,
        header: &[String],
        fields: &'f [EvidenceField],
        levels: &'f [Level],
        mark: DecimalMark,
    ) -> Result<Form<'f>, Error> {
        let grid = Grid {
            path: name.to_path_buf(),
            sheet: None,
            fingerprint: String::new(),
            rows: Vec::new(),
            decimal_mark: mark,
            notes: Vec::new(),
        };
        let row = GridRow {
            row: 1,
            cells: header.iter().map(|h| RawCell::Text(h.clone())).collect(),
        };
        let columns = Columns::new(&grid, &row, fields, levels)?;
        let index = columns
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| (crate::text::normalize_id(h).into_owned(), i))
            .collect();
        Ok(Form { columns, index })
    }

    /// For each field, whether the form has a document-reference column for it.
    pub(crate) fn has_documents(&self) -> Vec<bool> {
        self.columns.has_documents()
    }

    /// The unit the `cells` (column name, text) describe, as row 2 of the form;
    /// a column the form does not have is ignored, one not given is blank.
    pub(crate) fn record(&self, cells: &[(&str, &str)]) -> UnitRecord {
        let mut row = GridRow {
            row: 2,
            cells: vec![RawCell::Empty; self.index.len()],
        };
        for (column, text) in cells {
            let text = text.trim();
            if let Some(cell) = self.index.get(*column).and_then(|&i| row.cells.get_mut(i))
                && !text.is_empty()
            {
                *cell = RawCell::Text(text.to_string());
            }
        }
        self.columns.unit(&row, &mut |_| false).0
    }
}
