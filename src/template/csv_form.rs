//! The form as CSV the way Excel writes it on a Vietnamese Windows: UTF-8 with a
//! BOM, `;`, CRLF. Row 1 labels, row 2 column ids; no unit rows.

use super::Template;
use crate::output::csv::{CsvStyle, neutralize_formula, write_record};

/// Renders the form's two header rows.
pub fn render(template: &Template<'_>) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    // A label from the rule file is text in the sheet, never a formula.
    let labels = template
        .columns
        .iter()
        .map(|c| neutralize_formula(&c.label).into_owned());
    write_record(&mut out, CsvStyle::EXCEL_VI, labels);
    write_record(
        &mut out,
        CsvStyle::EXCEL_VI,
        template.columns.iter().map(|c| c.id.as_str()),
    );
    out
}
