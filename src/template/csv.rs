//! The form as CSV the way Excel writes it on a Vietnamese Windows: UTF-8 with a
//! BOM, `;`, CRLF. Row 1 labels, row 2 column ids; no unit rows.

use super::Template;

/// Renders the form's two header rows.
pub fn render(template: &Template<'_>) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    // Writing to a Vec cannot fail.
    // A label from the rule file is text in the sheet, never a formula.
    let _ = writer.write_record(
        template
            .columns
            .iter()
            .map(|c| crate::report::neutralize_formula(&c.label).into_owned()),
    );
    let _ = writer.write_record(template.columns.iter().map(|c| c.id.as_str()));
    writer.into_inner().unwrap_or_default()
}
