//! Units an overlay exempts: a unit exempt from everything (shown as exempt, not
//! as an error) and exemptions naming units the evidence lacks (a typo, warned of).

use super::{Status, UnitScore};
use crate::ruleset::Ruleset;

/// One warning per unit an overlay exempts that `present` says the evidence does
/// not hold: most likely a typo in the overlay's `unit`, which would otherwise
/// leave the real unit scored on criteria it is exempt from, silently.
pub fn unknown_exempt_units(ruleset: &Ruleset, present: impl Fn(&str) -> bool) -> Vec<String> {
    let mut named: Vec<&str> = Vec::new();
    for e in &ruleset.exemptions {
        if !present(&e.unit) && !named.contains(&e.unit.as_str()) {
            named.push(&e.unit);
        }
    }
    let overlay = ruleset
        .overlay
        .as_ref()
        .map_or_else(String::new, |o| format!(" ({})", o.path.display()));
    named
        .into_iter()
        .map(|unit| {
            format!(
                "tệp điều chỉnh{overlay} miễn tiêu chí cho đơn vị '{unit}' nhưng tệp minh chứng không có đơn vị này (gõ nhầm mã?) / the overlay{overlay} exempts unit '{unit}', which is not in the evidence (a typo in its id?)"
            )
        })
        .collect()
}

/// Whether every criterion is `not_applicable` for `unit` and at least one of them
/// by an overlay's exemption: the unit is exempt, not in error (it has no maximum,
/// so it is not ranked).
pub fn is_fully_exempt(ruleset: &Ruleset, unit: &UnitScore) -> bool {
    unit.problems.is_empty()
        && unit
            .criteria
            .iter()
            .all(|c| c.status == Status::NotApplicable)
        && unit.criteria.iter().any(|c| {
            ruleset
                .criteria
                .get(c.criterion)
                .is_some_and(|cr| ruleset.exemption(&unit.id, &cr.id).is_some())
        })
}
