//! [`Columns`]: what each column of the header holds (required, year, evidence
//! field, document reference), applied to every data row through [`RowCells`] to
//! type one unit. Separate from finding the header row and from the file-level
//! loop in `records`, because it is shared by grids read whole and streamed CSV.

use super::*;

/// What the header says about every data row: which column holds what. Built
/// once per file, then applied to each row, whether the rows are all in memory
/// or streamed.
pub(crate) struct Columns<'f> {
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
    pub(crate) fn new(
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

    /// Whether the file has a `nam` (assessment year) column.
    pub(crate) fn has_year(&self) -> bool {
        self.year_col.is_some()
    }

    /// The 0-based column of `ma_don_vi`.
    pub(crate) fn id_column(&self) -> usize {
        self.id_col
    }

    /// For each field, whether the file has a document-reference column for it.
    pub(crate) fn has_documents(&self) -> Vec<bool> {
        let mut has = vec![false; self.fields.len()];
        for &(_, field_index, _) in &self.document_columns {
            if let Some(has) = has.get_mut(field_index) {
                *has = true;
            }
        }
        has
    }

    /// Where each field's cells are, for messages found after typing.
    pub(crate) fn cell_locator(&self) -> super::CellLocator {
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
    pub(crate) fn unit(
        &self,
        record: &(impl RowCells + ?Sized),
        is_duplicate: &mut dyn FnMut(&str) -> bool,
    ) -> (UnitRecord, Option<i64>) {
        let row = record.row();
        let fields = self.fields;
        let mut unit = UnitRecord {
            row,
            id: normalize_id(&record.text(self.id_col)).into_owned(),
            name: normalize_name(&record.text(self.name_col)),
            level: None,
            values: vec![None; fields.len()],
            documents: vec![DocumentRef::default(); fields.len()],
            problems: Vec::new(),
        };
        if self.repeats_header(record, &unit.id) {
            let p = self.unit_problem(
                row,
                self.id_col,
                "dòng này lặp lại dòng tiêu đề (hai tệp dán nối nhau?); hãy xóa dòng / this row repeats the header row (two files pasted together?); delete it".into(),
            );
            unit.problems.push(p);
            return (unit, None);
        }
        self.check_width(record, &mut unit);
        self.check_id(&mut unit, is_duplicate);
        match level_problem(&record.text(self.level_col), self.levels) {
            Ok(level) => unit.level = Some(level),
            Err(message) => unit
                .problems
                .push(self.unit_problem(row, self.level_col, message)),
        }
        let year = self.year(record, &mut unit);
        self.type_values(record, &mut unit);
        for &(col, field_index, part) in &self.document_columns {
            if let Some(document) = unit.documents.get_mut(field_index) {
                document.set(part, &record.text(col));
            }
        }
        (unit, year)
    }

    /// A problem with the row as a unit (not with one field's value).
    fn unit_problem(&self, row: usize, col: usize, message: String) -> CellProblem {
        CellProblem {
            field: None,
            cell: self.cell_ref(row, col),
            message,
        }
    }

    /// Whether the row is the header row again (two files pasted together): it
    /// then gets one plain problem instead of a cell error per column, and the
    /// row stays in every output.
    fn repeats_header(&self, record: &(impl RowCells + ?Sized), id: &str) -> bool {
        let written = |col: usize| self.headers.get(col).map_or("", String::as_str);
        !id.is_empty()
            && id == normalize_id(written(self.id_col))
            && record.text(self.level_col) == written(self.level_col).trim()
    }

    /// A CSV row whose cell count differs from the header's (a wrong delimiter).
    /// A sheet's rows end at their last cell: only a CSV row's width means anything.
    fn check_width(&self, record: &(impl RowCells + ?Sized), unit: &mut UnitRecord) {
        let headers = self.headers.len();
        if self.sheet.is_none() && record.width() != headers {
            let cells = record.width();
            let p = self.unit_problem(
                unit.row,
                0,
                format!(
                    "dòng có {cells} ô nhưng tiêu đề có {headers} cột (kiểm tra dấu phân cách) / row has {cells} cells but the header has {headers} columns (check the delimiter)"
                ),
            );
            unit.problems.push(p);
        }
    }

    /// A blank id (the unit is then named by its row) or one seen before.
    fn check_id(&self, unit: &mut UnitRecord, is_duplicate: &mut dyn FnMut(&str) -> bool) {
        if unit.id.is_empty() {
            let p = self.unit_problem(
                unit.row,
                self.id_col,
                "mã đơn vị trống / the unit id is blank".into(),
            );
            unit.problems.push(p);
            unit.id = format!("(dòng {})", unit.row);
        } else if is_duplicate(&unit.id) {
            let id = visible(&unit.id);
            let p = self.unit_problem(
                unit.row,
                self.id_col,
                format!("mã đơn vị '{id}' trùng với một dòng trước / duplicate unit id '{id}'"),
            );
            unit.problems.push(p);
        }
    }

    /// The row's `nam`, when the file has that column and the cell is a year; a
    /// cell that is not a year is a problem, a blank one is no year.
    fn year(&self, record: &(impl RowCells + ?Sized), unit: &mut UnitRecord) -> Option<i64> {
        let col = self.year_col?;
        let raw = record.text(col);
        match raw.parse::<i64>() {
            Ok(y) => Some(y),
            Err(_) if raw.is_empty() => None,
            Err(_) => {
                let p = self.unit_problem(
                    unit.row,
                    col,
                    format!("năm '{raw}' không hợp lệ / invalid year '{raw}'"),
                );
                unit.problems.push(p);
                None
            }
        }
    }

    /// Each evidence field's cell, typed against its declaration; a cell that
    /// does not type is a problem on that field.
    fn type_values(&self, record: &(impl RowCells + ?Sized), unit: &mut UnitRecord) {
        for (field_index, (field, column)) in
            self.fields.iter().zip(&self.field_columns).enumerate()
        {
            let Some(col) = *column else { continue };
            match record.typed(col, field, self.decimal_mark) {
                Ok(value) => {
                    if let Some(slot) = unit.values.get_mut(field_index) {
                        *slot = value;
                    }
                }
                Err(message) => unit.problems.push(CellProblem {
                    field: Some(field_index),
                    cell: self.cell_ref(unit.row, col),
                    message,
                }),
            }
        }
    }
}

/// A data row as [`Columns::unit`] reads it: a row of a grid read whole, or a CSV
/// record read by the stream without copying each cell.
pub(crate) trait RowCells {
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

/// Why a header that names none of the ruleset's evidence fields is refused: every
/// unit would lack every field and score zero, which is a wrong file or a header
/// row in another language, never a result.
pub(super) fn no_field_column(fields: &[EvidenceField]) -> String {
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
pub(super) fn missing_warnings(
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
pub(super) fn level_problem(raw: &str, levels: &[Level]) -> Result<Level, String> {
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
