//! Resolving what to score: the assessment year, the evidence file and the ruleset,
//! with the shipped sample as the default (built into the binary when the
//! working directory has no `rules/` or `data/tinh-mau/`, see [`super::builtin`]).

use super::args::{RulesArg, ScoringArgs};
use super::builtin::{self, StandIn};
use cchc::Rules as Loaded;
use cchc::error::Error;
use cchc::output::format::Choice;
use cchc::output::target::{Inputs, Role};
use cchc::pipeline::{EvidenceFile, SizeLimit};
use cchc::ruleset::catalog::Catalog;
use cchc::score::Workers;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// The shipped sample province: `data/tinh-mau/<year>.csv`.
pub const SAMPLE_DIR: &str = "data/tinh-mau";

/// Where this run reads its rules and its sample evidence.
struct Defaults {
    /// `--rules`, or the built-in `rules/` standing in for the default one.
    rules: PathBuf,
    /// `data/tinh-mau`, or the built-in copy standing in for it.
    sample: PathBuf,
}

/// Resolves `--rules`, and the sample directory when `sample_needed` (no
/// `--evidence`): the built-in copy stands in for each default that the working
/// directory lacks, said in one note.
fn defaults(rules: &RulesArg, sample_needed: bool) -> Result<Defaults, Error> {
    let rules_missing = rules.is_default() && builtin::absent(&rules.rules);
    let sample_missing = sample_needed && builtin::absent(Path::new(SAMPLE_DIR));
    let stand_in = match (rules_missing, sample_missing) {
        (true, true) => Some(StandIn::Both),
        (true, false) => Some(StandIn::Rules),
        (false, true) => Some(StandIn::Sample),
        (false, false) => None,
    };
    let root = stand_in.map(builtin::root).transpose()?;
    let within = |missing: bool, relative: &Path| match root {
        Some(root) if missing => root.join(relative),
        _ => relative.to_path_buf(),
    };
    Ok(Defaults {
        rules: within(rules_missing, &rules.rules),
        sample: within(sample_missing, Path::new(SAMPLE_DIR)),
    })
}

/// The rules root a command reads: `--rules`, or the built-in rulesets when it
/// is the default `rules` and the working directory has none.
pub fn rules_root(rules: &RulesArg) -> Result<PathBuf, Error> {
    defaults(rules, false).map(|d| d.rules)
}

/// The rules root and the sample province a command reads (`serve --demo`):
/// `--rules` and `data/tinh-mau`, or the built-in copies standing in for them.
pub fn rules_and_sample(rules: &RulesArg) -> Result<(PathBuf, PathBuf), Error> {
    defaults(rules, true).map(|d| (d.rules, d.sample))
}

/// An evidence file opened, with the year its `nam` column gives.
pub fn evidence_with_year(path: &Path, limit: SizeLimit) -> Result<(EvidenceFile, i64), Error> {
    let mut source = EvidenceFile::open(path, limit)?;
    match source.year()? {
        Some(year) => Ok((source, year)),
        None => Err(Error::Usage(format!(
            "không xác định được năm đánh giá của {}: dùng --year hoặc thêm cột 'nam' / cannot tell the assessment year of {}: pass --year or add a 'nam' column",
            path.display(),
            path.display()
        ))),
    }
}

/// The evidence file, opened (its only open), and the year to score. With neither
/// given: the newest year of the sample in `sample` that a ruleset of `catalog` governs. The catalog is
/// listed only when needed, so a bad evidence file is named before bad rules.
pub fn evidence_and_year<'c>(
    evidence: Option<PathBuf>,
    year: Option<i64>,
    sample: &Path,
    catalog: impl FnOnce() -> Result<&'c Catalog, Error>,
    limit: SizeLimit,
) -> Result<(EvidenceFile, i64), Error> {
    match (evidence, year) {
        (Some(path), Some(year)) => {
            let mut source = EvidenceFile::open(&path, limit)?;
            if let Some(file_year) = source.year()?
                && file_year != year
            {
                return Err(Error::Usage(format!(
                    "{}: cột 'nam' ghi năm {file_year} nhưng --year {year} / the file's 'nam' column says {file_year}, not {year}",
                    path.display()
                )));
            }
            Ok((source, year))
        }
        (Some(path), None) => evidence_with_year(&path, limit),
        (None, Some(year)) => {
            let path = sample.join(format!("{year}.csv"));
            if path.is_file() {
                Ok((EvidenceFile::open(&path, limit)?, year))
            } else {
                Err(Error::Usage(format!(
                    "không có dữ liệu mẫu {} cho năm {year}: dùng --evidence / no sample evidence {} for {year}: pass --evidence",
                    path.display(),
                    path.display()
                )))
            }
        }
        (None, None) => {
            let rulesets = catalog()?.entries();
            let covered = sample_years(sample)?
                .into_iter()
                .filter(|y| rulesets.iter().any(|r| r.covers(*y)));
            let latest = covered.max().ok_or_else(|| {
                let sample = sample.display();
                Error::Usage(format!("không có dữ liệu mẫu trong {sample}: dùng --evidence / no sample data in {sample}: pass --evidence"))
            })?;
            let path = sample.join(format!("{latest}.csv"));
            Ok((EvidenceFile::open(&path, limit)?, latest))
        }
    }
}

fn sample_years(dir: &Path) -> Result<Vec<i64>, Error> {
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

/// Prints load warnings to stderr.
pub fn print_warnings(loaded: &Loaded) {
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
}

/// The ruleset, the evidence file and the year, before the evidence is read.
pub struct Target {
    /// The ruleset, overlay applied, and its compiled scripts.
    pub rules: cchc::Rules,
    /// The evidence file, opened.
    pub source: EvidenceFile,
    /// The assessment year.
    pub year: i64,
    /// The rules root the ruleset was chosen from.
    root: PathBuf,
    /// The overlay applied, if any.
    overlay: Option<PathBuf>,
}

/// Resolves the year and evidence file (opened once, as a province's file or one
/// of any size: `limit`), loads the ruleset governing that year (chosen once)
/// and applies the overlay.
pub fn target(args: &ScoringArgs, limit: SizeLimit) -> Result<Target, Error> {
    let year = args.year.year;
    let evidence = args.evidence.evidence.clone();
    let defaults = defaults(&args.rules, evidence.is_none())?;
    let listed = OnceCell::new();
    let catalog = || -> Result<&Catalog, Error> {
        if let Some(catalog) = listed.get() {
            return Ok(catalog);
        }
        let catalog = Catalog::read(&defaults.rules)?;
        Ok(listed.get_or_init(|| catalog))
    };
    if let Some(year) = year {
        // A year no ruleset governs is the clearer error, before any talk of sample files.
        catalog()?.for_year(year)?;
    }
    let (source, year) = evidence_and_year(evidence, year, &defaults.sample, catalog, limit)?;
    let loaded = cchc::engine::load_ruleset_from(catalog()?.for_year(year)?)?;
    print_warnings(&loaded);
    let overlay = args.overlay.overlay.clone();
    let rules = match &overlay {
        Some(path) => {
            let rules = loaded.with_overlay(path)?;
            // The overlay's own warnings (the ruleset's were printed above).
            let added = rules.ruleset.overlay.iter().flat_map(|o| &o.warnings);
            for w in added.filter(|w| !rules.warnings.contains(w)) {
                eprintln!("{w}");
            }
            rules
        }
        None => loaded,
    };
    Ok(Target {
        rules,
        source,
        year,
        root: defaults.rules,
        overlay,
    })
}

/// A province's file, scored on all cores and kept whole.
pub fn collect<'r>(
    rules: &'r cchc::Rules,
    source: EvidenceFile,
    year: i64,
) -> Result<cchc::pipeline::Collected<'r>, Error> {
    cchc::pipeline::collect(&Workers::new(0), rules, source, year, &mut |_| {})
}

impl Target {
    /// What this run reads (the rules under the rules root, the overlay, the
    /// evidence), which `-o` must not replace.
    pub fn inputs(&self) -> Inputs {
        // The overlay first: under rules/overlays/ it would otherwise be named a rule file.
        let mut inputs = Inputs::new();
        if let Some(overlay) = &self.overlay {
            inputs.file(overlay, Role::Overlay);
        }
        inputs
            .file(self.source.path(), Role::Evidence)
            .rules(&self.root)
            .rules(&self.rules.ruleset.dir);
        inputs
    }
}

/// The inputs of a command that reads only rules: `rules` and the rulesets loaded.
pub fn rules_inputs<'a>(rules: &Path, dirs: impl IntoIterator<Item = &'a Path>) -> Inputs {
    let mut inputs = Inputs::new();
    inputs.rules(rules);
    for dir in dirs {
        inputs.rules(dir);
    }
    inputs
}

/// Refuses `-o` (when given) that is not a regular file or names an input.
pub fn check_output(output: Option<&Path>, inputs: &Inputs) -> Result<(), Error> {
    let Some(path) = output else {
        return Ok(());
    };
    cchc::output::target::check(path, inputs)?;
    // The shipped sample is the default input of `score` and `compare`, whatever
    // this run reads: no command replaces it.
    // Nor the built-in copy of the rules and the sample, which a later run reads.
    let mut samples = Inputs::new();
    samples.samples(Path::new(SAMPLE_DIR));
    builtin::protect(&mut samples);
    cchc::output::target::check(path, &samples)
}

/// The format to write (see `cchc::output::format`), and `-o` checked to be a
/// regular file or a new one in an existing directory, before any work is done.
pub fn output_format<F: Copy + PartialEq>(
    command: &str,
    output: Option<&Path>,
    given: Option<F>,
    formats: &[Choice<F>],
    default: F,
) -> Result<F, Error> {
    let format = cchc::output::format::choose(command, output, given, formats, default)?;
    if let Some(path) = output {
        cchc::output::target::writable(path)?;
    }
    Ok(format)
}

/// Prints each scored unit's evidence problems (implausible values included) and
/// plausibility warnings to stderr, as a streamed run prints them.
pub fn print_board_problems(board: &cchc::Scoreboard<'_>) {
    for unit in &board.units {
        for problem in &unit.problems {
            eprintln!("{}", evidence_problem_line(problem));
        }
        for warning in &unit.warnings {
            eprintln!("{}", evidence_warning_line(warning));
        }
    }
}

/// How a plausibility warning is printed (the value still scores): one line, capped.
pub fn evidence_warning_line(warning: &dyn std::fmt::Display) -> String {
    let warning = warning.to_string();
    format!(
        "cảnh báo minh chứng / evidence warning: {}",
        cchc::diagnostic::cap_message(&cchc::text::visible(&warning))
    )
}

/// How an evidence problem is printed, whether the file was read whole or streamed:
/// one line, whatever the cell held (see [`cchc::text::visible`]), capped as every
/// diagnostic is (a cell's value is echoed).
pub fn evidence_problem_line(problem: &dyn std::fmt::Display) -> String {
    let problem = problem.to_string();
    format!(
        "lỗi minh chứng / evidence error: {}",
        cchc::diagnostic::cap_message(&cchc::text::visible(&problem))
    )
}

/// Prints the run's warnings (the evidence file's: sheets, loosely matched headers,
/// case-only ids; the overlay's exemptions of absent units) on stderr, for commands
/// whose report has no place for them (`explain`, `compare`, `score --unit`): they
/// must not be lost there either. They were gathered over the whole evidence, so a
/// single-unit extract warns as the whole report would.
pub fn print_board_warnings(board: &cchc::Scoreboard<'_>) {
    for w in &board.warnings {
        eprintln!("{}", warning_line(w));
    }
}

/// How a warning (about the evidence file or the ruleset) is printed: one line.
pub fn warning_line(warning: &str) -> String {
    format!(
        "cảnh báo / warning: {}",
        cchc::diagnostic::cap_message(&cchc::text::visible(warning))
    )
}
