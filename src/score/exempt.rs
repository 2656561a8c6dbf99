//! Units an overlay exempts: a unit exempt from everything (shown as exempt, not
//! as an error) and exemptions naming units the evidence lacks (a typo, warned of).

use super::UnitScore;

use crate::model::Status;
use crate::ruleset::Ruleset;

/// One warning per unit an overlay exempts that `present` says the evidence does
/// not hold: most likely a typo in the overlay's `unit`, which would otherwise
/// leave the real unit scored on criteria it is exempt from, silently.
pub(crate) fn unknown_exempt_units(
    ruleset: &Ruleset,
    present: impl Fn(&str) -> bool,
) -> Vec<String> {
    // In overlay order, each unit once (a set: an overlay may list thousands).
    let mut seen = std::collections::BTreeSet::new();
    let mut named: Vec<&str> = Vec::new();
    for e in &ruleset.exemptions {
        if !present(&e.unit) && seen.insert(e.unit.as_str()) {
            named.push(&e.unit);
        }
    }
    let overlay = ruleset
        .overlay
        .as_ref()
        .map_or_else(String::new, |o| format!(" ({})", o.path.display()));
    let more = named.len().saturating_sub(UNKNOWN_NAMED);
    let mut warnings: Vec<String> = named
        .into_iter()
        .take(UNKNOWN_NAMED)
        .map(|unit| {
            let unit = crate::text::visible(unit);
            format!(
                "tệp điều chỉnh{overlay} miễn tiêu chí cho đơn vị '{unit}' nhưng tệp minh chứng không có đơn vị này (gõ nhầm mã?) / the overlay{overlay} exempts unit '{unit}', which is not in the evidence (a typo in its id?)"
            )
        })
        .collect();
    if more > 0 {
        warnings.push(format!(
            "… và {more} đơn vị khác tệp điều chỉnh{overlay} miễn tiêu chí nhưng tệp minh chứng không có / … and {more} more units the overlay{overlay} exempts that are not in the evidence"
        ));
    }
    warnings
}

/// How many units absent from the evidence are named one by one; the rest are counted.
const UNKNOWN_NAMED: usize = 100;

/// Whether every criterion is `not_applicable` for `unit` and at least one of them
/// by an overlay's exemption: the unit is exempt, not in error (it has no maximum,
/// so it is not ranked).
pub(crate) fn is_fully_exempt(ruleset: &Ruleset, unit: &UnitScore) -> bool {
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
