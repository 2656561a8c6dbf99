//! What scoring records to explain a result ([`Explanation`]): the band reached and
//! the one to aim for, and, per unit, the documents cited and lacking. The text is
//! rendered from it by [`super::render`], and rendered again whenever it grows.

use super::BandChoice;
use super::CriterionScore;
use super::explanation::{NextBand, Reached};
use super::render::{self, Lang};

use crate::evidence::{UnitRecord, document};
use crate::model::Level;
use crate::model::Status;
use crate::model::number::exact_sub;
use crate::ruleset::{Band, Criterion, Ruleset};
use rust_decimal::Decimal;
use std::sync::Arc;

/// A band was reached (`choice`, with the verdict on every band): the points lost,
/// and the band to aim for when some were. `blank` are the fields read that were
/// left blank; `by_metric` whether the script returned a metric.
pub(crate) fn reached(
    criterion: &Criterion,
    level: Level,
    choice: BandChoice<'_>,
    (points, max): (Decimal, Decimal),
    by_metric: bool,
    blank: Vec<usize>,
) -> Reached {
    // Loading bounds points (at most MAX_POINTS, few decimals), so the difference
    // is exact; should it not be, the renderer shows the two figures.
    let lost = (points != max).then(|| exact_sub(max, points)).flatten();
    // A metric result can climb band by band; a named outcome (no plan, no
    // report) is best answered with what earns full points.
    let next = if points >= max {
        None
    } else if by_metric {
        next_band(criterion, level, points)
    } else {
        full_band(criterion, level, max)
    };
    Reached {
        band: choice.index,
        lost,
        next: next.map(|(index, b)| NextBand {
            band: index,
            points: b.points.get(level).unwrap_or_default(),
            by_metric,
        }),
        blank,
        checks: choice.checks,
    }
}

/// The band giving the fewest points above `points` for `level`.
fn next_band(criterion: &Criterion, level: Level, points: Decimal) -> Option<(usize, &Band)> {
    criterion
        .bands
        .iter()
        .enumerate()
        .filter(|(_, b)| b.points.get(level).is_some_and(|p| p > points))
        .min_by_key(|(_, b)| b.points.get(level))
}

/// The first band giving full points for `level`.
fn full_band(criterion: &Criterion, level: Level, max: Decimal) -> Option<(usize, &Band)> {
    criterion
        .bands
        .iter()
        .enumerate()
        .find(|(_, b)| b.points.get(level) == Some(max))
}

/// Records the documents the unit cited for this criterion ("Kế hoạch TDTHPL năm
/// số 12/KH-STP ngày 08/01/2024") and those it did not, when the evidence file
/// has document-reference columns, and renders the explanation again. Results
/// not scored are left alone.
pub(crate) fn cite_documents(
    score: &mut CriterionScore,
    ruleset: &Ruleset,
    record: &UnitRecord,
    has_documents: &[bool],
) {
    if matches!(score.status, Status::NotApplicable | Status::Error) {
        return;
    }
    let criterion = ruleset.criterion(score.criterion);
    let lost = score.status != Status::Full;
    let found = document::citations(
        criterion,
        &ruleset.fields,
        &record.values,
        &record.documents,
        has_documents,
        lost,
    );
    if found.cited.is_empty() && found.lacking.is_empty() {
        // Nothing to add (always so without document columns): the common case.
        return;
    }
    Arc::make_mut(&mut score.detail).documents = found;
    score.explanation = render::explanation(ruleset, score, Lang::Vi).into();
}

/// Records plausibility warnings on a scored result and renders its text again.
pub(crate) fn note_warnings(score: &mut CriterionScore, ruleset: &Ruleset, warnings: Vec<String>) {
    Arc::make_mut(&mut score.detail).warnings = warnings;
    score.explanation = render::explanation(ruleset, score, Lang::Vi).into();
}
