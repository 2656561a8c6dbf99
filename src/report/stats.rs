//! Per-criterion statistics of one level: how many units were scored, their
//! average points and the share that reached the maximum. Exact decimals; the
//! renderers round them once, by the ruleset's policy, when they show them.
#![deny(clippy::arithmetic_side_effects)]

use crate::Level;
use crate::model::Status;
use crate::score::Scoreboard;
use rust_decimal::Decimal;

/// One criterion's figures over the units of one level.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CriterionStats {
    /// Index into the ruleset's criteria.
    pub criterion: usize,
    /// The criterion's maximum at this level (`None` when it does not apply).
    pub max: Option<Decimal>,
    /// Units with points (missing evidence counts, at its 0 points).
    pub scored: usize,
    /// Units for which the criterion does not apply or that are exempt.
    pub not_applicable: usize,
    /// Units whose result is in error (left out of the average).
    pub errors: usize,
    /// Units at full points.
    pub full: usize,
    /// Average points of the scored units, exact.
    pub average: Option<Decimal>,
}

impl CriterionStats {
    /// The average as a percentage of the maximum, exact.
    pub(crate) fn average_percent(&self) -> Option<Decimal> {
        match (self.average, self.max) {
            (Some(avg), Some(max)) if !max.is_zero() => avg
                .checked_div(max)
                .and_then(crate::model::number::percent_of),
            _ => None,
        }
    }

    /// The share of scored units at full points, as a percentage, exact.
    pub(crate) fn full_percent(&self) -> Option<Decimal> {
        let full = Decimal::from(self.full).checked_div(Decimal::from(self.scored))?;
        crate::model::number::percent_of(full)
    }
}

/// Statistics of every criterion of the ruleset over the units of `level`, in
/// ruleset order.
pub(crate) fn for_level(board: &Scoreboard<'_>, level: Level) -> Vec<CriterionStats> {
    let units: Vec<_> = board
        .units
        .iter()
        .filter(|u| u.level == Some(level))
        .collect();
    board
        .ruleset
        .criteria
        .iter()
        .enumerate()
        .map(|(index, criterion)| {
            let mut stats = CriterionStats {
                criterion: index,
                max: criterion.max_for(level),
                scored: 0,
                not_applicable: 0,
                errors: 0,
                full: 0,
                average: None,
            };
            // `None` once the sum overflows: the average is then left blank, not wrapped.
            let mut sum = Some(Decimal::ZERO);
            for c in units.iter().filter_map(|u| u.criteria.get(index)) {
                match (c.status, c.points) {
                    (Status::NotApplicable, _) => {
                        stats.not_applicable = stats.not_applicable.saturating_add(1);
                    }
                    (Status::Error, _) | (_, None) => stats.errors = stats.errors.saturating_add(1),
                    (status, Some(points)) => {
                        stats.scored = stats.scored.saturating_add(1);
                        sum = sum.and_then(|s| crate::model::number::exact_add(s, points));
                        stats.full = stats
                            .full
                            .saturating_add(usize::from(status == Status::Full));
                    }
                }
            }
            stats.average = sum
                .filter(|_| stats.scored > 0)
                .and_then(|s| s.checked_div(Decimal::from(stats.scored)));
            stats
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_exact_and_absent_without_data() {
        let stats = CriterionStats {
            criterion: 0,
            max: Some(Decimal::new(25, 2)),
            scored: 3,
            not_applicable: 1,
            errors: 0,
            full: 1,
            average: Some(Decimal::new(15, 2)),
        };
        assert_eq!(stats.average_percent(), Some(Decimal::from(60)));
        let third = stats.full_percent().expect("scored units");
        assert_eq!(third.round_dp(4), Decimal::new(333_333, 4));
        let empty = CriterionStats {
            scored: 0,
            full: 0,
            average: None,
            max: None,
            ..stats
        };
        assert_eq!(empty.average_percent(), None);
        assert_eq!(empty.full_percent(), None);
    }
}
