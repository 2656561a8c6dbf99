//! Drawing one unit's evidence values from the fields' plans.
//!
//! Distributions (probabilities in ‰, days relative to the deadline):
//!
//! | field | distribution |
//! |---|---|
//! | yes/no | Có 900‰ (a gating field such as `co_yeu_cau_xu_ly`: 350‰) |
//! | date near a deadline | on time 720‰ (0–45 days early, skewed towards the deadline), 1–10 days late 170‰, 11–45 days late 110‰ |
//! | date after another date | same day 50‰, within the allowed delay 750‰, up to twice the delay 200‰ |
//! | other dates | uniform from 01/02 to 31/10 of the year |
//! | planned count | geometric, mean ≈ 3 (sở), 2.3 (huyện), 1.2 (xã), at most 40 |
//! | done count | equal to planned 700‰, fewer 230‰, 1–2 more 70‰; with nothing planned, 1–2 ad hoc 150‰ |
//! | decimal | uniform between the field's `min` and `max` (default 0–100), two places |
//! | blank | required fields 20‰, optional fields 40‰; gated fields whenever their gate says Không; fields the unit's level does not use |
//!
//! Every value then stays within the field's plausibility bounds (a count not above
//! its `at_most_field`, a date inside its `not_before` … `not_after` window), so a
//! generated file scores without an implausible-value error.

use super::plan::{FieldPlan, Shape};
use super::rng::SplitMix64;
use crate::model::Level;
use crate::model::date::Date;
use rust_decimal::Decimal;

/// One generated cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Left blank.
    Blank,
    /// `Có` / `Không`.
    Bool(bool),
    /// A date, written `dd/mm/yyyy`.
    Date(Date),
    /// A count.
    Integer(i64),
    /// A decimal, written with a decimal comma.
    Decimal(Decimal),
    /// Text.
    Text(String),
}

/// Blank rate of a required field (‰): missing evidence, 0 points.
pub(crate) const BLANK_REQUIRED_PER_MILLE: u64 = 20;
/// Blank rate of an optional field (‰): no plan, no report, ...
pub(crate) const BLANK_OPTIONAL_PER_MILLE: u64 = 40;
/// Largest generated count.
const COUNT_CAP: i64 = 40;

/// Fills `cells` (one per plan, in order) for a unit of `level` in `year`.
pub(crate) fn draw_row(
    plans: &[FieldPlan],
    level: Level,
    year: i64,
    rng: &mut SplitMix64,
    cells: &mut Vec<Cell>,
) {
    cells.clear();
    for (index, plan) in plans.iter().enumerate() {
        let gated_off = plan
            .gated_by
            .is_some_and(|g| !matches!(cells.get(g), Some(Cell::Bool(true))));
        let blank_rate = if plan.required {
            BLANK_REQUIRED_PER_MILLE
        } else {
            BLANK_OPTIONAL_PER_MILLE
        };
        let cell = if !plan.levels.contains(&level) || gated_off || rng.chance(blank_rate) {
            Cell::Blank
        } else {
            plausible(plan, draw(plan, index, level, year, rng, cells), cells)
        };
        cells.push(cell);
    }
}

fn draw(
    plan: &FieldPlan,
    index: usize,
    level: Level,
    year: i64,
    rng: &mut SplitMix64,
    earlier: &[Cell],
) -> Cell {
    // A dependency on a later or blank field falls back to an independent draw.
    let earlier_cell = |field: usize| earlier.get(field).filter(|_| field < index);
    match &plan.shape {
        Shape::Bool { yes_per_mille } => Cell::Bool(rng.chance(*yes_per_mille)),
        Shape::NearDeadline(deadline) => {
            date_cell(deadline.day_number().saturating_add(deadline_offset(rng)))
        }
        Shape::After {
            field,
            typical_days,
        } => {
            let anchor = match earlier_cell(*field) {
                Some(Cell::Date(d)) => d.day_number(),
                _ => in_year(year, rng),
            };
            date_cell(anchor.saturating_add(delay(*typical_days, rng)))
        }
        Shape::InYear => date_cell(in_year(year, rng)),
        Shape::Count => Cell::Integer(clamp(plan, planned_count(level, rng))),
        Shape::DoneOf(planned) => {
            let planned = match earlier_cell(*planned) {
                Some(Cell::Integer(n)) => *n,
                _ => planned_count(level, rng),
            };
            Cell::Integer(clamp(plan, done_count(planned, rng)))
        }
        Shape::Decimal { min, max } => {
            let lo = hundredths(*min);
            let hi = hundredths(*max);
            Cell::Decimal(Decimal::new(rng.between(lo, hi), 2).normalize())
        }
        Shape::Text => Cell::Text(format!("{}/KH-UBND", rng.between(1, 250))),
    }
}

/// Keeps a drawn value within the field's plausibility bounds: a count not above
/// the earlier count it is bounded by, a date inside the year's plausible window
/// (a date bounded by a later field is left as drawn).
fn plausible(plan: &FieldPlan, cell: Cell, earlier: &[Cell]) -> Cell {
    match cell {
        Cell::Integer(n) => match plan.at_most.and_then(|f| earlier.get(f)) {
            Some(Cell::Integer(total)) => Cell::Integer(n.min(*total)),
            _ => Cell::Integer(n),
        },
        Cell::Date(d) => match plan.dates {
            Some((lo, hi)) => Cell::Date(d.clamp(lo, hi)),
            None => Cell::Date(d),
        },
        other => other,
    }
}

/// Days after the deadline (negative: early).
fn deadline_offset(rng: &mut SplitMix64) -> i64 {
    match rng.below(1000) {
        // The smaller of two draws: most units act shortly before the deadline.
        0..720 => -(rng.below(46).min(rng.below(46)) as i64),
        720..890 => rng.between(1, 10),
        _ => rng.between(11, 45),
    }
}

/// Days between a date and the one that follows it.
fn delay(typical_days: i64, rng: &mut SplitMix64) -> i64 {
    match rng.below(1000) {
        0..50 => 0,
        50..800 => rng.between(1, typical_days),
        // `typical_days` is a rule-file parameter: any i64.
        _ => rng.between(
            typical_days.saturating_add(1),
            typical_days.saturating_mul(2),
        ),
    }
}

/// A day in the working part of the year: 01/02 to 31/10.
fn in_year(year: i64, rng: &mut SplitMix64) -> i64 {
    let day = |m, d| Date::new(year, m, d).map_or(0, Date::day_number);
    rng.between(day(2, 1), day(10, 31))
}

fn planned_count(level: Level, rng: &mut SplitMix64) -> i64 {
    let continue_per_mille = match level {
        Level::So => 750,
        Level::Huyen => 700,
        Level::Xa => 550,
    };
    rng.geometric(continue_per_mille, COUNT_CAP)
}

fn done_count(planned: i64, rng: &mut SplitMix64) -> i64 {
    if planned <= 0 {
        return if rng.chance(150) {
            rng.between(1, 2)
        } else {
            0
        };
    }
    match rng.below(1000) {
        0..700 => planned,
        700..930 => rng.between(0, planned.saturating_sub(1)),
        _ => planned.saturating_add(rng.between(1, 2)),
    }
}

fn clamp(plan: &FieldPlan, n: i64) -> i64 {
    let n = plan.min.map_or(n, |min| n.max(min));
    plan.max.map_or(n, |max| n.min(max))
}

/// `d` in hundredths, saturating at the ends of `i64` (a rule file's bound may be
/// as large as a decimal goes).
fn hundredths(d: Decimal) -> i64 {
    match d
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|h| i64::try_from(h.trunc()).ok())
    {
        Some(n) => n,
        None if d.is_sign_negative() => i64::MIN,
        None => i64::MAX,
    }
}

fn date_cell(day_number: i64) -> Cell {
    Date::from_day_number(day_number).map_or(Cell::Blank, Cell::Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_counts_rarely_exceed_planned() {
        let mut rng = SplitMix64::new(11);
        let over = (0..10_000).filter(|_| done_count(3, &mut rng) > 3).count();
        assert!((500..900).contains(&over), "{over}");
        assert!((0..1000).all(|_| done_count(0, &mut rng) <= 2));
    }

    #[test]
    fn deadline_dates_are_mostly_on_time() {
        let mut rng = SplitMix64::new(5);
        let offsets: Vec<i64> = (0..10_000).map(|_| deadline_offset(&mut rng)).collect();
        let on_time = offsets.iter().filter(|&&o| o <= 0).count();
        assert!((7_000..7_400).contains(&on_time), "{on_time}");
        assert!(offsets.iter().all(|o| (-45..=45).contains(o)));
        assert!(offsets.iter().any(|&o| o > 10));
    }
}
