//! Names a script may not bind: the inputs the ruleset gives it (`params`, `year`,
//! the criterion's evidence) and the words of the script language itself.
//!
//! Rhai lets a script shadow any variable: `let params = #{…}` would silently
//! replace the ruleset's parameters (an overlay's deadline with it), and an
//! evidence field named `true` would never be read, since `if true {…}` is the
//! literal. Both are refused when the ruleset loads, never at a unit's run.

use rhai::{AST, ASTNode, Engine, Expr, Position, Stmt};

/// Words of the script language (Rhai's keywords, literals and reserved words, in
/// lower case: field ids are lower case) and the names of `cchc`'s own helpers.
/// An evidence field or parameter with one of these names would be read as the
/// keyword, or not at all.
pub(crate) const SCRIPT_WORDS: &[&str] = &[
    // Keywords and literals.
    "true",
    "false",
    "let",
    "const",
    "if",
    "else",
    "switch",
    "do",
    "while",
    "until",
    "loop",
    "for",
    "in",
    "continue",
    "break",
    "return",
    "throw",
    "try",
    "catch",
    "fn",
    "private",
    "import",
    "export",
    "as",
    "global",
    "this",
    "is",
    "_",
    // Reserved by Rhai (functions with special meaning, or words kept for the future).
    "call",
    "curry",
    "type_of",
    "print",
    "debug",
    "eval",
    "exit",
    "is_def_var",
    "is_def_fn",
    "is_shared",
    "async",
    "await",
    "case",
    "default",
    "go",
    "goto",
    "match",
    "module",
    "new",
    "nil",
    "null",
    "package",
    "protected",
    "public",
    "shared",
    "spawn",
    "static",
    "super",
    "sync",
    "thread",
    "use",
    "var",
    "void",
    "with",
    "yield",
    // The engine's helpers (rules/README.md, "The script environment").
    "date",
    "days_between",
    "ratio",
    "is_missing",
];

/// The helpers `cchc` gives every script. A script function of the same name
/// would be called instead (`fn ratio(a, b) { 1.0 }` makes every ratio 100%).
pub(crate) const HELPERS: [&str; 4] = ["date", "days_between", "ratio", "is_missing"];

/// Whether `name` is a word of the script language or a helper's name.
pub(crate) fn is_script_word(name: &str) -> bool {
    SCRIPT_WORDS.contains(&name)
}

/// A script binding one of its inputs: `let params = …`, `year = …`,
/// `for so_ke_hoach in …`, a function or closure parameter named like an input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rebinding {
    /// The input rebound.
    pub name: String,
    /// Where, in script coordinates (line, column), when Rhai knows.
    pub position: Position,
    /// How: `let`, `const`, `=` (assignment), `for`, `catch`, `fn`.
    pub how: &'static str,
}

/// Every place `source` binds or assigns one of `inputs`. The script is parsed
/// without optimisation, so no binding is folded away before it is seen, and with
/// the sandbox's nesting limits; `None` when it does not parse.
pub(crate) fn rebindings(source: &str, inputs: &[&str]) -> Option<Vec<Rebinding>> {
    let mut engine = Engine::new_raw();
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    engine.set_max_expr_depths(super::MAX_EXPR_DEPTH, super::MAX_FUNCTION_EXPR_DEPTH);
    let ast = engine.compile(source).ok()?;
    let mut found = Vec::new();
    let mut hit = |name: &str, position: Position, how: &'static str| {
        if inputs.contains(&name) {
            found.push(Rebinding {
                name: name.to_string(),
                position,
                how,
            });
        }
    };
    walk(&ast, &mut hit);
    // Function names and function and closure parameters; Rhai keeps no position
    // for them (the caller then points at the script). `fn params() {…}` or
    // `fn ratio(a, b) {…}` shadows an input or a helper for every call after it.
    let mut helpers = Vec::new();
    for f in ast.iter_functions() {
        hit(f.name, Position::NONE, "fn");
        for param in &f.params {
            hit(param, Position::NONE, "fn");
        }
        if HELPERS.contains(&f.name) {
            helpers.push(f.name);
        }
    }
    found.extend(helpers.into_iter().map(|name| Rebinding {
        name: name.to_string(),
        position: Position::NONE,
        how: "fn",
    }));
    Some(found)
}

fn walk(ast: &AST, hit: &mut impl FnMut(&str, Position, &'static str)) {
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Stmt(Stmt::Var(x, flags, _))) => {
                let how = if flags.contains(rhai::ASTFlags::CONSTANT) {
                    "const"
                } else {
                    "let"
                };
                hit(x.0.name.as_str(), x.0.pos, how);
            }
            Some(ASTNode::Stmt(Stmt::For(x, _))) => {
                hit(x.0.name.as_str(), x.0.pos, "for");
                if let Some(counter) = &x.1 {
                    hit(counter.name.as_str(), counter.pos, "for");
                }
            }
            Some(ASTNode::Stmt(Stmt::TryCatch(x, _))) => {
                if let Expr::Variable(v, _, pos) = &x.expr {
                    hit(v.1.as_str(), *pos, "catch");
                }
            }
            Some(ASTNode::Stmt(Stmt::Assignment(x))) => {
                if let Some((name, pos)) = root_variable(&x.1.lhs) {
                    hit(name, pos, "=");
                }
            }
            _ => {}
        }
        true
    });
}

/// The variable at the root of an assignment target: `params` in `params.x[1] = …`.
fn root_variable(expr: &Expr) -> Option<(&str, Position)> {
    match expr {
        Expr::Variable(v, _, pos) => Some((v.1.as_str(), *pos)),
        Expr::Dot(x, ..) | Expr::Index(x, ..) => root_variable(&x.lhs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(source: &str) -> Vec<(String, &'static str)> {
        rebindings(source, &["params", "year", "n"])
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.name, r.how))
            .collect()
    }

    #[test]
    fn every_way_of_rebinding_an_input_is_found() {
        for (src, name, how) in [
            ("let params = #{}; 1", "params", "let"),
            ("const year = 2020; year", "year", "const"),
            ("params = #{}; 1", "params", "="),
            ("year += 1; year", "year", "="),
            ("params.han = 1; 1", "params", "="),
            ("params[\"han\"] = 1; 1", "params", "="),
            ("for n in 0..3 {} 1", "n", "for"),
            ("for (x, year) in [1] {} 1", "year", "for"),
            ("try { 1 } catch (params) { 2 }", "params", "catch"),
            ("if true { let n = 1; } 1", "n", "let"),
            ("fn f(year) { year } 1", "year", "fn"),
            ("let f = |params| params; 1", "params", "fn"),
            ("let f = || { let year = 1; year }; 1", "year", "let"),
            ("fn params() { #{} } 1", "params", "fn"),
            ("fn year() { 1 } 1", "year", "fn"),
            ("fn n(x) { x } 1", "n", "fn"),
            ("fn ratio(a, b) { 1.0 } ratio(1, 2)", "ratio", "fn"),
            ("fn is_missing(x) { false } 1", "is_missing", "fn"),
            ("fn date(y, m, d) { 1 } 1", "date", "fn"),
            ("fn days_between(a, b) { 0 } 1", "days_between", "fn"),
        ] {
            assert!(
                names(src).contains(&(name.to_string(), how)),
                "{src}: {:?}",
                names(src)
            );
        }
    }

    #[test]
    fn reading_inputs_and_binding_other_names_is_fine() {
        for src in [
            "let r = params.han; if year > 2020 { n } else { r }",
            "let x = 1; x = 2; for i in 0..n {} x",
            "if true { 1 } else { 2 }",
        ] {
            assert!(names(src).is_empty(), "{src}: {:?}", names(src));
        }
    }

    #[test]
    fn deep_nesting_the_sandbox_accepts_cannot_hide_a_rebinding() {
        // Debug builds of Rhai default to half the sandbox's depth: the check must not.
        let deep = format!("let params = {}1{}; 1", "(".repeat(30), ")".repeat(30));
        assert!(
            crate::engine::ScriptEngine::new()
                .compile(&deep, &[], (1, 0))
                .is_ok()
        );
        assert_eq!(names(&deep), vec![("params".to_string(), "let")]);
    }

    #[test]
    fn positions_point_at_the_name() {
        let found = rebindings("1;\nlet params = 2; 3", &["params"]).unwrap_or_default();
        assert_eq!(
            (found[0].position.line(), found[0].position.position()),
            (Some(2), Some(5))
        );
    }

    #[test]
    fn keywords_and_helpers_are_script_words() {
        for w in [
            "true", "false", "fn", "let", "in", "this", "global", "ratio", "eval",
        ] {
            assert!(is_script_word(w), "{w}");
        }
        assert!(!is_script_word("so_ke_hoach"));
    }
}
