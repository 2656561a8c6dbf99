//! Resolving what to score: the assessment year, the evidence file and the ruleset,
//! with the shipped sample as the default.

use cchc::error::Error;
use cchc::ruleset::{catalog, load::Loaded};
use std::path::{Path, PathBuf};

/// The shipped sample province: `data/tinh-mau/<year>.csv`.
pub const SAMPLE_DIR: &str = "data/tinh-mau";

/// The evidence file and year to score. With neither given: the newest sample
/// year that a ruleset under `rules` governs.
pub fn evidence_and_year(
    evidence: Option<PathBuf>,
    year: Option<i64>,
    rules: &Path,
) -> Result<(PathBuf, i64), Error> {
    match (evidence, year) {
        (Some(path), Some(year)) => {
            if let Some(file_year) = peek_year(&path)?
                && file_year != year
            {
                return Err(Error::Usage(format!(
                    "{}: cột 'nam' ghi năm {file_year} nhưng --year {year} / the file's 'nam' column says {file_year}, not {year}",
                    path.display()
                )));
            }
            Ok((path, year))
        }
        (Some(path), None) => match peek_year(&path)? {
            Some(year) => Ok((path, year)),
            None => Err(Error::Usage(format!(
                "không xác định được năm đánh giá của {}: dùng --year hoặc thêm cột 'nam' / cannot tell the assessment year of {}: pass --year or add a 'nam' column",
                path.display(),
                path.display()
            ))),
        },
        (None, Some(year)) => {
            let path = Path::new(SAMPLE_DIR).join(format!("{year}.csv"));
            if path.is_file() {
                Ok((path, year))
            } else {
                Err(Error::Usage(format!(
                    "không có dữ liệu mẫu {} cho năm {year}: dùng --evidence / no sample evidence {} for {year}: pass --evidence",
                    path.display(),
                    path.display()
                )))
            }
        }
        (None, None) => {
            let rulesets = catalog::list(rules)?;
            let covered = sample_years()?
                .into_iter()
                .filter(|y| rulesets.iter().any(|r| r.covers(*y)));
            let latest = covered.max().ok_or_else(|| {
                Error::Usage(format!("không có dữ liệu mẫu trong {SAMPLE_DIR}: dùng --evidence / no sample data in {SAMPLE_DIR}: pass --evidence"))
            })?;
            Ok((Path::new(SAMPLE_DIR).join(format!("{latest}.csv")), latest))
        }
    }
}

fn sample_years() -> Result<Vec<i64>, Error> {
    let dir = Path::new(SAMPLE_DIR);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut years = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.extension().is_some_and(|e| e == "csv")
            && let Some(year) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse().ok())
        {
            years.push(year);
        }
    }
    Ok(years)
}

/// Reads only the `nam` of the first row that has one (scoring holds every other
/// row to it), so a file of any size is peeked at in an instant.
fn peek_year(path: &Path) -> Result<Option<i64>, Error> {
    cchc::evidence::stream::peek_year(path)
}

/// Loads the ruleset for `year` from `rules` (a ruleset directory or a root of them).
pub fn ruleset_for_year(rules: &Path, year: i64) -> Result<Loaded, Error> {
    let entry = catalog::choose(rules, year)?;
    cchc::load_ruleset(&entry.dir)
}

/// Prints load warnings to stderr.
pub fn print_warnings(loaded: &Loaded) {
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
}

/// What `score` and `compare` score: the ruleset (with its overlay), the evidence
/// read against it, and the assessment year.
pub struct Scoring {
    /// The ruleset, overlay applied.
    pub ruleset: cchc::Ruleset,
    /// The units' evidence.
    pub evidence: cchc::evidence::EvidenceSet,
    /// The assessment year.
    pub year: i64,
}

/// The ruleset, the evidence file and the year, before the evidence is read.
pub struct Target {
    /// The ruleset, overlay applied.
    pub ruleset: cchc::Ruleset,
    /// The evidence file.
    pub evidence: PathBuf,
    /// The assessment year.
    pub year: i64,
}

/// Resolves the year and evidence file, loads the ruleset governing that year and
/// applies the overlay.
pub fn target(
    rules: &Path,
    overlay: Option<&Path>,
    evidence: Option<PathBuf>,
    year: Option<i64>,
) -> Result<Target, Error> {
    if let Some(year) = year {
        // A year no ruleset governs is the clearer error, before any talk of sample files.
        catalog::choose(rules, year)?;
    }
    let (evidence, year) = evidence_and_year(evidence, year, rules)?;
    let loaded = ruleset_for_year(rules, year)?;
    print_warnings(&loaded);
    let ruleset = match overlay {
        Some(path) => cchc::ruleset::overlay::apply_overlay(loaded.ruleset, path)?,
        None => loaded.ruleset,
    };
    Ok(Target {
        ruleset,
        evidence,
        year,
    })
}

/// [`target`], then the evidence read whole (CSV or XLSX).
pub fn scoring(
    rules: &Path,
    overlay: Option<&Path>,
    evidence: Option<PathBuf>,
    year: Option<i64>,
) -> Result<Scoring, Error> {
    let target = target(rules, overlay, evidence, year)?;
    let ruleset = target.ruleset;
    let evidence =
        cchc::evidence::read_evidence(&target.evidence, &ruleset.fields, &ruleset.levels)?;
    Ok(Scoring {
        ruleset,
        evidence,
        year: target.year,
    })
}

/// Prints each evidence problem to stderr.
pub fn print_evidence_problems(evidence: &cchc::evidence::EvidenceSet) {
    for unit in &evidence.units {
        for problem in &unit.problems {
            eprintln!("{}", evidence_problem_line(problem));
        }
    }
}

/// How an evidence problem is printed, whether the file was read whole or streamed:
/// one line, whatever the cell held (see [`cchc::text::visible`]).
pub fn evidence_problem_line(problem: &dyn std::fmt::Display) -> String {
    let problem = problem.to_string();
    format!(
        "lỗi minh chứng / evidence error: {}",
        cchc::text::visible(&problem)
    )
}

/// How a warning (about the evidence file or the ruleset) is printed: one line.
pub fn warning_line(warning: &str) -> String {
    format!("cảnh báo / warning: {}", cchc::text::visible(warning))
}
