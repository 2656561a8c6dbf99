//! Compiling a script against the declared evidence and running it for one unit:
//! the sandboxed evaluation, its result read as a band key or a metric, and Rhai
//! positions mapped to the rule file's own lines. Separate from the engine's
//! construction in `mod.rs` (sandbox limits, packages, literal checks), which
//! is set up once per run, while this runs once per unit and criterion.

use super::*;

impl ScriptEngine {
    /// Compiles `source`, which may read only `names`, `year` and `params`.
    ///
    /// `origin` is the (line, column shift) of script line 1 in its file, so errors
    /// point into the TOML file. Compiling with plain (non-constant) variables keeps
    /// Rhai's optimiser from folding them; they are constants when the script runs.
    pub(crate) fn compile(
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
    pub(crate) fn run(
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
/// `cchc::model::date::Date` or `()`).
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

pub(super) fn map_position(pos: Position, origin: (usize, usize)) -> Option<(usize, usize)> {
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
