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

pub use bindings::{HELPERS, Rebinding, SCRIPT_WORDS, is_script_word, rebindings};

use crate::date::Date;
use crate::evidence::Value;
use rhai::{AST, Dynamic, Engine, EvalAltResult, Map, Position, Scope};
use rust_decimal::Decimal;
use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most steps a script may take for one unit. The shipped criteria need fewer than 30.
pub const MAX_OPERATIONS: u64 = 2_000;
/// Deepest expression nesting a script may have (at top level; in functions).
pub const MAX_EXPR_DEPTH: usize = 64;
/// Deepest expression nesting inside a function or closure.
pub const MAX_FUNCTION_EXPR_DEPTH: usize = 32;
/// Longest string a script may build, in bytes.
pub const MAX_STRING_SIZE: usize = 10_000;
/// Most items an array may hold (nested arrays count all their items): copying an
/// array is one operation, so this bounds what one operation costs.
pub const MAX_ARRAY_SIZE: usize = 32;
/// Most keys a map may hold, for the same reason.
pub const MAX_MAP_SIZE: usize = 32;
/// Wall-clock guard for one evaluation. The limits above stop every script known
/// long before it; this only turns an unforeseen slow path into an `error` instead
/// of a hung run. Unlike the other limits it depends on the machine, so it is set
/// far above anything a terminating script takes.
pub const DEADLINE: Duration = Duration::from_secs(1);

thread_local! {
    /// When the evaluation running on this thread started (for [`DEADLINE`]).
    static STARTED: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Reserved names every script sees besides its evidence.
pub const RESERVED_NAMES: [&str; 2] = ["year", "params"];

/// A shared, sandboxed Rhai engine.
#[derive(Clone)]
pub struct ScriptEngine {
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
    let err = crate::number::read_decimal(value).err()?;
    Some(rhai::Token::LexError(Box::new(rhai::LexError::Runtime(
        format!(
            "số '{text}' không giữ chính xác được / the number '{text}' cannot be held exactly: {err}"
        ),
    ))))
}

impl ScriptEngine {
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
        STARTED.with(|s| s.set(Some(Instant::now())));
        // A panic inside Rhai or a library it calls must cost one result, not the run
        // (and every other unit with it). The engine is immutable, so nothing is left
        // half-updated.
        let evaluated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.engine
                .eval_ast_with_scope::<Dynamic>(&mut scope, &script.ast)
        }));
        STARTED.with(|s| s.set(None));
        let evaluated = evaluated.map_err(|panic| ScriptError {
            position: None,
            message: format!(
                "lỗi nội bộ khi chạy script / internal error while running the script: {}",
                panic_message(panic.as_ref())
            ),
            limit_hit: false,
        })?;
        let result = evaluated.map_err(|mut err| {
            let limit_hit = matches!(
                *err,
                EvalAltResult::ErrorTooManyOperations(_)
                    | EvalAltResult::ErrorStackOverflow(_)
                    | EvalAltResult::ErrorDataTooLarge(..)
                    | EvalAltResult::ErrorTerminated(..)
            );
            if let EvalAltResult::ErrorTerminated(..) = *err {
                let position = err.take_position();
                return ScriptError {
                    position: map_position(position, script.origin),
                    message: format!(
                        "script chạy quá {} ms / script ran longer than {} ms",
                        self.deadline.as_millis(),
                        self.deadline.as_millis()
                    ),
                    limit_hit,
                };
            }
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
    let (vi, en) = kind_of(&value);
    Err(format!(
        "script trả về {vi} thay vì mã mức (chuỗi) hoặc số đo (số) / script returned {en} instead of a band key (string) or a metric (number)"
    ))
}

/// What a script returned, in words a rule author knows (Rhai would say
/// `cchc::date::Date` or `()`).
fn kind_of(value: &Dynamic) -> (String, String) {
    let (vi, en) = if value.is_unit() {
        (
            "không gì cả (câu lệnh cuối kết thúc bằng ';'?)",
            "nothing (does the last statement end in ';'?)",
        )
    } else if value.is_bool() {
        ("đúng/sai (bool)", "a boolean")
    } else if value.is::<Date>() {
        ("một ngày", "a date")
    } else if value.is_array() {
        ("một mảng", "an array")
    } else if value.is_map() {
        ("một bảng (map)", "a map")
    } else {
        return (
            format!("kiểu {}", value.type_name()),
            format!("a {}", value.type_name()),
        );
    };
    (vi.to_string(), en.to_string())
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
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

/// A (line, column) in a criterion file, when Rhai gives a position.
pub type FilePosition = Option<(usize, usize)>;

/// Where `source` rebinds one of its inputs (`names`, `year`, `params`): each
/// rebinding with its (line, column) in the file when Rhai knows it. `origin` is as
/// in [`ScriptEngine::compile`].
///
/// `None` when the script, which compiled, cannot be parsed for this check (it
/// never happens with the same limits; the caller refuses the script then).
pub fn input_rebindings(
    source: &str,
    names: &[String],
    origin: (usize, usize),
) -> Option<Vec<(Rebinding, FilePosition)>> {
    let mut inputs: Vec<&str> = names.iter().map(String::as_str).collect();
    inputs.extend(RESERVED_NAMES);
    let found = rebindings(source, &inputs)?
        .into_iter()
        .map(|r| {
            let at = map_position(r.position, origin);
            (r, at)
        })
        .collect();
    Some(found)
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

    #[test]
    fn decimal_literals_are_exact_or_refused() {
        let engine = ScriptEngine::new();
        for rounded in [
            "0.00000000000000000000000000001",
            "1.23456789012345678901234567890123",
            "-0.00000000000000000000000000001",
        ] {
            let err = engine.compile(rounded, &[], (1, 0)).unwrap_err();
            assert!(
                err.message.contains("cannot be held exactly"),
                "{rounded}: {}",
                err.message
            );
        }
        // Past Decimal::MAX Rhai refuses it itself.
        assert!(
            engine
                .compile("123456789012345678901234567890.5", &[], (1, 0))
                .is_err()
        );
        for exact in [
            "0.0000000000000000000000000001",
            "79228162514264337593543950335.0",
            "1_000.25",
        ] {
            assert!(engine.compile(exact, &[], (1, 0)).is_ok(), "{exact}");
        }
    }

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
    fn hostile_scripts_stop_quickly_with_the_sandbox_named() {
        let n = Value::Integer(1);
        for src in [
            "loop { }",
            "fn f(x) { f(x + 1) } f(n)",
            "let s = \"x\"; loop { s += s; }",
            "let a = [1]; loop { a = [a, a]; }",
            "let m = #{}; let i = 0; loop { m[`k${i}`] = i; i += 1; }",
            "let a = []; for i in range(0, 31) { a += [#{x: [i]}]; } loop { let s = `${a}`; }",
        ] {
            let started = std::time::Instant::now();
            let err = run(src, &[Some(&n)], &["n"]).unwrap_err();
            assert!(err.limit_hit, "{src}: {err:?}");
            // Debug builds included; the whole point is that time is bounded.
            assert!(
                started.elapsed() < Duration::from_millis(500),
                "{src}: {:?}",
                started.elapsed()
            );
        }
    }

    #[test]
    fn dangerous_standard_functions_are_not_loaded() {
        // sleep ignores the operation limit; tan panics near pi/2; sort and pad cost
        // a whole container in one operation.
        for src in [
            "sleep(1000)",
            "tan(1.5707963267948966192313216916)",
            "let a = [3, 1]; a.sort(); a[0]",
            "let s = \"\"; s.pad(1000000, \"x\"); 1",
            "exit(1)",
        ] {
            let err = run(src, &[], &[]).unwrap_err();
            assert!(
                err.message.contains("Function not found"),
                "{src}: {}",
                err.message
            );
            assert!(!err.limit_hit);
        }
    }

    #[test]
    fn the_wall_clock_guard_stops_a_script_the_limits_let_run() {
        let engine = ScriptEngine::with_deadline(Duration::ZERO);
        let script = engine.compile("loop { }", &[], (3, 0)).unwrap();
        let err = engine.run(&script, &[], 2024, &Map::new()).unwrap_err();
        assert!(err.limit_hit);
        assert_eq!(
            err.message,
            "script chạy quá 0 ms / script ran longer than 0 ms"
        );
        assert_eq!(err.position.map(|p| p.0), Some(3));
        // The guard is per evaluation: the next run starts its own clock.
        let engine = ScriptEngine::new();
        let script = engine.compile("1", &[], (3, 0)).unwrap();
        assert!(engine.run(&script, &[], 2024, &Map::new()).is_ok());
    }

    #[test]
    fn a_panic_inside_the_engine_is_one_error_not_a_crash() {
        let mut engine = ScriptEngine::new();
        Arc::get_mut(&mut engine.engine)
            .unwrap()
            .register_fn("boom", || -> i64 { panic!("boom") });
        let script = engine.compile("boom()", &[], (1, 0)).unwrap();
        let err = engine.run(&script, &[], 2024, &Map::new()).unwrap_err();
        assert_eq!(
            err.message,
            "lỗi nội bộ khi chạy script / internal error while running the script: boom"
        );
        // The engine is still usable afterwards.
        let script = engine.compile("2", &[], (1, 0)).unwrap();
        assert_eq!(
            engine.run(&script, &[], 2024, &Map::new()),
            Ok(ScriptOutcome::Metric(Decimal::from(2)))
        );
    }

    #[test]
    fn wrong_return_type_is_an_error() {
        let err = run("true", &[], &[]).unwrap_err();
        assert!(
            err.message.contains("returned a boolean instead"),
            "{}",
            err.message
        );
        let err = run("date(2024, 1, 1)", &[], &[]).unwrap_err();
        assert!(
            err.message.contains("returned a date instead"),
            "{}",
            err.message
        );
        let err = run("let x = 1;", &[], &[]).unwrap_err();
        assert!(
            err.message
                .contains("returned nothing (does the last statement end in ';'?)"),
            "{}",
            err.message
        );
    }
}
