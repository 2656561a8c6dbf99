//! From a grid of cells to units: finding the header row, naming the columns
//! (required, year, evidence fields, document references, unknown) and typing each
//! unit's row. Shared by CSV and XLSX, so both report the same problems.

use super::cell::{RawCell, type_cell_in};
use super::document::{DocumentPart, DocumentRef};
use super::grid::{DecimalMark, Grid, GridRow};
use super::headers::{self, KnownNames};
use super::ids::CaseCheck;
use super::{CellProblem, CellRef, EvidenceSet, UnitRecord};
use crate::error::Error;
use crate::level::Level;
use crate::ruleset::EvidenceField;
use crate::text::{normalize_id, normalize_name, visible};
use std::collections::{BTreeMap, HashSet};

/// Columns every evidence file must have.
pub const REQUIRED_COLUMNS: [&str; 3] = ["ma_don_vi", "ten_don_vi", "cap"];
/// Optional column holding the assessment year.
pub const YEAR_COLUMN: &str = "nam";
/// How far down the header row is looked for: titles, a row of Vietnamese labels
/// or merged group headings may stand above it.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// Finds the header row among the first [`HEADER_SEARCH_ROWS`] non-blank rows: the
/// one naming the most of `known` (ties: the first). Rows above it are a preamble.
/// Without any known name, the first non-blank row is the header, and the caller
/// reports what it lacks.
#[cfg(test)]
pub fn header_index(rows: &[GridRow], known: &dyn Fn(&str) -> bool) -> Option<usize> {
    header_index_weighted(rows, &|h| usize::from(known(h)))
}

/// [`header_index`] with a weight per cell: the row whose cells weigh most.
pub fn header_index_weighted(rows: &[GridRow], weight: &dyn Fn(&str) -> usize) -> Option<usize> {
    let candidates = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .take(HEADER_SEARCH_ROWS);
    let mut best: Option<(usize, usize)> = None;
    for (index, row) in candidates {
        let hits: usize = row.cells.iter().map(|c| weight(&c.text())).sum();
        if best.is_none_or(|(_, most)| hits > most) {
            best = Some((index, hits));
        }
    }
    best.map(|(index, _)| index)
}

/// The header's names (trimmed), refusing a name written twice (in time linear
/// in the number of columns).
pub fn header_names(grid: &Grid, header: &GridRow) -> Result<Vec<String>, Error> {
    let headers: Vec<String> = header.cells.iter().map(RawCell::text).collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(h.as_str()) {
            let h = visible(h);
            return Err(grid_error(
                grid,
                format!(
                    "cột '{h}' xuất hiện hai lần (cột {} và {}); không biết đọc cột nào / column '{h}' appears twice (columns {} and {}): ambiguous",
                    first + 1,
                    index + 1,
                    first + 1,
                    index + 1
                ),
            ));
        }
        seen.insert(h, index);
    }
    Ok(headers)
}

/// The header row (the first rows' best match for `names`) and its names; errs when
/// the file is empty or lacks one of the `required` columns. A header that names
/// one of `names` only loosely (`Ma_Don_Vi`, `Điểm tự chấm`, `diem-tu-cham`, a
/// no-break space: see [`super::headers::header_key`]) is read as that name, with
/// a warning (the third value), never dropped for a typo.
pub fn header_with(
    grid: &Grid,
    names: &[&str],
    required: &[&str],
) -> Result<(usize, Vec<String>, Vec<String>), Error> {
    let loose: Vec<(String, &str)> = names
        .iter()
        .map(|n| (super::headers::header_key(n), *n))
        .collect();
    let matched = |h: &str| -> Option<&str> {
        if let Some(exact) = names.iter().find(|n| **n == h) {
            return Some(exact);
        }
        let key = super::headers::header_key(h);
        let mut hits = loose.iter().filter(|(k, _)| *k == key);
        match (hits.next(), hits.next()) {
            (Some((_, name)), None) => Some(name),
            _ => None,
        }
    };
    let weight = |h: &str| match matched(h) {
        Some(name) if name == h => 2,
        Some(_) => 1,
        None => 0,
    };
    let Some((at, header)) =
        header_index_weighted(&grid.rows, &weight).and_then(|at| Some((at, grid.rows.get(at)?)))
    else {
        return Err(grid_error(grid, "tệp rỗng / the file is empty".into()));
    };
    let written = header_names(grid, header)?;
    let place = super::headers::place(grid);
    let mut warnings = Vec::new();
    let headers: Vec<String> = written
        .iter()
        .enumerate()
        .map(|(col, h)| match matched(h) {
            Some(name) if name != h => {
                let shown = visible(h);
                warnings.push(format!(
                    "{place}: cột {} '{shown}' được đọc là '{name}' (khác chữ hoa/thường, dấu hoặc dấu nối); hãy sửa tiêu đề / column {} '{shown}' is read as '{name}' (it differs in case, diacritics or separators); correct the header",
                    col + 1,
                    col + 1
                ));
                name.to_string()
            }
            _ => h.clone(),
        })
        .collect();
    // Linear in the number of columns (a header may be 100,000 cells wide).
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let repeat = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .find(|&(i, h)| *seen.entry(h.as_str()).or_insert(i) != i)
        .map(|(i, _)| i);
    if let Some(col) = repeat {
        let cell =
            |names: &[String]| visible(names.get(col).map_or("", String::as_str)).into_owned();
        let h = cell(&headers);
        return Err(grid_error(
            grid,
            format!(
                "cột {} '{}' lặp lại cột '{h}' (khi bỏ qua chữ hoa/thường và dấu); không biết đọc cột nào / column {} '{}' repeats column '{h}' (ignoring case and diacritics): ambiguous",
                col + 1,
                cell(&written),
                col + 1,
                cell(&written)
            ),
        ));
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(grid_error(
            grid,
            format!(
                "thiếu cột bắt buộc {} (dòng tiêu đề có: {}) / missing required column(s) {}",
                missing.join(", "),
                super::headers::quote_headers(&written),
                missing.join(", ")
            ),
        ));
    }
    Ok((at, headers, warnings))
}

/// A file-level problem, naming the sheet of a workbook; whatever text of the
/// file it quotes is shown safely ([`visible`]).
pub fn grid_error(grid: &Grid, message: String) -> Error {
    let message = match &grid.sheet {
        Some(sheet) => format!("trang tính/sheet '{sheet}': {message}"),
        None => message,
    };
    let message = visible(&message).into_owned();
    Error::Evidence {
        path: grid.path.clone(),
        message,
    }
}

/// Types the units of an evidence grid against `fields`.
///
/// File-level problems (no header, missing required columns, mixed years) are an
/// [`Error`]; cell and row problems are recorded on the unit, which stays in the set.
pub fn evidence_from_grid(
    grid: Grid,
    fields: &[EvidenceField],
    levels: &[Level],
) -> Result<EvidenceSet, Error> {
    let header_at = find_header(&grid, fields)?;
    let Some((header, data)) = grid
        .rows
        .get(header_at..)
        .and_then(<[GridRow]>::split_first)
    else {
        return Err(grid_error(&grid, "tệp rỗng / the file is empty".into()));
    };
    let layout = Columns::new(&grid, header, fields, levels)?;
    let mut seen = HashSet::new();
    let mut cases = CaseCheck::default();
    let mut years = YearCheck::default();
    let mut units = Vec::new();
    for record in data.iter().filter(|r| !r.is_blank()) {
        let (unit, year) = layout.unit(record, &mut |id| !seen.insert(id.to_string()));
        cases.see(&unit.id, unit.row);
        if let Some(year) = year {
            years
                .see(year, unit.row)
                .map_err(|m| grid_error(&grid, m))?;
        }
        units.push(unit);
    }
    if units.is_empty() {
        return Err(grid_error(&grid, no_units()));
    }
    let has_documents = layout.has_documents();
    let mut warnings = layout.warnings;
    warnings.extend(cases.warnings(&headers::place(&grid)));
    Ok(EvidenceSet {
        path: grid.path,
        sheet: grid.sheet,
        year: years.year(),
        has_documents,
        headers: layout.headers,
        field_columns: layout.field_columns,
        units,
        warnings,
        fingerprint: grid.fingerprint,
    })
}

/// Why a file with a header and no unit is refused.
pub fn no_units() -> String {
    "tệp chỉ có dòng tiêu đề, không có đơn vị nào / the file has a header but no unit rows".into()
}

/// The index of the header row among `grid`'s rows: the first rows' best match
/// for the names `fields` give, a name written exactly weighing more than one
/// matched loosely (see [`headers`]), so a row of `MA_DON_VI`-style labels above
/// the real header is not taken for it.
pub fn find_header(grid: &Grid, fields: &[EvidenceField]) -> Result<usize, Error> {
    let names = KnownNames::new(fields);
    let weight = |h: &str| names.weight(h);
    header_index_weighted(&grid.rows, &weight)
        .ok_or_else(|| grid_error(grid, "tệp rỗng / the file is empty".into()))
}

/// What the header says about every data row: which column holds what. Built
/// once per file, then applied to each row, whether the rows are all in memory
/// or streamed.
pub struct Columns<'f> {
    fields: &'f [EvidenceField],
    levels: &'f [Level],
    path: std::path::PathBuf,
    sheet: Option<String>,
    /// Header cells, as written.
    pub headers: Vec<String>,
    /// For each field, its column.
    pub field_columns: Vec<Option<usize>>,
    /// (column, field index, part) of every document reference column.
    document_columns: Vec<(usize, usize, DocumentPart)>,
    /// Unknown, missing and loosely matched columns.
    pub warnings: Vec<String>,
    /// How the file's text cells write decimals.
    decimal_mark: DecimalMark,
    id_col: usize,
    name_col: usize,
    level_col: usize,
    year_col: Option<usize>,
}

impl<'f> Columns<'f> {
    /// The layout given by `header`, a row of `grid` (whose other rows are not read).
    pub fn new(
        grid: &Grid,
        header: &GridRow,
        fields: &'f [EvidenceField],
        levels: &'f [Level],
    ) -> Result<Columns<'f>, Error> {
        let known = KnownNames::new(fields);
        let header = headers::resolve(grid, header, &known)?;
        let columns = header.known_columns(&known);
        let column_of = |name: &str| columns.get(name).copied();
        let field_columns: Vec<Option<usize>> = fields.iter().map(|f| column_of(&f.id)).collect();
        let field_index: BTreeMap<&str, usize> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i))
            .collect();
        let document_columns = header
            .names
            .iter()
            .enumerate()
            .filter_map(|(col, h)| {
                let (field, part) = DocumentPart::parse_column(h)?;
                let index = *field_index.get(field)?;
                Some((col, index, part))
            })
            .collect();
        let year_col = column_of(YEAR_COLUMN);
        let (id_col, name_col, level_col) = (
            column_of("ma_don_vi").unwrap_or(0),
            column_of("ten_don_vi").unwrap_or(0),
            column_of("cap").unwrap_or(0),
        );
        drop(columns);
        // What the reader chose first (which sheet, and why), then the columns.
        let mut warnings: Vec<String> = grid
            .notes
            .iter()
            .map(|n| format!("{}: {n}", grid.path.display()))
            .collect();
        warnings.extend(header.warnings);
        if !fields.is_empty() && field_columns.iter().all(Option::is_none) {
            return Err(grid_error(grid, no_field_column(fields)));
        }
        warnings.extend(missing_warnings(grid, fields, &field_columns));
        let headers = header.written;
        Ok(Columns {
            fields,
            levels,
            path: grid.path.clone(),
            sheet: grid.sheet.clone(),
            id_col,
            name_col,
            level_col,
            year_col,
            headers,
            field_columns,
            document_columns,
            warnings,
            decimal_mark: grid.decimal_mark,
        })
    }

    /// The 0-based column of `ma_don_vi`.
    pub fn id_column(&self) -> usize {
        self.id_col
    }

    /// For each field, whether the file has a document-reference column for it.
    pub fn has_documents(&self) -> Vec<bool> {
        let mut has = vec![false; self.fields.len()];
        for &(_, field_index, _) in &self.document_columns {
            if let Some(has) = has.get_mut(field_index) {
                *has = true;
            }
        }
        has
    }

    /// Where each field's cells are, for messages found after typing.
    pub fn cell_locator(&self) -> super::CellLocator {
        super::CellLocator::new(
            self.path.clone(),
            self.sheet.clone(),
            self.headers.clone(),
            self.field_columns.clone(),
        )
    }

    fn cell_ref(&self, row: usize, column: usize) -> CellRef {
        CellRef {
            file: self.path.clone(),
            sheet: self.sheet.clone(),
            row,
            column: column + 1,
            header: self.headers.get(column).cloned().unwrap_or_default(),
        }
    }

    /// Types one data row. `is_duplicate` is asked whether the unit's id came
    /// before (and remembers it). Also returns the row's `nam`, when it has one.
    pub fn unit(
        &self,
        record: &impl RowCells,
        is_duplicate: &mut dyn FnMut(&str) -> bool,
    ) -> (UnitRecord, Option<i64>) {
        let row = record.row();
        let text = |col: usize| record.text(col);
        let fields = self.fields;
        let mut unit = UnitRecord {
            row,
            id: normalize_id(&text(self.id_col)).into_owned(),
            name: normalize_name(&text(self.name_col)),
            level: None,
            values: vec![None; fields.len()],
            documents: vec![DocumentRef::default(); fields.len()],
            problems: Vec::new(),
        };
        let unit_problem = |col: usize, message: String| CellProblem {
            field: None,
            cell: self.cell_ref(row, col),
            message,
        };
        // The header row again (two files pasted together): one plain problem
        // instead of a cell error per column; the row stays in every output.
        let written = |col: usize| self.headers.get(col).map_or("", String::as_str);
        if !unit.id.is_empty()
            && unit.id == normalize_id(written(self.id_col))
            && text(self.level_col) == written(self.level_col).trim()
        {
            let p = unit_problem(
                self.id_col,
                "dòng này lặp lại dòng tiêu đề (hai tệp dán nối nhau?); hãy xóa dòng / this row repeats the header row (two files pasted together?); delete it".into(),
            );
            unit.problems.push(p);
            return (unit, None);
        }
        let headers = self.headers.len();
        // A sheet's rows end at their last cell: only a CSV row's width means anything.
        if self.sheet.is_none() && record.width() != headers {
            let cells = record.width();
            let p = unit_problem(
                0,
                format!(
                    "dòng có {cells} ô nhưng tiêu đề có {headers} cột (kiểm tra dấu phân cách) / row has {cells} cells but the header has {headers} columns (check the delimiter)"
                ),
            );
            unit.problems.push(p);
        }
        if unit.id.is_empty() {
            let p = unit_problem(self.id_col, "mã đơn vị trống / the unit id is blank".into());
            unit.problems.push(p);
            unit.id = format!("(dòng {row})");
        } else if is_duplicate(&unit.id) {
            let id = visible(&unit.id);
            let p = unit_problem(
                self.id_col,
                format!("mã đơn vị '{id}' trùng với một dòng trước / duplicate unit id '{id}'"),
            );
            unit.problems.push(p);
        }
        match level_problem(&text(self.level_col), self.levels) {
            Ok(level) => unit.level = Some(level),
            Err(message) => unit.problems.push(unit_problem(self.level_col, message)),
        }
        let mut year = None;
        if let Some(col) = self.year_col {
            let raw = text(col);
            match raw.parse::<i64>() {
                Ok(y) => year = Some(y),
                Err(_) if raw.is_empty() => {}
                Err(_) => {
                    let p = unit_problem(
                        col,
                        format!("năm '{raw}' không hợp lệ / invalid year '{raw}'"),
                    );
                    unit.problems.push(p);
                }
            }
        }
        for (field_index, (field, column)) in fields.iter().zip(&self.field_columns).enumerate() {
            let Some(col) = *column else { continue };
            match record.typed(col, field, self.decimal_mark) {
                Ok(value) => {
                    if let Some(slot) = unit.values.get_mut(field_index) {
                        *slot = value;
                    }
                }
                Err(message) => unit.problems.push(CellProblem {
                    field: Some(field_index),
                    cell: self.cell_ref(row, col),
                    message,
                }),
            }
        }
        for &(col, field_index, part) in &self.document_columns {
            if let Some(document) = unit.documents.get_mut(field_index) {
                document.set(part, &text(col));
            }
        }
        (unit, year)
    }
}

/// A data row as [`Columns::unit`] reads it: a row of a grid read whole, or a CSV
/// record read by the stream without copying each cell.
pub trait RowCells {
    /// 1-based row in the file.
    fn row(&self) -> usize;
    /// The number of cells.
    fn width(&self) -> usize;
    /// The cell's text, trimmed (blank past the end of the row).
    fn text(&self, col: usize) -> std::borrow::Cow<'_, str>;
    /// The cell typed against `field`, in a file whose decimals take `mark`.
    fn typed(
        &self,
        col: usize,
        field: &EvidenceField,
        mark: DecimalMark,
    ) -> Result<Option<super::Value>, String>;
}

impl RowCells for GridRow {
    fn row(&self) -> usize {
        self.row
    }

    fn width(&self) -> usize {
        self.cells.len()
    }

    fn text(&self, col: usize) -> std::borrow::Cow<'_, str> {
        match self.cell(col) {
            RawCell::Text(t) => t.trim().into(),
            other => other.text().into(),
        }
    }

    fn typed(
        &self,
        col: usize,
        field: &EvidenceField,
        mark: DecimalMark,
    ) -> Result<Option<super::Value>, String> {
        type_cell_in(self.cell(col), field, Some(mark))
    }
}

/// The one assessment year of the `nam` column: the first year written, and an
/// error at the first row that writes another.
#[derive(Default)]
pub struct YearCheck {
    first: Option<i64>,
}

impl YearCheck {
    /// Records row `row`'s year.
    pub fn see(&mut self, year: i64, row: usize) -> Result<(), String> {
        match self.first {
            None => {
                self.first = Some(year);
                Ok(())
            }
            Some(first) if first == year => Ok(()),
            Some(first) => Err(format!(
                "cột 'nam' có nhiều năm ({first} và {year} ở dòng {row}); mỗi tệp chỉ một năm đánh giá / the 'nam' column mixes years ({first} and {year} at row {row}); one assessment year per file"
            )),
        }
    }

    /// The year, if any row wrote one.
    pub fn year(&self) -> Option<i64> {
        self.first
    }
}

/// Why a header that names none of the ruleset's evidence fields is refused: every
/// unit would lack every field and score zero, which is a wrong file or a header
/// row in another language, never a result.
fn no_field_column(fields: &[EvidenceField]) -> String {
    const SHOWN: usize = 8;
    let mut ids: Vec<String> = fields
        .iter()
        .take(SHOWN)
        .map(|f| format!("'{}'", f.id))
        .collect();
    if fields.len() > SHOWN {
        ids.push(format!("… ({})", fields.len()));
    }
    let ids = ids.join(", ");
    format!(
        "dòng tiêu đề không có cột minh chứng nào của bộ tiêu chí (cần ít nhất một trong: {ids}); mọi đơn vị sẽ bị 0 điểm, nên tệp bị từ chối / the header row names none of the ruleset's evidence fields (expected some of: {ids}); every unit would score zero, so the file is refused"
    )
}

/// Absent field columns, each a warning naming the file.
fn missing_warnings(
    grid: &Grid,
    fields: &[EvidenceField],
    field_columns: &[Option<usize>],
) -> Vec<String> {
    let place = headers::place(grid);
    let mut warnings = Vec::new();
    for (field, column) in fields.iter().zip(field_columns) {
        if column.is_none() {
            warnings.push(format!(
                "{place}: thiếu cột '{}' ({}): mọi đơn vị coi như không có minh chứng này / column '{}' is missing: every unit lacks this evidence",
                field.id, field.label, field.id
            ));
        }
    }
    warnings
}

/// The unit's level, or why the cell is not one this ruleset scores.
fn level_problem(raw: &str, levels: &[Level]) -> Result<Level, String> {
    let parsed = Level::parse(raw);
    if let Some(level) = parsed.filter(|l| levels.contains(l)) {
        return Ok(level);
    }
    let allowed: Vec<&str> = levels.iter().map(|l| l.code()).collect();
    match parsed {
        Some(level) => Err(format!(
            "cấp '{level}' không được chấm trong bộ tiêu chí này (chỉ {}) / level '{level}' is not scored by this ruleset (only {})",
            allowed.join(", "),
            allowed.join(", ")
        )),
        None => Err(format!(
            "cấp '{raw}' không hợp lệ, cần so, huyen hoặc xa / invalid level '{raw}', expected so, huyen or xa"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(row: usize, cells: &[&str]) -> GridRow {
        GridRow {
            row,
            cells: cells.iter().map(|c| RawCell::Text(c.to_string())).collect(),
        }
    }

    #[test]
    fn header_is_the_row_naming_most_known_columns() {
        let known = |h: &str| ["ma_don_vi", "ten_don_vi", "cap", "a"].contains(&h);
        let rows = [
            row(1, &["Mã đơn vị", "Tên đơn vị", "Cấp", "A"]),
            row(2, &["", "", "", ""]),
            row(3, &["ma_don_vi", "ten_don_vi", "cap", "a"]),
            row(4, &["ma_don_vi", "x", "y", "z"]),
        ];
        assert_eq!(header_index(&rows, &known), Some(2));
        // Nothing known: the first non-blank row, so the caller can say what it lacks.
        assert_eq!(header_index(&rows[1..2], &known), None);
        assert_eq!(header_index(&rows[..1], &known), Some(0));
    }

    #[test]
    fn a_row_of_exact_names_beats_a_row_of_loose_ones() {
        let names = KnownNames::new(&[]);
        let weight = |h: &str| names.weight(h);
        let rows = [
            row(1, &["MA_DON_VI", "TEN_DON_VI", "CAP"]),
            row(2, &["ma_don_vi", "ten_don_vi", "cap"]),
            row(3, &["XA-01", "Xã A", "xa"]),
        ];
        assert_eq!(header_index_weighted(&rows, &weight), Some(1));
        // Alone, a header typed in capitals is still the header.
        assert_eq!(header_index_weighted(&rows[..1], &weight), Some(0));
    }
}
