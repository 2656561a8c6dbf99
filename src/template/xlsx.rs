//! The form as an XLSX workbook: sheet `Minh chứng` (labels, column ids, then
//! [`DATA_ROWS`] rows with data validation: Có/Không lists, dates shown
//! dd/mm/yyyy, whole and decimal numbers, the levels) with frozen header rows and
//! unit columns; sheet `Hướng dẫn` (how to fill it, then every criterion with its
//! maximum, legal basis and the documents that prove it).

use super::{ColumnKind, Template, guides, notes};
use crate::evidence::DocumentPart;
use crate::model::FieldType;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The data sheet's name: the evidence reader takes the one visible sheet holding
/// a `ma_don_vi` header, which is this one (the guide sheet has none).
pub(crate) const DATA_SHEET: &str = "Minh chứng";
/// The instructions sheet's name.
pub(crate) const GUIDE_SHEET: &str = "Hướng dẫn";
/// Rows prepared with validation below the two header rows (one per unit).
pub(crate) const DATA_ROWS: u32 = 500;
/// First data row (0-based): row 3 in Excel.
const FIRST_DATA_ROW: u32 = 2;

/// Renders the workbook. Byte-for-byte deterministic: the creation date is fixed.
pub fn render(template: &Template<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Mẫu minh chứng — {}",
                crate::text::visible(&template.ruleset.title)
            ))
            .set_author("cchc")
            .set_creation_datetime(&created),
    );
    data_sheet(workbook.add_worksheet(), template)?;
    guide_sheet(workbook.add_worksheet(), template)?;
    workbook.save_to_buffer()
}

fn data_sheet(sheet: &mut Worksheet, template: &Template<'_>) -> Result<(), XlsxError> {
    sheet.set_name(DATA_SHEET)?;
    let border = Color::RGB(0xA6A6A6);
    let label = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_border_color(border);
    let id = Format::new()
        .set_text_wrap()
        .set_italic()
        .set_font_size(8)
        .set_font_color(Color::RGB(0x595959))
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border(FormatBorder::Thin)
        .set_border_color(border);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let text = Format::new().set_num_format("@");
    let last_row = FIRST_DATA_ROW + DATA_ROWS - 1;
    sheet.set_row_height(0, 75)?;
    sheet.set_row_height(1, 22)?;
    for (index, column) in template.columns.iter().enumerate() {
        let col = u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_string_with_format(0, col, &column.label, &label)?;
        sheet.write_string_with_format(1, col, &column.id, &id)?;
        let (width, format) = match &column.kind {
            ColumnKind::UnitId => (14.0, Some(&text)),
            ColumnKind::UnitName => (30.0, None),
            ColumnKind::Level(_) | ColumnKind::Year(_) => (9.0, None),
            ColumnKind::Field(f) if template.ruleset.field(*f).ty == FieldType::Date => {
                (14.0, Some(&date))
            }
            ColumnKind::Field(_) => (16.0, None),
            ColumnKind::Document(_, DocumentPart::Date) => (12.0, Some(&date)),
            ColumnKind::Document(_, DocumentPart::Number) => (15.0, Some(&text)),
            ColumnKind::Document(_, DocumentPart::Page) => (10.0, Some(&text)),
        };
        sheet.set_column_width(col, width)?;
        if let Some(format) = format {
            // The two header rows keep their own formats.
            sheet.set_column_format(col, format)?;
        }
        let validation = validation(template, &column.kind)?
            .set_input_title(clip(&column.label, 32))?
            .set_input_message(clip(&column.help, 255))?;
        sheet.add_data_validation(FIRST_DATA_ROW, col, last_row, col, &validation)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 2)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_repeat_rows(0, 1)?;
    Ok(())
}

/// The validation of one column: what Excel refuses to accept in it.
fn validation(template: &Template<'_>, kind: &ColumnKind) -> Result<DataValidation, XlsxError> {
    let reject = |v: DataValidation, message: &str| -> Result<DataValidation, XlsxError> {
        v.set_error_title("Giá trị không hợp lệ")?
            .set_error_message(clip(message, 255))
            .map(|v| v.set_error_style(DataValidationErrorStyle::Stop))
    };
    let any_date = || -> Result<DataValidation, XlsxError> {
        let from = ExcelDateTime::from_ymd(2000, 1, 1)?;
        let to = ExcelDateTime::from_ymd(2100, 12, 31)?;
        reject(
            DataValidation::new().allow_date(DataValidationRule::Between(from, to)),
            "Cần một ngày dd/mm/yyyy, ví dụ 08/01/2024.",
        )
    };
    match kind {
        ColumnKind::UnitId | ColumnKind::UnitName => Ok(DataValidation::new().allow_any_value()),
        ColumnKind::Level(levels) => {
            let codes: Vec<&str> = levels.iter().map(|l| l.code()).collect();
            reject(
                DataValidation::new().allow_list_strings(&codes)?,
                &format!("Cấp phải là {}.", codes.join(", ")),
            )
        }
        ColumnKind::Year(Some(year)) => reject(
            DataValidation::new().allow_whole_number(DataValidationRule::EqualTo(clamp_i32(*year))),
            &format!("Mẫu này dành cho năm đánh giá {year}."),
        ),
        ColumnKind::Year(None) => reject(
            DataValidation::new().allow_whole_number(DataValidationRule::Between(2000, 2100)),
            "Cần năm đánh giá, ví dụ 2024.",
        ),
        ColumnKind::Field(index) => {
            let field = template.ruleset.field(*index);
            let min = field.min.and_then(|d| d.to_i32());
            let max = field.max.and_then(|d| d.to_i32());
            match field.ty {
                FieldType::Bool => reject(
                    DataValidation::new().allow_list_strings(&["Có", "Không"])?,
                    "Chọn Có hoặc Không.",
                ),
                FieldType::Date => any_date(),
                FieldType::Integer => reject(
                    DataValidation::new().allow_whole_number(DataValidationRule::Between(
                        min.unwrap_or(i32::MIN),
                        max.unwrap_or(i32::MAX),
                    )),
                    &format!(
                        "Cần một số nguyên{}.",
                        min.map(|m| format!(" từ {m}")).unwrap_or_default()
                    ),
                ),
                // Excel stores validation bounds as doubles; the evidence itself is
                // read back as exact decimals.
                FieldType::Decimal => reject(
                    DataValidation::new().allow_decimal_number(DataValidationRule::Between(
                        field.min.and_then(|d| d.to_f64()).unwrap_or(-1e15),
                        field.max.and_then(|d| d.to_f64()).unwrap_or(1e15),
                    )),
                    "Cần một số (dấu phẩy thập phân, ví dụ 0,5).",
                ),
                FieldType::Text => Ok(DataValidation::new().allow_any_value()),
            }
        }
        ColumnKind::Document(_, DocumentPart::Date) => any_date(),
        ColumnKind::Document(..) => Ok(DataValidation::new().allow_any_value()),
    }
}

/// The guide sheet: what the form is for, how to fill it, then one row per
/// criterion with its maximum, legal basis and evidence.
fn guide_sheet(sheet: &mut Worksheet, template: &Template<'_>) -> Result<(), XlsxError> {
    sheet.set_name(GUIDE_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let cell = wrap.clone().set_border(FormatBorder::Thin);
    let widths = [8.0, 34.0, 10.0, 42.0, 70.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = guide_notes(sheet, template, &widths, &title, &wrap)?;
    row += 1;
    let table_head = guide_table(sheet, template, row, &widths, &head, &cell)?;
    sheet.set_freeze_panes(table_head + 1, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The guide's title, scope (ruleset, fingerprint, year, level) and numbered
/// notes; the row after the last note.
fn guide_notes(
    sheet: &mut Worksheet,
    template: &Template<'_>,
    widths: &[f64; 5],
    title: &Format,
    wrap: &Format,
) -> Result<u32, XlsxError> {
    let ruleset = template.ruleset;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Hướng dẫn điền minh chứng — {}",
            crate::text::visible(&ruleset.title)
        ),
        title,
    )?;
    let scope = format!(
        "Bộ tiêu chí {} ({}); vân tay {}…; {}; {}.",
        ruleset.id,
        ruleset.years_label(),
        ruleset
            .fingerprint
            .get(..12)
            .unwrap_or(&ruleset.fingerprint),
        template
            .year
            .map_or("năm đánh giá: ghi ở cột nam".to_string(), |y| format!(
                "năm đánh giá {y}"
            )),
        template
            .level
            .map_or("mọi cấp".to_string(), |l| l.name_vi().to_string()),
    );
    sheet.write_string(1, 0, scope)?;
    let mut row = 3;
    for (n, note) in notes(template).iter().enumerate() {
        let text = format!("{}. {}", n + 1, crate::text::visible(note));
        sheet.merge_range(row, 0, row, 4, &text, wrap)?;
        sheet.set_row_height(row, row_height(&[(&text, widths.iter().sum())]))?;
        row += 1;
    }
    Ok(row)
}

/// The criteria table from `row`: its header, then one row per criterion, each
/// tall enough for its wrapped cells. The header's row, to freeze below it.
fn guide_table(
    sheet: &mut Worksheet,
    template: &Template<'_>,
    mut row: u32,
    widths: &[f64; 5],
    head: &Format,
    cell: &Format,
) -> Result<u32, XlsxError> {
    let header = [
        "Tiêu chí",
        "Nội dung",
        "Điểm tối đa",
        "Căn cứ pháp lý",
        "Minh chứng (mã cột: nội dung; văn bản chứng minh)",
    ];
    for (col, text) in header.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, head)?;
    }
    let table_head = row;
    for guide in guides(template) {
        row += 1;
        let max = if guide.sample_choice {
            format!("{} (mẫu)", guide.max)
        } else {
            guide.max.clone()
        };
        let cells = [
            guide.id.clone(),
            guide.title.clone(),
            max,
            guide.legal_basis.join("\n"),
            guide.evidence.join("\n"),
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, cell)?;
        }
        let sized: Vec<(&str, f64)> = cells
            .iter()
            .zip(*widths)
            .map(|(t, w)| (t.as_str(), w))
            .collect();
        sheet.set_row_height(row, row_height(&sized))?;
    }
    Ok(table_head)
}

/// A row tall enough for its wrapped cells: neither Excel nor LibreOffice grows a
/// row written by a library, so the height is estimated from the text and the
/// column widths (about one character per width unit, 15 points per line).
fn row_height(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.1).max(1.0);
            text.split('\n')
                .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    15.0 * lines
}

/// At most `limit` UTF-16 units (Excel's limits on validation titles and messages).
fn clip(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > limit {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out
}

fn clamp_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(if value < 0 { i32::MIN } else { i32::MAX })
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clips_to_excel_limits_without_splitting_characters() {
        assert_eq!(clip("Ngày ban hành", 4), "Ngày");
        assert_eq!(clip("ab", 32), "ab");
        assert_eq!(clip("", 3), "");
    }
}
