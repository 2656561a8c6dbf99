//! Converting `ruleset.toml` into the ruleset's [`Header`]: id, years, levels,
//! rounding, legal basis, groups and parameters. Separate from the criterion files
//! because the header is read once, first, and every criterion is checked against it.

use super::script::is_identifier;
use super::*;

impl Builder {
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
        let years = match file.years.get_ref().as_slice() {
            [from] => (*from, None),
            [from, to] if from <= to => (*from, Some(*to)),
            _ => {
                cx.error(
                    "ruleset/invalid-years",
                    "years phải là [năm_đầu, năm_cuối] hoặc [năm_đầu] (không giới hạn) / years must be [from, to] or [from] (open-ended), from ≤ to",
                    file.years.span(),
                );
                (0, None)
            }
        };
        let levels = cx.levels(&file.levels);
        let legal_basis = cx.legal_basis(&file.legal_basis);
        let rounding = file.rounding.as_ref().map_or_else(RoundingPolicy::default, |r| {
            let places = r.get_ref().places;
            if places > MAX_ROUNDING_PLACES {
                cx.error(
                    "ruleset/invalid-rounding",
                    format!("rounding.places = {places}: chỉ được từ 0 đến {MAX_ROUNDING_PLACES} chữ số thập phân / rounding.places must be between 0 and {MAX_ROUNDING_PLACES}, found {places}"),
                    r.span(),
                );
            }
            *r.get_ref()
        });
        let origin = |span| Origin {
            file: source.clone(),
            span,
        };
        let max_points = file
            .max_points
            .as_ref()
            .and_then(|m| cx.per_level(m, "max_points"));
        let max_points_origin = file.max_points.as_ref().map(|m| origin(m.span()));
        let mut groups = Vec::new();
        for g in file.group {
            let span = g.span();
            let g = g.into_inner();
            let id = nfc(&g.id).into_owned();
            if let Err(why) = check_criterion_id(&id) {
                cx.error(
                    "criterion/invalid-id",
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
        let mut params = Vec::new();
        let mut broken_params = Vec::new();
        for (name, p) in file.params {
            let span = p.span();
            let p = p.into_inner();
            if !is_identifier(&name) || compiler.is_script_word(&name) {
                cx.error("param/invalid-name", format!("tên tham số '{name}' không hợp lệ hoặc là từ khóa của script / parameter name '{name}' is not an identifier or is a word of the script language"), span.clone());
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
