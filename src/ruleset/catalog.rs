//! Choosing the ruleset that governs an assessment year: a unit disputing its
//! 2023 score is judged by the rules in force for 2023.
//!
//! Every command picks its ruleset here (by year, the newest, every one, or by
//! id), from one listing of the root: each `ruleset.toml` header is read once.

use super::file::RulesetFile;
use super::load::RULESET_FILE;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// The years a ruleset governs: the first, and the last unless open-ended.
pub(crate) type Years = (i64, Option<i64>);

/// Whether a ruleset governing `years` governs assessment year `year`.
pub(crate) fn covers(years: Years, year: i64) -> bool {
    year >= years.0 && years.1.is_none_or(|end| year <= end)
}

/// `2020–2024` or `2025–`.
pub(crate) fn years_label(years: Years) -> String {
    match years.1 {
        Some(end) => format!("{}–{}", years.0, end),
        None => format!("{}–", years.0),
    }
}

/// A ruleset directory and the years it declares, read from its header only.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The ruleset directory.
    pub dir: PathBuf,
    /// Its id.
    pub id: String,
    /// First year, and last year unless open-ended.
    pub years: Years,
    /// The text of its `ruleset.toml`, read to choose it: loading the chosen
    /// ruleset reuses it instead of reading the file again.
    pub(crate) header: Option<std::sync::Arc<str>>,
}

impl Entry {
    /// Whether this ruleset governs assessment year `year`.
    pub fn covers(&self, year: i64) -> bool {
        covers(self.years, year)
    }

    /// Loads this ruleset (see [`super::load_ruleset`]), its `ruleset.toml` taken
    /// from the text read when it was listed.
    pub(crate) fn load(
        &self,
        compiler: &mut dyn super::ScriptCompiler,
    ) -> Result<super::load::Loaded, Error> {
        super::load::load_ruleset_with_header(&self.dir, self.header.as_deref(), compiler)
    }
}

/// The rulesets under a root (see [`Catalog::read`]), listed once and then
/// chosen from as a command needs.
#[derive(Debug, Clone)]
pub struct Catalog {
    root: PathBuf,
    entries: Vec<Entry>,
}

impl Catalog {
    /// Lists the rulesets under `root`: `root` itself if it holds `ruleset.toml`,
    /// otherwise each immediate subdirectory that does, sorted by first year.
    pub fn read(root: &Path) -> Result<Catalog, Error> {
        let mut entries = Vec::new();
        for dir in dirs(root)? {
            entries.push(entry(&dir)?);
        }
        entries.sort_by(|a, b| (a.years.0, &a.dir).cmp(&(b.years.0, &b.dir)));
        Ok(Catalog {
            root: root.to_path_buf(),
            entries,
        })
    }

    /// Every ruleset, by first year (possibly none).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every ruleset, by first year; an error when there is none.
    pub fn all(&self) -> Result<&[Entry], Error> {
        match self.entries.is_empty() {
            true => Err(self.none_here()),
            false => Ok(&self.entries),
        }
    }

    /// The ruleset that governs `year`.
    ///
    /// Errors when none covers it (listing what exists) or when two overlap.
    pub fn for_year(&self, year: i64) -> Result<&Entry, Error> {
        let matching: Vec<&Entry> = self.entries.iter().filter(|e| e.covers(year)).collect();
        match matching.as_slice() {
            [one] => Ok(one),
            [] => {
                let known: Vec<String> = self.entries.iter().map(describe).collect();
                let root = self.root.display();
                Err(Error::RulesetChoice(format!(
                    "không có bộ tiêu chí nào cho năm đánh giá {year} trong {root} (có: {}) / no ruleset in {root} governs assessment year {year} (available: {})",
                    known.join("; "),
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

    /// The ruleset for `year` when one is given ([`Catalog::for_year`]), else the
    /// newest (the last by first year).
    pub fn for_year_or_newest(&self, year: Option<i64>) -> Result<&Entry, Error> {
        match year {
            Some(year) => self.for_year(year),
            None => self.entries.last().ok_or_else(|| self.none_here()),
        }
    }

    /// The ruleset whose id is `id` (the one an overlay names).
    pub fn by_id(&self, id: &str) -> Result<&Entry, Error> {
        self.entries.iter().find(|e| e.id == id).ok_or_else(|| {
            let root = self.root.display();
            Error::RulesetChoice(format!(
                "không có bộ tiêu chí '{id}' trong {root} / no ruleset '{id}' under {root}"
            ))
        })
    }

    fn none_here(&self) -> Error {
        let root = self.root.display();
        Error::RulesetChoice(format!(
            "không có bộ tiêu chí nào trong {root} / no ruleset in {root}"
        ))
    }
}

/// The ruleset directories under `root`, unsorted and unread: `root` itself if it
/// holds `ruleset.toml`, otherwise each immediate subdirectory that does.
pub(crate) fn dirs(root: &Path) -> Result<Vec<PathBuf>, Error> {
    if root.join(RULESET_FILE).is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut dirs = crate::input_file::list_dir(root)?;
    dirs.retain(|path| path.join(RULESET_FILE).is_file());
    Ok(dirs)
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

fn describe(e: &Entry) -> String {
    format!("{} {}", e.id, years_label(e.years))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(years: &[(&str, Years)]) -> Catalog {
        Catalog {
            root: PathBuf::from("rules"),
            entries: years
                .iter()
                .map(|(id, years)| Entry {
                    dir: PathBuf::from("rules").join(id),
                    id: id.to_string(),
                    years: *years,
                    header: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_year_picks_the_one_ruleset_governing_it() {
        let c = catalog(&[("a", (2018, Some(2019))), ("b", (2020, None))]);
        assert_eq!(c.for_year(2019).unwrap().id, "a");
        assert_eq!(c.for_year(2031).unwrap().id, "b");
        assert_eq!(c.for_year_or_newest(None).unwrap().id, "b");
        assert_eq!(c.for_year_or_newest(Some(2018)).unwrap().id, "a");
        let none = c.for_year(2017).unwrap_err().to_string();
        assert!(none.contains("(available: a 2018–2019; b 2020–)"), "{none}");
        assert_eq!(c.by_id("b").unwrap().years, (2020, None));
        assert!(
            c.by_id("c")
                .unwrap_err()
                .to_string()
                .contains("no ruleset 'c'")
        );
    }

    #[test]
    fn overlapping_or_missing_rulesets_are_errors() {
        let c = catalog(&[("a", (2018, Some(2024))), ("b", (2020, None))]);
        let both = c.for_year(2021).unwrap_err().to_string();
        assert!(both.contains("several rulesets govern 2021"), "{both}");
        let empty = catalog(&[]);
        assert!(empty.all().is_err());
        let newest = empty.for_year_or_newest(None).unwrap_err().to_string();
        assert!(newest.contains("no ruleset in rules"), "{newest}");
    }
}
