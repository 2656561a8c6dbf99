//! The only user of `rhai`: a sandboxed engine, script compilation against the
//! declared evidence, and evaluation of one criterion for one unit.
//!
//! Sandbox: no modules (`no_module`), no clock (`no_time`), `eval` disabled, no
//! printing, strict variables, and limits on operations, call depth, expression
//! depth and string/array/map size. A script that loops forever stops with
//! "too many operations" after [`MAX_OPERATIONS`] steps, in milliseconds.
//!
//! Only the packages criteria need are loaded (arithmetic, comparisons, logic,
//! ranges) plus the `cchc` helpers. Rhai's standard library also has `sleep`
//! (which no operation limit stops), decimal trigonometry that panics (`tan` near
//! π/2), and array, map and string functions whose one "operation" sorts, scans or
//! formats a whole container (`loop { a.sort() }` ran for minutes). What is left
//! costs little per operation, so the operation and size limits bound time: a
//! runaway script stops in well under 100 ms per unit even in a debug build.
//! [`DEADLINE`] is a last guard for a slow path no one foresaw.

mod bindings;
mod helpers;
mod rules;
mod run;

pub(crate) use bindings::{HELPERS, is_script_word, rebindings};
pub use rules::{Params, Rules, Scripts, inspect_ruleset, load_ruleset, load_ruleset_from};

use crate::model::Value;
use crate::model::date::Date;
use rhai::{AST, Dynamic, Engine, EvalAltResult, Map, Position, Scope};
use rust_decimal::Decimal;
use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most steps a script may take for one unit. The shipped criteria need fewer than 30.
pub(crate) const MAX_OPERATIONS: u64 = 2_000;
/// Deepest expression nesting a script may have (at top level; in functions).
pub(crate) const MAX_EXPR_DEPTH: usize = 64;
/// Deepest expression nesting inside a function or closure.
pub(crate) const MAX_FUNCTION_EXPR_DEPTH: usize = 32;
/// Longest string a script may build, in bytes.
pub(crate) const MAX_STRING_SIZE: usize = 10_000;
/// Most items an array may hold (nested arrays count all their items): copying an
/// array is one operation, so this bounds what one operation costs.
pub(crate) const MAX_ARRAY_SIZE: usize = 32;
/// Most keys a map may hold, for the same reason.
pub(crate) const MAX_MAP_SIZE: usize = 32;
/// Wall-clock guard for one evaluation. The limits above stop every script known
/// long before it; this only turns an unforeseen slow path into an `error` instead
/// of a hung run. Unlike the other limits it depends on the machine, so it is set
/// far above anything a terminating script takes.
pub(crate) const DEADLINE: Duration = Duration::from_secs(1);

thread_local! {
    /// When the evaluation running on this thread started (for [`DEADLINE`]).
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// A shared, sandboxed Rhai engine.
#[derive(Clone)]
pub(crate) struct ScriptEngine {
    engine: Arc<Engine>,
    deadline: Duration,
}

impl std::fmt::Debug for ScriptEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScriptEngine")
    }
}

/// A script compiled once per run, with the evidence it reads in scope order.
#[derive(Debug, Clone)]
pub(crate) struct CompiledScript {
    ast: AST,
    /// Names pushed into scope, in order: the criterion's evidence ids.
    names: Vec<String>,
    /// Line in the TOML file where script line 1 sits, and the column shift of that line.
    origin: (usize, usize),
}

/// What a script decided.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ScriptOutcome {
    /// A band key.
    Band(String),
    /// A metric to compare against the bands' bounds.
    Metric(Decimal),
}

/// A script failure, positioned in the TOML file when Rhai gives a position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScriptError {
    /// Line and column in the criterion file.
    pub position: Option<(usize, usize)>,
    /// What went wrong (Rhai's message, in English).
    pub message: String,
    /// Whether the failure is the sandbox stopping a runaway script.
    pub limit_hit: bool,
}

impl Default for ScriptEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl ScriptEngine {
    /// Builds the sandboxed engine with the `cchc` helpers registered.
    pub(crate) fn new() -> ScriptEngine {
        Self::with_deadline(DEADLINE)
    }

    /// The engine with another wall-clock guard (tests reach the guard with a tiny one).
    fn with_deadline(deadline: Duration) -> ScriptEngine {
        use rhai::packages::{ArithmeticPackage, BasicIteratorPackage, LogicPackage, Package};
        let mut engine = Engine::new_raw();
        engine.register_global_module(ArithmeticPackage::new().as_shared_module());
        engine.register_global_module(LogicPackage::new().as_shared_module());
        engine.register_global_module(BasicIteratorPackage::new().as_shared_module());
        engine.set_strict_variables(true);
        engine.set_fail_on_invalid_map_property(true);
        engine.set_max_operations(MAX_OPERATIONS);
        engine.set_max_call_levels(32);
        engine.set_max_expr_depths(MAX_EXPR_DEPTH, MAX_FUNCTION_EXPR_DEPTH);
        engine.set_max_string_size(MAX_STRING_SIZE);
        engine.set_max_array_size(MAX_ARRAY_SIZE);
        engine.set_max_map_size(MAX_MAP_SIZE);
        engine.on_progress(move |operations| {
            // Reading the clock every 256 operations keeps the guard cheap.
            if operations % 256 != 0 {
                return None;
            }
            let started = STARTED.with(Cell::get)?;
            (started.elapsed() > deadline).then_some(Dynamic::UNIT)
        });
        // A decimal literal with more digits than a `Decimal` holds is rounded by
        // Rhai's tokenizer (`0.00000000000000000000000000001` becomes 0): refuse it
        // at compile time, as every decimal read from a rule file is.
        // `on_parse_token` is marked volatile (deprecated), not going away.
        #[allow(deprecated)]
        engine.on_parse_token(|token, _, _| match token {
            rhai::Token::DecimalConstant(ref literal) => exact_literal(&literal.1).unwrap_or(token),
            token => token,
        });
        engine.disable_symbol("eval");
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        helpers::register(&mut engine);
        ScriptEngine {
            engine: Arc::new(engine),
            deadline,
        }
    }
}

/// `None` when a script's decimal literal (its text as written, `_` separators
/// dropped) is held exactly in value, else the lexing error that refuses it.
fn exact_literal(text: &str) -> Option<rhai::Token> {
    // Trailing zeros after the mark change only the scale, which Rhai may drop
    // (`79228162514264337593543950335.0` is exact).
    let value = match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.'),
        false => text,
    };
    let err = crate::model::number::read_decimal(value).err()?;
    Some(rhai::Token::LexError(Box::new(rhai::LexError::Runtime(
        format!(
            "số '{text}' không giữ chính xác được / the number '{text}' cannot be held exactly: {err}"
        ),
    ))))
}

/// Converts an evidence value into the script's world.
pub(crate) fn to_dynamic(value: &Value) -> Dynamic {
    match value {
        Value::Bool(b) => Dynamic::from(*b),
        Value::Date(d) => Dynamic::from(*d),
        Value::Integer(i) => Dynamic::from(*i),
        Value::Decimal(d) => Dynamic::from(*d),
        Value::Text(t) => Dynamic::from(t.clone()),
    }
}
