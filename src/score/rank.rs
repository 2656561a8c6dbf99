//! Ranking within each level: by percentage of the applicable maximum (units of one
//! level can have different maxima when exempt from a criterion), ties share a rank
//! ("1, 2, 2, 4"). Units with a criterion in error are not ranked.

use super::UnitScore;
use std::cmp::Ordering;

/// Compares two units' `total / max` exactly (cross-multiplied, no rounding).
fn compare(a: &UnitScore, b: &UnitScore) -> Ordering {
    (a.total * b.max).cmp(&(b.total * a.max))
}

/// Sets `rank` on every rankable unit.
pub fn assign_ranks(units: &mut [UnitScore]) {
    for level in crate::level::Level::ALL {
        let mut members: Vec<usize> = (0..units.len())
            .filter(|&i| {
                units[i].level == Some(level)
                    && !units[i].has_error()
                    && units[i].problems.is_empty()
                    && !units[i].max.is_zero()
            })
            .collect();
        members.sort_by(|&a, &b| compare(&units[b], &units[a]));
        let mut rank = 0;
        for (position, &i) in members.iter().enumerate() {
            if position == 0 || compare(&units[members[position - 1]], &units[i]) != Ordering::Equal
            {
                rank = position + 1;
            }
            units[i].rank = Some(rank);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::Level;
    use rust_decimal::Decimal;

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
