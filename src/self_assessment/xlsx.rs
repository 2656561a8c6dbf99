//! The comparison as a workbook for the appraisal file: sheet `Tổng hợp` (one row
//! per unit) and sheet `Chi tiết` (one row per unit × criterion).

use super::comparison::Comparison;
use super::render::ids;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Renders the workbook, deterministically (fixed creation date).
pub fn render(cmp: &Comparison<'_, '_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("So sánh điểm tự chấm và điểm thẩm định")
            .set_author("cchc")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    summary(workbook.add_worksheet(), cmp)?;
    detail(workbook.add_worksheet(), cmp)?;
    workbook.save_to_buffer()
}

/// Excel cells hold doubles; the figures are exact decimals of two places, which
/// a double shows exactly to that precision.
fn number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Decimal>,
) -> Result<(), XlsxError> {
    let points = Format::new().set_num_format("0.00");
    if let Some(v) = value.and_then(|d| d.to_f64()) {
        sheet.write_number_with_format(row, col, v, &points)?;
    }
    Ok(())
}

/// Text from the inputs (ids, names, titles, reasons, explanations): no control
/// character, and a leading `=` is text, never a formula.
fn text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    crate::report::xlsx::text_cell(sheet, (row, col), value, format)
}

fn header(sheet: &mut Worksheet, names: &[(&str, f64)]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_text_wrap();
    for (col, (name, width)) in names.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn summary(sheet: &mut Worksheet, cmp: &Comparison<'_, '_>) -> Result<(), XlsxError> {
    sheet.set_name("Tổng hợp")?;
    header(
        sheet,
        &[
            ("Mã đơn vị", 12.0),
            ("Tên đơn vị", 30.0),
            ("Cấp", 6.0),
            ("Tự chấm", 9.0),
            ("Thẩm định", 9.0),
            ("Tối đa", 8.0),
            ("Chênh lệch", 9.0),
            ("Số tiêu chí bị trừ", 9.0),
            ("Thiếu minh chứng, chưa giải trình", 20.0),
            ("Chưa tự chấm", 14.0),
        ],
    )?;
    let plain = Format::new();
    for (i, u) in cmp.units.iter().enumerate() {
        let row = i as u32 + 1;
        text(sheet, row, 0, &u.id, &plain)?;
        text(sheet, row, 1, &u.name, &plain)?;
        sheet.write_string(row, 2, u.level.map(|l| l.code()).unwrap_or(""))?;
        number(sheet, row, 3, u.has_counted().then_some(u.self_total))?;
        number(sheet, row, 4, Some(u.appraised_total))?;
        number(sheet, row, 5, Some(u.max))?;
        number(sheet, row, 6, u.difference())?;
        sheet.write_number(row, 7, u.cut().count() as f64)?;
        sheet.write_string(row, 8, ids(u.unexplained()))?;
        sheet.write_string(row, 9, ids(u.not_self_scored()))?;
    }
    Ok(())
}

fn detail(sheet: &mut Worksheet, cmp: &Comparison<'_, '_>) -> Result<(), XlsxError> {
    sheet.set_name("Chi tiết")?;
    header(
        sheet,
        &[
            ("Mã đơn vị", 12.0),
            ("Tiêu chí", 8.0),
            ("Nội dung", 30.0),
            ("Tự chấm", 9.0),
            ("Thẩm định", 9.0),
            ("Tối đa", 8.0),
            ("Chênh lệch", 9.0),
            ("Trạng thái", 14.0),
            ("Lý do", 80.0),
            ("Thiếu minh chứng", 9.0),
            ("Giải trình", 40.0),
        ],
    )?;
    let (plain, wrap) = (Format::new(), Format::new().set_text_wrap());
    let mut row = 0;
    for u in &cmp.units {
        for c in &u.criteria {
            row += 1;
            text(sheet, row, 0, &u.id, &plain)?;
            text(sheet, row, 1, &c.id, &plain)?;
            text(sheet, row, 2, &c.title, &plain)?;
            number(sheet, row, 3, c.self_points)?;
            number(sheet, row, 4, c.appraised)?;
            number(sheet, row, 5, c.max)?;
            number(sheet, row, 6, c.difference)?;
            sheet.write_string(row, 7, c.status.code())?;
            text(sheet, row, 8, &super::render::reason_with_claim(c), &wrap)?;
            sheet.write_string(row, 9, if c.lacks_evidence { "Có" } else { "Không" })?;
            text(
                sheet,
                row,
                10,
                c.explanation.as_deref().unwrap_or(""),
                &plain,
            )?;
        }
    }
    Ok(())
}
