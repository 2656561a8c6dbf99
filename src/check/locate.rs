//! Finding a lint's place in a rule file when the model kept no span for it.

use crate::diagnostic::Location;
use crate::ruleset::SourceFile;

/// The first occurrence of `needle` in the file, underlined.
pub(super) fn text(source: &SourceFile, needle: &str) -> Option<Location> {
    let start = source.text.find(needle)?;
    Some(Location::from_span(
        &source.path,
        &source.text,
        start..start + needle.len(),
    ))
}

/// The first line whose text (after indentation) starts with `prefix`, underlined
/// up to the end of the line.
pub(super) fn line_starting(source: &SourceFile, prefix: &str) -> Option<Location> {
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(prefix) {
            let start = offset + (line.len() - trimmed.len());
            let end = offset + line.trim_end().len();
            return Some(Location::from_span(&source.path, &source.text, start..end));
        }
        offset += line.len();
    }
    None
}

/// A whole 1-based line, underlined from its first non-blank character.
pub(super) fn line(source: &SourceFile, line: usize) -> Location {
    let text = source
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("");
    let column = text.chars().take_while(|c| c.is_whitespace()).count() + 1;
    let mut location = Location::from_line_column(&source.path, &source.text, line, column);
    location.width = text.trim().chars().count().max(1);
    location
}
