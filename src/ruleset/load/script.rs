//! The criterion script as text inside its rule file: where its line 1 sits (so
//! script errors point at the file's own line and column), which `params.` names
//! it reads, and what counts as a field or parameter identifier. Separate because
//! it is about source positions and names, not about converting TOML values.

use super::*;
use crate::diagnostic::Code;

/// Where script line 1 sits in the file: after `'''` and its newline, or right after the quote.
pub(super) fn script_origin(text: &str, start: usize) -> (usize, usize) {
    let rest = text.get(start..).unwrap_or_default();
    let loc = crate::diagnostic::Location::from_span(Path::new(""), text, start..start);
    let delimiter = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let after = rest.get(delimiter..).unwrap_or_default();
    if delimiter == 3 && (after.starts_with('\n') || after.starts_with("\r\n")) {
        (loc.line + 1, 0)
    } else {
        (loc.line, loc.column.saturating_sub(1) + delimiter)
    }
}

/// Reports `params.<name>` references to parameters the ruleset does not declare.
pub(super) fn check_param_references(
    cx: &mut FileContext<'_>,
    script: &toml::Spanned<String>,
    params: &[Param],
    broken: &[String],
) {
    let source = script.get_ref();
    let origin = script_origin(cx.text, script.span().start);
    for (offset, _) in source.match_indices("params.") {
        // `offset` is a match start, a char boundary; `get` keeps that panic-free.
        let before = source.get(..offset).unwrap_or_default();
        if before
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let after = source.get(offset..).unwrap_or_default();
        let name: String = after
            .strip_prefix("params.")
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !params.iter().any(|p| p.name == name) && !broken.contains(&name) {
            let line_in_script = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let shift = if line_in_script == 1 { origin.1 } else { 0 };
            let declared: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            let mut location = crate::diagnostic::Location::from_line_column(
                cx.path,
                cx.text,
                origin.0 + line_in_script - 1,
                col + shift,
            );
            location.width = 7 + name.chars().count();
            cx.diagnostics.push(Diagnostic::error(
                Code::ScriptUnknownParam,
                format!("tham số '{name}' không khai báo trong ruleset.toml [params] (có: {}) / parameter '{name}' is not declared", declared.join(", ")),
                Some(location),
            ));
        }
    }
}

pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Compiles the criterion's script against its evidence `names`, then looks for
/// scripts that rebind an input; a script that does not compile is an error
/// pointing at its line (`script/undeclared-variable` when it reads an unknown
/// name). Whether it compiled.
pub(super) fn compile_script(
    cx: &mut FileContext<'_>,
    compiler: &mut dyn ScriptCompiler,
    file: &CriterionFile,
    source: &SourceFile,
    names: &[String],
) -> bool {
    let origin = script_origin(&source.text, file.rule.script.span().start);
    match compiler.compile(&source.path, file.rule.script.get_ref(), names, origin) {
        Ok(()) => {
            check_rebindings(
                cx,
                &*compiler,
                file.rule.script.get_ref(),
                names,
                origin,
                file.rule.script.span(),
            );
            true
        }
        Err(e) => {
            let code = if e.message.contains("not found") || e.message.contains("Undefined") {
                Code::ScriptUndeclaredVariable
            } else {
                Code::ScriptCompile
            };
            let location = e.position.map(|(line, col)| {
                crate::diagnostic::Location::from_line_column(&source.path, &source.text, line, col)
            });
            let location = location.or_else(|| Some(cx.locate(file.rule.script.span())));
            cx.diagnostics.push(Diagnostic::error(
                code,
                format!("script không biên dịch được / script does not compile: {} (biến dùng được / readable variables: {}, year, params)", e.message, names.join(", ")),
                location,
            ));
            false
        }
    }
}
