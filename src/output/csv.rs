//! The one CSV writer: reports, the blank evidence form and the self-assessment
//! comparison all write their rows here, quoted the way the csv crate (and so
//! Excel's reader) expects. Hand-written because the report writes a million
//! units' rows and leaves a hole for the rank in each (see `report::rows`).

use std::borrow::Cow;

/// How a CSV file separates fields and ends lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CsvStyle {
    /// The field separator.
    pub delimiter: u8,
    /// The line ending.
    pub line_end: &'static [u8],
}

impl CsvStyle {
    /// `,` and `\n`: the reports.
    pub(crate) const REPORT: CsvStyle = CsvStyle {
        delimiter: b',',
        line_end: b"\n",
    };
    /// `;` and CRLF, as Excel writes CSV on a Vietnamese Windows: the blank form.
    pub(crate) const EXCEL_VI: CsvStyle = CsvStyle {
        delimiter: b';',
        line_end: b"\r\n",
    };
}

/// Prefixes a cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab, CR) with an apostrophe, so a unit name like `=HYPERLINK(...)` stays text.
pub(crate) fn neutralize_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One row being written into `out`.
pub(crate) struct CsvRow<'b> {
    out: &'b mut Vec<u8>,
    style: CsvStyle,
    fields: usize,
    start: usize,
}

impl<'b> CsvRow<'b> {
    /// Starts a row at the end of `out`.
    pub(crate) fn new(out: &'b mut Vec<u8>, style: CsvStyle) -> CsvRow<'b> {
        let start = out.len();
        CsvRow {
            out,
            style,
            fields: 0,
            start,
        }
    }

    fn separator(&mut self) {
        if self.fields > 0 {
            self.out.push(self.style.delimiter);
        }
        self.fields += 1;
    }

    /// A field written as given, quoted where it holds the delimiter, a quote or
    /// a line break.
    pub(crate) fn raw(&mut self, text: &str) {
        self.separator();
        let delimiter = char::from(self.style.delimiter);
        if text.contains([delimiter, '"', '\n', '\r']) {
            self.out.push(b'"');
            let mut parts = text.split('"');
            if let Some(first) = parts.next() {
                self.out.extend_from_slice(first.as_bytes());
            }
            for part in parts {
                self.out.extend_from_slice(b"\"\"");
                self.out.extend_from_slice(part.as_bytes());
            }
            self.out.push(b'"');
        } else {
            self.out.extend_from_slice(text.as_bytes());
        }
    }

    /// A text field from an input: shown safely on one line (see
    /// [`crate::text::visible`]) and never run as a formula.
    pub(crate) fn text(&mut self, text: &str) {
        let shown = crate::text::visible(text);
        self.raw(&neutralize_formula(&shown));
    }

    /// Starts an empty field and returns where its text goes (the rank, filled in
    /// once known).
    pub(crate) fn hole(&mut self) -> usize {
        self.separator();
        self.out.len()
    }

    /// Ends the row; returns the end offset.
    pub(crate) fn end(self) -> usize {
        // A record of one empty field is written `""`, or it would read as no record.
        if self.fields == 1 && self.out.len() == self.start {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.extend_from_slice(self.style.line_end);
        self.out.len()
    }
}

/// Writes one record of raw fields.
pub(crate) fn write_record<S: AsRef<str>>(
    out: &mut Vec<u8>,
    style: CsvStyle,
    fields: impl IntoIterator<Item = S>,
) {
    let mut row = CsvRow::new(out, style);
    for f in fields {
        row.raw(f.as_ref());
    }
    row.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(style: CsvStyle, fields: &[&str]) -> String {
        let mut out = Vec::new();
        write_record(&mut out, style, fields);
        String::from_utf8(out).unwrap()
    }

    /// The quoting must be what the csv crate writes (and so what Excel and the
    /// evidence reader read back).
    #[test]
    fn quotes_like_the_csv_crate() {
        let cases: [&[&str]; 6] = [
            &["a", "b,c", "say \"hi\"", ""],
            &["x;y", "line\nbreak", "cr\rhere"],
            &[""],
            &["", ""],
            &["Có/Không (hoặc x, 1/0)", "plain"],
            &["=1+2", "-3"],
        ];
        for style in [CsvStyle::REPORT, CsvStyle::EXCEL_VI] {
            for fields in cases {
                let mut theirs = ::csv::WriterBuilder::new()
                    .delimiter(style.delimiter)
                    .terminator(match style.line_end {
                        b"\r\n" => ::csv::Terminator::CRLF,
                        _ => ::csv::Terminator::Any(b'\n'),
                    })
                    .from_writer(Vec::new());
                theirs.write_record(fields).unwrap();
                let theirs = String::from_utf8(theirs.into_inner().unwrap()).unwrap();
                assert_eq!(record(style, fields), theirs, "{fields:?}");
            }
        }
    }

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(neutralize_formula("=1+1"), "'=1+1");
        assert_eq!(neutralize_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize_formula("-2"), "'-2");
        assert_eq!(neutralize_formula("Sở Tư pháp"), "Sở Tư pháp");
    }

    #[test]
    fn text_fields_are_one_line_and_never_formulas() {
        let mut out = Vec::new();
        let mut row = CsvRow::new(&mut out, CsvStyle::REPORT);
        row.text("=HYPERLINK(\"x\")");
        row.text("two\nlines");
        row.end();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"'=HYPERLINK(\"\"x\"\")\",two lines\n"
        );
    }
}
