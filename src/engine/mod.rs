//! The only user of `rhai`: a sandboxed engine, script compilation against the
//! declared evidence, and evaluation of one criterion for one unit.
//!
//! Sandbox: no modules (`no_module`), no clock (`no_time`), `eval` disabled, no
//! printing, strict variables, and limits on operations, call depth, expression
//! depth and string/array/map size. A script that loops forever stops with
//! "too many operations" after [`MAX_OPERATIONS`] steps, in milliseconds.

mod helpers;

use crate::date::Date;
use crate::evidence::Value;
use rhai::{AST, Dynamic, Engine, EvalAltResult, Map, Position, Scope};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Most steps a script may take for one unit. Real criteria need a few dozen.
pub const MAX_OPERATIONS: u64 = 200_000;

/// Reserved names every script sees besides its evidence.
pub const RESERVED_NAMES: [&str; 2] = ["year", "params"];

/// A shared, sandboxed Rhai engine.
#[derive(Clone)]
pub struct ScriptEngine {
    engine: Arc<Engine>,
}

impl std::fmt::Debug for ScriptEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScriptEngine")
    }
}

/// A script compiled once per run, with the evidence it reads in scope order.
#[derive(Debug, Clone)]
pub struct CompiledScript {
    ast: AST,
    /// Names pushed into scope, in order: the criterion's evidence ids.
    names: Vec<String>,
    /// Line in the TOML file where script line 1 sits, and the column shift of that line.
    origin: (usize, usize),
}

/// What a script decided.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptOutcome {
    /// A band key.
    Band(String),
    /// A metric to compare against the bands' bounds.
    Metric(Decimal),
}

/// A script failure, positioned in the TOML file when Rhai gives a position.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptError {
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
    pub fn new() -> ScriptEngine {
        use rhai::packages::{Package, StandardPackage};
        let mut engine = Engine::new_raw();
        engine.register_global_module(StandardPackage::new().as_shared_module());
        engine.set_strict_variables(true);
        engine.set_fail_on_invalid_map_property(true);
        engine.set_max_operations(MAX_OPERATIONS);
        engine.set_max_call_levels(32);
        engine.set_max_expr_depths(64, 32);
        engine.set_max_string_size(10_000);
        engine.set_max_array_size(10_000);
        engine.set_max_map_size(1_000);
        engine.disable_symbol("eval");
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        helpers::register(&mut engine);
        ScriptEngine {
            engine: Arc::new(engine),
        }
    }

    /// Compiles `source`, which may read only `names`, `year` and `params`.
    ///
    /// `origin` is the (line, column shift) of script line 1 in its file, so errors
    /// point into the TOML file. Compiling with plain (non-constant) variables keeps
    /// Rhai's optimiser from folding them; they are constants when the script runs.
    pub fn compile(
        &self,
        source: &str,
        names: &[String],
        origin: (usize, usize),
    ) -> Result<CompiledScript, ScriptError> {
        let mut scope = Scope::new();
        for name in names {
            scope.push_dynamic(name.as_str(), Dynamic::UNIT);
        }
        scope.push_dynamic("year", Dynamic::from(0_i64));
        scope.push_dynamic("params", Dynamic::from(Map::new()));
        let ast = self
            .engine
            .compile_with_scope(&scope, source)
            .map_err(|err| ScriptError {
                position: map_position(err.position(), origin),
                message: err.err_type().to_string(),
                limit_hit: false,
            })?;
        Ok(CompiledScript {
            ast,
            names: names.to_vec(),
            origin,
        })
    }

    /// Runs a script for one unit. `values` are the unit's values for `script`'s names,
    /// in order (`None` = blank); `params` is the resolved parameter map.
    pub fn run(
        &self,
        script: &CompiledScript,
        values: &[Option<&Value>],
        year: i64,
        params: &Map,
    ) -> Result<ScriptOutcome, ScriptError> {
        let mut scope = Scope::with_capacity(values.len() + 2);
        for (name, value) in script.names.iter().zip(values) {
            scope.push_constant_dynamic(name.as_str(), value.map_or(Dynamic::UNIT, to_dynamic));
        }
        scope.push_constant("year", year);
        scope.push_constant("params", params.clone());
        let result = self
            .engine
            .eval_ast_with_scope::<Dynamic>(&mut scope, &script.ast)
            .map_err(|mut err| {
                let limit_hit = matches!(
                    *err,
                    EvalAltResult::ErrorTooManyOperations(_)
                        | EvalAltResult::ErrorStackOverflow(_)
                        | EvalAltResult::ErrorDataTooLarge(..)
                );
                // The position is reported in file coordinates; Rhai's own
                // "(line 1, position 6)" counts from the script's first line.
                let position = err.take_position();
                ScriptError {
                    position: map_position(position, script.origin),
                    message: err.to_string(),
                    limit_hit,
                }
            })?;
        outcome(result).map_err(|message| ScriptError {
            position: None,
            message,
            limit_hit: false,
        })
    }
}

fn outcome(value: Dynamic) -> Result<ScriptOutcome, String> {
    if value.is_string() {
        return Ok(ScriptOutcome::Band(value.into_string().unwrap_or_default()));
    }
    if let Some(d) = value.clone().try_cast::<Decimal>() {
        return Ok(ScriptOutcome::Metric(d));
    }
    if let Some(i) = value.clone().try_cast::<i64>() {
        return Ok(ScriptOutcome::Metric(Decimal::from(i)));
    }
    Err(format!(
        "script trả về kiểu {} thay vì mã mức (chuỗi) hoặc số đo (số) / script returned {} instead of a band key (string) or a metric (number)",
        value.type_name(),
        value.type_name()
    ))
}

/// Converts an evidence value into the script's world.
pub fn to_dynamic(value: &Value) -> Dynamic {
    match value {
        Value::Bool(b) => Dynamic::from(*b),
        Value::Date(d) => Dynamic::from(*d),
        Value::Integer(i) => Dynamic::from(*i),
        Value::Decimal(d) => Dynamic::from(*d),
        Value::Text(t) => Dynamic::from(t.clone()),
    }
}

/// A date parameter for scripts.
pub fn date_dynamic(date: Date) -> Dynamic {
    Dynamic::from(date)
}

fn map_position(pos: Position, origin: (usize, usize)) -> Option<(usize, usize)> {
    let line = pos.line()?;
    let column = pos.position().unwrap_or(1);
    let shift = if line == 1 { origin.1 } else { 0 };
    Some((origin.0 + line - 1, column + shift))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn run(
        src: &str,
        values: &[Option<&Value>],
        list: &[&str],
    ) -> Result<ScriptOutcome, ScriptError> {
        let engine = ScriptEngine::new();
        let script = engine.compile(src, &names(list), (10, 0))?;
        engine.run(&script, values, 2024, &Map::new())
    }

    #[test]
    fn returns_band_keys_and_metrics() {
        let n = Value::Integer(3);
        assert_eq!(
            run(r#"if n > 2 { "cao" } else { "thap" }"#, &[Some(&n)], &["n"]),
            Ok(ScriptOutcome::Band("cao".into()))
        );
        assert_eq!(
            run("n * 0.5", &[Some(&n)], &["n"]),
            Ok(ScriptOutcome::Metric(Decimal::new(15, 1)))
        );
        assert_eq!(
            run("n", &[Some(&n)], &["n"]),
            Ok(ScriptOutcome::Metric(Decimal::from(3)))
        );
    }

    #[test]
    fn undeclared_variable_fails_at_compile_with_file_line() {
        let err = run("\nlet a = 1;\nke_hoach + a", &[], &[]).unwrap_err();
        assert_eq!(err.position, Some((12, 1)));
        assert!(err.message.contains("ke_hoach"), "{}", err.message);
    }

    #[test]
    fn endless_loop_is_stopped_cleanly() {
        let err = run("let i = 0; loop { i += 1; }", &[], &[]).unwrap_err();
        assert!(err.limit_hit, "{err:?}");
    }

    #[test]
    fn evidence_and_params_are_read_only() {
        let n = Value::Integer(3);
        let err = run("n = 5; \"x\"", &[Some(&n)], &["n"]).unwrap_err();
        assert!(err.message.contains("constant"), "{}", err.message);
    }

    #[test]
    fn sandbox_refuses_eval_and_import() {
        assert!(run(r#"eval("1")"#, &[], &[]).is_err());
        assert!(run(r#"import "x" as y; 1"#, &[], &[]).is_err());
    }

    #[test]
    fn wrong_return_type_is_an_error() {
        let err = run("true", &[], &[]).unwrap_err();
        assert!(err.message.contains("bool"), "{}", err.message);
    }
}
