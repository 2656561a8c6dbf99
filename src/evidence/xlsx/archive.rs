//! The workbook's zip archive and XML parts, checked before calamine reads them.
//!
//! calamine trusts what a workbook declares: it reserves room for the declared
//! number of shared strings, and its cell-reference arithmetic overflows on
//! references past Excel's grid. A hostile file can declare anything, so every
//! number that could size memory or time is checked here first, against what the
//! archive really holds: the entry count and central directory (read from the end
//! record, before the zip reader lists the entries), each entry's declared and
//! real unzipped size (a part that unzips to more than it declared is refused as
//! soon as it does), the shared-string counts, every cell reference and range, and
//! the rows and cells of all sheets (see [`super::counts`]): a bomb of many
//! rows, cells or strings within the byte bounds is refused here, before calamine
//! parses a cell (a byte tally of `<c`/`<si` first, then the XML scan).

use super::counts::{Counts, MAX_CELLS, tally};
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// Most entries (parts) in a workbook: Excel writes a few dozen.
pub const MAX_ENTRIES: u64 = 1_000;
/// Largest central directory (the archive's table of contents), in bytes.
pub const MAX_DIRECTORY_BYTES: u64 = 4 * 1024 * 1024;
/// Most bytes all parts of a workbook may unzip to, together.
pub const MAX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;
/// Most shared strings (distinct texts) a workbook may declare or hold. Unused
/// ones cost little; the cells showing them are bounded by [`MAX_CELLS`].
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Deepest nesting of XML elements in a part: Excel's parts nest a dozen deep;
/// a million nested elements is a bomb, refused at the first one too deep.
pub const MAX_XML_DEPTH: usize = 128;
/// Most elements of one kind that a workbook's parts may hold beyond the cells:
/// cell formats (`xf`; Excel itself allows 64,000), number formats (`numFmt`),
/// defined names (`definedName`), merged ranges (`mergeCell`), validations
/// (`dataValidation`), relationships (`Relationship`) and sheets (`sheet`).
/// Each is read and kept by calamine before any cell, so a file of millions
/// would take its time for nothing.
pub const MAX_ELEMENTS_OF_A_KIND: u64 = 65_536;
/// Excel's grid: the last row and column a cell reference may name.
pub const MAX_ROW: u64 = 1_048_576;
/// See [`MAX_ROW`]: column XFD.
pub const MAX_COLUMN: u64 = 16_384;

/// A reason to refuse the workbook, in Vietnamese and English.
pub type Refusal = String;

/// Checks the archive and its XML parts; `Ok` means calamine may read it.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let mut counts = Counts::default();
    end_record(bytes)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_a_workbook(&e))?;
    let entries = zip.len() as u64;
    if entries > MAX_ENTRIES {
        return Err(too_many_entries(entries));
    }
    let mut declared: u64 = 0;
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).map_err(|e| not_a_workbook(&e))?;
        if entry.encrypted() {
            return Err(encrypted());
        }
        declared = declared.saturating_add(entry.size());
    }
    if declared > MAX_UNZIPPED_BYTES {
        return Err(too_large_unzipped(Some(declared)));
    }
    for index in 0..zip.len() {
        let entry = zip.by_index(index).map_err(|e| not_a_workbook(&e))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = entry.size();
        // The real bytes are counted: a part that unzips to more than it declared
        // is refused at its first extra byte, so the work stays within the total.
        let mut part = Capped {
            inner: entry,
            left: size,
            over: false,
        };
        // The part is unzipped whole (the total is bounded above) and scanned in
        // place: borrowing from one buffer is much faster than a streamed scan.
        let mut data =
            Vec::with_capacity(usize::try_from(size.min(MAX_UNZIPPED_BYTES)).unwrap_or(0));
        let read = part.read_to_end(&mut data);
        if part.over {
            return Err(too_large_unzipped(None));
        }
        read.map_err(|e| format!("{name}: {}", unzip_error(&e)))?;
        tally(&data, &counts).map_err(|problem| format!("{name}: {problem}"))?;
        scan_part(&data, &mut counts).map_err(|problem| format!("{name}: {problem}"))?;
    }
    Ok(())
}

/// A reader that fails once more than `left` bytes come out.
struct Capped<R> {
    inner: R,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => {
                self.over = true;
                Err(std::io::Error::other("part larger than declared"))
            }
        }
    }
}

/// The end-of-central-directory record (and its zip64 form), read before the zip
/// reader allocates a table of entries by the count it declares. Every candidate
/// record in the file's tail (one whose comment reaches the end of the file) is
/// checked, a comment could hide a false one, so whichever the zip reader settles
/// on is within bounds.
fn end_record(bytes: &[u8]) -> Result<(), Refusal> {
    let not_zip = || not_a_workbook(&"no end of central directory record");
    let start = bytes.len().saturating_sub(22 + 65_535);
    let tail = bytes.get(start..).unwrap_or_default();
    let mut found = false;
    for (at, _) in tail
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x05\x06")
    {
        let record = tail.get(at..).unwrap_or_default();
        let (Some(entries), Some(size), Some(comment)) =
            (le16(record, 10), le32(record, 12), le16(record, 20))
        else {
            continue;
        };
        // A record ends the file after its comment; other matches are data.
        if record.len() != 22 + usize::from(comment) {
            continue;
        }
        let (entries, size) = (u64::from(entries), u64::from(size));
        let (entries, size) = if entries == 0xFFFF || size == 0xFFFF_FFFF {
            match zip64_counts(bytes, start + at) {
                Some(counts) => counts,
                None => continue,
            }
        } else {
            (entries, size)
        };
        if entries > MAX_ENTRIES || size > MAX_DIRECTORY_BYTES {
            return Err(too_many_entries(entries));
        }
        found = true;
    }
    if found { Ok(()) } else { Err(not_zip()) }
}

/// The zip64 end record's entry count and directory size, found through its locator.
fn zip64_counts(bytes: &[u8], end_record: usize) -> Option<(u64, u64)> {
    let locator = bytes.get(end_record.checked_sub(20)?..end_record)?;
    if locator.get(..4)? != b"PK\x06\x07" {
        return None;
    }
    let offset = usize::try_from(le64(locator, 8)?).ok()?;
    let record = bytes.get(offset..)?;
    if record.get(..4)? != b"PK\x06\x06" {
        return None;
    }
    Some((le64(record, 32)?, le64(record, 40)?))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Reads a part as calamine's XML reader does and checks every attribute calamine
/// turns into a number or a cell position. A part that is not XML (an image) is
/// not checked further: calamine reads no attributes from it.
fn scan_part(part: &[u8], counts: &mut Counts) -> Result<(), String> {
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

pub(super) fn too_many_strings(value: &str) -> String {
    format!(
        "số chuỗi dùng chung khai báo {value} vượt giới hạn {MAX_SHARED_STRINGS} / the workbook declares {value} shared strings, over the limit of {MAX_SHARED_STRINGS}"
    )
}

fn too_many_entries(entries: u64) -> String {
    format!(
        "tệp nén XLSX có {entries} phần, vượt giới hạn {MAX_ENTRIES} (hoặc mục lục quá lớn): đây không phải sổ Excel bình thường / the XLSX archive has {entries} parts, over the limit of {MAX_ENTRIES} (or its directory is too large): not an ordinary Excel workbook"
    )
}

fn too_large_unzipped(declared: Option<u64>) -> String {
    let limit = MAX_UNZIPPED_BYTES / (1024 * 1024);
    let (vi, en) = match declared {
        Some(bytes) => {
            let mb = bytes / (1024 * 1024);
            (
                format!("khai báo giải nén thành {mb} MB"),
                format!("declares {mb} MB unzipped"),
            )
        }
        None => (
            "giải nén ra nhiều hơn kích thước nó khai báo".to_string(),
            "unzips to more than it declares".to_string(),
        ),
    };
    format!(
        "sổ XLSX {vi} (giới hạn {limit} MB sau giải nén): quá lớn với tệp minh chứng của một tỉnh, hoặc là tệp nén độc hại; hãy kiểm tra đúng tệp chưa, hoặc lưu dạng CSV UTF-8 / the XLSX workbook {en} (the limit is {limit} MB unzipped): too large for a province's evidence, or a zip bomb; check that this is the right file, or save it as CSV UTF-8"
    )
}

/// Why a part could not be unzipped. The zip reader stops a part at the size it
/// declared (with this message), as [`Capped`] would.
fn unzip_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::InvalidData && e.to_string().contains("declared") {
        too_large_unzipped(None)
    } else {
        not_a_workbook(e)
    }
}

/// The workbook is password-protected (its parts are encrypted).
pub fn encrypted() -> String {
    "sổ Excel được đặt mật khẩu (mã hoá): hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại dạng .xlsx / the workbook is password-protected (encrypted): open it in Excel, remove the password and save it as .xlsx".into()
}

fn not_a_workbook(e: &dyn std::fmt::Display) -> String {
    format!(
        "không đọc được tệp XLSX (hãy lưu lại bằng Excel dạng .xlsx) / cannot read the XLSX workbook (save it again from Excel as .xlsx): {e}"
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
