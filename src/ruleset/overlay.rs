//! Provincial overlays: a TOML file that adapts a ruleset without copying it.
//!
//! An overlay may change the ruleset's and groups' maxima, a criterion's maximum,
//! levels and band points or bounds (or scale every band to a new maximum),
//! parameters (deadlines), and exempt named units from criteria. The result must
//! keep every invariant of a ruleset; a broken one points at the overlay line.

use super::convert::FileContext;
use super::{Exemption, Group, Origin, OverlayInfo, Param, ParamValue, Ruleset, SourceFile};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::text::escape_invisible;
use crate::text::nfc;
use file::{ExemptOverlay, GroupOverlay, OverlayFile, ParamOverlay};
use indexmap::IndexMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

mod criterion;
mod file;

/// The id of the ruleset an overlay adapts (its `ruleset` key), read without
/// applying it. A file that is not a valid overlay errs with its diagnostics.
pub fn target_ruleset(path: &Path) -> Result<String, Error> {
    let text = crate::input_file::read_text(path, crate::input_file::Kind::Overlay)?;
    let source = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    let mut diagnostics = Vec::new();
    super::load::parse_toml::<OverlayFile>(&source, &mut diagnostics)
        .map(|file| file.ruleset.into_inner())
        .ok_or(Error::Rules(diagnostics))
}

/// Applies the overlay at `path` to `ruleset`, then re-checks every invariant.
pub(crate) fn apply_overlay(mut ruleset: Ruleset, path: &Path) -> Result<Ruleset, Error> {
    let (source, fingerprint) = read_source(path)?;
    let mut diagnostics = Vec::new();
    let Some(file) = super::load::parse_toml::<OverlayFile>(&source, &mut diagnostics) else {
        return Err(Error::Rules(diagnostics));
    };
    let mut cx = FileContext {
        path: &source.path,
        text: &source.text,
        diagnostics: &mut diagnostics,
    };
    let origin = |span| Origin {
        file: source.clone(),
        span,
    };
    if !adapts(&mut cx, &file.ruleset, &ruleset.id) {
        return Err(Error::Rules(diagnostics));
    }
    let legal_basis = cx.legal_basis(&file.legal_basis);

    if let Some(raw) = &file.max_points
        && let Some(value) = cx.per_level(raw, "max_points")
    {
        ruleset.max_points = Some(value);
        ruleset.max_points_origin = Some(origin(raw.span()));
    }
    adapt_groups(&mut cx, &mut ruleset.groups, &file.group, &origin);
    for (id, c) in &file.criterion {
        let Some(criterion) = ruleset.criteria.iter_mut().find(|x| x.id == nfc(id)) else {
            cx.error(Code::OverlayUnknownCriterion, format!("không có tiêu chí '{0}' trong bộ tiêu chí / the ruleset has no criterion '{0}'", escape_invisible(id)), c.span());
            continue;
        };
        criterion::adapt_criterion(&mut cx, criterion, c, &ruleset.levels, &origin);
    }
    adapt_params(&mut cx, &mut ruleset.params, &file.params);
    add_exemptions(&mut cx, &mut ruleset, &file.exempt);
    ruleset.index_exemptions();
    diagnostics.extend(super::validate::check(&ruleset, true));
    super::load::sort_diagnostics(&mut diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(Error::Rules(diagnostics));
    }
    ruleset.overlay = Some(OverlayInfo {
        id: file.id,
        title: file.title,
        path: path.to_path_buf(),
        fingerprint,
        legal_basis,
        warnings: diagnostics,
    });
    Ok(ruleset)
}

/// The overlay's text (which must be UTF-8) and the fingerprint of its bytes.
fn read_source(path: &Path) -> Result<(Arc<SourceFile>, String), Error> {
    let bytes = crate::input_file::read(path, crate::input_file::Kind::Overlay)?;
    let fingerprint = crate::fingerprint::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::Rules(vec![Diagnostic::error(
            Code::TomlEncoding,
            format!(
                "{}: tệp không phải UTF-8 / file is not UTF-8",
                path.display()
            ),
            None,
        )])
    })?;
    let source = Arc::new(SourceFile {
        path: path.to_path_buf(),
        text,
    });
    Ok((source, fingerprint))
}

/// Whether the overlay's `ruleset` key names the ruleset it is applied to; an
/// error when not, since every other change would land on the wrong criteria.
fn adapts(cx: &mut FileContext<'_>, target: &Spanned<String>, id: &str) -> bool {
    if nfc(target.get_ref()) == id {
        return true;
    }
    cx.error(
        Code::OverlayWrongRuleset,
        format!(
            "tệp điều chỉnh dành cho bộ tiêu chí '{}', không phải '{}' / the overlay adapts ruleset '{}', not '{}'",
            target.get_ref(),
            id,
            target.get_ref(),
            id
        ),
        target.span(),
    );
    false
}

/// `[group.<id>]`: each named group's new maximum.
fn adapt_groups(
    cx: &mut FileContext<'_>,
    groups: &mut [Group],
    overlays: &IndexMap<String, Spanned<GroupOverlay>>,
    origin: &impl Fn(Range<usize>) -> Origin,
) {
    for (id, g) in overlays {
        let Some(group) = groups.iter_mut().find(|x| x.id == nfc(id)) else {
            cx.error(
                Code::OverlayUnknownGroup,
                format!(
                    "không có nhóm '{0}' trong bộ tiêu chí / the ruleset has no group '{0}'",
                    escape_invisible(id)
                ),
                g.span(),
            );
            continue;
        };
        if let Some(value) = cx.per_level(&g.get_ref().max_points, "max_points") {
            group.max_points = value;
            group.origin = origin(g.get_ref().max_points.span());
        }
    }
}

/// `[params.<name>]`: each named parameter's new value (of the parameter's own
/// type), basis and status.
fn adapt_params(
    cx: &mut FileContext<'_>,
    params: &mut [Param],
    overlays: &IndexMap<String, Spanned<ParamOverlay>>,
) {
    for (name, p) in overlays {
        let Some(param) = params.iter_mut().find(|x| &x.name == name) else {
            cx.error(
                Code::OverlayUnknownParam,
                format!(
                    "không có tham số '{0}' / the ruleset has no parameter '{0}'",
                    escape_invisible(name)
                ),
                p.span(),
            );
            continue;
        };
        let p = p.get_ref();
        let (ty, year_offset) = match &param.value {
            ParamValue::YearlyDate { year_offset, .. } => ("date", *year_offset),
            ParamValue::Date(_) => ("date", 0),
            ParamValue::Integer(_) => ("integer", 0),
            ParamValue::Decimal(_) => ("decimal", 0),
        };
        if let Some(value) = cx.param_value(
            name,
            ty,
            p.value.span(),
            &p.value,
            p.year_offset.unwrap_or(year_offset),
        ) {
            param.value = value;
            param.basis = p.basis.clone();
            param.status = p.status;
        }
    }
}

/// `[[exempt]]`: each unit's exemptions, added to the ruleset's (not yet indexed).
fn add_exemptions(
    cx: &mut FileContext<'_>,
    ruleset: &mut Ruleset,
    overlays: &[Spanned<ExemptOverlay>],
) {
    // (unit, criterion) pairs already exempted: a second exemption of the same pair
    // has its reason silently ignored (the first one is shown).
    let mut exempted: std::collections::BTreeSet<(String, String)> = Default::default();
    for spanned in overlays {
        let e = spanned.get_ref();
        if e.criteria.is_empty() {
            cx.error(
                Code::OverlayEmptyExempt,
                "criteria = [] không miễn tiêu chí nào; hãy liệt kê các tiêu chí được miễn / criteria = [] exempts the unit from nothing; list the criteria it is exempt from",
                spanned.span(),
            );
        }
        let unit = crate::text::normalize_id(&e.unit).into_owned();
        for c in &e.criteria {
            let pair = (unit.clone(), nfc(c.get_ref()).into_owned());
            if exempted.contains(&pair) {
                cx.warning(
                    Code::OverlayDuplicateExempt,
                    format!(
                        "đơn vị '{}' đã được miễn tiêu chí '{}' ở trên; lần miễn này (và lý do của nó) bị bỏ qua / unit '{}' is already exempt from criterion '{}' above: this exemption (and its reason) is ignored",
                        crate::text::visible(&pair.0),
                        pair.1,
                        crate::text::visible(&pair.0),
                        pair.1
                    ),
                    c.span(),
                );
            } else {
                exempted.insert(pair);
            }
            if !ruleset.criteria.iter().any(|x| x.id == nfc(c.get_ref())) {
                cx.error(
                    Code::OverlayUnknownCriterion,
                    format!(
                        "không có tiêu chí '{}' để miễn / no criterion '{}' to exempt from",
                        escape_invisible(c.get_ref()),
                        escape_invisible(c.get_ref())
                    ),
                    c.span(),
                );
            }
        }
        ruleset.exemptions.push(Exemption {
            // Matched against unit ids in their one identity (`text::normalize_id`).
            unit,
            criteria: e
                .criteria
                .iter()
                .map(|c| nfc(c.get_ref()).into_owned())
                .collect(),
            reason: e.reason.clone(),
        });
    }
}
