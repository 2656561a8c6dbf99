//! A unit's history across years (#16 item 6): every round it took part in,
//! and the rounds of the units it succeeds, each scored and ranked as that
//! round's ranking does (a published round as published: on the appraised
//! evidence); and the criteria where points were lost every year.

use super::{UnitState, appraised_ranking, round_ranking};
use crate::Rules;
use crate::error::Error;
use crate::model::Status;
use crate::store::Store;
use std::sync::Arc;

/// One round of a unit's history.
#[derive(Debug, Clone)]
pub struct HistoryRound {
    /// The round's year.
    pub year: i64,
    /// The round's rules (for rounding and criterion titles).
    pub rules: Arc<Rules>,
    /// The unit as scored and ranked in that round (its own id there).
    pub state: UnitState,
    /// Whether this is a predecessor's round (đơn vị tiền thân), not the unit's own.
    pub predecessor: bool,
    /// Whether the round is published (the points are the appraised ones), or
    /// still the self-assessment.
    pub published: bool,
}

/// A unit's history, oldest round first.
#[derive(Debug, Clone)]
pub struct UnitHistory {
    /// The unit asked about.
    pub unit: String,
    /// Its rounds and its predecessors' rounds.
    pub rounds: Vec<HistoryRound>,
    /// Criterion ids that lost points in every round where they applied (two
    /// rounds at least).
    pub lost_every_year: Vec<String>,
}

/// The history of `unit`; `rules_of` gives each round's rules.
pub fn unit_history(
    store: &Store,
    rules_of: &dyn Fn(i64) -> Result<Arc<Rules>, Error>,
    unit: &str,
) -> Result<UnitHistory, Error> {
    let predecessors = store.predecessors(unit)?;
    let mut rounds = Vec::new();
    for info in store.rounds()? {
        let present: Vec<String> = store
            .units(info.year)?
            .into_iter()
            .map(|u| u.ma_don_vi)
            .filter(|id| id == unit || predecessors.contains(id))
            .collect();
        if present.is_empty() {
            continue;
        }
        let rules = rules_of(info.year)?;
        let published = store.appraisal_calendar(info.year)?.revisions > 0;
        let ranked = if published {
            appraised_ranking(store, &rules, info.year)?
        } else {
            round_ranking(store, &rules, info.year)?
        };
        for state in ranked
            .into_iter()
            .filter(|s| present.contains(&s.unit.ma_don_vi))
        {
            let predecessor = state.unit.ma_don_vi != unit;
            rounds.push(HistoryRound {
                year: info.year,
                rules: Arc::clone(&rules),
                state,
                predecessor,
                published,
            });
        }
    }
    let lost_every_year = lost_every_year(&rounds);
    Ok(UnitHistory {
        unit: unit.to_string(),
        rounds,
        lost_every_year,
    })
}

/// Criteria that lost points in each round where they applied, in two rounds or more.
fn lost_every_year(rounds: &[HistoryRound]) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<String, (usize, bool)> =
        std::collections::BTreeMap::new();
    for round in rounds {
        for scored in &round.state.score.criteria {
            if scored.status == Status::NotApplicable {
                continue;
            }
            let id = round.rules.ruleset.criterion(scored.criterion).id.clone();
            let lost = scored.status != Status::Full;
            let entry = seen.entry(id).or_insert((0, true));
            entry.0 = entry.0.saturating_add(1);
            entry.1 &= lost;
        }
    }
    seen.into_iter()
        .filter(|(_, (n, always))| *n >= 2 && *always)
        .map(|(id, _)| id)
        .collect()
}
