//! Finding the header row of an evidence grid among its first rows and reading
//! its names (each written once, required columns present). Separate from
//! `columns`, which assigns meaning to the names once the row is found.

use super::*;

/// How far down the header row is looked for: titles, a row of Vietnamese labels
/// or merged group headings may stand above it.
pub(crate) const HEADER_SEARCH_ROWS: usize = 20;

/// Finds the header row among the first [`HEADER_SEARCH_ROWS`] non-blank rows: the
/// one naming the most of `known` (ties: the first). Rows above it are a preamble.
/// Without any known name, the first non-blank row is the header, and the caller
/// reports what it lacks.
#[cfg(test)]
pub(crate) fn header_index(rows: &[GridRow], known: &dyn Fn(&str) -> bool) -> Option<usize> {
    header_index_weighted(rows, &|h| usize::from(known(h)))
}

/// [`header_index`] with a weight per cell: the row whose cells weigh most.
pub(crate) fn header_index_weighted(
    rows: &[GridRow],
    weight: &dyn Fn(&str) -> usize,
) -> Option<usize> {
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
pub(crate) fn header_names(grid: &Grid, header: &GridRow) -> Result<Vec<String>, Error> {
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
pub(crate) fn header_with(
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
    no_repeat(grid, &written, &headers)?;
    all_required(grid, &written, &headers, required)?;
    Ok((at, headers, warnings))
}

/// Refuses two columns read as one name (the first repeat, in column order).
fn no_repeat(grid: &Grid, written: &[String], headers: &[String]) -> Result<(), Error> {
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
        let h = cell(headers);
        return Err(grid_error(
            grid,
            format!(
                "cột {} '{}' lặp lại cột '{h}' (khi bỏ qua chữ hoa/thường và dấu); không biết đọc cột nào / column {} '{}' repeats column '{h}' (ignoring case and diacritics): ambiguous",
                col + 1,
                cell(written),
                col + 1,
                cell(written)
            ),
        ));
    }
    Ok(())
}

/// Refuses a header without one of the `required` names.
fn all_required(
    grid: &Grid,
    written: &[String],
    headers: &[String],
    required: &[&str],
) -> Result<(), Error> {
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
                super::headers::quote_headers(written),
                missing.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The index of the header row among `grid`'s rows: the first rows' best match
/// for the names `fields` give, a name written exactly weighing more than one
/// matched loosely (see [`headers`]), so a row of `MA_DON_VI`-style labels above
/// the real header is not taken for it.
pub(crate) fn find_header(grid: &Grid, fields: &[EvidenceField]) -> Result<usize, Error> {
    let names = KnownNames::new(fields);
    let weight = |h: &str| names.weight(h);
    header_index_weighted(&grid.rows, &weight)
        .ok_or_else(|| grid_error(grid, "tệp rỗng / the file is empty".into()))
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
