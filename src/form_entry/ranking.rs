//! The ranking of a round: every unit scored on its stored cells (the live
//! self-assessment) or on its appraised evidence (what is published), and
//! ranked within its level exactly as a report ranks them.

use super::{UnitState, appraisal_state, unit_state};
use crate::Rules;
use crate::error::Error;
use crate::score::{RankTable, rank_key};
use crate::store::Store;

/// Every unit of the `year` round, scored and ranked, in store order.
pub fn round_ranking(store: &Store, rules: &Rules, year: i64) -> Result<Vec<UnitState>, Error> {
    let units = store
        .units(year)?
        .iter()
        .map(|unit| unit_state(store, rules, year, &unit.ma_don_vi))
        .collect::<Result<Vec<UnitState>, Error>>()?;
    Ok(ranked(units))
}

/// Every unit of the `year` round scored on its appraised evidence (its own
/// cells with the appraisal's and appeals' corrections) and ranked: once the
/// round is published, the latest revision's results.
pub fn appraised_ranking(store: &Store, rules: &Rules, year: i64) -> Result<Vec<UnitState>, Error> {
    let units = store
        .units(year)?
        .iter()
        .map(|unit| {
            let appraisal = appraisal_state(store, rules, year, &unit.ma_don_vi)?;
            Ok(UnitState {
                evidence: appraisal.evidence,
                score: appraisal.appraised,
                ..appraisal.own
            })
        })
        .collect::<Result<Vec<UnitState>, Error>>()?;
    Ok(ranked(units))
}

fn ranked(mut units: Vec<UnitState>) -> Vec<UnitState> {
    let mut table = RankTable::default();
    for unit in &units {
        table.add(rank_key(&unit.score));
    }
    let ranks = table.ranks();
    for unit in &mut units {
        unit.score.rank = ranks.rank(rank_key(&unit.score));
    }
    units
}
