//! Choosing the ruleset that governs an assessment year: a unit disputing its
//! 2023 score is judged by the rules in force for 2023.

use super::file::RulesetFile;
use super::load::RULESET_FILE;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// A ruleset directory and the years it declares, read from its header only.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The ruleset directory.
    pub dir: PathBuf,
    /// Its id.
    pub id: String,
    /// First year, and last year unless open-ended.
    pub years: (i64, Option<i64>),
    /// The text of its `ruleset.toml`, read to choose it: loading the chosen
    /// ruleset reuses it instead of reading the file again.
    pub(crate) header: Option<std::sync::Arc<str>>,
}

impl Entry {
    /// Whether this ruleset governs assessment year `year`.
    pub fn covers(&self, year: i64) -> bool {
        year >= self.years.0 && self.years.1.is_none_or(|end| year <= end)
    }

    /// Loads this ruleset (see [`super::load_ruleset`]), its `ruleset.toml` taken
    /// from the text read when it was listed.
    pub fn load(
        &self,
        compiler: &mut dyn super::ScriptCompiler,
    ) -> Result<super::load::Loaded, Error> {
        super::load::load_ruleset_with_header(&self.dir, self.header.as_deref(), compiler)
    }
}

/// Lists the rulesets under `root`: `root` itself if it holds `ruleset.toml`,
/// otherwise each immediate subdirectory that does, sorted by first year.
pub fn list(root: &Path) -> Result<Vec<Entry>, Error> {
    if root.join(RULESET_FILE).is_file() {
        return Ok(vec![entry(root)?]);
    }
    let mut entries = Vec::new();
    for path in crate::input_file::list_dir(root)? {
        if path.join(RULESET_FILE).is_file() {
            entries.push(entry(&path)?);
        }
    }
    entries.sort_by(|a, b| (a.years.0, &a.dir).cmp(&(b.years.0, &b.dir)));
    Ok(entries)
}

fn entry(dir: &Path) -> Result<Entry, Error> {
    let path = dir.join(RULESET_FILE);
    let text = crate::input_file::read_text(&path, crate::input_file::Kind::RuleFile)?;
    // A header that does not parse, or whose years are not [from] or [from, to] with
    // from ≤ to, goes to the full loader, which reports the problem with its location
    // (instead of "no ruleset governs the year" over a list showing 2025–2020).
    let full_load = || {
        super::load_ruleset(dir, &mut HeaderOnly).map(|l| Entry {
            dir: dir.to_path_buf(),
            id: l.ruleset.id.clone(),
            years: l.ruleset.years,
            header: None,
        })
    };
    let Ok(header) = toml::from_str::<RulesetFile>(&text) else {
        return full_load();
    };
    let years = match header.years.get_ref().as_slice() {
        [from] => (*from, None),
        [from, to] if from <= to => (*from, Some(*to)),
        _ => return full_load(),
    };
    Ok(Entry {
        dir: dir.to_path_buf(),
        id: header.id,
        years,
        header: Some(text.into()),
    })
}

/// The ruleset directory under `root` that governs `year`.
///
/// Errors when none covers it (listing what exists) or when two overlap.
pub fn choose(root: &Path, year: i64) -> Result<Entry, Error> {
    choose_in(root, &list(root)?, year)
}

/// [`choose`] among the `entries` already [`list`]ed under `root`.
pub fn choose_in(root: &Path, entries: &[Entry], year: i64) -> Result<Entry, Error> {
    let matching: Vec<&Entry> = entries.iter().filter(|e| e.covers(year)).collect();
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let known: Vec<String> = entries.iter().map(describe).collect();
            Err(Error::RulesetChoice(format!(
                "không có bộ tiêu chí nào cho năm đánh giá {year} trong {} (có: {}) / no ruleset in {} governs assessment year {year} (available: {})",
                root.display(),
                known.join("; "),
                root.display(),
                known.join("; ")
            )))
        }
        many => {
            let ids: Vec<String> = many.iter().map(|e| describe(e)).collect();
            Err(Error::RulesetChoice(format!(
                "nhiều bộ tiêu chí cùng áp dụng cho năm {year}: {} / several rulesets govern {year}: {}",
                ids.join("; "),
                ids.join("; ")
            )))
        }
    }
}

fn describe(e: &Entry) -> String {
    match e.years.1 {
        Some(end) => format!("{} {}–{}", e.id, e.years.0, end),
        None => format!("{} {}–", e.id, e.years.0),
    }
}

/// A script "compiler" that accepts every script: the full loader runs with it only
/// to report a broken header with its location. The chosen ruleset's scripts are
/// compiled when it is loaded for real.
struct HeaderOnly;

impl super::ScriptCompiler for HeaderOnly {
    fn is_script_word(&self, _: &str) -> bool {
        false
    }
    fn is_helper(&self, _: &str) -> bool {
        false
    }
    fn compile(
        &mut self,
        _: &Path,
        _: &str,
        _: &[String],
        _: (usize, usize),
    ) -> Result<(), super::CompileError> {
        Ok(())
    }
    fn rebindings(
        &self,
        _: &str,
        _: &[String],
        _: (usize, usize),
    ) -> Option<Vec<super::InputRebinding>> {
        Some(Vec::new())
    }
}
