//! Reading CSV as Excel writes it: `,` or `;`, UTF-8 with or without BOM.

use super::cell::RawCell;
use super::grid::{Grid, GridRow};
use super::{EvidenceSet, records};
use crate::error::Error;
use crate::level::Level;
use crate::ruleset::EvidenceField;
use std::path::Path;

/// Reads an evidence CSV file, typing each cell against `fields`.
///
/// File-level problems (unreadable, not UTF-8, missing required columns) are an
/// [`Error`]; cell and row problems are recorded on the unit, which stays in the set.
pub fn read_csv(
    path: &Path,
    fields: &[EvidenceField],
    levels: &[Level],
) -> Result<EvidenceSet, Error> {
    records::evidence_from_grid(read_grid(path)?, fields, levels)
}

/// Reads a CSV file into rows of text cells (numbered from 1, blank rows kept).
pub fn read_grid(path: &Path) -> Result<Grid, Error> {
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
    let reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.into_records().enumerate() {
        let row = index + 1;
        let record = record.map_err(|e| {
            evidence_error(if row == 1 {
                format!("không đọc được dòng tiêu đề / cannot read the header row: {e}")
            } else {
                format!("dòng/row {row}: không đọc được CSV / malformed CSV: {e}")
            })
        })?;
        let cells = record
            .iter()
            .map(|c| match c.trim() {
                "" => RawCell::Empty,
                t => RawCell::Text(t.to_string()),
            })
            .collect();
        rows.push(GridRow { row, cells });
    }
    Ok(Grid {
        path: path.to_path_buf(),
        sheet: None,
        fingerprint,
        rows,
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
