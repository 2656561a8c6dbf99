//! The workbook's XML parts, read as calamine's XML reader reads them, with
//! every attribute calamine turns into a number or a cell position checked
//! against Excel's grid and the archive's limits. Separate from the zip checks
//! in `archive`: those bound the bytes, these bound what the bytes declare.

use super::{
    MAX_COLUMN, MAX_ELEMENTS_OF_A_KIND, MAX_ROW, MAX_SHARED_STRINGS, MAX_XML_DEPTH,
    too_many_strings, unzip_error,
};
use crate::evidence::xlsx::counts::{Counts, MAX_CELLS};
use quick_xml::events::{BytesStart, Event};

/// Reads a part as calamine's XML reader does and checks every attribute calamine
/// turns into a number or a cell position. A part that is not XML (an image) is
/// not checked further: calamine reads no attributes from it.
pub(super) fn scan_part(part: &[u8], counts: &mut Counts) -> Result<(), String> {
    let mut xml = quick_xml::Reader::from_reader(part);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    let mut strings: u64 = 0;
    let mut depth: usize = 0;
    let mut kinds = [0u64; COUNTED.len()];
    loop {
        let element = match xml.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(too_deep());
                }
                e
            }
            Ok(Event::Empty(e)) => e,
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Ok(Event::Eof) => return Ok(()),
            Err(quick_xml::Error::Io(e)) => return Err(unzip_error(&e)),
            // Not XML (an image, say): calamine reads no attribute from it.
            Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        if let Some(at) = COUNTED
            .iter()
            .position(|k| *k == element.local_name().as_ref())
            && let Some(count) = kinds.get_mut(at)
        {
            *count += 1;
            if *count > MAX_ELEMENTS_OF_A_KIND {
                return Err(too_many_elements(COUNTED.get(at).copied().unwrap_or("?")));
            }
        }
        match element.local_name().as_ref() {
            "row" => {
                counts.row_counted = false;
                attributes(&element, "r", cell_reference)?;
            }
            "c" => {
                counts.cell()?;
                attributes(&element, "r", cell_reference)?;
            }
            "dimension" | "mergeCell" | "f" => attributes(&element, "ref", range)?,
            "sst" => {
                attributes(&element, "uniqueCount", string_count)?;
                attributes(&element, "count", reference_count)?;
            }
            "si" => {
                strings += 1;
                if strings > MAX_SHARED_STRINGS {
                    return Err(too_many_strings(&format!("> {MAX_SHARED_STRINGS}")));
                }
            }
            _ => {}
        }
    }
}

/// Checks every attribute named `name` (all of them: a repeated one is not
/// skipped), split as calamine splits them: raw text, `key="value"` or `'value'`,
/// stopping where calamine would stop with an error.
fn attributes(
    element: &BytesStart<'_>,
    name: &str,
    check: fn(&str) -> Result<(), String>,
) -> Result<(), String> {
    let mut raw = element.attributes_raw();
    loop {
        raw = raw.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some((key, rest)) = raw.split_once('=') else {
            return Ok(());
        };
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(quote) = rest.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            return Ok(());
        };
        let rest = rest.get(1..).unwrap_or_default();
        let (value, after) = rest.split_once(quote).unwrap_or((rest, ""));
        if key.trim_end_matches(|c: char| c.is_ascii_whitespace()) == name {
            check(value)?;
        }
        raw = after;
    }
}

/// `uniqueCount`: the distinct strings, which calamine reserves room for.
fn string_count(value: &str) -> Result<(), String> {
    if over(value, MAX_SHARED_STRINGS) {
        return Err(too_many_strings(value));
    }
    Ok(())
}

/// `count`: the cells showing a shared string, at most one per cell.
fn reference_count(value: &str) -> Result<(), String> {
    if over(value, MAX_CELLS) {
        return Err(format!(
            "sổ Excel khai báo {value} ô dùng chuỗi chung, vượt giới hạn {MAX_CELLS} ô / the workbook declares {value} cells showing shared strings, over the limit of {MAX_CELLS} cells"
        ));
    }
    Ok(())
}

/// Whether a declared count (digits; other text is left to calamine) exceeds `limit`.
fn over(value: &str, limit: u64) -> bool {
    let digits = value.trim().trim_start_matches('+');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let count = digits.trim_start_matches('0');
    count.len() > 19 || count.parse::<u64>().is_ok_and(|n| n > limit)
}

/// A reference such as `B7` (or a row number): letters then digits, inside
/// Excel's grid. Other text is left to calamine, which refuses it.
fn position(value: &str) -> Result<Option<(u64, u64)>, String> {
    let letters = value.bytes().take_while(u8::is_ascii_alphabetic).count();
    let digits = value
        .bytes()
        .skip(letters)
        .take_while(u8::is_ascii_digit)
        .count();
    let outside = || Err(outside_grid(value));
    if letters > 3 || digits > 7 {
        return outside();
    }
    let column = value.bytes().take(letters).fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = value
        .get(letters..letters + digits)
        .and_then(|d| d.parse::<u64>().ok());
    if column > MAX_COLUMN || row.is_some_and(|r| r > MAX_ROW) {
        return outside();
    }
    Ok(row.map(|row| (row, column)))
}

fn cell_reference(value: &str) -> Result<(), String> {
    position(value).map(drop)
}

/// A range such as `A1:D9`: both ends inside the grid, the end not before the start.
fn range(value: &str) -> Result<(), String> {
    let mut ends = value.split(':');
    let first = ends.next().map(position).transpose()?.flatten();
    let last = ends.next().map(position).transpose()?.flatten();
    if let (Some(first), Some(last)) = (first, last)
        && (last.0 < first.0 || last.1 < first.1)
    {
        return Err(format!(
            "vùng ô '{value}' kết thúc trước khi bắt đầu / the cell range '{value}' ends before it starts"
        ));
    }
    Ok(())
}

/// The elements counted against [`MAX_ELEMENTS_OF_A_KIND`], per part.
const COUNTED: [&str; 7] = [
    "xf",
    "numFmt",
    "definedName",
    "mergeCell",
    "dataValidation",
    "Relationship",
    "sheet",
];

fn too_deep() -> String {
    format!(
        "các phần tử XML lồng nhau sâu hơn {MAX_XML_DEPTH} mức: đây không phải sổ Excel bình thường / XML elements nest deeper than {MAX_XML_DEPTH} levels: not an ordinary Excel workbook"
    )
}

fn too_many_elements(kind: &str) -> String {
    format!(
        "có hơn {MAX_ELEMENTS_OF_A_KIND} phần tử <{kind}>: đây không phải sổ Excel bình thường / more than {MAX_ELEMENTS_OF_A_KIND} <{kind}> elements: not an ordinary Excel workbook"
    )
}

fn outside_grid(value: &str) -> String {
    format!(
        "tham chiếu ô '{value}' nằm ngoài bảng tính Excel (tối đa cột XFD, dòng {MAX_ROW}) / the cell reference '{value}' is outside Excel's grid (at most column XFD, row {MAX_ROW})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_outside_the_grid_are_refused_before_calamine_overflows() {
        assert_eq!(position("XFD1048576"), Ok(Some((1_048_576, 16_384))));
        assert_eq!(position("a1"), Ok(Some((1, 1))));
        assert!(position("XFE1").is_err());
        assert!(position("A1048577").is_err());
        assert!(position("AAAAAAAAAAAAAA1").is_err());
        assert!(position("A99999999999999").is_err());
        assert_eq!(position("7"), Ok(Some((7, 0))));
        assert!(range("B2:A1").is_err());
        assert!(range("A1:B2").is_ok());
        assert!(string_count("4294967295").is_err());
        assert!(string_count("000000000000000000000000000012").is_ok());
        assert!(string_count("99999999999999999999999").is_err());
        assert!(string_count("12").is_ok());
    }
}
