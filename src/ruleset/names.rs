//! Names in rule files: criterion and group ids (official numbering, never a path
//! or an empty header), and the inputs a script may read but never rebind.

use super::convert::FileContext;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;

/// The most characters a criterion or group id may have.
pub(crate) const MAX_CRITERION_ID_CHARS: usize = 32;

/// A criterion or group id is its official numbering (`1.2`, `2.1a`): dot-separated
/// parts of ASCII letters, digits, `-` and `_`, at most [`MAX_CRITERION_ID_CHARS`]
/// characters. It becomes a column header and a file-name part, so an empty id, a
/// path (`../../etc/passwd`) or a formula (`=1+1`) is refused. The reason is bilingual.
pub(crate) fn check_criterion_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("mã rỗng / the id is empty".into());
    }
    if id.chars().count() > MAX_CRITERION_ID_CHARS {
        return Err(format!(
            "dài quá {MAX_CRITERION_ID_CHARS} ký tự / longer than {MAX_CRITERION_ID_CHARS} characters"
        ));
    }
    let part_ok = |p: &str| {
        p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if !id.split('.').all(part_ok) {
        return Err("cần dạng số thứ tự như 1.2 hoặc 2.1a (chữ, số, '-', '_' ngăn bởi dấu chấm; không có '/', '..', khoảng trắng) / expected official numbering such as 1.2 or 2.1a (letters, digits, '-', '_' separated by dots; no '/', '..' or spaces)".into());
    }
    Ok(())
}

/// `script/rebinds-input`: a script that binds or assigns `params`, `year` or an
/// evidence field would silently replace what the ruleset (or an overlay) gives it.
pub(super) fn check_rebindings(
    cx: &mut FileContext<'_>,
    compiler: &dyn super::ScriptCompiler,
    source: &str,
    names: &[String],
    origin: (usize, usize),
    span: std::ops::Range<usize>,
) {
    let Some(found) = compiler.rebindings(source, names, origin) else {
        cx.error(
            Code::ScriptRebindsInput,
            "không kiểm tra được script có gán lại params, year hay minh chứng không / the script could not be checked for rebinding params, year or evidence",
            span,
        );
        return;
    };
    for rebinding in found {
        let (name, how, position) = (rebinding.name, rebinding.how, rebinding.position);
        let mut location = match position {
            Some((line, column)) => {
                crate::diagnostic::Location::from_line_column(cx.path, cx.text, line, column)
            }
            None => cx.locate(span.clone()),
        };
        if position.is_some() {
            location.width = name.chars().count();
        }
        let (what_vi, what_en) = match name.as_str() {
            "params" => ("tham số của bộ tiêu chí", "the ruleset's parameters"),
            "year" => ("năm đánh giá", "the assessment year"),
            n if compiler.is_helper(n) => ("hàm có sẵn của cchc", "a cchc helper"),
            _ => ("minh chứng của đơn vị", "the unit's evidence"),
        };
        cx.diagnostics.push(Diagnostic::error(
            Code::ScriptRebindsInput,
            format!("script gán lại '{name}' ({how}), là {what_vi}: giá trị từ bộ tiêu chí hoặc tệp điều chỉnh sẽ bị thay thế âm thầm; hãy dùng tên khác / the script rebinds '{name}' ({how}), {what_en}: what the ruleset or an overlay gives would be silently replaced; use another name"),
            Some(location),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::check_criterion_id;

    #[test]
    fn criterion_ids_are_official_numbering_never_paths() {
        for ok in ["1", "1.1", "2.1a", "3.2-b", "A_1.1"] {
            assert!(check_criterion_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../../etc/passwd",
            "1/2",
            "1..2",
            ".1",
            "1.",
            " 1.1",
            "=1+1",
            "1.1 ",
            "đ1",
            "-1",
            &"1".repeat(33),
        ] {
            assert!(check_criterion_id(bad).is_err(), "{bad:?}");
        }
    }
}
