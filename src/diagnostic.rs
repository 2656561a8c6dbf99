//! Diagnostics that point at the source: a file, a line, a column and an underline,
//! rendered the way rustc and `just` do, so an auditor sees the exact TOML key,
//! script line or CSV cell at fault.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

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
    /// The text of the line, without its newline.
    #[serde(skip)]
    pub line_text: String,
}

impl Location {
    /// Locates a byte range of `text` (the content of `file`).
    pub fn from_span(file: &Path, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        let width = text[start..end].chars().count().max(1);
        Location {
            file: file.to_path_buf(),
            line,
            column,
            width,
            line_text,
        }
    }

    /// A location given by line and column inside `text` (1-based), one character wide.
    pub fn from_line_column(file: &Path, text: &str, line: usize, column: usize) -> Location {
        let line_text = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        let width = line_text
            .chars()
            .count()
            .saturating_sub(column.saturating_sub(1))
            .max(1);
        Location {
            file: file.to_path_buf(),
            line,
            column,
            width,
            line_text,
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One finding about a rule file, with a stable dotted code (`band/unknown-key`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable code, documented in `rules/README.md`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error-level diagnostic.
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location,
        }
    }

    /// A warning-level diagnostic.
    pub fn warning(
        code: &'static str,
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
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(loc) = &self.location {
            let gutter = " ".repeat(loc.line.to_string().len());
            write!(f, "\n{gutter}--> {loc}")?;
            if !loc.line_text.is_empty() {
                let pad: String = loc
                    .line_text
                    .chars()
                    .take(loc.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(
                    f,
                    "\n{gutter} |\n{} | {}\n{gutter} | {pad}{}",
                    loc.line,
                    loc.line_text,
                    "^".repeat(loc.width)
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
    fn renders_line_column_and_underline() {
        let text = "id = \"1.1\"\nmax_points = \"0,5x\"\n";
        let start = text.find("\"0,5x\"").unwrap();
        let loc = Location::from_span(Path::new("r/1.1.toml"), text, start..start + 6);
        assert_eq!((loc.line, loc.column, loc.width), (2, 14, 6));
        let d = Diagnostic::error("value/invalid-decimal", "not a decimal", Some(loc));
        assert_eq!(
            d.to_string(),
            "error[value/invalid-decimal]: not a decimal\n --> r/1.1.toml:2:14\n  |\n2 | max_points = \"0,5x\"\n  |              ^^^^^^"
        );
    }

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let text = "title = \"Kế hoạch\" x";
        let start = text.find('x').unwrap();
        let loc = Location::from_span(Path::new("f"), text, start..start + 1);
        assert_eq!(loc.column, 20);
    }
}
