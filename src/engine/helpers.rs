//! Functions scripts may call: dates, ratios and blank checks.
#![deny(clippy::arithmetic_side_effects)]

use crate::model::date::Date;
use rhai::{Dynamic, Engine};
use rust_decimal::Decimal;

/// Registers the `Date` type, its comparisons, and the helpers documented in
/// `rules/README.md`: `date`, `days_between`, `ratio`, `is_missing`.
pub(crate) fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Date>("Date");
    engine.register_fn("<", |a: Date, b: Date| a < b);
    engine.register_fn("<=", |a: Date, b: Date| a <= b);
    engine.register_fn(">", |a: Date, b: Date| a > b);
    engine.register_fn(">=", |a: Date, b: Date| a >= b);
    engine.register_fn("==", |a: Date, b: Date| a == b);
    engine.register_fn("!=", |a: Date, b: Date| a != b);
    engine.register_fn("to_string", |d: &mut Date| d.to_string());
    engine.register_get("year", |d: &mut Date| d.year());

    engine.register_fn(
        "date",
        |y: i64, m: i64, d: i64| -> Result<Date, Box<rhai::EvalAltResult>> {
            Date::new(y, m, d)
                .ok_or_else(|| format!("ngày không tồn tại / no such date: {d}/{m}/{y}").into())
        },
    );
    engine.register_fn("days_between", |a: Date, b: Date| a.days_until(b));

    engine.register_fn("ratio", |a: i64, b: i64| {
        ratio(Decimal::from(a), Decimal::from(b))
    });
    engine.register_fn("ratio", |a: Decimal, b: Decimal| ratio(a, b));
    engine.register_fn("ratio", |a: i64, b: Decimal| ratio(Decimal::from(a), b));
    engine.register_fn("ratio", |a: Decimal, b: i64| ratio(a, Decimal::from(b)));

    engine.register_fn("is_missing", |x: Dynamic| x.is_unit());
}

/// `a / b` as a Decimal, or `()` when `b` is 0 ("không phát sinh": the rule decides).
/// A quotient past `Decimal::MAX` is an error, never `()`: a rule reads `()` as
/// "nothing to handle", which often earns full points.
fn ratio(a: Decimal, b: Decimal) -> Result<Dynamic, Box<rhai::EvalAltResult>> {
    if b.is_zero() {
        return Ok(Dynamic::UNIT);
    }
    a.checked_div(b).map(Dynamic::from).ok_or_else(|| {
        format!("ratio({a}, {b}) tràn số thập phân / ratio({a}, {b}) overflows a decimal").into()
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::{ScriptEngine, ScriptOutcome};
    use rhai::Map;
    use rust_decimal::Decimal;

    fn try_eval(src: &str) -> Result<ScriptOutcome, crate::engine::ScriptError> {
        let engine = ScriptEngine::new();
        let script = engine.compile(src, &[], (1, 0)).unwrap();
        engine.run(&script, &[], 2024, &Map::new())
    }

    fn eval(src: &str) -> ScriptOutcome {
        try_eval(src).unwrap()
    }

    #[test]
    fn ratio_overflow_is_an_error_never_unit() {
        // `()` would read as "không phát sinh" and earn its band (full points, often).
        let src = r#"let r = ratio(79228162514264337593543950335.0, 0.1);
if is_missing(r) { "khong_phat_sinh" } else { r }"#;
        let err = try_eval(src).unwrap_err();
        assert!(
            err.message.contains("overflows a decimal"),
            "{}",
            err.message
        );
        assert!(!err.limit_hit);
    }

    #[test]
    fn dates_compare_and_subtract() {
        assert_eq!(
            eval("days_between(date(2024, 1, 31), date(2024, 2, 12))"),
            ScriptOutcome::Metric(Decimal::from(12))
        );
        assert_eq!(
            eval(r#"if date(2024,1,1) < date(2024,1,2) { "truoc" } else { "sau" }"#),
            ScriptOutcome::Band("truoc".into())
        );
        assert_eq!(
            eval("date(2024, 3, 1).year"),
            ScriptOutcome::Metric(Decimal::from(2024))
        );
    }

    #[test]
    fn ratio_is_decimal_and_unit_on_zero() {
        assert_eq!(
            eval("ratio(3, 4)"),
            ScriptOutcome::Metric(Decimal::new(75, 2))
        );
        assert_eq!(
            eval(r#"if is_missing(ratio(3, 0)) { "khong_phat_sinh" } else { "co" }"#),
            ScriptOutcome::Band("khong_phat_sinh".into())
        );
        assert_eq!(eval("year"), ScriptOutcome::Metric(Decimal::from(2024)));
    }
}
