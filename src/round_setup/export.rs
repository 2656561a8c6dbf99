//! A round's evidence out: the file `cchc score` reads (CSV, or XLSX for the
//! people who open it in Excel), which scores to the very report the server
//! shows.

use crate::error::Error;
use crate::evidence::document::DocumentPart;
use crate::model::{REQUIRED_COLUMNS, YEAR_COLUMN};
use crate::output::csv::{CsvStyle, write_record};
use crate::store::{Store, Unit};
use std::collections::BTreeMap;

/// The header and the rows of the `year` round's evidence: `ma_don_vi`,
/// `ten_don_vi`, `cap`, `nam`, every field of the round's ruleset in rule-file
/// order, then each field's document columns; one row per unit of the round,
/// in the order they were added; cells as stored (Vietnamese spelling).
fn evidence_rows(store: &Store, year: i64) -> Result<(Vec<String>, Vec<Vec<String>>), Error> {
    evidence_rows_of(store, year, &|unit| {
        Ok(store.cells(year, &unit.ma_don_vi)?.into_iter().collect())
    })
}

/// A unit's cells by column.
pub type CellsOf<'a> = dyn Fn(&Unit) -> Result<BTreeMap<String, String>, Error> + 'a;

/// [`evidence_rows`] with each unit's cells from `cells_of`.
fn evidence_rows_of(
    store: &Store,
    year: i64,
    cells_of: &CellsOf<'_>,
) -> Result<(Vec<String>, Vec<Vec<String>>), Error> {
    let rules = store.round(year)?.rules()?;
    let fields = &rules.ruleset.fields;
    let mut header: Vec<String> = REQUIRED_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.push(YEAR_COLUMN.to_string());
    header.extend(fields.iter().map(|f| f.id.clone()));
    for field in fields {
        header.extend(DocumentPart::ALL.iter().map(|p| p.column(&field.id)));
    }
    let mut rows = Vec::new();
    for unit in store.units(year)? {
        let cells = cells_of(&unit)?;
        let mut row = vec![
            unit.ma_don_vi.clone(),
            unit.ten_don_vi.clone(),
            unit.cap.code().to_string(),
            year.to_string(),
        ];
        for column in header.iter().skip(row.len()) {
            row.push(cells.get(column).cloned().unwrap_or_default());
        }
        rows.push(row);
    }
    Ok((header, rows))
}

/// The `year` round's evidence as the CSV `cchc score` reads (`;`, CRLF,
/// decimal commas).
pub fn export_evidence_csv(store: &Store, year: i64) -> Result<Vec<u8>, Error> {
    csv_of(evidence_rows(store, year)?)
}

/// The `year` round's evidence as [`export_evidence_csv`] writes it, each
/// unit's cells from `cells_of` (the appraised evidence of a publication).
pub fn evidence_csv_of(store: &Store, year: i64, cells_of: &CellsOf<'_>) -> Result<Vec<u8>, Error> {
    csv_of(evidence_rows_of(store, year, cells_of)?)
}

fn csv_of((header, rows): (Vec<String>, Vec<Vec<String>>)) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    write_record(&mut out, CsvStyle::EXCEL_VI, &header);
    for row in &rows {
        write_record(&mut out, CsvStyle::EXCEL_VI, row);
    }
    Ok(out)
}

/// The same as an Excel workbook: one sheet, every cell text (so `0,5` and
/// `08/01/2024` stay as typed), the header frozen.
pub fn export_evidence_xlsx(store: &Store, year: i64) -> Result<Vec<u8>, Error> {
    let (header, rows) = evidence_rows(store, year)?;
    let failed = |e: rust_xlsxwriter::XlsxError| {
        Error::Usage(format!(
            "không ghi được sổ Excel / could not build the workbook: {e}"
        ))
    };
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(format!("minh_chung_{year}"))
        .map_err(failed)?;
    for (r, row) in std::iter::once(&header).chain(rows.iter()).enumerate() {
        let r =
            u32::try_from(r).map_err(|_| Error::Usage("quá nhiều dòng / too many rows".into()))?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c)
                .map_err(|_| Error::Usage("quá nhiều cột / too many columns".into()))?;
            if !cell.is_empty() {
                sheet.write_string(r, c, cell).map_err(failed)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}
