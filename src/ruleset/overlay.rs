//! Provincial overlays: a TOML file that adapts a ruleset without copying it.
//!
//! An overlay may change the ruleset's and groups' maxima, a criterion's maximum,
//! levels and band points or bounds (or scale every band to a new maximum),
//! parameters (deadlines), and exempt named units from criteria. The result must
//! keep every invariant of a ruleset; a broken one points at the overlay line.

use super::convert::FileContext;
use super::file::{LegalBasisFile, Raw};
use super::{
    Criterion, Exemption, Origin, OverlayInfo, ParamStatus, ParamValue, PerLevel, Ruleset,
    SourceFile,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::text::escape_invisible;
use crate::text::nfc;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    id: String,
    title: String,
    ruleset: Spanned<String>,
    #[serde(default)]
    legal_basis: Vec<LegalBasisFile>,
    #[serde(default)]
    max_points: Option<Raw>,
    #[serde(default)]
    group: IndexMap<String, Spanned<GroupOverlay>>,
    #[serde(default)]
    criterion: IndexMap<String, Spanned<CriterionOverlay>>,
    #[serde(default)]
    params: IndexMap<String, Spanned<ParamOverlay>>,
    #[serde(default)]
    exempt: Vec<Spanned<ExemptOverlay>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupOverlay {
    max_points: Raw,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionOverlay {
    #[serde(default)]
    max_points: Option<Raw>,
    /// Multiply every band's points by new max / old max (checked for exactness).
    #[serde(default)]
    scale_bands: bool,
    #[serde(default)]
    applies_to: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    sample_choice: Option<String>,
    #[serde(default)]
    band: IndexMap<String, Spanned<BandOverlay>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandOverlay {
    #[serde(default)]
    points: Option<Raw>,
    #[serde(default)]
    clause: Option<String>,
    #[serde(default)]
    at_least: Option<Raw>,
    #[serde(default)]
    below: Option<Raw>,
    #[serde(default)]
    at_most: Option<Raw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamOverlay {
    value: Raw,
    #[serde(default)]
    year_offset: Option<i64>,
    basis: String,
    status: ParamStatus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExemptOverlay {
    unit: String,
    criteria: Vec<Spanned<String>>,
    reason: String,
}

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
pub fn apply_overlay(mut ruleset: Ruleset, path: &Path) -> Result<Ruleset, Error> {
    let bytes = crate::input_file::read(path, crate::input_file::Kind::Overlay)?;
    let fingerprint = crate::fingerprint::sha256_hex(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::Rules(vec![Diagnostic::error(
            "toml/encoding",
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
    if nfc(file.ruleset.get_ref()) != ruleset.id {
        cx.error(
            "overlay/wrong-ruleset",
            format!(
                "tệp điều chỉnh dành cho bộ tiêu chí '{}', không phải '{}' / the overlay adapts ruleset '{}', not '{}'",
                file.ruleset.get_ref(),
                ruleset.id,
                file.ruleset.get_ref(),
                ruleset.id
            ),
            file.ruleset.span(),
        );
        return Err(Error::Rules(diagnostics));
    }
    let legal_basis = cx.legal_basis(&file.legal_basis);

    if let Some(raw) = &file.max_points
        && let Some(value) = cx.per_level(raw, "max_points")
    {
        ruleset.max_points = Some(value);
        ruleset.max_points_origin = Some(origin(raw.span()));
    }
    for (id, g) in &file.group {
        let Some(group) = ruleset.groups.iter_mut().find(|x| x.id == nfc(id)) else {
            cx.error(
                "overlay/unknown-group",
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
    for (id, c) in &file.criterion {
        let Some(criterion) = ruleset.criteria.iter_mut().find(|x| x.id == nfc(id)) else {
            cx.error("overlay/unknown-criterion", format!("không có tiêu chí '{0}' trong bộ tiêu chí / the ruleset has no criterion '{0}'", escape_invisible(id)), c.span());
            continue;
        };
        adapt_criterion(&mut cx, criterion, c, &ruleset.levels, &origin);
    }
    for (name, p) in &file.params {
        let Some(param) = ruleset.params.iter_mut().find(|x| &x.name == name) else {
            cx.error(
                "overlay/unknown-param",
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
    // (unit, criterion) pairs already exempted: a second exemption of the same pair
    // has its reason silently ignored (the first one is shown).
    let mut exempted: std::collections::BTreeSet<(String, String)> = Default::default();
    for spanned in &file.exempt {
        let e = spanned.get_ref();
        if e.criteria.is_empty() {
            cx.error(
                "overlay/empty-exempt",
                "criteria = [] không miễn tiêu chí nào; hãy liệt kê các tiêu chí được miễn / criteria = [] exempts the unit from nothing; list the criteria it is exempt from",
                spanned.span(),
            );
        }
        let unit = crate::text::normalize_id(&e.unit).into_owned();
        for c in &e.criteria {
            let pair = (unit.clone(), nfc(c.get_ref()).into_owned());
            if exempted.contains(&pair) {
                cx.warning(
                    "overlay/duplicate-exempt",
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
                    "overlay/unknown-criterion",
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

fn adapt_criterion(
    cx: &mut FileContext<'_>,
    criterion: &mut Criterion,
    raw: &Spanned<CriterionOverlay>,
    levels: &[crate::Level],
    origin: &impl Fn(std::ops::Range<usize>) -> Origin,
) {
    let c = raw.get_ref();
    if let Some(list) = &c.applies_to {
        if list.is_empty() {
            cx.error(
                "criterion/applies-to-nothing",
                super::load::APPLIES_TO_NOTHING,
                raw.span(),
            );
        }
        let parsed = cx.levels(list);
        for (level, item) in parsed.iter().zip(list) {
            if !levels.contains(level) {
                cx.error("level/not-in-ruleset", format!("cấp '{level}' không thuộc các cấp của bộ tiêu chí / level '{level}' is not among the ruleset's levels"), item.span());
            }
        }
        criterion.applies_to = parsed;
    }
    if let Some(text) = &c.sample_choice {
        criterion.sample_choice = (!text.trim().is_empty()).then(|| text.clone());
    }
    if let Some(raw_max) = &c.max_points
        && let Some(new_max) = cx.per_level(raw_max, "max_points")
    {
        if c.scale_bands {
            for band in &mut criterion.bands {
                match scale(
                    &band.points,
                    &criterion.max_points,
                    &new_max,
                    &criterion.applies_to,
                ) {
                    Ok(points) => {
                        band.points = points;
                        band.origin = origin(raw_max.span());
                    }
                    Err(message) => cx.error(
                        "overlay/cannot-scale",
                        format!("tiêu chí {}, mức '{}': {message}", criterion.id, band.key),
                        raw_max.span(),
                    ),
                }
            }
        }
        criterion.max_points = new_max;
        criterion.max_points_origin = origin(raw_max.span());
    }
    for (key, b) in &c.band {
        let Some(band) = criterion.bands.iter_mut().find(|x| x.key == nfc(key)) else {
            cx.error(
                "overlay/unknown-band",
                format!(
                    "tiêu chí {1} không có mức '{0}' / criterion {1} has no band '{0}'",
                    escape_invisible(key),
                    criterion.id
                ),
                b.span(),
            );
            continue;
        };
        let o = b.get_ref();
        if let Some(p) = &o.points
            && let Some(points) = cx.per_level(p, "points")
        {
            band.points = points;
            band.origin = origin(p.span());
        }
        if let Some(clause) = &o.clause {
            band.clause = clause.clone();
        }
        for (raw, slot, name) in [
            (&o.at_least, &mut band.at_least, "at_least"),
            (&o.below, &mut band.below, "below"),
            (&o.at_most, &mut band.at_most, "at_most"),
        ] {
            if let Some(r) = raw {
                *slot = cx.threshold(r, name);
                band.origin = origin(r.span());
            }
        }
    }
}

/// `points × new / old` per level, refusing a result that is not exact.
fn scale(
    points: &PerLevel,
    old: &PerLevel,
    new: &PerLevel,
    levels: &[crate::Level],
) -> Result<PerLevel, String> {
    let mut map = std::collections::BTreeMap::new();
    for level in levels {
        let (Some(p), Some(o), Some(n)) = (points.get(*level), old.get(*level), new.get(*level))
        else {
            continue;
        };
        if o.is_zero() {
            return Err(format!(
                "không thể co giãn từ điểm tối đa 0 / cannot scale from a maximum of 0 at level {level}"
            ));
        }
        let overflow = || {
            format!(
                "{p} × {n} / {o} tràn số thập phân / {p} × {n} / {o} overflows a decimal at level {level}"
            )
        };
        let not_exact = || {
            format!(
                "{p} × {n} / {o} không chia hết, điểm sẽ bị làm tròn / {p} × {n} / {o} is not exact at level {level}: the points would be rounded"
            )
        };
        // Exact products: `checked_mul` rounds past 28 places (0.25 × 1e-28 = 0),
        // and a rounded product would pass the check below.
        let product = crate::model::number::exact_mul(p, n).ok_or_else(|| {
            if p.checked_mul(n).is_none() {
                overflow()
            } else {
                not_exact()
            }
        })?;
        let scaled = product.checked_div(o).ok_or_else(overflow)?.normalize();
        // Scaling must be exact: a quotient cut at 28 places is a rounded point value.
        if crate::model::number::exact_mul(scaled, o) != Some(product) {
            return Err(not_exact());
        }
        map.insert(*level, scaled.max(Decimal::ZERO));
    }
    Ok(PerLevel::ByLevel(map))
}
