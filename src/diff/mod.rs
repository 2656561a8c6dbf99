//! What changed between two rulesets (or a ruleset and the same with an overlay):
//! maxima, bands, thresholds, citations, parameters, scripts; and, given evidence,
//! how every unit's score moves (a what-if, like OpenFisca reforms).

mod impact;

pub use impact::{UnitImpact, score_impact};

use crate::model::Level;
use crate::model::number::format_vi;
use crate::ruleset::{Band, CitationStatus, Criterion, LegalBasis, ParamValue, PerLevel, Ruleset};
use rust_decimal::Decimal;
use serde::Serialize;

/// One difference between the old and the new ruleset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where: `ruleset`, `nhóm 1`, `1.3`, `1.3 / mức duoi_50`, `params.han_ke_hoach`.
    pub item: String,
    /// What: `điểm tối đa`, `điểm`, `ngưỡng at_least`, `trích dẫn`, ...
    pub what: String,
    /// The old value (`None` when added).
    pub old: Option<String>,
    /// The new value (`None` when removed).
    pub new: Option<String>,
}

/// Every difference from `old` to `new`, in ruleset order.
pub fn diff_rulesets(old: &Ruleset, new: &Ruleset) -> Vec<Change> {
    let mut out = Changes(Vec::new());
    ruleset_header(&mut out, old, new);
    groups(&mut out, old, new);
    params(&mut out, old, new);
    criteria(&mut out, old, new);
    exemptions(&mut out, old, new);
    out.0
}

/// The ruleset's own keys: id, title, years, levels, rounding, maximum, citations.
fn ruleset_header(out: &mut Changes, old: &Ruleset, new: &Ruleset) {
    out.field("ruleset", "mã / id", &old.id, &new.id);
    out.field("ruleset", "tên / title", &old.title, &new.title);
    out.field(
        "ruleset",
        "năm / years",
        &old.years_label(),
        &new.years_label(),
    );
    out.field(
        "ruleset",
        "cấp / levels",
        &levels(&old.levels),
        &levels(&new.levels),
    );
    let rounding = |r: &Ruleset| {
        let mode =
            serde_json::to_value(r.rounding.mode).map(|v| v.as_str().unwrap_or("").to_string());
        format!("{} chữ số, {}", r.rounding.places, mode.unwrap_or_default())
    };
    out.field(
        "ruleset",
        "làm tròn / rounding",
        &rounding(old),
        &rounding(new),
    );
    out.option(
        "ruleset",
        "điểm tối đa / max",
        old.max_points.as_ref().map(per_level),
        new.max_points.as_ref().map(per_level),
    );
    citations(out, "ruleset", &old.legal_basis, &new.legal_basis);
}

/// Each group's maximum; a group only in one ruleset is added or removed.
fn groups(out: &mut Changes, old: &Ruleset, new: &Ruleset) {
    for g in &old.groups {
        let item = format!("nhóm {}", g.id);
        let other = new.groups.iter().find(|n| n.id == g.id);
        out.option(
            &item,
            "điểm tối đa / max",
            Some(per_level(&g.max_points)),
            other.map(|n| per_level(&n.max_points)),
        );
    }
    for g in new
        .groups
        .iter()
        .filter(|g| !old.groups.iter().any(|o| o.id == g.id))
    {
        out.option(
            &format!("nhóm {}", g.id),
            "điểm tối đa / max",
            None,
            Some(per_level(&g.max_points)),
        );
    }
}

/// Each parameter's value; one only in one ruleset is added or removed.
fn params(out: &mut Changes, old: &Ruleset, new: &Ruleset) {
    for p in &old.params {
        let other = new.params.iter().find(|n| n.name == p.name);
        out.option(
            &format!("params.{}", p.name),
            "giá trị / value",
            Some(param(&p.value)),
            other.map(|n| param(&n.value)),
        );
    }
    for p in new
        .params
        .iter()
        .filter(|p| !old.params.iter().any(|o| o.name == p.name))
    {
        out.option(
            &format!("params.{}", p.name),
            "giá trị / value",
            None,
            Some(param(&p.value)),
        );
    }
}

/// Each criterion compared with its namesake; one only in one ruleset is added or removed.
fn criteria(out: &mut Changes, old: &Ruleset, new: &Ruleset) {
    for c in &old.criteria {
        match new.criteria.iter().find(|n| n.id == c.id) {
            Some(n) => criterion(out, c, n),
            None => out.option(&c.id, "tiêu chí / criterion", Some(c.title.clone()), None),
        }
    }
    for c in new
        .criteria
        .iter()
        .filter(|c| !old.criteria.iter().any(|o| o.id == c.id))
    {
        out.option(&c.id, "tiêu chí / criterion", None, Some(c.title.clone()));
    }
}

/// The units exempted (an overlay's), as one set.
fn exemptions(out: &mut Changes, old: &Ruleset, new: &Ruleset) {
    let exempt = |r: &Ruleset| -> Vec<String> {
        r.exemptions
            .iter()
            .map(|e| format!("{}: {}", e.unit, e.criteria.join(", ")))
            .collect()
    };
    set(
        out,
        "miễn / exempt",
        "đơn vị được miễn / exempt unit",
        &exempt(old),
        &exempt(new),
    );
}

struct Changes(Vec<Change>);

impl Changes {
    fn field(&mut self, item: &str, what: &str, old: &str, new: &str) {
        if old != new {
            self.0.push(Change {
                item: item.to_string(),
                what: what.to_string(),
                old: Some(old.to_string()),
                new: Some(new.to_string()),
            });
        }
    }

    fn option(&mut self, item: &str, what: &str, old: Option<String>, new: Option<String>) {
        if old != new {
            self.0.push(Change {
                item: item.to_string(),
                what: what.to_string(),
                old,
                new,
            });
        }
    }
}

fn criterion(out: &mut Changes, old: &Criterion, new: &Criterion) {
    let id = &old.id;
    out.field(id, "tên / title", &old.title, &new.title);
    out.field(
        id,
        "áp dụng / applies to",
        &levels(&old.applies_to),
        &levels(&new.applies_to),
    );
    out.field(
        id,
        "điểm tối đa / max",
        &per_level_for(&old.max_points, &old.applies_to),
        &per_level_for(&new.max_points, &new.applies_to),
    );
    out.option(
        id,
        "lựa chọn mẫu / sample choice",
        old.sample_choice.clone(),
        new.sample_choice.clone(),
    );
    citations(out, id, &old.legal_basis, &new.legal_basis);
    out.field(id, "script", &old.script_source, &new.script_source);
    for b in &old.bands {
        let item = format!("{id} / mức {}", b.key);
        match new.band(&b.key) {
            Some(n) => band(out, &item, b, n, &old.applies_to, &new.applies_to),
            None => out.option(&item, "mức / band", Some(b.clause.clone()), None),
        }
    }
    for b in new.bands.iter().filter(|b| old.band(&b.key).is_none()) {
        out.option(
            &format!("{id} / mức {}", b.key),
            "mức / band",
            None,
            Some(b.clause.clone()),
        );
    }
    let cases = |c: &Criterion| c.cases.len().to_string();
    out.field(id, "số ca kiểm thử / cases", &cases(old), &cases(new));
}

fn band(
    out: &mut Changes,
    item: &str,
    old: &Band,
    new: &Band,
    old_levels: &[Level],
    new_levels: &[Level],
) {
    out.field(
        item,
        "điểm / points",
        &per_level_for(&old.points, old_levels),
        &per_level_for(&new.points, new_levels),
    );
    out.field(item, "dòng bảng điểm / clause", &old.clause, &new.clause);
    let show = |d: Option<Decimal>| d.map(|d| format_vi(d.normalize()));
    out.option(
        item,
        "ngưỡng at_least",
        show(old.at_least),
        show(new.at_least),
    );
    out.option(item, "ngưỡng below", show(old.below), show(new.below));
    out.option(item, "ngưỡng at_most", show(old.at_most), show(new.at_most));
}

fn citations(out: &mut Changes, item: &str, old: &[LegalBasis], new: &[LegalBasis]) {
    let show = |b: &LegalBasis| match &b.quote {
        Some(q) => format!("{}: “{q}” [{}]", b.cite(), status(b)),
        None => format!("{} [{}]", b.cite(), status(b)),
    };
    let old: Vec<String> = old.iter().map(show).collect();
    let new: Vec<String> = new.iter().map(show).collect();
    set(out, item, "căn cứ / legal basis", &old, &new);
}

fn status(b: &LegalBasis) -> &'static str {
    match b.status {
        CitationStatus::Verified => "verified",
        CitationStatus::Partial => "partial",
        CitationStatus::Unverified => "unverified",
    }
}

/// Items only in `old` are removed, only in `new` added.
fn set(out: &mut Changes, item: &str, what: &str, old: &[String], new: &[String]) {
    for o in old.iter().filter(|o| !new.contains(o)) {
        out.option(item, what, Some(o.clone()), None);
    }
    for n in new.iter().filter(|n| !old.contains(n)) {
        out.option(item, what, None, Some(n.clone()));
    }
}

fn levels(levels: &[Level]) -> String {
    levels
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `so 1,50 · huyen 1,50 · xa 2,00` over every level, so `"0.25"` and a per-level
/// table with the same values compare equal.
fn per_level(value: &PerLevel) -> String {
    per_level_for(value, &Level::ALL)
}

fn per_level_for(value: &PerLevel, levels: &[Level]) -> String {
    levels
        .iter()
        .filter_map(|l| value.get(*l).map(|v| format!("{} {}", l.code(), points(v))))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn param(value: &ParamValue) -> String {
    match value {
        ParamValue::YearlyDate {
            day,
            month,
            year_offset,
        } => match year_offset {
            0 => format!("{day:02}/{month:02}"),
            n => format!("{day:02}/{month:02} (năm + {n})"),
        },
        ParamValue::Date(d) => d.to_string(),
        ParamValue::Integer(i) => i.to_string(),
        ParamValue::Decimal(d) => format_vi(*d),
    }
}

/// Points with at least two decimals, so `0.2` (scaled by an overlay) and `0.20`
/// print, and compare, alike.
pub(crate) fn points(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    format_vi(v)
}
