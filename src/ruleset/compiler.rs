//! What loading a ruleset needs from the script engine, as a trait the engine
//! implements. The ruleset sits below the engine and never names it: the loader
//! hands each criterion's script to a [`ScriptCompiler`] and records only whether
//! it compiled; the compiled programs stay with the engine (`engine::Rules`).

use std::path::Path;

/// Names every script sees besides its evidence.
pub(crate) const RESERVED_NAMES: [&str; 2] = ["year", "params"];

/// A script that does not compile.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    /// Line and column in the criterion file, when the engine knows them.
    pub position: Option<(usize, usize)>,
    /// What went wrong, in the engine's words (English).
    pub message: String,
}

/// A script binding or assigning one of its inputs (`let params = …`).
#[derive(Debug, Clone, PartialEq)]
pub struct InputRebinding {
    /// The input rebound.
    pub name: String,
    /// How: `let`, `const`, `=`, `for`, `catch`, `fn`.
    pub how: &'static str,
    /// Line and column in the criterion file, when the engine knows them.
    pub position: Option<(usize, usize)>,
}

/// The script language as the loader sees it.
pub trait ScriptCompiler {
    /// Whether `name` is a word of the script language (a keyword or a helper),
    /// which no field or parameter may take.
    fn is_script_word(&self, name: &str) -> bool;
    /// Whether `name` is one of the helpers scripts may call.
    fn is_helper(&self, name: &str) -> bool;
    /// Compiles the script of the criterion in `file`, which may read `inputs`
    /// (then `year` and `params`). `origin` is the (line, column shift) of script
    /// line 1 in the file. The compiled program is kept by the compiler.
    fn compile(
        &mut self,
        file: &Path,
        source: &str,
        inputs: &[String],
        origin: (usize, usize),
    ) -> Result<(), CompileError>;
    /// Every place a compiled `source` binds one of `inputs`, `year` or `params`;
    /// `None` when it cannot be parsed for this check.
    fn rebindings(
        &self,
        source: &str,
        inputs: &[String],
        origin: (usize, usize),
    ) -> Option<Vec<InputRebinding>>;
}
