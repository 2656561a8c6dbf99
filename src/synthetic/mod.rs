//! Synthetic evidence (`cchc gen`): N units of mixed levels with realistic values
//! for a ruleset's fields, written as a Sở exports them from Excel (UTF-8 with BOM,
//! `;`, CRLF, `Có/Không`, `dd/mm/yyyy`, decimal comma).
//!
//! Everything is read from the ruleset: its levels, its fields and their types,
//! which levels use each field, and how the scripts use them ([`plan`]). Values follow
//! the distributions documented in [`values`]. The output is a pure function of the
//! ruleset, the year, the number of units and the seed: the generator is SplitMix64
//! ([`rng`]), written here so no crate upgrade can change the bytes. Rows are
//! streamed to the writer one at a time, so a million units need no more memory
//! than the writer keeps (`cchc gen -o` streams into an [`AtomicFile`](crate::output::AtomicFile)).

pub(crate) mod plan;
pub(crate) mod rng;
pub(crate) mod units;
pub(crate) mod values;

use crate::error::Error;
use crate::evidence::{REQUIRED_COLUMNS, YEAR_COLUMN};
use crate::model::Level;
use crate::ruleset::Ruleset;
use std::io::Write;
use std::path::Path;
use values::Cell;

/// The most units one run generates (ten times every unit of the country for ten years).
pub(crate) const MAX_UNITS: u64 = 10_000_000;

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2024;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Number of units (data rows).
    pub units: u64,
    /// Seed of the random generator: same seed, same bytes.
    pub seed: u64,
    /// Assessment year: the `nam` column, and the year deadlines resolve in.
    pub year: i64,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Units per level, in the ruleset's level order.
    pub per_level: Vec<(Level, u64)>,
    /// Blank evidence cells (fields a unit's level does not use excluded).
    pub blanks: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// The header row: `ma_don_vi`, `ten_don_vi`, `cap`, `nam`, then every evidence
/// field in ruleset order (the field columns of `cchc template`, without its
/// document-reference columns).
pub(crate) fn header(ruleset: &Ruleset) -> Vec<String> {
    REQUIRED_COLUMNS
        .iter()
        .chain(std::iter::once(&YEAR_COLUMN))
        .map(|c| c.to_string())
        .chain(ruleset.fields.iter().map(|f| f.id.clone()))
        .collect()
}

/// Checks that `options` fit `ruleset`: the ruleset governs the year, and the
/// number of units is within [`MAX_UNITS`].
pub fn check(ruleset: &Ruleset, options: &Options) -> Result<(), Error> {
    if !ruleset.covers(options.year) {
        return Err(Error::Usage(format!(
            "bộ tiêu chí {} ({}) không áp dụng cho năm {} / ruleset {} does not govern {}",
            ruleset.id,
            ruleset.years_label(),
            options.year,
            ruleset.id,
            options.year
        )));
    }
    if options.units > MAX_UNITS {
        return Err(Error::Usage(format!(
            "--units {} quá lớn, tối đa {MAX_UNITS} / --units {} is too many, at most {MAX_UNITS}",
            options.units, options.units
        )));
    }
    Ok(())
}

/// Writes the evidence file (header, then one row per unit) to `out`, row by row.
///
/// Errors: options that do not fit the ruleset ([`check`]), or the writer failing,
/// reported against `sink` (the file or `<stdout>`; a closed pipe keeps its
/// `BrokenPipe` kind).
pub fn write_evidence<W: Write>(
    ruleset: &Ruleset,
    options: &Options,
    mut out: W,
    sink: &Path,
) -> Result<Summary, Error> {
    check(ruleset, options)?;
    let io = |e| Error::io(sink, e);
    let plans = plan::plan(ruleset, options.year);
    let per_level = units::level_counts(&ruleset.levels, options.units);
    let mut rng = rng::SplitMix64::new(options.seed);
    let mut line = String::with_capacity(256);
    let mut cells = Vec::with_capacity(plans.len());
    let mut bytes = 0u64;
    let mut blanks = 0u64;

    line.push('\u{feff}');
    push_row(&mut line, header(ruleset).iter().map(String::as_str));
    out.write_all(line.as_bytes()).map_err(io)?;
    bytes += line.len() as u64;

    let mut number = 0u64;
    for &(level, count) in &per_level {
        for _ in 0..count {
            number += 1;
            values::draw_row(&plans, level, options.year, &mut rng, &mut cells);
            blanks += plans
                .iter()
                .zip(&cells)
                .filter(|(p, c)| p.levels.contains(&level) && **c == Cell::Blank)
                .count() as u64;
            line.clear();
            let id = units::unit_id(level, number);
            let name = units::unit_name(level, &mut rng);
            push_cell(&mut line, &id);
            line.push(';');
            push_cell(&mut line, &name);
            line.push(';');
            line.push_str(level.code());
            line.push(';');
            push_display(&mut line, options.year);
            for cell in &cells {
                line.push(';');
                push_value(&mut line, cell);
            }
            line.push_str("\r\n");
            out.write_all(line.as_bytes()).map_err(io)?;
            bytes += line.len() as u64;
        }
    }
    out.flush().map_err(io)?;
    Ok(Summary {
        per_level,
        blanks,
        bytes,
    })
}

fn push_row<'a>(line: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            line.push(';');
        }
        push_cell(line, cell);
    }
    line.push_str("\r\n");
}

/// A text cell, quoted as Excel quotes it when it holds `;`, `"` or a line break.
fn push_cell(line: &mut String, text: &str) {
    if text.contains([';', '"', '\r', '\n']) {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

fn push_display(line: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    let _ = write!(line, "{value}");
}

fn push_value(line: &mut String, cell: &Cell) {
    match cell {
        Cell::Blank => {}
        Cell::Bool(true) => line.push_str("Có"),
        Cell::Bool(false) => line.push_str("Không"),
        Cell::Date(d) => push_display(line, d),
        Cell::Integer(n) => push_display(line, n),
        Cell::Decimal(d) => line.push_str(&crate::model::number::format_vi(*d)),
        Cell::Text(t) => push_cell(line, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruleset() -> Ruleset {
        crate::load_ruleset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/tdthpl-2020-2024"))
            .expect("the shipped ruleset loads")
            .ruleset
    }

    fn generate(units: u64, seed: u64) -> (String, Summary) {
        let mut out = Vec::new();
        let options = Options {
            units,
            seed,
            year: 2024,
        };
        let summary =
            write_evidence(&ruleset(), &options, &mut out, Path::new("<test>")).expect("generated");
        (String::from_utf8(out).expect("UTF-8"), summary)
    }

    #[test]
    fn writes_an_excel_style_file() {
        let (text, summary) = generate(200, 1);
        assert!(text.starts_with("\u{feff}ma_don_vi;ten_don_vi;cap;nam;ngay_ban_hanh_ke_hoach;"));
        assert!(text.ends_with("\r\n"));
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 201);
        let columns = lines[0].split(';').count();
        assert!(lines.iter().all(|l| l.split(';').count() == columns));
        assert_eq!(
            summary.per_level,
            vec![(Level::So, 10), (Level::Huyen, 20), (Level::Xa, 170)]
        );
        assert_eq!(summary.bytes, text.len() as u64);
        assert!(summary.blanks > 0);
        assert!(text.contains(";Có;") && text.contains(";Không;"));
        assert!(lines[1].starts_with("SO-0000001;"));
        assert!(lines[200].starts_with("XA-0000200;"));
    }

    #[test]
    fn xa_rows_leave_the_survey_blank() {
        let (text, _) = generate(100, 2);
        let survey = header(&ruleset())
            .iter()
            .position(|c| c == "dieu_tra_khao_sat")
            .expect("column");
        for line in text.lines().filter(|l| l.starts_with("XA-")) {
            assert_eq!(line.split(';').nth(survey), Some(""), "{line}");
        }
    }

    #[test]
    fn refuses_a_year_the_ruleset_does_not_govern() {
        let options = Options {
            units: 1,
            seed: 1,
            year: 2019,
        };
        let err = write_evidence(&ruleset(), &options, Vec::new(), Path::new("<test>"))
            .expect_err("2019 refused");
        assert!(err.to_string().contains("does not govern 2019"), "{err}");
    }
}
