//! Naming an evidence file's columns: which header cell is which required column,
//! year, evidence field or document reference.
//!
//! A header is read as written (trimmed, NFC, invisible characters dropped, see
//! [`normalize_id`]). One that names no column exactly but does when case and
//! diacritics are ignored (`So_Ke_Hoach`, `sổ_kế_hoạch` for `so_ke_hoach`) is
//! read as that column, with a warning naming both: a typo in a header must never
//! score every unit zero. A header that loosely matches two names, or two headers
//! that stand for one column, are refused. Everything here is linear in the
//! number of columns, so a header of 100,000 unknown columns is read at once and
//! warned about in one line.

use super::grid::{Grid, GridRow};
use super::records::{REQUIRED_COLUMNS, grid_error};
use crate::error::Error;
use crate::text::{loose_key, normalize_id, visible};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use known::{KnownNames, header_key};

mod known;

/// The year column's label in the form `cchc template` writes.
pub(crate) const YEAR_LABEL: &str = "Năm đánh giá";
/// Unknown columns named in the one warning about them; the rest are counted.
pub(crate) const UNKNOWN_COLUMNS_NAMED: usize = 5;
/// Header names quoted in the message about a missing required column.
const HEADERS_QUOTED: usize = 12;

/// A header row, each column named.
pub(crate) struct Header {
    /// Header cells as written (trimmed), for messages.
    pub written: Vec<String>,
    /// What each column stands for: the known name it matched, or the header
    /// normalised (blank for a blank header cell).
    pub names: Vec<String>,
    /// Loose matches and unknown columns, each one line naming the file.
    pub warnings: Vec<String>,
}

impl Header {
    /// The 0-based column of each known name the header has (the first, should
    /// a name stand twice: [`resolve`] refuses that).
    pub(crate) fn known_columns(&self, known: &KnownNames) -> BTreeMap<&str, usize> {
        let mut map = BTreeMap::new();
        for (col, name) in self.names.iter().enumerate() {
            if known.exact.contains(name) {
                map.entry(name.as_str()).or_insert(col);
            }
        }
        map
    }
}

/// Names the columns of `header` (a row of `grid`): errs on a header that loosely
/// matches two names, on two columns standing for one name and on a missing
/// required column.
pub(crate) fn resolve(grid: &Grid, header: &GridRow, known: &KnownNames) -> Result<Header, Error> {
    let written: Vec<String> = header.cells.iter().map(|c| c.text()).collect();
    let mut names = Vec::with_capacity(written.len());
    let mut loose_matches = Vec::new();
    let mut unknown = Vec::new();
    for (col, raw) in written.iter().enumerate() {
        let name = normalize_id(raw).into_owned();
        if name.is_empty() || known.exact.contains(&name) {
            names.push(name);
            continue;
        }
        let key = header_key(&name);
        match known.loose.get(&key).map(Vec::as_slice) {
            Some([one]) => {
                loose_matches.push((col, one.clone(), known.label_keys.contains(&key)));
                names.push(one.clone());
            }
            Some(many) => return Err(ambiguous(grid, col, raw, many)),
            None => {
                unknown.push(col);
                names.push(name);
            }
        }
    }
    check_duplicates(grid, &written, &names)?;
    check_required(grid, &written, &names)?;
    let place = place(grid);
    let mut warnings: Vec<String> = loose_matches
        .iter()
        .map(|(col, name, by_label)| loose_warning(&place, &written, *col, name, *by_label))
        .collect();
    if let Some(w) = unknown_warning(&place, &written, &unknown) {
        warnings.push(w);
    }
    Ok(Header {
        written,
        names,
        warnings,
    })
}

/// A header that loosely matches several names: which one it means is a guess.
fn ambiguous(grid: &Grid, col: usize, raw: &str, many: &[String]) -> Error {
    let quoted: Vec<String> = many.iter().map(|m| format!("'{m}'")).collect();
    let h = visible(raw);
    let list = quoted.join(", ");
    grid_error(
        grid,
        format!(
            "tiêu đề cột {} '{h}' giống nhiều cột ({list}) khi bỏ qua chữ hoa/thường và dấu; hãy ghi đúng một tên / the header of column {} '{h}' matches several columns ({list}) when case and diacritics are ignored; write exactly one",
            col + 1,
            col + 1
        ),
    )
}

/// The warning for column `col`, read as `name` by a loose match (by the field's
/// label when `by_label`), saying how the header differs.
fn loose_warning(
    place: &str,
    written: &[String],
    col: usize,
    name: &str,
    by_label: bool,
) -> String {
    let h = visible(nth(written, col));
    if by_label {
        format!(
            "{place}: cột {} '{h}' là nhãn của trường '{name}', được đọc là cột '{name}'; hãy ghi mã cột / column {} '{h}' is the label of field '{name}' and is read as column '{name}'; write the column id",
            col + 1,
            col + 1
        )
    } else {
        let (vi, en) = if loose_key(nth(written, col)) == loose_key(name) {
            ("chữ hoa/thường hoặc dấu", "case or diacritics")
        } else {
            (
                "chữ hoa/thường, dấu hoặc dấu nối, khoảng trắng",
                "case, diacritics, separators or spacing",
            )
        };
        format!(
            "{place}: cột {} '{h}' được đọc là '{name}' (khác {vi}); hãy sửa tiêu đề / column {} '{h}' is read as '{name}' (it differs in {en}); correct the header",
            col + 1,
            col + 1
        )
    }
}

/// Header text of column `col` (indices come from enumerating the same header).
fn nth(texts: &[String], col: usize) -> &str {
    texts.get(col).map_or("", String::as_str)
}

/// The file (and sheet) as warnings name it.
pub(crate) fn place(grid: &Grid) -> String {
    match &grid.sheet {
        Some(sheet) => format!("{} ({})", grid.path.display(), visible(sheet)),
        None => grid.path.display().to_string(),
    }
}

/// One warning for every unknown column: the first few named, the rest counted.
fn unknown_warning(place: &str, written: &[String], unknown: &[usize]) -> Option<String> {
    let named = |&col: &usize| format!("{} '{}'", col + 1, visible(nth(written, col)));
    match unknown {
        [] => None,
        [one] => {
            let c = named(one);
            Some(format!(
                "{place}: cột {c} không thuộc bộ tiêu chí, bỏ qua / column {c} is not an evidence field of this ruleset, ignored"
            ))
        }
        many => {
            let n = many.len();
            let shown: Vec<String> = many.iter().take(UNKNOWN_COLUMNS_NAMED).map(named).collect();
            let shown = shown.join(", ");
            let (more_vi, more_en) = match n.saturating_sub(UNKNOWN_COLUMNS_NAMED) {
                0 => (String::new(), String::new()),
                rest => (format!(" và {rest} cột khác"), format!(" and {rest} more")),
            };
            Some(format!(
                "{place}: {n} cột không thuộc bộ tiêu chí, bỏ qua: {shown}{more_vi} / {n} columns are not evidence fields of this ruleset, ignored: {shown}{more_en}"
            ))
        }
    }
}

/// Refuses two columns that stand for one name (written alike, or matched
/// loosely), naming the first repeat in column order. Sorting keeps this
/// O(n log n) for a header of any width.
fn check_duplicates(grid: &Grid, written: &[String], names: &[String]) -> Result<(), Error> {
    let mut order: Vec<(&str, usize)> = names
        .iter()
        .enumerate()
        .filter(|(_, name)| !name.is_empty())
        .map(|(col, name)| (name.as_str(), col))
        .collect();
    order.sort_unstable();
    let repeat = order
        .windows(2)
        .filter_map(|pair| match pair {
            [x, y] if x.0 == y.0 => Some((x.1, y.1)),
            _ => None,
        })
        .min_by_key(|&(_, later)| later);
    let Some((before, col)) = repeat else {
        return Ok(());
    };
    let (a, b) = (before + 1, col + 1);
    let h = visible(nth(names, col));
    let message = if nth(written, before) == nth(written, col) {
        format!(
            "cột '{h}' xuất hiện hai lần (cột {a} và {b}); không biết đọc cột nào / column '{h}' appears twice (columns {a} and {b}): ambiguous"
        )
    } else {
        let (x, y) = (visible(nth(written, before)), visible(nth(written, col)));
        format!(
            "cột {a} '{x}' và cột {b} '{y}' đều là cột '{h}' (khi bỏ qua chữ hoa/thường, dấu và ký tự vô hình); không biết đọc cột nào / columns {a} '{x}' and {b} '{y}' both stand for '{h}' (ignoring case, diacritics and invisible characters): ambiguous"
        )
    };
    Err(grid_error(grid, message))
}

/// Refuses a header without one of the [`REQUIRED_COLUMNS`], quoting (the start of) the header.
fn check_required(grid: &Grid, written: &[String], names: &[String]) -> Result<(), Error> {
    let present: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !present.contains(c))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let missing = missing.join(", ");
    Err(grid_error(
        grid,
        format!(
            "thiếu cột bắt buộc {missing} (dòng tiêu đề có: {}) / missing required column(s) {missing}",
            quote_headers(written)
        ),
    ))
}

/// The first [`HEADERS_QUOTED`] names of a header row, joined, then how many
/// columns there are: a header of 100,000 columns is not echoed whole.
pub(crate) fn quote_headers(written: &[String]) -> String {
    let mut quoted: Vec<String> = written
        .iter()
        .take(HEADERS_QUOTED)
        .map(|h| visible(h).into_owned())
        .collect();
    if written.len() > HEADERS_QUOTED {
        quoted.push(format!("… ({} cột/columns)", written.len()));
    }
    quoted.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DecimalMark;
    use crate::model::EvidenceField;
    use crate::model::FieldType;
    use crate::model::RawCell;

    fn field(id: &str) -> EvidenceField {
        EvidenceField {
            id: id.into(),
            ty: FieldType::Integer,
            label: id.into(),
            document_hint: None,
            min: None,
            max: None,
            plausibility: Default::default(),
        }
    }

    fn grid() -> Grid {
        Grid {
            path: "e.csv".into(),
            sheet: None,
            fingerprint: String::new(),
            rows: Vec::new(),
            decimal_mark: DecimalMark::Comma,
            notes: Vec::new(),
        }
    }

    fn row(cells: &[&str]) -> GridRow {
        GridRow {
            row: 1,
            cells: cells.iter().map(|c| RawCell::Text(c.to_string())).collect(),
        }
    }

    #[test]
    fn loose_matches_are_read_with_a_warning() {
        let known = KnownNames::new(&[field("so_ke_hoach")]);
        let header = row(&[
            "MA_DON_VI",
            "ten_don_vi\u{200b}",
            "Cấp",
            "Số_Kế_Hoạch__Ngay",
            "x",
        ]);
        let h = resolve(&grid(), &header, &known).expect("resolved");
        assert_eq!(
            h.names,
            ["ma_don_vi", "ten_don_vi", "cap", "so_ke_hoach__ngay", "x"]
        );
        // Invisible characters alone are no typo; case and diacritics are.
        assert_eq!(h.warnings.len(), 4, "{:?}", h.warnings);
        assert!(h.warnings[0].contains("column 1 'MA_DON_VI' is read as 'ma_don_vi'"));
        assert!(h.warnings[3].contains("column 5 'x' is not an evidence field"));
    }

    #[test]
    fn two_columns_for_one_name_and_ambiguous_headers_are_refused() {
        let known = KnownNames::new(&[field("so_ke_hoach"), field("So_Ke_Hoach")]);
        let base = ["ma_don_vi", "ten_don_vi", "cap"];
        let err = resolve(
            &grid(),
            &row(&[&base[..], &["SO_KE_HOACH"]].concat()),
            &known,
        )
        .err()
        .expect("ambiguous");
        assert!(
            err.to_string()
                .contains("matches several columns ('so_ke_hoach', 'So_Ke_Hoach')"),
            "{err}"
        );
        let known = KnownNames::new(&[field("so_ke_hoach")]);
        let cells = [&base[..], &["a", "so_ke_hoach", "a", "SO_KE_HOACH"]].concat();
        let err = resolve(&grid(), &row(&cells), &known)
            .err()
            .expect("duplicate");
        assert!(
            err.to_string()
                .contains("column 'a' appears twice (columns 4 and 6)"),
            "{err}"
        );
    }
}
