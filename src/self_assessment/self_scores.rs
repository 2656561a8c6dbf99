//! Reading a self-score file: one row per unit × criterion, `ma_don_vi`,
//! `tieu_chi`, `diem_tu_cham` and an optional `giai_trinh` (the unit's written
//! explanation), as CSV or XLSX.

use crate::error::Error;
use crate::evidence::{CellProblem, CellRef, Grid, header_with};
use crate::number::parse_decimal;
use crate::ruleset::Ruleset;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// Columns a self-score file must have.
pub const SELF_COLUMNS: [&str; 3] = ["ma_don_vi", "tieu_chi", "diem_tu_cham"];
/// The optional explanation column.
pub const EXPLANATION_COLUMN: &str = "giai_trinh";

/// One unit's self-score for one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfScore {
    /// Row in the file.
    pub row: usize,
    /// `ma_don_vi`.
    pub unit: String,
    /// `tieu_chi`, a criterion id of the ruleset.
    pub criterion: String,
    /// `diem_tu_cham`.
    pub points: Decimal,
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
    /// Usable rows, in file order.
    pub scores: Vec<SelfScore>,
    /// What the reader chose (for a workbook: which sheet was read and why, which
    /// were skipped), each naming the file; printed as warnings.
    pub notes: Vec<String>,
    /// Rows not used, each with its cell and why.
    pub problems: Vec<CellProblem>,
}

impl SelfScores {
    /// The self-score of `unit` for `criterion`.
    pub fn get(&self, unit: &str, criterion: &str) -> Option<&SelfScore> {
        self.scores
            .iter()
            .find(|s| s.unit == unit && s.criterion == criterion)
    }
}

/// Reads a self-score file (CSV or XLSX by extension). A missing column is an
/// [`Error`]; a bad row (blank or unknown criterion, a score that is not a number
/// or above the criterion's largest maximum, a duplicate) is a problem, never a
/// silent skip.
pub fn read_self_scores(path: &Path, ruleset: &Ruleset) -> Result<SelfScores, Error> {
    let grid = crate::evidence::read_grid(path)?;
    let known = |h: &str| SELF_COLUMNS.contains(&h) || h == EXPLANATION_COLUMN;
    let (at, headers) = header_with(&grid, &known, &SELF_COLUMNS)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (unit_col, criterion_col, points_col) = (
        column(SELF_COLUMNS[0]).unwrap_or(0),
        column(SELF_COLUMNS[1]).unwrap_or(0),
        column(SELF_COLUMNS[2]).unwrap_or(0),
    );
    let explanation_col = column(EXPLANATION_COLUMN);
    let mut out = SelfScores {
        path: grid.path.clone(),
        fingerprint: grid.fingerprint.clone(),
        scores: Vec::new(),
        notes: grid
            .notes
            .iter()
            .map(|n| format!("{}: {n}", grid.path.display()))
            .collect(),
        problems: Vec::new(),
    };
    for record in grid.rows[at + 1..].iter().filter(|r| !r.is_blank()) {
        let text = |col: usize| record.cell(col).text();
        let problem = |col: usize, message: String| CellProblem {
            field: None,
            cell: cell_ref(&grid, &headers, record.row, col),
            message,
        };
        let (unit, criterion, raw) = (text(unit_col), text(criterion_col), text(points_col));
        if unit.is_empty() {
            out.problems.push(problem(
                unit_col,
                "mã đơn vị trống / the unit id is blank".into(),
            ));
            continue;
        }
        let Some(found) = ruleset.criteria.iter().find(|c| c.id == criterion) else {
            let ids: Vec<&str> = ruleset.criteria.iter().map(|c| c.id.as_str()).collect();
            out.problems.push(problem(
                criterion_col,
                format!(
                    "tiêu chí '{criterion}' không có trong bộ tiêu chí {} (có: {}) / criterion '{criterion}' is not in ruleset {}",
                    ruleset.id,
                    ids.join(", "),
                    ruleset.id
                ),
            ));
            continue;
        };
        let largest = ruleset
            .levels
            .iter()
            .filter_map(|l| found.max_for(*l))
            .max()
            .unwrap_or_default();
        let points = match parse_decimal(&raw) {
            Some(p) if p >= Decimal::ZERO && p <= largest => p,
            Some(p) => {
                out.problems.push(problem(
                    points_col,
                    format!(
                        "điểm tự chấm {raw} nằm ngoài 0–{} của tiêu chí {criterion} / self-score {p} is outside 0–{largest} for criterion {criterion}",
                        crate::number::format_vi(largest)
                    ),
                ));
                continue;
            }
            None => {
                out.problems.push(problem(
                    points_col,
                    format!(
                        "điểm tự chấm '{raw}' không hợp lệ, cần số thập phân (0,25) / invalid self-score '{raw}', expected a decimal number (0,25)"
                    ),
                ));
                continue;
            }
        };
        if let Some(first) = out.get(&unit, &criterion) {
            let first = first.row;
            out.problems.push(problem(
                criterion_col,
                format!(
                    "đơn vị {unit} tự chấm tiêu chí {criterion} hai lần (dòng {first}) / unit {unit} self-scores criterion {criterion} twice (row {first})"
                ),
            ));
            continue;
        }
        out.scores.push(SelfScore {
            row: record.row,
            unit,
            criterion,
            points,
            explanation: explanation_col.map(text).filter(|t| !t.is_empty()),
        });
    }
    Ok(out)
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
