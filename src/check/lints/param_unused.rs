//! `param/unused`: a parameter no criterion's script reads (`params.name` or
//! `params["name"]`).

use super::{Context, Lint};
use crate::check::tokens;
use crate::diagnostic::{Code, Diagnostic};

/// See the module documentation.
pub(crate) struct ParamUnused;

impl Lint for ParamUnused {
    fn code(&self) -> Code {
        Code::ParamUnused
    }

    fn ruleset(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let used: Vec<&str> = cx
            .ruleset
            .criteria
            .iter()
            .flat_map(|c| tokens::params_read(&c.script_source))
            .collect();
        for p in &cx.ruleset.params {
            if !used.contains(&p.name.as_str()) {
                out.push(Diagnostic::new(
                    Code::ParamUnused,
                    format!(
                        "tham số '{}' không được script nào đọc / parameter '{}' is read by no script",
                        p.name, p.name
                    ),
                    Some(p.origin.location()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lints::testing::{Base, C2, HEADER, at};

    const EXTRA: &str = "\n[params.han_khong_dung]\ntype = \"integer\"\nvalue = 5\nbasis = \"mẫu\"\nstatus = \"provincial_choice\"\n";

    #[test]
    fn the_base_has_none() {
        assert_eq!(Base::new().lint(&ParamUnused), []);
    }

    #[test]
    fn a_parameter_no_script_reads() {
        let base = Base::new().append(HEADER, EXTRA);
        assert_eq!(
            base.lint(&ParamUnused),
            [at(
                Code::ParamUnused,
                HEADER,
                base.line(HEADER, "[params.han_khong_dung]")
            )]
        );
    }

    #[test]
    fn a_parameter_read_by_index_is_used() {
        let base = Base::new().append(HEADER, EXTRA).replace(
            C2,
            "days_between(params.han_bao_cao, ngay_bao_cao)",
            "days_between(params.han_bao_cao, ngay_bao_cao) + params[\"han_khong_dung\"] * 0",
        );
        assert_eq!(base.lint(&ParamUnused), []);
    }
}
