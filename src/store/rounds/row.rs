//! A round's row as read back: typed, and checked (only a hand-edited file holds a
//! value no code of cchc writes).

use super::{RoundInfo, RoundState};
use crate::error::Error;
use crate::model::Date;
use crate::store::StoreCtx;
use std::path::PathBuf;

pub(super) const SELECT_ROUND: &str =
    "SELECT id, year, ruleset_id, ruleset_fingerprint, overlay_id, overlay_fingerprint,
    state, self_assessment_start, self_assessment_deadline, ruleset_dir FROM rounds";

/// A round's columns as stored, before their values are checked.
pub(super) struct RawRound {
    info: RoundInfo,
    state: String,
    start: Option<String>,
    deadline: Option<String>,
}

pub(super) fn row_to_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRound> {
    let overlay = match (
        r.get::<_, Option<String>>(4)?,
        r.get::<_, Option<String>>(5)?,
    ) {
        (Some(id), Some(fp)) => Some((id, fp)),
        _ => None,
    };
    Ok(RawRound {
        info: RoundInfo {
            id: r.get(0)?,
            year: r.get(1)?,
            ruleset_id: r.get(2)?,
            ruleset_dir: PathBuf::from(r.get::<_, String>(9)?),
            ruleset_fingerprint: r.get(3)?,
            overlay,
            state: RoundState::Draft,
            self_assessment_start: None,
            self_assessment_deadline: None,
        },
        state: r.get(6)?,
        start: r.get(7)?,
        deadline: r.get(8)?,
    })
}

impl RawRound {
    /// The typed row; a value no code of cchc writes (a hand-edited file) is an error.
    pub(super) fn check(self, ctx: &StoreCtx<'_>) -> Result<RoundInfo, Error> {
        let bad = |what: &str| {
            ctx.fail(
                format!("giá trị lưu không hợp lệ: {what}"),
                format!("invalid stored value: {what}"),
            )
        };
        let date = |text: Option<String>| match text {
            None => Ok(None),
            Some(t) => Date::parse(&t).map(Some).ok_or_else(|| bad(&t)),
        };
        Ok(RoundInfo {
            state: RoundState::parse(&self.state).ok_or_else(|| bad(&self.state))?,
            self_assessment_start: date(self.start)?,
            self_assessment_deadline: date(self.deadline)?,
            ..self.info
        })
    }
}
