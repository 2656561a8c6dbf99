//! The live ranking of a round: every unit scored on its stored cells and
//! ranked within its level exactly as a report ranks them.

use super::{UnitState, unit_state};
use crate::Rules;
use crate::error::Error;
use crate::score::{RankTable, rank_key};
use crate::store::Store;

/// Every unit of the `year` round, scored and ranked, in store order.
pub fn round_ranking(store: &Store, rules: &Rules, year: i64) -> Result<Vec<UnitState>, Error> {
    let mut units = store
        .units(year)?
        .iter()
        .map(|unit| unit_state(store, rules, year, &unit.ma_don_vi))
        .collect::<Result<Vec<UnitState>, Error>>()?;
    let mut table = RankTable::default();
    for unit in &units {
        table.add(rank_key(&unit.score));
    }
    let ranks = table.ranks();
    for unit in &mut units {
        unit.score.rank = ranks.rank(rank_key(&unit.score));
    }
    Ok(units)
}
