//! Converting `ruleset.toml` into the ruleset's [`Header`]: id, years, levels,
//! rounding, legal basis, groups and parameters. Separate from the criterion files
//! because the header is read once, first, and every criterion is checked against it.

use super::script::is_identifier;
use super::*;
use crate::diagnostic::Code;
use crate::ruleset::file::{GroupFile, ParamFile};
use indexmap::IndexMap;
use std::ops::Range;
use toml::Spanned;

impl Builder {
    /// Converts `ruleset.toml`, its findings added to the builder's. `None` when
    /// it is not a valid TOML header at all.
    pub(super) fn header(
        &mut self,
        source: &Arc<SourceFile>,
        compiler: &dyn ScriptCompiler,
    ) -> Option<Header> {
        let file: RulesetFile = parse_toml(source, &mut self.diagnostics)?;
        let mut cx = FileContext {
            path: &source.path,
            text: &source.text,
            diagnostics: &mut self.diagnostics,
        };
        let years = years(&mut cx, &file.years);
        let levels = cx.levels(&file.levels);
        let legal_basis = cx.legal_basis(&file.legal_basis);
        let rounding = file
            .rounding
            .as_ref()
            .map_or_else(RoundingPolicy::default, |r| rounding(&mut cx, r));
        let origin = |span| Origin {
            file: source.clone(),
            span,
        };
        let max_points = file
            .max_points
            .as_ref()
            .and_then(|m| cx.per_level(m, "max_points"));
        let max_points_origin = file.max_points.as_ref().map(|m| origin(m.span()));
        let groups = groups(&mut cx, file.group, &origin);
        let (params, broken_params) = params(&mut cx, file.params, compiler, &origin);
        let date_window = super::plausibility::window(&mut cx, file.plausible_dates.as_ref());
        Some(Header {
            id: nfc(&file.id).into_owned(),
            title: file.title,
            years,
            levels,
            rounding,
            legal_basis,
            max_points,
            max_points_origin,
            groups,
            params,
            date_window,
            broken_params,
        })
    }
}

/// `years = [from, to]` or `[from]` (open-ended); anything else is an error.
fn years(cx: &mut FileContext<'_>, years: &Spanned<Vec<i64>>) -> (i64, Option<i64>) {
    match years.get_ref().as_slice() {
        [from] => (*from, None),
        [from, to] if from <= to => (*from, Some(*to)),
        _ => {
            cx.error(
                Code::RulesetInvalidYears,
                "years phải là [năm_đầu, năm_cuối] hoặc [năm_đầu] (không giới hạn) / years must be [from, to] or [from] (open-ended), from ≤ to",
                years.span(),
            );
            (0, None)
        }
    }
}

/// `[rounding]`, with an error when it keeps more places than a decimal can.
fn rounding(cx: &mut FileContext<'_>, r: &Spanned<RoundingPolicy>) -> RoundingPolicy {
    let places = r.get_ref().places;
    if places > MAX_ROUNDING_PLACES {
        cx.error(
            Code::RulesetInvalidRounding,
            format!("rounding.places = {places}: chỉ được từ 0 đến {MAX_ROUNDING_PLACES} chữ số thập phân / rounding.places must be between 0 and {MAX_ROUNDING_PLACES}, found {places}"),
            r.span(),
        );
    }
    *r.get_ref()
}

/// `[[group]]`: each group with a valid id and maximum.
fn groups(
    cx: &mut FileContext<'_>,
    raw: Vec<Spanned<GroupFile>>,
    origin: &impl Fn(Range<usize>) -> Origin,
) -> Vec<Group> {
    let mut groups = Vec::new();
    for g in raw {
        let span = g.span();
        let g = g.into_inner();
        let id = nfc(&g.id).into_owned();
        if let Err(why) = check_criterion_id(&id) {
            cx.error(
                Code::CriterionInvalidId,
                format!("mã nhóm '{}' không hợp lệ: {why}", escape_invisible(&id)),
                span,
            );
            continue;
        }
        if let Some(max_points) = cx.per_level(&g.max_points, "max_points") {
            groups.push(Group {
                id,
                title: g.title,
                max_points,
                origin: origin(g.max_points.span()),
            });
        }
    }
    groups
}

/// `[params.<name>]`: the parameters that convert, and the names of those that
/// do not (already reported, so scripts reading them are not told they are
/// undeclared).
fn params(
    cx: &mut FileContext<'_>,
    raw: IndexMap<String, Spanned<ParamFile>>,
    compiler: &dyn ScriptCompiler,
    origin: &impl Fn(Range<usize>) -> Origin,
) -> (Vec<Param>, Vec<String>) {
    let mut params = Vec::new();
    let mut broken_params = Vec::new();
    for (name, p) in raw {
        let span = p.span();
        let p = p.into_inner();
        if !is_identifier(&name) || compiler.is_script_word(&name) {
            cx.error(Code::ParamInvalidName, format!("tên tham số '{name}' không hợp lệ hoặc là từ khóa của script / parameter name '{name}' is not an identifier or is a word of the script language"), span.clone());
            broken_params.push(name);
            continue;
        }
        if let Some(value) =
            cx.param_value(&name, p.ty.get_ref(), p.ty.span(), &p.value, p.year_offset)
        {
            params.push(Param {
                name,
                value,
                basis: p.basis,
                status: p.status,
                origin: origin(span),
            });
        } else {
            broken_params.push(name);
        }
    }
    (params, broken_params)
}
