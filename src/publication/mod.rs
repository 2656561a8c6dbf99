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
        let appeal = store.appeal(year, id)?;
        let changes: BTreeMap<String, String> = decision
            .changes
            .iter()
            .map(|(f, v)| (f.to_string(), v.trim().to_string()))
            .collect();
        Some(files::build(
            store,
            rules,
            year,
            Some((&appeal.ma_don_vi, &changes)),
            work,
        )?)
    };
    store.decide_appeal(actor, (year, id), decision, revision.as_ref())
}

/// The appraised evidence of every unit of the round, with `changes` laid over
/// one unit's (an appeal decision being tried).
pub(crate) type Override<'a> = Option<(&'a str, &'a BTreeMap<String, String>)>;
