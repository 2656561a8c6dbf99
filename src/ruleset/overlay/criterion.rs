//! One `[criterion.<id>]` table applied to its criterion: levels, sample
//! choice, a new maximum (with every band scaled to it, exactly, when asked),
//! and each band's points, clause and bounds. Separate from the file-level
//! steps because a criterion's changes are the bulk of an overlay.

use super::file::{BandOverlay, CriterionOverlay};
use crate::diagnostic::Code;
use crate::ruleset::convert::FileContext;
use crate::ruleset::{Band, Criterion, Origin, PerLevel};
use crate::text::escape_invisible;
use crate::text::nfc;
use rust_decimal::Decimal;
use std::ops::Range;
use toml::Spanned;

/// Applies `raw` to `criterion`; `levels` are the ruleset's, `origin` places a
/// changed value in the overlay file.
pub(super) fn adapt_criterion(
    cx: &mut FileContext<'_>,
    criterion: &mut Criterion,
    raw: &Spanned<CriterionOverlay>,
    levels: &[crate::Level],
    origin: &impl Fn(Range<usize>) -> Origin,
) {
    let c = raw.get_ref();
    if let Some(list) = &c.applies_to {
        applies_to(cx, criterion, raw.span(), list, levels);
    }
    if let Some(text) = &c.sample_choice {
        criterion.sample_choice = (!text.trim().is_empty()).then(|| text.clone());
    }
    if let Some(raw_max) = &c.max_points
        && let Some(new_max) = cx.per_level(raw_max, "max_points")
    {
        if c.scale_bands {
            scale_bands(cx, criterion, &new_max, raw_max.span(), origin);
        }
        criterion.max_points = new_max;
        criterion.max_points_origin = origin(raw_max.span());
    }
    for (key, b) in &c.band {
        let Some(band) = criterion.bands.iter_mut().find(|x| x.key == nfc(key)) else {
            cx.error(
                Code::OverlayUnknownBand,
                format!(
                    "tiêu chí {1} không có mức '{0}' / criterion {1} has no band '{0}'",
                    escape_invisible(key),
                    criterion.id
                ),
                b.span(),
            );
            continue;
        };
        adapt_band(cx, band, b.get_ref(), origin);
    }
}

/// The criterion's new levels, each one the ruleset scores.
fn applies_to(
    cx: &mut FileContext<'_>,
    criterion: &mut Criterion,
    span: Range<usize>,
    list: &[Spanned<String>],
    levels: &[crate::Level],
) {
    if list.is_empty() {
        cx.error(
            Code::CriterionAppliesToNothing,
            crate::ruleset::load::APPLIES_TO_NOTHING,
            span,
        );
    }
    let parsed = cx.levels(list);
    for (level, item) in parsed.iter().zip(list) {
        if !levels.contains(level) {
            cx.error(Code::LevelNotInRuleset, format!("cấp '{level}' không thuộc các cấp của bộ tiêu chí / level '{level}' is not among the ruleset's levels"), item.span());
        }
    }
    criterion.applies_to = parsed;
}

/// Every band's points scaled from the criterion's current maximum to `new_max`.
fn scale_bands(
    cx: &mut FileContext<'_>,
    criterion: &mut Criterion,
    new_max: &PerLevel,
    span: Range<usize>,
    origin: &impl Fn(Range<usize>) -> Origin,
) {
    for band in &mut criterion.bands {
        match scale(
            &band.points,
            &criterion.max_points,
            new_max,
            &criterion.applies_to,
        ) {
            Ok(points) => {
                band.points = points;
                band.origin = origin(span.clone());
            }
            Err(message) => cx.error(
                Code::OverlayCannotScale,
                format!("tiêu chí {}, mức '{}': {message}", criterion.id, band.key),
                span.clone(),
            ),
        }
    }
}

/// One band's new points, clause and bounds.
fn adapt_band(
    cx: &mut FileContext<'_>,
    band: &mut Band,
    o: &BandOverlay,
    origin: &impl Fn(Range<usize>) -> Origin,
) {
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
