//! Reading evidence CSV as Excel writes it: `,` or `;`, UTF-8 with or without BOM.

use super::{CellProblem, CellRef, EvidenceSet, UnitRecord, parse_cell};
use crate::error::Error;
use crate::level::Level;
use crate::ruleset::EvidenceField;
use std::collections::HashSet;
use std::path::Path;

/// Columns every evidence file must have.
pub const REQUIRED_COLUMNS: [&str; 3] = ["ma_don_vi", "ten_don_vi", "cap"];
/// Optional column holding the assessment year.
pub const YEAR_COLUMN: &str = "nam";

/// Reads an evidence CSV file, typing each cell against `fields`.
///
/// File-level problems (unreadable, not UTF-8, missing required columns) are an
/// [`Error`]; cell and row problems are recorded on the unit, which stays in the set.
pub fn read_csv(
    path: &Path,
    fields: &[EvidenceField],
    levels: &[Level],
) -> Result<EvidenceSet, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let fingerprint = crate::fingerprint::sha256_hex(&bytes);
    let evidence_error = |message: String| Error::Evidence {
        path: path.to_path_buf(),
        message,
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        evidence_error(format!(
            "tệp không phải UTF-8 (byte lỗi ở vị trí {}); có thể là Windows-1258, TCVN3 hoặc VNI: hãy lưu lại dạng \"CSV UTF-8\" / file is not UTF-8 (bad byte at offset {}); it may be Windows-1258, TCVN3 or VNI: save it again as \"CSV UTF-8\"",
            e.valid_up_to(),
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(evidence_error("tệp rỗng / the file is empty".into()));
    }
    let delimiter = detect_delimiter(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(evidence_error(format!(
                "không đọc được dòng tiêu đề / cannot read the header row: {e}"
            )));
        }
        None => return Err(evidence_error("tệp rỗng / the file is empty".into())),
    };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let column_of = |name: &str| headers.iter().position(|h| h == name);
    for (index, h) in headers.iter().enumerate() {
        if let Some(first) = headers[..index]
            .iter()
            .position(|x| x == h && !x.is_empty())
        {
            return Err(evidence_error(format!(
                "cột '{h}' xuất hiện hai lần (cột {} và {}); không biết đọc cột nào / column '{h}' appears twice (columns {} and {}): ambiguous",
                first + 1,
                index + 1,
                first + 1,
                index + 1
            )));
        }
    }

    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| column_of(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(evidence_error(format!(
            "thiếu cột bắt buộc {} (dòng tiêu đề có: {}) / missing required column(s) {}",
            missing.join(", "),
            headers.join(", "),
            missing.join(", ")
        )));
    }

    let field_columns: Vec<Option<usize>> = fields.iter().map(|f| column_of(&f.id)).collect();
    let mut warnings = Vec::new();
    for (index, h) in headers.iter().enumerate() {
        let known = REQUIRED_COLUMNS.contains(&h.as_str())
            || h == YEAR_COLUMN
            || fields.iter().any(|f| &f.id == h);
        if !known && !h.is_empty() {
            warnings.push(format!(
                "{}: cột {} '{h}' không thuộc bộ tiêu chí, bỏ qua / column {} '{h}' is not an evidence field of this ruleset, ignored",
                path.display(),
                index + 1,
                index + 1
            ));
        }
    }
    for (field, column) in fields.iter().zip(&field_columns) {
        if column.is_none() {
            warnings.push(format!(
                "{}: thiếu cột '{}' ({}): mọi đơn vị coi như không có minh chứng này / column '{}' is missing: every unit lacks this evidence",
                path.display(),
                field.id,
                field.label,
                field.id
            ));
        }
    }

    let cell_ref = |row: usize, column: usize| CellRef {
        file: path.to_path_buf(),
        row,
        column: column + 1,
        header: headers.get(column).cloned().unwrap_or_default(),
    };
    let (id_col, name_col, level_col) = (
        column_of("ma_don_vi").unwrap_or(0),
        column_of("ten_don_vi").unwrap_or(0),
        column_of("cap").unwrap_or(0),
    );
    let year_col = column_of(YEAR_COLUMN);

    let mut units = Vec::new();
    let mut seen = HashSet::new();
    let mut years = Vec::new();
    for (index, record) in records.enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                return Err(evidence_error(format!(
                    "dòng/row {row}: không đọc được CSV / malformed CSV: {e}"
                )));
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |col: usize| record.get(col).unwrap_or("").trim();
        let mut unit = UnitRecord {
            row,
            id: cell(id_col).to_string(),
            name: cell(name_col).to_string(),
            level: None,
            values: vec![None; fields.len()],
            problems: Vec::new(),
        };
        let unit_problem = |col: usize, message: String| CellProblem {
            field: None,
            cell: cell_ref(row, col),
            message,
        };
        if record.len() != headers.len() {
            let p = unit_problem(
                0,
                format!(
                    "dòng có {} ô nhưng tiêu đề có {} cột (kiểm tra dấu phân cách) / row has {} cells but the header has {} columns (check the delimiter)",
                    record.len(),
                    headers.len(),
                    record.len(),
                    headers.len()
                ),
            );
            unit.problems.push(p);
        }
        if unit.id.is_empty() {
            let p = unit_problem(id_col, "mã đơn vị trống / the unit id is blank".into());
            unit.problems.push(p);
            unit.id = format!("(dòng {row})");
        } else if !seen.insert(unit.id.clone()) {
            let p = unit_problem(
                id_col,
                format!(
                    "mã đơn vị '{}' trùng với một dòng trước / duplicate unit id '{}'",
                    unit.id, unit.id
                ),
            );
            unit.problems.push(p);
        }
        match Level::parse(cell(level_col)) {
            Some(level) if levels.contains(&level) => unit.level = Some(level),
            Some(level) => {
                let allowed: Vec<&str> = levels.iter().map(|l| l.code()).collect();
                let p = unit_problem(
                    level_col,
                    format!(
                        "cấp '{level}' không được chấm trong bộ tiêu chí này (chỉ {}) / level '{level}' is not scored by this ruleset (only {})",
                        allowed.join(", "),
                        allowed.join(", ")
                    ),
                );
                unit.problems.push(p);
            }
            None => {
                let raw = cell(level_col);
                let p = unit_problem(
                    level_col,
                    format!(
                        "cấp '{raw}' không hợp lệ, cần so, huyen hoặc xa / invalid level '{raw}', expected so, huyen or xa"
                    ),
                );
                unit.problems.push(p);
            }
        }
        if let Some(col) = year_col {
            let raw = cell(col);
            match raw.parse::<i64>() {
                Ok(y) => years.push((y, row)),
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
        for (field_index, (field, column)) in fields.iter().zip(&field_columns).enumerate() {
            let Some(col) = *column else { continue };
            match parse_cell(cell(col), field) {
                Ok(value) => unit.values[field_index] = value,
                Err(message) => unit.problems.push(CellProblem {
                    field: Some(field_index),
                    cell: cell_ref(row, col),
                    message,
                }),
            }
        }
        units.push(unit);
    }
    if units.is_empty() {
        return Err(evidence_error(
            "tệp chỉ có dòng tiêu đề, không có đơn vị nào / the file has a header but no unit rows"
                .into(),
        ));
    }
    let year = match years.split_first() {
        None => None,
        Some((&(first, _), rest)) => {
            if let Some(&(other, row)) = rest.iter().find(|(y, _)| *y != first) {
                return Err(evidence_error(format!(
                    "cột 'nam' có nhiều năm ({first} và {other} ở dòng {row}); mỗi tệp chỉ một năm đánh giá / the 'nam' column mixes years ({first} and {other} at row {row}); one assessment year per file"
                )));
            }
            Some(first)
        }
    };
    Ok(EvidenceSet {
        path: path.to_path_buf(),
        year,
        headers,
        field_columns,
        units,
        warnings,
        fingerprint,
    })
}

/// Picks `;`, `,` or tab: whichever appears most in the header line outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::detect_delimiter;

    #[test]
    fn detects_semicolon_and_comma() {
        assert_eq!(detect_delimiter("ma_don_vi;ten_don_vi;cap\n"), b';');
        assert_eq!(detect_delimiter("ma_don_vi,ten_don_vi,cap\n"), b',');
        assert_eq!(detect_delimiter("\"a;b\",c,d\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
    }
}
