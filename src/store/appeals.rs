//! Appeals (phúc khảo, kiến nghị): after publication a unit may appeal a
//! criterion with reasons and documents until the appeal deadline; the Sở
//! decides. A decision that changes evidence writes the corrections and the
//! next published revision in the same transaction as the decision.

use super::appraisal::{Change, MAX_REASON_CHARS, record_correction};
use super::audit::{self, Action, Actor, Entry};
use super::evidence::target;
use super::revisions::{NewRevision, insert_revision};
use super::stages::{calendar_in, round_row};
use super::{Store, check_len, now_ms};
use crate::accounts::AccountId;
use crate::error::Error;
use crate::model::Date;
use rusqlite::params;

/// An appeal and, once made, its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    /// Its number.
    pub id: i64,
    /// The unit.
    pub ma_don_vi: String,
    /// The criterion appealed.
    pub criterion: String,
    /// The unit's reasons.
    pub reason: String,
    /// Who filed it.
    pub by: Option<AccountId>,
    /// The SHA-256 of its documents.
    pub documents: Vec<String>,
    /// The decision, once made.
    pub decision: Option<AppealDecision>,
}

/// The Sở's decision on an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealDecision {
    /// Whether the appeal was accepted.
    pub accepted: bool,
    /// Why.
    pub reason: String,
    /// The revision the decision published, when it changed evidence.
    pub revision: Option<i64>,
}

/// What a decision does: accept or reject, why, and the cells it corrects.
#[derive(Debug, Clone, Default)]
pub struct Decision<'a> {
    /// Whether the appeal is accepted.
    pub accepted: bool,
    /// Why (mandatory).
    pub reason: &'a str,
    /// Cells of the unit's appraised evidence to correct (field, value; `""` blank).
    pub changes: Vec<(&'a str, &'a str)>,
}

/// The most appeals a unit files in one round (a bound on what an account
/// can make the Sở store; far above one per criterion).
pub const MAX_APPEALS_PER_UNIT: usize = 100;

impl Store {
    /// Files an appeal of `criterion` for a unit (the unit), with `reason` and
    /// stored `documents`; only after publication and until the appeal deadline.
    pub fn file_appeal(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, criterion): (i64, &str, &str),
        (reason, documents): (&str, &[String]),
        today: Date,
    ) -> Result<i64, Error> {
        let ctx = self.ctx();
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ctx.fail("kiến nghị cần lý do", "an appeal needs its reasons"));
        }
        check_len(&ctx, reason, MAX_REASON_CHARS, ("lý do", "the reasons"))?;
        if documents.len() > super::limits::MAX_DOCUMENTS_PER_FIELD {
            return Err(ctx.fail("quá nhiều tài liệu", "too many documents"));
        }
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            if !t.calendar.appeals_open(today) {
                return Err(ctx.locked(
                    format!("kỳ {year} không nhận kiến nghị (chưa công bố hoặc đã hết hạn)"),
                    format!("the {year} round takes no appeals (not published, or past the deadline)"),
                ));
            }
            let pending: i64 = tx
                .query_row(
                    "SELECT count(*) FROM appeals WHERE unit_id = ?1 AND criterion = ?2 AND decision IS NULL",
                    params![t.unit_id, criterion],
                    |r| r.get(0),
                )
                .map_err(|e| ctx.sql(e))?;
            let filed: i64 = tx
                .query_row("SELECT count(*) FROM appeals WHERE unit_id = ?1", [t.unit_id], |r| r.get(0))
                .map_err(|e| ctx.sql(e))?;
            if usize::try_from(filed).unwrap_or(usize::MAX) >= MAX_APPEALS_PER_UNIT {
                return Err(ctx.fail(
                    format!("đơn vị {ma_don_vi} đã gửi đủ {MAX_APPEALS_PER_UNIT} kiến nghị của kỳ {year}"),
                    format!("unit {ma_don_vi} has filed the {MAX_APPEALS_PER_UNIT} appeals a round allows"),
                ));
            }
            if pending > 0 {
                return Err(ctx.locked(
                    format!("tiêu chí {criterion} đã có kiến nghị đang chờ quyết định"),
                    format!("criterion {criterion} already has an appeal awaiting decision"),
                ));
            }
            tx.execute(
                "INSERT INTO appeals (unit_id, criterion, reason, filed_by, filed_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![t.unit_id, criterion, reason, actor.account.map(|a| a.0), now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            let id = tx.last_insert_rowid();
            for sha256 in documents {
                tx.execute(
                    "INSERT INTO appeal_documents (appeal_id, sha256) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    params![id, sha256],
                )
                .map_err(|e| ctx.sql(e))?;
            }
            let id_text = id.to_string();
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                field: Some(criterion),
                new_value: Some(&id_text),
                reason: Some(reason),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AppealFiled, entry)?;
            Ok(id)
        })
    }

    /// The `year` round's appeals (of one unit with `Some`), oldest first.
    pub fn appeals(&self, year: i64, unit: Option<&str>) -> Result<Vec<Appeal>, Error> {
        let info = self.round_info(year)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, u.ma_don_vi, a.criterion, a.reason, a.filed_by, a.decision, a.decision_reason, v.number
                 FROM appeals a JOIN units u ON u.id = a.unit_id
                 LEFT JOIN revisions v ON v.id = a.revision_id
                 WHERE u.round_id = ?1 AND (?2 IS NULL OR u.ma_don_vi = ?2) ORDER BY a.id",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map(params![info.id, unit], |r| {
                let decision: Option<String> = r.get(5)?;
                Ok(Appeal {
                    id: r.get(0)?,
                    ma_don_vi: r.get(1)?,
                    criterion: r.get(2)?,
                    reason: r.get(3)?,
                    by: r.get::<_, Option<i64>>(4)?.map(AccountId),
                    documents: Vec::new(),
                    decision: match decision {
                        Some(code) => Some(AppealDecision {
                            accepted: code == "accepted",
                            reason: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                            revision: r.get(7)?,
                        }),
                        None => None,
                    },
                })
            })
            .map_err(|e| ctx.sql(e))?;
        let mut appeals = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ctx.sql(e))?;
        let mut docs = self
            .conn
            .prepare("SELECT sha256 FROM appeal_documents WHERE appeal_id = ?1 ORDER BY sha256")
            .map_err(|e| ctx.sql(e))?;
        for appeal in &mut appeals {
            let rows = docs
                .query_map([appeal.id], |r| r.get(0))
                .map_err(|e| ctx.sql(e))?;
            appeal.documents = rows.collect::<Result<_, _>>().map_err(|e| ctx.sql(e))?;
        }
        Ok(appeals)
    }

    /// Appeal `id` of the `year` round, refused (locked) once decided.
    pub fn pending_appeal(&self, year: i64, id: i64) -> Result<Appeal, Error> {
        let appeal = self.appeal(year, id)?;
        if appeal.decision.is_some() {
            return Err(self.ctx().locked(
                format!("kiến nghị số {id} đã có quyết định"),
                format!("appeal {id} is decided already"),
            ));
        }
        Ok(appeal)
    }

    /// One appeal of the `year` round.
    pub fn appeal(&self, year: i64, id: i64) -> Result<Appeal, Error> {
        self.appeals(year, None)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| {
                self.ctx().not_found(
                    format!("kỳ {year} không có kiến nghị số {id}"),
                    format!("the {year} round has no appeal {id}"),
                )
            })
    }

    /// Decides appeal `id` (administrator). With `changes`, the unit's appraised
    /// evidence is corrected (reason: the decision's) and `revision`, computed on
    /// the corrected evidence, is published; both in this one transaction.
    /// Returns the new revision's number, if any.
    pub fn decide_appeal(
        &mut self,
        actor: &Actor,
        (year, id): (i64, i64),
        decision: &Decision<'_>,
        revision: Option<&NewRevision>,
    ) -> Result<Option<i64>, Error> {
        let ctx = self.ctx();
        let reason = decision.reason.trim();
        if reason.is_empty() {
            return Err(ctx.fail("quyết định cần lý do", "a decision needs its reason"));
        }
        check_len(&ctx, reason, MAX_REASON_CHARS, ("lý do", "the reason"))?;
        if decision.changes.is_empty() != revision.is_none()
            || (!decision.accepted && revision.is_some())
        {
            return Err(ctx.fail(
                "chỉ kiến nghị được chấp nhận mới sửa minh chứng, và khi sửa thì công bố bản mới",
                "only an accepted appeal changes evidence, and a change publishes a new revision",
            ));
        }
        let appeal = self.pending_appeal(year, id)?;
        self.write(|tx, ctx| {
            let round = round_row(tx, ctx, year)?;
            if calendar_in(tx, ctx, round)?.revisions == 0 {
                return Err(ctx.locked("kỳ chưa công bố", "the round is not published"));
            }
            let t = target(tx, ctx, year, &appeal.ma_don_vi)?;
            let why = format!("phúc khảo số {id}: {reason}");
            for (field, cell) in &decision.changes {
                let change = Change { field, cell, reason: &why, stage: "appeal" };
                record_correction(tx, ctx, actor, (year, &appeal.ma_don_vi, t.unit_id), &change)?;
            }
            let number = match revision {
                Some(revision) => Some(insert_revision(tx, ctx, actor, (year, round), revision, Some(id))?),
                None => None,
            };
            let revision_id: Option<i64> = match number {
                Some(n) => Some(
                    tx.query_row(
                        "SELECT id FROM revisions WHERE round_id = ?1 AND number = ?2",
                        params![round, n],
                        |r| r.get(0),
                    )
                    .map_err(|e| ctx.sql(e))?,
                ),
                None => None,
            };
            let code = if decision.accepted { "accepted" } else { "rejected" };
            let updated = tx
                .execute(
                    "UPDATE appeals SET decision = ?2, decision_reason = ?3, decided_by = ?4, decided_at = ?5, revision_id = ?6
                     WHERE id = ?1 AND decision IS NULL",
                    params![id, code, reason, actor.account.map(|a| a.0), now_ms(), revision_id],
                )
                .map_err(|e| ctx.sql(e))?;
            if updated != 1 {
                return Err(ctx.locked(
                    format!("kiến nghị số {id} đã có quyết định"),
                    format!("appeal {id} is decided already"),
                ));
            }
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(&appeal.ma_don_vi),
                field: Some(&appeal.criterion),
                new_value: Some(code),
                reason: Some(reason),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::AppealDecided, entry)?;
            Ok(number)
        })
    }
}
