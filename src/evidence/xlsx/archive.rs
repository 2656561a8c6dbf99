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

use super::counts::{Counts, tally};
use std::io::{Cursor, Read};

mod parts;

/// Most entries (parts) in a workbook: Excel writes a few dozen.
pub(crate) const MAX_ENTRIES: u64 = 1_000;
/// Largest central directory (the archive's table of contents), in bytes.
pub(crate) const MAX_DIRECTORY_BYTES: u64 = 4 * 1024 * 1024;
/// Most bytes all parts of a workbook may unzip to, together.
pub(crate) const MAX_UNZIPPED_BYTES: u64 = 64 * 1024 * 1024;
/// Most shared strings (distinct texts) a workbook may declare or hold. Unused
/// ones cost little; the cells showing them are bounded by [`super::counts::MAX_CELLS`].
pub(crate) const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Deepest nesting of XML elements in a part: Excel's parts nest a dozen deep;
/// a million nested elements is a bomb, refused at the first one too deep.
pub(crate) const MAX_XML_DEPTH: usize = 128;
/// Most elements of one kind that a workbook's parts may hold beyond the cells:
/// cell formats (`xf`; Excel itself allows 64,000), number formats (`numFmt`),
/// defined names (`definedName`), merged ranges (`mergeCell`), validations
/// (`dataValidation`), relationships (`Relationship`) and sheets (`sheet`).
/// Each is read and kept by calamine before any cell, so a file of millions
/// would take its time for nothing.
pub(crate) const MAX_ELEMENTS_OF_A_KIND: u64 = 65_536;
/// Excel's grid: the last row and column a cell reference may name.
pub(crate) const MAX_ROW: u64 = 1_048_576;
/// See [`MAX_ROW`]: column XFD.
pub(crate) const MAX_COLUMN: u64 = 16_384;

/// A reason to refuse the workbook, in Vietnamese and English.
pub(crate) type Refusal = String;

/// Checks the archive and its XML parts; `Ok` means calamine may read it.
pub(crate) fn check(bytes: &[u8]) -> Result<(), Refusal> {
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
        parts::scan_part(&data, &mut counts).map_err(|problem| format!("{name}: {problem}"))?;
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
pub(super) fn unzip_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::InvalidData && e.to_string().contains("declared") {
        too_large_unzipped(None)
    } else {
        not_a_workbook(e)
    }
}

/// The workbook is password-protected (its parts are encrypted).
pub(crate) fn encrypted() -> String {
    "sổ Excel được đặt mật khẩu (mã hoá): hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại dạng .xlsx / the workbook is password-protected (encrypted): open it in Excel, remove the password and save it as .xlsx".into()
}

fn not_a_workbook(e: &dyn std::fmt::Display) -> String {
    format!(
        "không đọc được tệp XLSX (hãy lưu lại bằng Excel dạng .xlsx) / cannot read the XLSX workbook (save it again from Excel as .xlsx): {e}"
    )
}
