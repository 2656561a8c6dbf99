//! Diagnostics that point at the source: a file, a line, a column and an underline,
//! rendered the way rustc and `just` do, so an auditor sees the exact TOML key,
//! script line or CSV cell at fault.

mod code;

pub use code::{Code, Stage};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The most characters of a source line shown under `-->`: a window around the
/// column, with `…` where the line goes on (a rule file of one megabyte-long line
/// is not echoed whole).
pub(crate) const MAX_SNIPPET_CHARS: usize = 200;
/// The most characters of one word (an echoed key or value) in a message.
pub(crate) const MAX_WORD_CHARS: usize = 200;
/// The most characters of a whole message.
pub(crate) const MAX_MESSAGE_CHARS: usize = 4000;
/// Characters shown before the column when the line is cut.
const SNIPPET_LEAD: usize = 60;

/// `text` cut to `max` characters, ending with `…` when cut.
pub(crate) fn cap(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", text.get(..end).unwrap_or(text))),
    }
}

/// A message with every word (a run without whitespace) cut at
/// [`MAX_WORD_CHARS`] and the whole cut at [`MAX_MESSAGE_CHARS`], so that a value
/// echoed from a hostile file stays readable and small. The message is first
/// made safe to show ([`crate::text::visible`]): a rule file's title or a
/// report's id echoed here never sends an escape or a line break to the terminal.
pub fn cap_message(message: &str) -> Cow<'_, str> {
    match crate::text::visible(message) {
        Cow::Borrowed(safe) => cap_words(safe),
        Cow::Owned(safe) => Cow::Owned(cap_words(&safe).into_owned()),
    }
}

fn cap_words(message: &str) -> Cow<'_, str> {
    let long_word = message
        .split(char::is_whitespace)
        .any(|w| w.len() > MAX_WORD_CHARS && w.chars().count() > MAX_WORD_CHARS);
    if !long_word {
        return cap(message, MAX_MESSAGE_CHARS);
    }
    let mut out = String::new();
    let mut run = 0;
    for c in message.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run == MAX_WORD_CHARS + 1 {
                out.push('…');
            }
            if run > MAX_WORD_CHARS {
                continue;
            }
        }
        out.push(c);
    }
    Cow::Owned(cap(&out, MAX_MESSAGE_CHARS).into_owned())
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The ruleset cannot be used to score.
    Error,
    /// Suspicious but usable.
    Warning,
}

/// A position in a source file, with the text of its line for the underline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file, as given by the user (relative paths stay relative).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Number of characters to underline (at least 1).
    #[serde(skip)]
    pub width: usize,
    /// The text of the line, without its newline: at most [`MAX_SNIPPET_CHARS`]
    /// around the column, with `…` at either end where the line was cut.
    #[serde(skip)]
    pub line_text: String,
    /// Characters of the line cut before `line_text` (0 when it starts the line).
    #[serde(skip)]
    pub line_offset: usize,
}

impl Location {
    /// Locates a byte range of `text` (the content of `file`).
    pub(crate) fn from_span(file: &Path, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        // `start` and `end` are char boundaries; `get` keeps that a non-panicking fact.
        let (head, tail) = text.split_at_checked(start).unwrap_or((text, ""));
        let line_start = head.rfind('\n').map_or(0, |i| i + 1);
        let line_end = tail.find('\n').map_or(text.len(), |i| start + i);
        let line = head.matches('\n').count() + 1;
        let column = head.get(line_start..).unwrap_or_default().chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let width = text
            .get(start..end)
            .unwrap_or_default()
            .chars()
            .count()
            .max(1);
        let line_text = text.get(line_start..line_end).unwrap_or_default();
        let (line_text, line_offset) = window(line_text.trim_end_matches('\r'), column);
        Location {
            file: file.to_path_buf(),
            line,
            column,
            width,
            line_text,
            line_offset,
        }
    }

    /// A location given by line and column inside `text` (1-based), one character wide.
    pub(crate) fn from_line_column(
        file: &Path,
        text: &str,
        line: usize,
        column: usize,
    ) -> Location {
        let full = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let width = full
            .chars()
            .count()
            .saturating_sub(column.saturating_sub(1))
            .max(1);
        let (line_text, line_offset) = window(full, column);
        Location {
            file: file.to_path_buf(),
            line,
            column,
            width,
            line_text,
            line_offset,
        }
    }
}

/// At most [`MAX_SNIPPET_CHARS`] of `line` around 1-based `column`, marked `…`
/// where cut, and how many characters were cut before.
fn window(line: &str, column: usize) -> (String, usize) {
    if line.len() <= MAX_SNIPPET_CHARS || line.chars().count() <= MAX_SNIPPET_CHARS {
        return (line.to_string(), 0);
    }
    let skip = column.saturating_sub(1).saturating_sub(SNIPPET_LEAD);
    let mut chars = line.chars().skip(skip);
    let mut shown: String = chars.by_ref().take(MAX_SNIPPET_CHARS).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    if skip > 0 {
        shown.insert(0, '…');
    }
    (shown, skip)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        write!(
            f,
            "{}:{}:{}",
            crate::text::visible(&file),
            self.line,
            self.column
        )
    }
}

/// One finding about a rule file, with a stable dotted code (`band/unknown-key`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable code, documented in `rules/README.md`; printed and serialized as its
    /// dotted string.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// A diagnostic with `code`, at the code's severity.
    pub(crate) fn new(
        code: Code,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            ..Diagnostic::error(code, message, location)
        }
    }

    /// An error-level diagnostic.
    pub(crate) fn error(
        code: Code,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Diagnostic {
        let message = message.into();
        Diagnostic {
            code,
            severity: Severity::Error,
            message: match cap_message(&message) {
                Cow::Borrowed(_) => message,
                Cow::Owned(capped) => capped,
            },
            location,
        }
    }

    /// A warning-level diagnostic.
    pub(crate) fn warning(
        code: Code,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, location)
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Renders with a gutter and an underline:
    ///
    /// ```text
    /// error[band/unknown-key]: ...
    ///   --> rules/x/1.1.toml:12:9
    ///    |
    /// 12 | key = "dung_han"
    ///    |       ^^^^^^^^^^
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{severity}[{}]: {}",
            self.code,
            cap_message(&self.message)
        )?;
        if let Some(loc) = &self.location {
            let gutter = " ".repeat(loc.line.to_string().len());
            write!(f, "\n{gutter}--> {loc}")?;
            if !loc.line_text.is_empty() {
                // The column inside the shown window (after a leading `…`).
                let before = loc.column.saturating_sub(1).saturating_sub(loc.line_offset)
                    + usize::from(loc.line_offset > 0);
                let shown = loc.line_text.chars().count();
                let pad: String = loc
                    .line_text
                    .chars()
                    .take(before)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                // The underline stays under the shown text (at least one caret).
                let width = loc.width.min(shown.saturating_sub(before)).max(1);
                write!(
                    f,
                    "\n{gutter} |\n{} | {}\n{gutter} | {pad}{}",
                    loc.line,
                    crate::text::visible(&loc.line_text),
                    "^".repeat(width)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_takes_its_code_s_string_and_severity() {
        let d = Diagnostic::new(Code::BandMissingClause, "m", None);
        assert_eq!(
            (d.code, d.severity),
            (Code::BandMissingClause, Severity::Warning)
        );
        assert_eq!(d.to_string(), "warning[band/missing-clause]: m");
        let d = Diagnostic::new(Code::BandGap, "m", None);
        assert_eq!((d.code, d.severity), (Code::BandGap, Severity::Error));
        // JSON carries the dotted string, as before the code was an enum.
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"].as_str(), Some(Code::BandGap.as_str()));
        assert_eq!(
            Code::BandGap.as_str().split_once('/'),
            Some(("band", "gap"))
        );
    }

    #[test]
    fn renders_line_column_and_underline() {
        let text = "id = \"1.1\"\nmax_points = \"0,5x\"\n";
        let start = text.find("\"0,5x\"").unwrap();
        let loc = Location::from_span(Path::new("r/1.1.toml"), text, start..start + 6);
        assert_eq!((loc.line, loc.column, loc.width), (2, 14, 6));
        let d = Diagnostic::error(Code::ValueInvalidDecimal, "not a decimal", Some(loc));
        assert_eq!(
            d.to_string(),
            "error[value/invalid-decimal]: not a decimal\n --> r/1.1.toml:2:14\n  |\n2 | max_points = \"0,5x\"\n  |              ^^^^^^"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let text = format!("{}x{}", "ă".repeat(1000), "b".repeat(1000));
        let start = text.find('x').unwrap();
        let loc = Location::from_span(Path::new("f"), &text, start..start + 1);
        assert_eq!(loc.column, 1001);
        let shown = Diagnostic::error(Code::TomlInvalid, "m", Some(loc)).to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let snippet = lines[3].trim_start_matches("1 | ");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert_eq!(snippet.chars().count(), MAX_SNIPPET_CHARS + 2);
        // The caret stays under the `x`.
        let caret = lines[4].trim_start_matches("  | ").chars().count();
        assert_eq!(snippet.chars().nth(caret - 1), Some('x'));
    }

    #[test]
    fn an_echoed_word_is_cut_and_the_message_kept() {
        let message = format!("khóa '{}' lạ / unknown key", "k".repeat(5000));
        let capped = cap_message(&message);
        assert!(capped.chars().count() < 250, "{capped}");
        assert!(capped.ends_with("… lạ / unknown key"), "{capped}");
        assert_eq!(cap_message("ngắn / short"), "ngắn / short");
    }

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let text = "title = \"Kế hoạch\" x";
        let start = text.find('x').unwrap();
        let loc = Location::from_span(Path::new("f"), text, start..start + 1);
        assert_eq!(loc.column, 20);
    }
}
