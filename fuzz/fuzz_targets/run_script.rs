//! The sandbox: any script text compiles or is refused, and what compiles runs to a
//! result or an error (the sandbox's limits) for any evidence, without panicking and
//! within the time libFuzzer's `-timeout` allows.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use cchc::engine::ScriptEngine;
use cchc::evidence::Value;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::sync::OnceLock;

#[derive(Arbitrary, Debug)]
struct Input {
    script: String,
    a: Option<i64>,
    b: Option<(i64, u8)>,
    c: Option<bool>,
}

fn engine() -> &'static ScriptEngine {
    static ENGINE: OnceLock<ScriptEngine> = OnceLock::new();
    ENGINE.get_or_init(ScriptEngine::new)
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Input::arbitrary(&mut Unstructured::new(data)) else {
        return;
    };
    let names = ["a".to_string(), "b".to_string(), "c".to_string()];
    let Ok(script) = engine().compile(&input.script, &names, (1, 0)) else {
        return;
    };
    let a = input.a.map(Value::Integer);
    let b = input
        .b
        .map(|(m, s)| Value::Decimal(Decimal::new(m, u32::from(s % 29))));
    let c = input.c.map(Value::Bool);
    let started = std::time::Instant::now();
    let _ = engine().run(
        &script,
        &[a.as_ref(), b.as_ref(), c.as_ref()],
        2024,
        &Default::default(),
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "a script ran for {:?}",
        started.elapsed()
    );
});
