//! How each unit's score moves from one ruleset to another on the same evidence.
#![deny(clippy::arithmetic_side_effects)]

use super::points;
use crate::model::Status;
use crate::model::number::format_vi;
use crate::score::Scoreboard;
use rust_decimal::Decimal;
use serde::Serialize;

/// One unit under the old and the new rules.
#[derive(Debug, Clone, Serialize)]
pub struct UnitImpact {
    /// `ma_don_vi`.
    pub unit: String,
    /// `ten_don_vi`.
    pub name: String,
    /// Level code.
    pub level: Option<String>,
    /// Total and maximum under the old rules (rounded by the old policy).
    pub old_total: String,
    /// Maximum under the old rules.
    pub old_max: String,
    /// Total under the new rules.
    pub new_total: String,
    /// Maximum under the new rules.
    pub new_max: String,
    /// New total − old total.
    pub delta: String,
    /// Percentages, and their change in percentage points.
    pub old_percent: Option<String>,
    /// Percentage under the new rules.
    pub new_percent: Option<String>,
    /// New percentage − old percentage.
    pub delta_percent: Option<String>,
    /// Ranks within the level.
    pub old_rank: Option<usize>,
    /// Rank under the new rules.
    pub new_rank: Option<usize>,
    /// Criteria whose points changed: `1.3: 0,15 → 0,11`.
    pub criteria: Vec<String>,
    /// Whether some criterion is in error under either ruleset.
    pub error: bool,
}

/// Every unit of the evidence, sorted by the size of the change in percentage
/// points, then in points, then in file order. Both boards must come from the
/// same evidence file (units in the same order).
pub fn score_impact(old: &Scoreboard<'_>, new: &Scoreboard<'_>) -> Vec<UnitImpact> {
    let mut rows: Vec<(Decimal, Decimal, usize, UnitImpact)> = Vec::new();
    for (index, (o, n)) in old.units.iter().zip(&new.units).enumerate() {
        let round_old = |d: Decimal| old.ruleset.rounding.round(d);
        let round_new = |d: Decimal| new.ruleset.rounding.round(d);
        let old_pct = o
            .fraction
            .and_then(crate::model::number::percent_of)
            .map(round_old);
        let new_pct = n
            .fraction
            .and_then(crate::model::number::percent_of)
            .map(round_new);
        let delta_pct = match (old_pct, new_pct) {
            (Some(a), Some(b)) => b.checked_sub(a),
            _ => None,
        };
        // Totals are bounded points (a ruleset's maximum): this never saturates.
        let delta = round_new(n.total).saturating_sub(round_old(o.total));
        let mut criteria = Vec::new();
        for nc in &n.criteria {
            let id = &new.ruleset.criterion(nc.criterion).id;
            let oc = o
                .criteria
                .iter()
                .find(|oc| &old.ruleset.criterion(oc.criterion).id == id);
            let show = |p: Option<Decimal>, s: Status| match p {
                Some(p) => points(p),
                None => s.code().to_string(),
            };
            let before = oc.map_or("-".to_string(), |oc| show(oc.points, oc.status));
            let after = show(nc.points, nc.status);
            if before != after {
                criteria.push(format!("{id}: {before} → {after}"));
            }
        }
        let impact = UnitImpact {
            unit: n.id.clone(),
            name: n.name.clone(),
            level: n.level.map(|l| l.code().to_string()),
            old_total: format_vi(round_old(o.total)),
            old_max: format_vi(round_old(o.max)),
            new_total: format_vi(round_new(n.total)),
            new_max: format_vi(round_new(n.max)),
            delta: signed(delta),
            old_percent: old_pct.map(format_vi),
            new_percent: new_pct.map(format_vi),
            delta_percent: delta_pct.map(signed),
            old_rank: o.rank,
            new_rank: n.rank,
            criteria,
            error: o.has_error() || n.has_error(),
        };
        rows.push((
            delta_pct.unwrap_or_default().abs(),
            delta.abs(),
            index,
            impact,
        ));
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    rows.into_iter().map(|(_, _, _, i)| i).collect()
}

/// `+0,25`, `−0,10`, `0,00`.
fn signed(d: Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", format_vi(d))
    } else if d.is_zero() {
        format_vi(d.abs())
    } else {
        format!("−{}", format_vi(d.abs()))
    }
}
