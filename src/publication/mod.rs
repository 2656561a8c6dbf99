//! Publication (công bố) and appeals (#16 items 4 and 5): a round's results
//! frozen as a revision. A revision holds what `cchc score` writes on the
//! appraised evidence (every report format, `report.json` naming the ruleset
//! and evidence fingerprints), that evidence as `evidence.csv`, the units' own
//! evidence, one notice per unit (and all of them in one file), and the
//! round's exact rule files as `rules.zip`, so anyone can run `cchc verify`
//! offline. An appeal decision that changes evidence re-scores with the
//! round's stored rules and stores the next revision.

mod files;

use crate::Rules;
use crate::error::Error;
use crate::model::Date;
use crate::store::{Actor, Decision, Store};
use std::collections::BTreeMap;
use std::path::Path;

pub use files::{REVISION_FILES, notice_file};

/// Publishes the confirmed appraisal of the `year` round as revision 1, scored
/// by the round's `rules`; appeals are received until `appeal_deadline`.
/// `work` is a private directory for the files scored. Returns the revision number.
pub fn publish(
    store: &mut Store,
    actor: &Actor,
    rules: &Rules,
    (year, appeal_deadline): (i64, Date),
    work: &Path,
    today: Date,
) -> Result<i64, Error> {
    // Refused before the (long) scoring and rendering, and again when stored.
    store.check_publishable(year, appeal_deadline, today)?;
    let revision = files::build(store, rules, year, None, work)?;
    store.publish(actor, year, &revision, appeal_deadline, today)
}

/// Decides appeal `id` of the `year` round. With changes (field → value as
/// typed), the unit's appraised evidence is corrected and the round re-scored
/// by its stored `rules` into a new revision. Returns that revision's number.
pub fn decide_appeal(
    store: &mut Store,
    actor: &Actor,
    rules: &Rules,
    (year, id): (i64, i64),
    decision: &Decision<'_>,
    work: &Path,
) -> Result<Option<i64>, Error> {
    let revision = if decision.changes.is_empty() {
        None
    } else {
        if !decision.accepted {
            return Err(Error::Usage(format!(
                "kiến nghị số {id} bị bác thì không sửa minh chứng / a rejected appeal ({id}) changes no evidence"
            )));
        }
        let appeal = store.pending_appeal(year, id)?;
        let changes: BTreeMap<String, String> = decision
            .changes
            .iter()
            .map(|(f, v)| (f.to_string(), v.trim().to_string()))
            .collect();
        let unit = (year, appeal.ma_don_vi.as_str());
        if let Some(refused) = crate::form_entry::refused_change(store, rules, unit, &changes)? {
            return Err(Error::Usage(format!(
                "{}: {}",
                refused.field, refused.message
            )));
        }
        let change = AppealChange {
            unit: &appeal.ma_don_vi,
            changes: &changes,
            why: format!("phúc khảo số {id}: {}", decision.reason.trim()),
        };
        Some(files::build(store, rules, year, Some(&change), work)?)
    };
    store.decide_appeal(actor, (year, id), decision, revision.as_ref())
}

/// An appeal decision being tried: `changes` (field → value) laid over one
/// unit's appraised evidence, for the reason `why`.
pub(crate) struct AppealChange<'a> {
    unit: &'a str,
    changes: &'a BTreeMap<String, String>,
    why: String,
}

/// The appraised evidence of every unit of the round, maybe with an appeal's change.
pub(crate) type Override<'a> = Option<&'a AppealChange<'a>>;

/// Whether a unit account may read `file` of a revision: the reports, the
/// appraised evidence and the rules (what is published to the round), and the
/// notices of its own `units`; not the units' own evidence nor others' notices.
pub fn unit_may_read(file: &str, units: &[String]) -> bool {
    let private = ["self-evidence.csv", "notices.html"];
    (REVISION_FILES.contains(&file) && !private.contains(&file))
        || units.iter().any(|u| notice_file(u) == file)
}

/// One line of a published ranking, as its `report.json` says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublishedRank {
    /// The unit's code.
    pub id: String,
    /// The unit's name.
    pub name: String,
    /// Points, maximum and percentage, as published (decimal text).
    pub total: String,
    /// The maximum.
    pub max: String,
    /// The percentage.
    pub percent: String,
    /// The rank (absent for a unit that could not be scored).
    pub rank: Option<u64>,
}

/// The ranking of revision `number` (the latest when `None`) of the `year`
/// round, read from the `report.json` it published. Returns the revision's number too.
pub fn published_ranking(
    store: &Store,
    year: i64,
    number: Option<i64>,
) -> Result<(i64, Vec<PublishedRank>), Error> {
    let (number, bytes) = store.revision_file(year, number, "report.json")?;
    let report: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Usage(format!(
            "báo cáo đã công bố không đọc được / the published report cannot be read: {e}"
        ))
    })?;
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let units = report
        .get("units")
        .and_then(|u| u.as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let ranking = units
        .iter()
        .map(|u| PublishedRank {
            id: text(u, "id"),
            name: text(u, "name"),
            total: text(u, "total"),
            max: text(u, "max"),
            percent: text(u, "percent"),
            rank: u.get("rank").and_then(serde_json::Value::as_u64),
        })
        .collect();
    Ok((number, ranking))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_reads_what_is_published_to_the_round_and_its_own_notice() {
        let own = ["XA-A".to_string()];
        for file in [
            "report.json",
            "report-wide.csv",
            "report.xlsx",
            "evidence.csv",
            "rules.zip",
            "notice-XA-A.html",
        ] {
            assert!(unit_may_read(file, &own), "{file}");
        }
        for file in [
            "self-evidence.csv",
            "notices.html",
            "notice-XA-B.html",
            "notice-XA-A.htm",
        ] {
            assert!(!unit_may_read(file, &own), "{file}");
        }
        // Every file a revision has is either public to the round or not, by name.
        assert_eq!(
            REVISION_FILES
                .iter()
                .filter(|f| unit_may_read(f, &[]))
                .count(),
            9
        );
    }
}
