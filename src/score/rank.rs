//! Ranking within each level: by percentage of the applicable maximum (units of one
//! level can have different maxima when exempt from a criterion), ties share a rank
//! ("1, 2, 2, 4"). Units with a criterion in error are not ranked.

use super::UnitScore;
use crate::model::Level;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A unit's `total / max`, compared exactly (cross-multiplied, no rounding), so
/// 4/5 and 8/10 are the same score.
#[derive(Debug, Clone, Copy)]
struct Score {
    total: Decimal,
    max: Decimal,
}

impl Ord for Score {
    fn cmp(&self, other: &Score) -> Ordering {
        // Exact products: `checked_mul` rounds past 28 decimal places, which could
        // tie two units whose scores differ in the last digits.
        match (
            crate::model::number::exact_mul(self.total, other.max),
            crate::model::number::exact_mul(other.total, self.max),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Products past `Decimal::MAX` (maxima near it) or past 28 places:
            // compare the quotients, which fit whenever the totals do not exceed
            // the maxima.
            _ => match (
                self.total.checked_div(self.max),
                other.total.checked_div(other.max),
            ) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => self.total.cmp(&other.total),
            },
        }
    }
}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Score) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Score {
    fn eq(&self, other: &Score) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Score {}

/// The level and score a unit is ranked by, or `None` when it is not ranked: a
/// criterion in error, a problem with its evidence, or nothing applicable.
pub(crate) fn rank_key(unit: &UnitScore) -> Option<(Level, Decimal, Decimal)> {
    let rankable = !unit.has_error() && unit.problems.is_empty() && !unit.max.is_zero();
    let level = unit.level.filter(|_| rankable)?;
    Some((level, unit.total, unit.max))
}

/// A score as written (`total` and `max` normalised): equal keys are surely
/// equal scores, compared with cheap integer comparisons. Different keys may
/// still be equal scores (4/5 and 8/10); [`RankTable::ranks`] gives those one rank.
type Written = (Level, (i128, u32), (i128, u32));

fn written(level: Level, total: Decimal, max: Decimal) -> Written {
    let parts = |d: Decimal| {
        let d = d.normalize();
        (d.mantissa(), d.scale())
    };
    (level, parts(total), parts(max))
}

/// How many units reached each score, per level: all that ranking needs, however
/// many units there are (a unit's rank is one more than the number of units of
/// its level with a strictly better score).
#[derive(Debug, Default)]
pub(crate) struct RankTable {
    counts: BTreeMap<Written, (Score, usize)>,
}

impl RankTable {
    /// Counts a unit's [`rank_key`].
    pub(crate) fn add(&mut self, key: Option<(Level, Decimal, Decimal)>) {
        if let Some((level, total, max)) = key {
            let count = &mut self
                .counts
                .entry(written(level, total, max))
                .or_insert((Score { total, max }, 0))
                .1;
            *count = count.saturating_add(1);
        }
    }

    /// The ranks, once every unit is counted.
    pub(crate) fn ranks(&self) -> Ranks {
        // The distinct scores of each level, best first (exact comparisons, once
        // per distinct score rather than once per unit).
        let mut ordered: Vec<(&Written, Score, usize)> =
            self.counts.iter().map(|(k, &(s, n))| (k, s, n)).collect();
        ordered.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.cmp(&a.1)));
        let mut ranks = BTreeMap::new();
        let mut better: usize = 0;
        let mut previous: Option<(Level, Score, usize)> = None;
        for (key, score, count) in ordered {
            let level = key.0;
            let rank = match previous {
                Some((l, s, r)) if l == level && s == score => r,
                Some((l, _, _)) if l == level => better.saturating_add(1),
                _ => {
                    better = 0;
                    1
                }
            };
            ranks.insert(*key, rank);
            better = better.saturating_add(count);
            previous = Some((level, score, rank));
        }
        Ranks { ranks }
    }
}

/// Each score's rank within its level.
#[derive(Debug)]
pub(crate) struct Ranks {
    ranks: BTreeMap<Written, usize>,
}

impl Ranks {
    /// The rank of a unit with this [`rank_key`] (`None` for an unranked unit).
    pub(crate) fn rank(&self, key: Option<(Level, Decimal, Decimal)>) -> Option<usize> {
        let (level, total, max) = key?;
        self.ranks.get(&written(level, total, max)).copied()
    }

    /// Sets `rank` on every unit (`None` on an unranked one).
    pub(crate) fn assign(&self, units: &mut [UnitScore]) {
        for unit in units {
            unit.rank = self.rank(rank_key(unit));
        }
    }
}

#[cfg(test)]
/// Sets `rank` on every rankable unit of units held in memory (the pipeline
/// counts its [`RankTable`] as units go by instead).
pub(crate) fn assign_ranks(units: &mut [UnitScore]) {
    let mut table = RankTable::default();
    for unit in units.iter() {
        table.add(rank_key(unit));
    }
    table.ranks().assign(units);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, level: Level, total: i64, max: i64) -> UnitScore {
        UnitScore {
            id: id.into(),
            name: id.into(),
            level: Some(level),
            row: 0,
            total: Decimal::from(total),
            max: Decimal::from(max),
            fraction: None,
            rank: None,
            problems: Vec::new(),
            warnings: Vec::new(),
            criteria: Vec::new(),
        }
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let mut units = vec![
            unit("a", Level::So, 5, 10),
            unit("b", Level::So, 9, 10),
            unit("c", Level::So, 5, 10),
            unit("d", Level::So, 1, 10),
            unit("x", Level::Xa, 1, 10),
        ];
        assign_ranks(&mut units);
        let ranks: Vec<Option<usize>> = units.iter().map(|u| u.rank).collect();
        assert_eq!(ranks, vec![Some(2), Some(1), Some(2), Some(4), Some(1)]);
    }

    #[test]
    fn ranks_by_percentage_when_maxima_differ() {
        // 4/5 = 80% beats 7/10 = 70% although 7 > 4; 8/10 ties with 4/5.
        let mut units = vec![
            unit("a", Level::So, 7, 10),
            unit("b", Level::So, 4, 5),
            unit("c", Level::So, 8, 10),
        ];
        assign_ranks(&mut units);
        assert_eq!(
            units.iter().map(|u| u.rank).collect::<Vec<_>>(),
            vec![Some(3), Some(1), Some(1)]
        );
    }
}
