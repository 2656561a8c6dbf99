//! Reading a self-score file: one row per unit × criterion, `ma_don_vi`,
//! `tieu_chi`, `diem_tu_cham` and an optional `giai_trinh` (the unit's written
//! explanation), as CSV or XLSX.

use crate::error::Error;
use crate::evidence::{CellProblem, CellRef, Grid, GridRow, header_with};
use crate::ruleset::Ruleset;
use crate::text::{normalize_id, visible};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Columns a self-score file must have.
pub(crate) const SELF_COLUMNS: [&str; 3] = ["ma_don_vi", "tieu_chi", "diem_tu_cham"];
/// The optional explanation column.
pub(crate) const EXPLANATION_COLUMN: &str = "giai_trinh";

/// The longest self-score cell read as a number: `0,25` needs 4 characters; more
/// than this is refused as too many digits, never rounded.
pub(crate) const MAX_SCORE_CHARS: usize = 32;

/// One unit's self-score for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfScore {
    /// Row in the file.
    pub row: usize,
    /// `ma_don_vi`.
    pub unit: String,
    /// `tieu_chi`, a criterion id of the ruleset.
    pub criterion: String,
    /// `diem_tu_cham` as a number, or why it cannot be read (`1e9`, `NaN`, text,
    /// too many digits): such a row is kept, marked invalid, never read as 0.
    /// Whether it lies within the criterion's range for the unit's level is
    /// checked by [`super::comparison`], which knows the level.
    pub points: Result<Decimal, String>,
    /// `diem_tu_cham` as written.
    pub raw: String,
    /// The `diem_tu_cham` cell, to name it in a problem.
    pub cell: CellRef,
    /// `giai_trinh`, when written.
    pub explanation: Option<String>,
}

/// The self-scores of a file, and the rows that could not be used.
#[derive(Debug, Clone)]
pub struct SelfScores {
    /// The file read.
    pub path: PathBuf,
    /// SHA-256 of its bytes.
    pub fingerprint: String,
    /// Non-blank data rows read: every one is in `scores` or `problems`.
    pub rows: usize,
    /// Rows naming a unit and a criterion once, in file order (their score may
    /// still be unreadable: see [`SelfScore::points`]).
    pub scores: Vec<SelfScore>,
    /// What the reader chose (for a workbook: which sheet was read and why, which
    /// were skipped), each naming the file; printed as warnings.
    pub notes: Vec<String>,
    /// Rows not used at all (blank unit, unknown criterion, a second score for
    /// the same unit and criterion), each with its cell and why.
    pub problems: Vec<CellProblem>,
    /// (unit, criterion) → index in `scores`: a lookup per unit × criterion stays
    /// cheap on a province-sized file.
    index: BTreeMap<(String, String), usize>,
}

impl SelfScores {
    /// The self-score of `unit` for `criterion`.
    pub(crate) fn get(&self, unit: &str, criterion: &str) -> Option<&SelfScore> {
        self.index
            .get(&(unit.to_string(), criterion.to_string()))
            .and_then(|&i| self.scores.get(i))
    }
}

/// Reads a self-score cell: a decimal with `,` or `.`, held exactly. Exponents,
/// `NaN`, `inf`, text and more digits than a decimal holds are refused.
pub(crate) fn read_points(raw: &str) -> Result<Decimal, String> {
    if raw.chars().count() > MAX_SCORE_CHARS {
        return Err(format!(
            "điểm tự chấm dài quá {MAX_SCORE_CHARS} ký tự (quá nhiều chữ số), cần số thập phân (0,25) / self-score longer than {MAX_SCORE_CHARS} characters (too many digits), expected a decimal number (0,25)"
        ));
    }
    // The one exact reader (`number::read_decimal`): a value with more digits than a
    // decimal holds is refused, never rounded.
    match crate::model::number::read_decimal(raw) {
        Ok(points) => Ok(points),
        Err(crate::model::number::DecimalError::Invalid) => Err(format!(
            "điểm tự chấm '{raw}' không hợp lệ, cần số thập phân (0,25) / invalid self-score '{raw}', expected a decimal number (0,25)"
        )),
        Err(_) => Err(format!(
            "điểm tự chấm '{raw}' có quá nhiều chữ số để giữ chính xác / self-score '{raw}' has too many digits to hold exactly"
        )),
    }
}

/// Reads a self-score file (CSV or XLSX by extension). A missing column is an
/// [`Error`]; a row with a blank unit, an unknown criterion or a second score for
/// the same unit and criterion is a problem; a score that cannot be read is kept,
/// marked invalid. Never a silent skip.
pub fn read_self_scores(path: &Path, ruleset: &Ruleset) -> Result<SelfScores, Error> {
    let grid = crate::evidence::read_grid(path)?;
    let names = [&SELF_COLUMNS[..], &[EXPLANATION_COLUMN]].concat();
    let (at, headers, header_warnings) = header_with(&grid, &names, &SELF_COLUMNS)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let layout = Layout {
        grid: &grid,
        headers: &headers,
        unit: column(SELF_COLUMNS[0]).unwrap_or(0),
        criterion: column(SELF_COLUMNS[1]).unwrap_or(0),
        points: column(SELF_COLUMNS[2]).unwrap_or(0),
        explanation: column(EXPLANATION_COLUMN),
    };
    let mut out = SelfScores {
        path: grid.path.clone(),
        fingerprint: grid.fingerprint.clone(),
        rows: 0,
        scores: Vec::new(),
        notes: grid
            .notes
            .iter()
            .map(|n| format!("{}: {n}", grid.path.display()))
            .chain(header_warnings)
            .collect(),
        problems: Vec::new(),
        index: BTreeMap::new(),
    };
    for record in grid.rows.iter().skip(at + 1).filter(|r| !r.is_blank()) {
        out.rows += 1;
        out.read_row(&layout, record, ruleset);
    }
    Ok(out)
}

/// Where a self-score file's columns are.
struct Layout<'g> {
    grid: &'g Grid,
    headers: &'g [String],
    unit: usize,
    criterion: usize,
    points: usize,
    explanation: Option<usize>,
}

impl SelfScores {
    /// Adds one data row: a score, or a problem saying why the row is not one.
    fn read_row(&mut self, layout: &Layout<'_>, record: &GridRow, ruleset: &Ruleset) {
        let (grid, headers) = (layout.grid, layout.headers);
        let text = |col: usize| record.cell(col).text();
        let problem = |col: usize, message: String| CellProblem {
            field: None,
            cell: cell_ref(grid, headers, record.row, col),
            message,
        };
        // The unit and criterion in their one identity, as the evidence reader gives
        // every unit: `SO-A` with a zero-width space or in NFD is `SO-A`.
        let (unit, criterion, raw) = (
            normalize_id(&text(layout.unit)).into_owned(),
            normalize_id(&text(layout.criterion)).into_owned(),
            text(layout.points),
        );
        if unit.is_empty() {
            self.problems.push(problem(
                layout.unit,
                "mã đơn vị trống / the unit id is blank".into(),
            ));
            return;
        }
        if !ruleset.criteria.iter().any(|c| c.id == criterion) {
            let message = unknown_criterion(ruleset, &criterion);
            self.problems.push(problem(layout.criterion, message));
            return;
        }
        let points = read_points(&raw);
        if let Some(&at) = self.index.get(&(unit.clone(), criterion.clone())) {
            let Some(first) = self.score_again(at, record.row, &raw, &points) else {
                return;
            };
            self.problems.push(problem(
                layout.criterion,
                format!(
                    "đơn vị {unit} tự chấm tiêu chí {criterion} hai lần (dòng {first}) / unit {unit} self-scores criterion {criterion} twice (row {first})"
                ),
            ));
            return;
        }
        self.index
            .insert((unit.clone(), criterion.clone()), self.scores.len());
        self.scores.push(SelfScore {
            row: record.row,
            unit,
            criterion,
            points,
            raw,
            cell: cell_ref(grid, headers, record.row, layout.points),
            explanation: layout.explanation.map(text).filter(|t| !t.is_empty()),
        });
    }

    /// A second score (at `row`) for the criterion scored at `scores[at]`: two
    /// different scores for one criterion are neither the unit's word, so the
    /// criterion's self-score becomes invalid (never the first by chance). The
    /// first score's row, to name it in the problem.
    fn score_again(
        &mut self,
        at: usize,
        row: usize,
        raw: &str,
        points: &Result<Decimal, String>,
    ) -> Option<usize> {
        let kept = self.scores.get_mut(at)?;
        let first = kept.row;
        if kept.points.is_ok() && kept.points != *points {
            let (a, b) = (visible(&kept.raw).into_owned(), visible(raw).into_owned());
            kept.points = Err(format!(
                "tự chấm hai lần với hai điểm khác nhau ('{a}' dòng {first}, '{b}' dòng {row}) / self-scored twice with different points ('{a}' row {first}, '{b}' row {row})"
            ));
        }
        Some(first)
    }
}

/// A criterion id the ruleset does not have, with the ids it does.
fn unknown_criterion(ruleset: &Ruleset, criterion: &str) -> String {
    let ids: Vec<&str> = ruleset.criteria.iter().map(|c| c.id.as_str()).collect();
    format!(
        "tiêu chí '{criterion}' không có trong bộ tiêu chí {} (có: {}) / criterion '{criterion}' is not in ruleset {}",
        ruleset.id,
        ids.join(", "),
        ruleset.id
    )
}

fn cell_ref(grid: &Grid, headers: &[String], row: usize, col: usize) -> CellRef {
    CellRef {
        file: grid.path.clone(),
        sheet: grid.sheet.clone(),
        row,
        column: col + 1,
        header: headers.get(col).cloned().unwrap_or_default(),
    }
}
