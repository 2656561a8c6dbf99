//! Choosing an output format from `--format` and the `-o` file's extension: the
//! extension chooses when `--format` is absent (`-o bao-cao.xlsx` writes a
//! workbook, not a text table named `.xlsx`), and the two must agree when both
//! are given. An extension that names no format (`.txt`, none) keeps the
//! command's default; one that names a format the command cannot write is an
//! error, never a file whose content belies its name.

use crate::error::Error;
use std::path::Path;

/// What an output file's name says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text (`.txt`), no extension, or an extension naming no format.
    Text,
    /// `.csv`
    Csv,
    /// `.json`
    Json,
    /// `.md`, `.markdown`
    Markdown,
    /// `.html`, `.htm`
    Html,
    /// `.xlsx`, `.xlsm`
    Xlsx,
    /// A format no command writes (`.xls`, `.ods`, `.pdf`, `.docx`, `.toml`, ...).
    Other,
}

/// The kind named by `path`'s extension (case-insensitive).
pub(crate) fn kind_of(path: &Path) -> Kind {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return Kind::Text;
    };
    match ext.to_ascii_lowercase().as_str() {
        "csv" => Kind::Csv,
        "json" => Kind::Json,
        "md" | "markdown" => Kind::Markdown,
        "html" | "htm" => Kind::Html,
        "xlsx" | "xlsm" => Kind::Xlsx,
        "xls" | "xlsb" | "ods" | "numbers" | "pdf" | "doc" | "docx" | "odt" | "toml" | "yaml"
        | "yml" | "xml" | "zip" => Kind::Other,
        _ => Kind::Text,
    }
}

/// One format a command writes: its value, its `--format` name, and the kind of
/// file it makes.
pub type Choice<F> = (F, &'static str, Kind);

/// The format to write: `given` (checked against the extension of `output`), or
/// the first of `formats` whose kind the extension names, or `default`.
pub fn choose<F: Copy + PartialEq>(
    command: &str,
    output: Option<&Path>,
    given: Option<F>,
    formats: &[Choice<F>],
    default: F,
) -> Result<F, Error> {
    let Some(path) = output else {
        return Ok(given.unwrap_or(default));
    };
    let named = kind_of(path);
    let shown = path.display();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    match given {
        Some(format) => {
            let Some((_, name, kind)) = formats.iter().find(|(f, ..)| *f == format) else {
                return Ok(format);
            };
            if named == Kind::Text || named == *kind {
                Ok(format)
            } else {
                Err(Error::Usage(format!(
                    "--format {name} nhưng -o {shown} là tệp .{extension}: bỏ --format hoặc đổi đuôi tệp / --format {name}, but -o {shown} names a .{extension} file: drop --format or change the extension"
                )))
            }
        }
        None if named == Kind::Text => Ok(default),
        None => match formats.iter().find(|(_, _, kind)| *kind == named) {
            Some((format, ..)) => Ok(*format),
            None => {
                let names: Vec<&str> = formats.iter().map(|(_, n, _)| *n).collect();
                Err(Error::Usage(format!(
                    "cchc {command} không ghi được tệp .{extension} (-o {shown}; định dạng: {}) / cchc {command} cannot write a .{extension} file (-o {shown}; formats: {})",
                    names.join(", "),
                    names.join(", ")
                )))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORMATS: [Choice<u8>; 3] = [
        (0, "table", Kind::Text),
        (1, "csv", Kind::Csv),
        (2, "wide", Kind::Csv),
    ];

    fn pick(output: &str, given: Option<u8>) -> Result<u8, Error> {
        choose("score", Some(Path::new(output)), given, &FORMATS, 0)
    }

    #[test]
    fn the_extension_chooses_and_must_agree() {
        assert_eq!(pick("a.CSV", None).ok(), Some(1));
        assert_eq!(pick("a.txt", None).ok(), Some(0));
        assert_eq!(pick("a", None).ok(), Some(0));
        assert_eq!(pick("a.csv", Some(2)).ok(), Some(2));
        assert_eq!(pick("a.txt", Some(1)).ok(), Some(1));
        assert!(pick("a.csv", Some(0)).is_err());
        assert!(pick("a.json", None).is_err());
        assert!(pick("a.xls", None).is_err());
    }
}
