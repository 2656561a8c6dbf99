//! A ruleset with its scripts compiled: what scoring needs, loaded once.
//!
//! The ruleset layer parses and checks the rule files and hands each script to the
//! [`ScriptCompiler`] implemented here; the compiled programs are kept beside the
//! ruleset in [`Scripts`], by criterion index. Parameters are converted into the
//! script's world here too ([`Params`]), so nothing outside the engine names Rhai.

use super::{CompiledScript, ScriptEngine, ScriptError, ScriptOutcome};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::Value;
use crate::ruleset::load::{Inspection, Loaded};
use crate::ruleset::{
    CompileError, InputRebinding, ParamValue, RESERVED_NAMES, Ruleset, ScriptCompiler,
};
use rhai::{Dynamic, Map};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A loaded ruleset and its compiled scripts.
#[derive(Debug)]
pub struct Rules {
    /// The ruleset (an overlay, when applied, is applied to it).
    pub ruleset: Ruleset,
    /// Its criteria's compiled scripts.
    pub scripts: Scripts,
    /// Non-fatal findings of loading (errors make loading fail).
    pub warnings: Vec<Diagnostic>,
}

/// The compiled scripts of a ruleset, by criterion index, and the engine that runs them.
#[derive(Debug, Clone)]
pub struct Scripts {
    engine: ScriptEngine,
    compiled: Vec<Option<CompiledScript>>,
}

/// The parameter map scripts see for one assessment year (`params.han_ke_hoach`).
#[derive(Debug, Clone)]
pub struct Params(Map);

/// Loads and checks the ruleset in `dir`, compiling its scripts.
pub fn load_ruleset(dir: &Path) -> Result<Rules, Error> {
    let mut compiler = Compiler::default();
    let Loaded { ruleset, warnings } = crate::ruleset::load::load_ruleset(dir, &mut compiler)?;
    let scripts = compiler.into_scripts(&ruleset);
    Ok(Rules {
        ruleset,
        scripts,
        warnings,
    })
}

/// Loads the ruleset `entry` names, chosen from a catalog: its `ruleset.toml`
/// is not read again (see [`crate::ruleset::catalog::Entry::load`]).
pub fn load_ruleset_from(entry: &crate::ruleset::catalog::Entry) -> Result<Rules, Error> {
    let mut compiler = Compiler::default();
    let Loaded { ruleset, warnings } = entry.load(&mut compiler)?;
    let scripts = compiler.into_scripts(&ruleset);
    Ok(Rules {
        ruleset,
        scripts,
        warnings,
    })
}

/// What `check` sees of a ruleset (as much as could be built, and every finding),
/// with the scripts that compiled.
pub fn inspect_ruleset(dir: &Path) -> Result<(Inspection, Scripts), Error> {
    let mut compiler = Compiler::default();
    let inspection = crate::ruleset::load::inspect_ruleset(dir, &mut compiler)?;
    let scripts = match &inspection.ruleset {
        Some(ruleset) => compiler.into_scripts(ruleset),
        None => Scripts {
            engine: compiler.engine,
            compiled: Vec::new(),
        },
    };
    Ok((inspection, scripts))
}

impl Params {
    /// The parameters of `ruleset` for assessment `year` (date parameters resolved
    /// to that year's date).
    pub(crate) fn for_year(ruleset: &Ruleset, year: i64) -> Result<Params, String> {
        let mut map = Map::new();
        for p in &ruleset.params {
            let value = match &p.value {
                ParamValue::Integer(i) => Dynamic::from(*i),
                ParamValue::Decimal(d) => Dynamic::from(*d),
                date => Dynamic::from(date.resolve_date(year).ok_or_else(|| format!("tham số {} không có ngày trong năm {year} / parameter {} has no date in {year}", p.name, p.name))?),
            };
            map.insert(p.name.as_str().into(), value);
        }
        Ok(Params(map))
    }
}

impl Scripts {
    /// Runs criterion `index`'s script for one unit; `None` when it has no compiled
    /// script (only in a ruleset inspected by `check`).
    pub(crate) fn run(
        &self,
        index: usize,
        values: &[Option<&Value>],
        year: i64,
        params: &Params,
    ) -> Option<Result<ScriptOutcome, ScriptError>> {
        let script = self.compiled.get(index)?.as_ref()?;
        Some(self.engine.run(script, values, year, &params.0))
    }
}

/// Compiles each criterion file's script as the loader reads it, keyed by file.
#[derive(Default)]
struct Compiler {
    engine: ScriptEngine,
    by_file: BTreeMap<PathBuf, CompiledScript>,
}

impl Compiler {
    /// The programs in the ruleset's criterion order (criteria are sorted by id
    /// after loading).
    fn into_scripts(mut self, ruleset: &Ruleset) -> Scripts {
        let compiled = ruleset
            .criteria
            .iter()
            .map(|c| self.by_file.remove(&c.source.path))
            .collect();
        Scripts {
            engine: self.engine,
            compiled,
        }
    }
}

impl ScriptCompiler for Compiler {
    fn is_script_word(&self, name: &str) -> bool {
        super::is_script_word(name)
    }

    fn is_helper(&self, name: &str) -> bool {
        super::HELPERS.contains(&name)
    }

    fn compile(
        &mut self,
        file: &Path,
        source: &str,
        inputs: &[String],
        origin: (usize, usize),
    ) -> Result<(), CompileError> {
        let script = self
            .engine
            .compile(source, inputs, origin)
            .map_err(|e| CompileError {
                position: e.position,
                message: e.message,
            })?;
        self.by_file.insert(file.to_path_buf(), script);
        Ok(())
    }

    fn rebindings(
        &self,
        source: &str,
        inputs: &[String],
        origin: (usize, usize),
    ) -> Option<Vec<InputRebinding>> {
        let mut names: Vec<&str> = inputs.iter().map(String::as_str).collect();
        names.extend(RESERVED_NAMES);
        let found = super::rebindings(source, &names)?
            .into_iter()
            .map(|r| InputRebinding {
                position: super::run::map_position(r.position, origin),
                name: r.name,
                how: r.how,
            })
            .collect();
        Some(found)
    }
}

impl Rules {
    /// These rules with a provincial overlay applied (scripts are never changed by
    /// an overlay, so the compiled programs stay).
    pub fn with_overlay(self, overlay: &Path) -> Result<Rules, Error> {
        let ruleset = crate::ruleset::overlay::apply_overlay(self.ruleset, overlay)?;
        Ok(Rules { ruleset, ..self })
    }
}
