//! Writing the workbook's cells safely: text that a spreadsheet would take for a
//! formula gets Excel's quote prefix (a style, so the cell still reads exactly as
//! written), and points are numbers, never text.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// Whether a spreadsheet could run `text` as a formula when it is typed, pasted
/// or re-imported (the same prefixes as [`crate::output::csv::neutralize_formula`]).
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The formats of the report's cells.
pub(crate) struct Formats {
    /// Plain text.
    pub text: Format,
    /// Wrapped text (explanations, citations).
    pub wrap: Format,
    /// Column headings.
    pub heading: Format,
    /// The sheet title.
    pub title: Format,
    /// A section heading inside a sheet (a level's name).
    pub section: Format,
    /// Points and percentages: two decimals.
    pub number: Format,
}

impl Formats {
    /// The report's formats.
    pub(crate) fn new() -> Formats {
        Formats {
            text: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            heading: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            section: Format::new().set_bold().set_font_size(12),
            number: Format::new()
                .set_num_format("0.00")
                .set_align(FormatAlign::Top),
        }
    }
}

/// Writes `value` as text in `format`, with the quote prefix when it looks like a
/// formula.
pub(crate) fn text(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    // Every text reads as every other report shows it: no control characters
    // (which XML cannot even hold) and no line break inside a name.
    let value = &*crate::text::visible(value);
    if looks_like_formula(value) {
        sheet.write_string_with_format(row, col, value, &format.clone().set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, col, value, format)?;
    }
    Ok(())
}

/// Writes a decimal as a number shown with two decimals. Excel stores IEEE
/// doubles; the decimal is converted from its exact text form at this edge, so the
/// cell holds the double nearest the published figure (`0.15`, not `0.1499…`).
/// Nothing is written for `None`.
pub(crate) fn number(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    value: Option<Decimal>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    if let Some(v) = value.and_then(|d| d.to_string().parse::<f64>().ok()) {
        sheet.write_number_with_format(row, col, v, &formats.number)?;
    }
    Ok(())
}

/// A row of column headings with their widths, frozen above the data.
pub(crate) fn headings(
    sheet: &mut Worksheet,
    row: u32,
    names: &[(&str, f64)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in names.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| XlsxError::RowColumnLimitError)?;
        text(sheet, (row, col), name, &formats.heading)?;
        sheet.set_column_width(col, *width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_are_recognised() {
        for t in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(t), "{t:?}");
        }
        for t in ["Sở Tư pháp", "1", "", " =1", "'=1"] {
            assert!(!looks_like_formula(t), "{t:?}");
        }
    }
}
