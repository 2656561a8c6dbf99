//! The CSV floor: reading and typing an evidence file as Excel exports it (UTF-8
//! BOM, `;`, `Có/Không`, `dd/mm/yyyy`, integers, decimal comma), by hand with the
//! `csv` crate, one reused record, no scoring. The native and zen contenders read
//! through the same code, so their difference from the floor is their scoring.
//!
//! Typing follows cchc's: a blank cell is missing (never zero); a cell that does not
//! parse, or a count below its minimum, is [`Val::Bad`] (the criteria reading it are
//! `error`); the common spellings take a fast path and the rest fall back to cchc's
//! own folding and date parser, so both accept exactly the same cells.

use crate::schema::{FIELDS, N_FIELDS, Ty};
use cchc::Level;
use rust_decimal::Decimal;
use std::path::Path;

/// A typed evidence value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val {
    /// Blank.
    Blank,
    /// Yes/no.
    Bool(bool),
    /// A date, as days since 1970-01-01.
    Date(i64),
    /// A whole number.
    Int(i64),
    /// A decimal.
    Dec(Decimal),
    /// A cell that does not parse.
    Bad,
}

/// One unit's row, typed. Borrowed from the reader's record: valid during the callback.
pub struct Row<'a> {
    /// `ma_don_vi`.
    pub id: &'a str,
    /// `ten_don_vi`.
    pub name: &'a str,
    /// `cap`, when it parses.
    pub level: Option<Level>,
    /// The evidence fields, in [`FIELDS`] order.
    pub vals: [Val; N_FIELDS],
}

impl Row<'_> {
    /// Whether any cell of the row failed to parse (such a unit is not ranked).
    pub fn has_problem(&self) -> bool {
        self.level.is_none() || self.vals.contains(&Val::Bad)
    }
}

/// Reads `path`, calling `each` with every typed row in file order; returns the
/// number of rows. Errors name the file and what is wrong.
pub fn for_each_row(path: &Path, mut each: impl FnMut(&Row<'_>)) -> Result<u64, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(file);
    let mut record = csv::ByteRecord::new();
    if !reader
        .read_byte_record(&mut record)
        .map_err(|e| e.to_string())?
    {
        return Err(format!("{}: empty file", path.display()));
    }
    let header: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let c = String::from_utf8_lossy(c).trim().to_string();
            if i == 0 {
                c.trim_start_matches('\u{feff}').to_string()
            } else {
                c
            }
        })
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(id_col), Some(name_col), Some(cap_col)) =
        (col("ma_don_vi"), col("ten_don_vi"), col("cap"))
    else {
        return Err(format!(
            "{}: missing ma_don_vi, ten_don_vi or cap",
            path.display()
        ));
    };
    let field_cols: [Option<usize>; N_FIELDS] = std::array::from_fn(|i| col(FIELDS[i].id));
    let mut rows = 0u64;
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| format!("{}: {e}", path.display()))?
    {
        let text = |i: usize| {
            let bytes = record.get(i).unwrap_or_default();
            std::str::from_utf8(bytes).map(str::trim)
        };
        let (Ok(id), Ok(name), Ok(cap)) = (text(id_col), text(name_col), text(cap_col)) else {
            return Err(format!("{}: row {} is not UTF-8", path.display(), rows + 2));
        };
        if record.len() == 1 && id.is_empty() {
            continue;
        }
        let vals = std::array::from_fn(|i| match field_cols[i] {
            Some(c) => match text(c) {
                Ok(cell) => parse(cell, &FIELDS[i]),
                Err(_) => Val::Bad,
            },
            None => Val::Blank,
        });
        let row = Row {
            id,
            name,
            level: parse_level(cap),
            vals,
        };
        each(&row);
        rows += 1;
    }
    Ok(rows)
}

/// Types one cell for `field`, as cchc does (blank, value, or [`Val::Bad`]).
pub fn parse(cell: &str, field: &crate::schema::Field) -> Val {
    if cell.is_empty() {
        return Val::Blank;
    }
    let val = match field.ty {
        Ty::Bool => parse_bool(cell).map(Val::Bool),
        Ty::Date => parse_date(cell).map(Val::Date),
        Ty::Int => parse_int(cell).map(Val::Int),
        Ty::Dec => cchc::model::number::parse_decimal(cell).map(Val::Dec),
    };
    match (val, field.min) {
        (Some(Val::Int(n)), Some(min)) if n < min => Val::Bad,
        (Some(Val::Dec(d)), Some(min)) if d < Decimal::from(min) => Val::Bad,
        (Some(v), _) => v,
        (None, _) => Val::Bad,
    }
}

/// `so`, `huyen`, `xa` directly; `Sở`, `HUYỆN`, ... through cchc's folding.
pub fn parse_level(cell: &str) -> Option<Level> {
    match cell {
        "so" => Some(Level::So),
        "huyen" => Some(Level::Huyen),
        "xa" => Some(Level::Xa),
        other => Level::parse(other),
    }
}

/// `Có`/`Không` directly; every other spelling cchc accepts through its folding.
pub fn parse_bool(cell: &str) -> Option<bool> {
    match cell {
        "Có" => Some(true),
        "Không" => Some(false),
        other => match cchc::model::fold_vietnamese(other).as_str() {
            "co" | "x" | "1" | "true" | "yes" | "dung" | "dat" => Some(true),
            "khong" | "0" | "false" | "no" | "sai" => Some(false),
            _ => None,
        },
    }
}

/// `dd/mm/yyyy` by hand; other forms (`d/m/yyyy`, ISO) through cchc's parser.
pub fn parse_date(cell: &str) -> Option<i64> {
    let b = cell.as_bytes();
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        let digit = |i: usize| b[i].is_ascii_digit().then(|| i64::from(b[i] - b'0'));
        let two = |i| Some(digit(i)? * 10 + digit(i + 1)?);
        let (Some(d), Some(m), Some(y1), Some(y2)) = (two(0), two(3), two(6), two(8)) else {
            return None;
        };
        return cchc::model::Date::new(y1 * 100 + y2, m, d).map(|d| d.day_number());
    }
    cchc::model::Date::parse(cell).map(|d| d.day_number())
}

/// A whole number, optionally signed, digits only.
pub fn parse_int(cell: &str) -> Option<i64> {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cell.parse().ok()
}

/// The floor contender: reads and types every cell, folds them into a checksum so
/// nothing is optimised away, prints the row count and checksum.
pub fn floor(path: &Path) -> Result<String, String> {
    let mut sum: u64 = 0xcbf2_9ce4_8422_2325;
    let mut fold = |x: u64| sum = (sum ^ x).wrapping_mul(0x0100_0000_01b3);
    let rows = for_each_row(path, |row| {
        fold(row.id.len() as u64);
        fold(row.name.len() as u64);
        fold(row.level.map_or(9, |l| l as u64));
        for v in &row.vals {
            fold(match v {
                Val::Blank => 0,
                Val::Bool(b) => 1 + u64::from(*b),
                Val::Date(d) => *d as u64,
                Val::Int(n) => *n as u64 ^ 0x55,
                Val::Dec(d) => d.mantissa() as u64,
                Val::Bad => 7,
            });
        }
    })?;
    Ok(format!("{rows} rows, checksum {sum:016x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_cells_like_cchc() {
        let date = |s| parse_date(s);
        let day = |y, m, d| cchc::model::Date::new(y, m, d).map(|d| d.day_number());
        assert_eq!(date("31/01/2024"), day(2024, 1, 31));
        assert_eq!(date("1/2/2024"), day(2024, 2, 1));
        assert_eq!(date("2024-02-01"), day(2024, 2, 1));
        assert_eq!(date("31/02/2024"), None);
        assert_eq!(date("3a/01/2024"), None);
        assert_eq!(parse_bool("Có"), Some(true));
        assert_eq!(parse_bool("khong"), Some(false));
        assert_eq!(parse_bool("X"), Some(true));
        assert_eq!(parse_bool("có lẽ"), None);
        assert_eq!(parse_int("12"), Some(12));
        assert_eq!(parse_int("1,5"), None);
        let count = &FIELDS[crate::schema::f::KT_KE_HOACH];
        assert_eq!(parse("-1", count), Val::Bad);
        assert_eq!(parse("", count), Val::Blank);
        assert_eq!(parse_level("Xã"), Some(Level::Xa));
        assert_eq!(
            cchc::model::number::parse_decimal("0,5"),
            Some(Decimal::new(5, 1))
        );
    }
}
