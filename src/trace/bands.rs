//! Every band of a criterion with its verdict for the unit, as scoring recorded it
//! while choosing the band, put in words.

use super::{BandCheck, Verdict};
use crate::model::Level;
use crate::ruleset::{Band, Criterion, MetricUnit};
use crate::score::bounds::{Bound, BoundsStyle, describe_bounds};
use crate::score::explanation::BandVerdict;
use crate::score::render::{format_metric_in, format_number};
use crate::score::{CriterionScore, Lang};

/// The bands top-down, each with its verdict and why. A result whose script did
/// not run (or did not reach a band) has every band `not_tried`.
pub(super) fn checks(
    c: &Criterion,
    score: &CriterionScore,
    level: Option<Level>,
    lang: Lang,
) -> Vec<BandCheck> {
    let unit = c.metric.as_ref().map_or(MetricUnit::Count, |m| m.unit);
    let recorded = score.detail.reached().map(|r| r.checks.as_slice());
    c.bands
        .iter()
        .enumerate()
        .map(|(i, band)| {
            let verdict = recorded.map(|checks| checks.get(i).copied());
            let (verdict, reason) = match verdict {
                None | Some(None) => (
                    Verdict::NotTried,
                    "script không chạy (xem trạng thái) / the script did not run".to_string(),
                ),
                Some(Some(v)) => word(v, band, score, unit, lang),
            };
            BandCheck {
                key: band.key.clone(),
                clause: band.clause.clone(),
                points: level
                    .and_then(|l| band.points.get(l))
                    .map(|p| format_number(p, lang)),
                bounds: describe_bounds(band, unit, BoundsStyle::Symbols, lang),
                verdict,
                reason,
            }
        })
        .collect()
}

/// A recorded verdict in words.
fn word(
    verdict: BandVerdict,
    band: &Band,
    score: &CriterionScore,
    unit: MetricUnit,
    lang: Lang,
) -> (Verdict, String) {
    let show = |v| format_metric_in(v, unit, lang);
    match verdict {
        BandVerdict::Chosen => {
            let why = match score.metric {
                Some(m) => format!(
                    "{} {} {}",
                    show(m),
                    lang.pick("thỏa", "satisfies"),
                    describe_bounds(band, unit, BoundsStyle::Symbols, lang).unwrap_or_default()
                ),
                None => format!(
                    "{} \"{}\"",
                    lang.pick("script trả về", "the script returned"),
                    band.key
                ),
            };
            (Verdict::Chosen, why)
        }
        BandVerdict::NotTried => (
            Verdict::NotTried,
            lang.pick(
                "không xét: đã chọn mức phía trên",
                "not tried: a band above was chosen",
            )
            .to_string(),
        ),
        BandVerdict::Outside(bound) => (Verdict::NotReached, outside(bound, score, unit, lang)),
        BandVerdict::NotNamed => (Verdict::NotReached, not_named(band, score, lang)),
    }
}

/// `66,67% < 100% (cần ≥ 100%)`.
fn outside(bound: Bound, score: &CriterionScore, unit: MetricUnit, lang: Lang) -> String {
    let show = |v| format_metric_in(v, unit, lang);
    let metric = score.metric.map(show).unwrap_or_default();
    format!(
        "{metric} {} {} ({} {})",
        bound.broken_symbol(),
        show(bound.value()),
        lang.pick("cần", "needs"),
        bound.words(unit, lang)
    )
}

/// A band reached only by its key, which the script did not return.
fn not_named(band: &Band, score: &CriterionScore, lang: Lang) -> String {
    match (score.metric, lang) {
        (Some(_), Lang::Vi) => format!(
            "mức này chỉ đạt khi script trả về \"{}\", script trả về một chỉ số",
            band.key
        ),
        (Some(_), Lang::En) => format!(
            "this band is reached only when the script returns \"{}\"; it returned a metric",
            band.key
        ),
        (None, Lang::Vi) => format!(
            "script trả về \"{}\", không phải \"{}\"",
            score.band.as_deref().unwrap_or("-"),
            band.key
        ),
        (None, Lang::En) => format!(
            "the script returned \"{}\", not \"{}\"",
            score.band.as_deref().unwrap_or("-"),
            band.key
        ),
    }
}
