//! `script/points-literal`: a decimal literal in a script. Points belong in
//! `[[band]]` and thresholds in band bounds or `[params]`, where auditors read them.

use super::{Context, Lint};
use crate::check::tokens::{self, Kind};
use crate::diagnostic::{Code, Diagnostic};
use crate::ruleset::Criterion;

/// See the module documentation.
pub(crate) struct ScriptPointsLiteral;

impl Lint for ScriptPointsLiteral {
    fn code(&self) -> Code {
        Code::ScriptPointsLiteral
    }

    fn criterion(&self, _cx: &Context<'_>, c: &Criterion, out: &mut Vec<Diagnostic>) {
        for t in tokens::tokens(&c.script_source)
            .iter()
            .filter(|t| t.kind == Kind::Number && t.text.contains('.'))
        {
            out.push(Diagnostic::new(
                Code::ScriptPointsLiteral,
                format!(
                    "tiêu chí {}: số thập phân {} viết trong script; điểm thuộc [[band]], ngưỡng thuộc at_least/below/at_most hoặc [params] để kiểm toán viên đối chiếu được / decimal literal {} in a script: points belong in [[band]], thresholds in band bounds or [params]",
                    c.id, t.text, t.text
                ),
                tokens::script_location(c, t.offset, t.text.len()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C1, at};

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&ScriptPointsLiteral), []);
    }

    #[test]
    fn a_decimal_literal_is_found_at_its_line() {
        let base = Base::new().replace(C1, "if is_missing(r) {", "if is_missing(r) || r < 0.5 {");
        assert_eq!(
            base.lint(&ScriptPointsLiteral),
            [at(Code::ScriptPointsLiteral, C1, base.line(C1, "r < 0.5"))]
        );
    }

    #[test]
    fn ranges_comments_and_strings_are_not_decimals() {
        let base = Base::new().replace(
            C1,
            "if is_missing(r) {",
            "// 0.5 in a comment\nfor i in 1..5 {}\nif is_missing(r) {",
        );
        assert_eq!(base.lint(&ScriptPointsLiteral), []);
    }
}
