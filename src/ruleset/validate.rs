//! Invariants of a whole ruleset, checked on the model after loading and again
//! after an overlay changes it: points within [0, max], the best band at the
//! maximum, band bounds that make sense, and group totals that add up per level.
//! Each finding points at the origin of the value at fault: the rule file, or
//! the overlay line that changed it.
#![deny(clippy::arithmetic_side_effects)]

use super::{Band, Criterion, PerLevel, Ruleset};
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Level;
use rust_decimal::Decimal;

/// Every broken invariant of `ruleset`. When some criterion files failed to load
/// (`complete` false), totals are not compared: a sum over a partial set would only
/// repeat the real error in other words.
pub(crate) fn check(ruleset: &Ruleset, complete: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &ruleset.criteria {
        check_criterion(c, ruleset.rounding.places, &mut out);
    }
    check_duplicates(ruleset, &mut out);
    check_totals_fit(ruleset, &mut out);
    if complete {
        check_groups(ruleset, &mut out);
        check_levels_scored(ruleset, &mut out);
    }
    out
}

/// One criterion's invariants: its maximum, each band's points, the best band.
fn check_criterion(c: &Criterion, places: u32, out: &mut Vec<Diagnostic>) {
    check_max(c, out);
    for band in &c.bands {
        check_band_bounds(c, band, out);
        check_band_points(c, band, places, out);
    }
    check_top_band(c, out);
}

/// A maximum at every level the criterion applies to, and none of 0.
fn check_max(c: &Criterion, out: &mut Vec<Diagnostic>) {
    // A maximum of 0 where the criterion applies scores every unit 0/0 'full': a
    // criterion a level does not score is left out of `applies_to` or exempted.
    let zero: Vec<String> = c
        .applies_to
        .iter()
        .filter(|level| c.max_points.get(**level).is_some_and(|m| m.is_zero()))
        .map(ToString::to_string)
        .collect();
    if !zero.is_empty() {
        let levels = zero.join(", ");
        out.push(Diagnostic::error(
            Code::CriterionZeroMax,
            format!("tiêu chí {}: điểm tối đa 0 ở cấp {levels}, mọi đơn vị sẽ 'đạt' 0/0; bỏ cấp này khỏi applies_to hoặc miễn đơn vị / criterion {}: a maximum of 0 at level {levels} would score every unit 0/0 as full; drop the level from applies_to or exempt the units", c.id, c.id),
            Some(c.max_points_origin.location()),
        ));
    }
    for level in &c.applies_to {
        if c.max_points.get(*level).is_none() {
            out.push(Diagnostic::error(
                Code::CriterionMissingLevelMax,
                format!("tiêu chí {}: max_points thiếu cấp '{level}' dù tiêu chí áp dụng cho cấp này / criterion {}: max_points has no value for level '{level}', which it applies to", c.id, c.id),
                Some(c.max_points_origin.location()),
            ));
        }
    }
}

/// A band's points at every level the criterion applies to, within the maximum
/// and no more precise than the rounding policy.
fn check_band_points(c: &Criterion, band: &Band, places: u32, out: &mut Vec<Diagnostic>) {
    let key = &band.key;
    let mut over: Vec<(Decimal, Decimal, Vec<Level>)> = Vec::new();
    let mut too_precise: Vec<Decimal> = Vec::new();
    for level in &c.applies_to {
        let Some(points) = band.points.get(*level) else {
            out.push(Diagnostic::error(
                Code::BandMissingLevelPoints,
                format!("tiêu chí {}, mức '{key}': thiếu điểm cho cấp '{level}' / band '{key}' has no points for level '{level}'", c.id),
                Some(band.origin.location()),
            ));
            continue;
        };
        if let Some(max) = c.max_points.get(*level)
            && points > max
        {
            add_level(&mut over, (points, max), *level);
        }
        if points.scale() > places && !too_precise.contains(&points) {
            too_precise.push(points);
            out.push(Diagnostic::error(
                Code::BandTooPrecise,
                format!("tiêu chí {}, mức '{key}': {points} có nhiều hơn {places} chữ số thập phân của quy tắc làm tròn / band '{key}': {points} has more decimals than the rounding policy's {places}", c.id),
                Some(band.origin.location()),
            ));
        }
    }
    for (points, max, levels) in over {
        let levels = join_levels(&levels);
        out.push(Diagnostic::error(
            Code::BandPointsOutOfRange,
            format!("tiêu chí {}, mức '{key}', cấp {levels}: {points} điểm vượt điểm tối đa {max} / band '{key}' at level {levels}: {points} points exceed the maximum {max}", c.id),
            Some(band.origin.location()),
        ));
    }
}

/// The best band reaches the maximum at every level. A best band above the
/// maximum is already reported as out of range.
fn check_top_band(c: &Criterion, out: &mut Vec<Diagnostic>) {
    let mut short: Vec<(Decimal, Decimal, Vec<Level>)> = Vec::new();
    for level in &c.applies_to {
        let (Some(max), Some(top)) = (
            c.max_points.get(*level),
            c.bands.iter().filter_map(|b| b.points.get(*level)).max(),
        ) else {
            continue;
        };
        if top < max {
            add_level(&mut short, (top, max), *level);
        }
    }
    for (top, max, levels) in short {
        let levels = join_levels(&levels);
        out.push(Diagnostic::error(
            Code::BandTopBelowMax,
            format!("tiêu chí {}, cấp {levels}: mức cao nhất chỉ {top} điểm, không bằng điểm tối đa {max} / level {levels}: the best band gives {top}, not the maximum {max}", c.id),
            Some(c.max_points_origin.location()),
        ));
    }
}

/// Groups levels that share one finding, so `"0.35"` for every level is one message.
fn add_level(
    groups: &mut Vec<(Decimal, Decimal, Vec<Level>)>,
    key: (Decimal, Decimal),
    level: Level,
) {
    match groups.iter_mut().find(|(a, b, _)| (*a, *b) == key) {
        Some((_, _, levels)) => levels.push(level),
        None => groups.push((key.0, key.1, vec![level])),
    }
}

fn join_levels(levels: &[Level]) -> String {
    levels
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_band_bounds(c: &Criterion, band: &Band, out: &mut Vec<Diagnostic>) {
    let key = &band.key;
    if band.below.is_some() && band.at_most.is_some() {
        out.push(Diagnostic::error(
            Code::BandTwoUpperBounds,
            format!("tiêu chí {}, mức '{key}': chỉ dùng một trong below và at_most / band '{key}': use either below or at_most, not both", c.id),
            Some(band.origin.location()),
        ));
    }
    if let (Some(lo), Some(hi)) = (band.at_least, band.below.or(band.at_most))
        && (lo > hi || (band.below.is_some() && lo == hi))
    {
        out.push(Diagnostic::error(
            Code::BandInvertedBounds,
            format!("tiêu chí {}, mức '{key}': khoảng từ {lo} đến {hi} rỗng / band '{key}': the range from {lo} to {hi} is empty", c.id),
            Some(band.origin.location()),
        ));
    }
}

/// A unit's maximum (and so its total) is the sum of the maxima that apply to its
/// level: that sum must fit in a `Decimal`, or scoring could not add it up.
fn check_totals_fit(ruleset: &Ruleset, out: &mut Vec<Diagnostic>) {
    for level in &ruleset.levels {
        let mut sum = Decimal::ZERO;
        for c in &ruleset.criteria {
            let Some(max) = c.max_for(*level) else {
                continue;
            };
            let Some(next) = crate::model::number::exact_add(sum, max) else {
                out.push(Diagnostic::error(
                    Code::ValueOverflow,
                    format!("cấp {level}: cộng điểm tối đa của tiêu chí {} vào tổng thì tràn số thập phân (tối đa 79228162514264337593543950335) / level {level}: adding criterion {}'s maximum to the total overflows a decimal", c.id, c.id),
                    Some(c.max_points_origin.location()),
                ));
                break;
            };
            sum = next;
        }
    }
}

/// A level no criterion applies to scores each of its units 0/0: a warning (a
/// ruleset may list a level it does not score yet), where no criterion at all is
/// an error.
fn check_levels_scored(ruleset: &Ruleset, out: &mut Vec<Diagnostic>) {
    if ruleset.criteria.is_empty() {
        return; // reported once, as a ruleset without criterion files
    }
    for level in &ruleset.levels {
        if !ruleset
            .criteria
            .iter()
            .any(|c| c.applies_to.contains(level))
        {
            let at = ruleset
                .criteria
                .last()
                .map(|c| c.max_points_origin.location());
            out.push(Diagnostic::warning(
                Code::RulesetLevelUnscored,
                format!("không tiêu chí nào áp dụng cho cấp {level}: mọi đơn vị cấp này sẽ được 0/0 điểm / no criterion applies to level {level}: its units would score 0/0"),
                at,
            ));
        }
    }
}

fn check_duplicates(ruleset: &Ruleset, out: &mut Vec<Diagnostic>) {
    for (i, c) in ruleset.criteria.iter().enumerate() {
        // Ids differing only in case (`1.1a`, `1.1A`) are one id to a reader, and
        // to a case-insensitive file system when they name output files.
        if let Some(first) = ruleset
            .criteria
            .iter()
            .take(i)
            .find(|o| o.id.eq_ignore_ascii_case(&c.id))
        {
            let case = if first.id == c.id {
                String::new()
            } else {
                format!(
                    " ('{}', chỉ khác chữ hoa/thường / differing only in case)",
                    first.id
                )
            };
            out.push(Diagnostic::error(
                Code::CriterionDuplicateId,
                format!(
                    "mã tiêu chí '{}' trùng với {}{case} / duplicate criterion id, also in {}",
                    c.id,
                    first.source.path.display(),
                    first.source.path.display()
                ),
                Some(c.max_points_origin.location()),
            ));
        }
    }
}

/// Each group's criteria, and the ruleset's groups, must add up per level.
fn check_groups(ruleset: &Ruleset, out: &mut Vec<Diagnostic>) {
    for group in &ruleset.groups {
        let prefix = format!("{}.", group.id);
        let members: Vec<(&str, &PerLevel, &[Level])> = ruleset
            .criteria
            .iter()
            .filter(|c| c.id.starts_with(&prefix))
            .map(|c| (c.id.as_str(), &c.max_points, c.applies_to.as_slice()))
            .collect();
        let what = format!("nhóm {} ({})", group.id, group.title);
        compare_sum(
            ruleset,
            &what,
            &group.max_points,
            &members,
            || group.origin.location(),
            out,
        );
    }
    if let (Some(total), Some(origin)) = (&ruleset.max_points, &ruleset.max_points_origin) {
        let members: Vec<(&str, &PerLevel, &[Level])> = ruleset
            .groups
            .iter()
            .map(|g| (g.id.as_str(), &g.max_points, ruleset.levels.as_slice()))
            .collect();
        compare_sum(
            ruleset,
            "tổng điểm bộ tiêu chí",
            total,
            &members,
            || origin.location(),
            out,
        );
    }
    if !ruleset.groups.is_empty() {
        for c in &ruleset.criteria {
            if !ruleset
                .groups
                .iter()
                .any(|g| c.id.starts_with(&format!("{}.", g.id)))
            {
                out.push(Diagnostic::error(
                    Code::RulesetUngroupedCriterion,
                    format!("tiêu chí {} không thuộc nhóm [[group]] nào / criterion {} belongs to no [[group]]", c.id, c.id),
                    Some(c.max_points_origin.location()),
                ));
            }
        }
    }
}

fn compare_sum(
    ruleset: &Ruleset,
    what: &str,
    expected: &PerLevel,
    members: &[(&str, &PerLevel, &[Level])],
    location: impl Fn() -> crate::diagnostic::Location,
    out: &mut Vec<Diagnostic>,
) {
    for level in &ruleset.levels {
        let Some(expected) = expected.get(*level) else {
            continue;
        };
        let parts: Vec<(&str, Decimal)> = members
            .iter()
            .filter(|(_, _, levels)| levels.contains(level))
            .filter_map(|(id, max, _)| max.get(*level).map(|m| (*id, m)))
            .collect();
        let Some(sum) = crate::model::number::checked_sum(parts.iter().map(|(_, m)| *m)) else {
            out.push(Diagnostic::error(
                Code::ValueOverflow,
                format!("{what}, cấp {level}: tổng các phần tràn số thập phân / at level {level} the parts' sum overflows a decimal"),
                Some(location()),
            ));
            continue;
        };
        if sum != expected {
            let listed: Vec<String> = parts.iter().map(|(id, m)| format!("{id} = {m}")).collect();
            out.push(Diagnostic::error(
                Code::RulesetMaxMismatch,
                format!(
                    "{what}, cấp {level}: các phần cộng lại {sum} ({}), khác {expected} đã khai báo / at level {level} the parts add up to {sum}, not the declared {expected}",
                    listed.join(", ")
                ),
                Some(location()),
            ));
        }
    }
}
