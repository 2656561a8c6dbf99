//! Explanations (giải trình): an appraiser asks a unit to explain a criterion
//! in round 1 or 2; the unit answers with text and documents within the
//! explanation window, which the server locks at its deadline.

use super::appraisal::{MAX_REASON_CHARS, correctable};
use super::audit::{self, Action, Actor, Entry};
use super::evidence::{check_appraisable, target};
use super::stages::{AppraisalStage, require_stage};
use super::{Store, check_len, now_ms};
use crate::accounts::AccountId;
use crate::error::Error;
use crate::model::Date;
use rusqlite::{OptionalExtension, params};

/// An explanation request (yêu cầu giải trình) and the unit's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationRequest {
    /// Its number.
    pub id: i64,
    /// The criterion id.
    pub criterion: String,
    /// The appraiser's note.
    pub note: String,
    /// Who asked.
    pub by: Option<AccountId>,
    /// The unit's answer, once given.
    pub answer: Option<String>,
    /// The SHA-256 of the documents the unit attached to its answer.
    pub documents: Vec<String>,
}

impl Store {
    /// Asks a unit to explain `criterion` (appraiser), with `note`; the same
    /// locks as a correction. Returns the request's number.
    pub fn request_explanation(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, criterion): (i64, &str, &str),
        note: &str,
        today: Date,
    ) -> Result<i64, Error> {
        let ctx = self.ctx();
        let note = note.trim();
        if note.is_empty() {
            return Err(ctx.fail(
                "yêu cầu giải trình cần ghi chú",
                "an explanation request needs a note",
            ));
        }
        check_len(&ctx, note, MAX_REASON_CHARS, ("ghi chú", "the note"))?;
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            check_appraisable(ctx, &t, year, ma_don_vi, today)?;
            correctable(ctx, &t, year, today)?;
            tx.execute(
                "INSERT INTO explanation_requests (unit_id, criterion, note, requested_by, requested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![t.unit_id, criterion, note, actor.account.map(|a| a.0), now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            let id = tx.last_insert_rowid();
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                field: Some(criterion),
                new_value: Some(note),
                ..Entry::default()
            };
            audit::append(tx, ctx, actor, Action::ExplanationRequested, entry)?;
            Ok(id)
        })
    }

    /// Answers the latest request on `criterion` (the unit), with `text` and
    /// stored `documents` (SHA-256), within the explanation window. A second
    /// answer in the window replaces the text and adds the documents. Returns
    /// the request's number.
    pub fn answer_explanation(
        &mut self,
        actor: &Actor,
        (year, ma_don_vi, criterion): (i64, &str, &str),
        (text, documents): (&str, &[String]),
        today: Date,
    ) -> Result<i64, Error> {
        let ctx = self.ctx();
        let text = text.trim();
        if text.is_empty() && documents.is_empty() {
            return Err(ctx.fail(
                "giải trình cần nội dung hoặc tài liệu",
                "an explanation needs a text or a document",
            ));
        }
        check_len(
            &ctx,
            text,
            MAX_REASON_CHARS,
            ("giải trình", "the explanation"),
        )?;
        if documents.len() > super::limits::MAX_DOCUMENTS_PER_FIELD {
            return Err(ctx.fail("quá nhiều tài liệu", "too many documents"));
        }
        self.write(|tx, ctx| {
            let t = target(tx, ctx, year, ma_don_vi)?;
            require_stage(
                ctx,
                &t.calendar,
                (year, today),
                &[AppraisalStage::Explanation],
                ("giải trình", "explain"),
            )?;
            let request: i64 = tx
                .query_row(
                    "SELECT id FROM explanation_requests WHERE unit_id = ?1 AND criterion = ?2 ORDER BY id DESC LIMIT 1",
                    params![t.unit_id, criterion],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| ctx.sql(e))?
                .ok_or_else(|| {
                    ctx.not_found(
                        format!("đơn vị {ma_don_vi} không có yêu cầu giải trình tiêu chí {criterion}"),
                        format!("unit {ma_don_vi} has no explanation request on criterion {criterion}"),
                    )
                })?;
            // Answers may come in several sends; their documents together stay bounded.
            let linked: i64 = tx
                .query_row(
                    "SELECT count(*) FROM explanation_documents WHERE request_id = ?1",
                    [request],
                    |r| r.get(0),
                )
                .map_err(|e| ctx.sql(e))?;
            let total = usize::try_from(linked).unwrap_or(usize::MAX).saturating_add(documents.len());
            if total > super::limits::MAX_DOCUMENTS_PER_FIELD {
                return Err(ctx.fail(
                    format!("tối đa {} tài liệu mỗi yêu cầu giải trình", super::limits::MAX_DOCUMENTS_PER_FIELD),
                    format!("at most {} documents per explanation request", super::limits::MAX_DOCUMENTS_PER_FIELD),
                ));
            }
            let old: Option<String> = tx
                .query_row("SELECT text FROM explanations WHERE request_id = ?1", [request], |r| r.get(0))
                .optional()
                .map_err(|e| ctx.sql(e))?;
            let kept = if text.is_empty() { old.clone().unwrap_or_default() } else { text.to_string() };
            tx.execute(
                "INSERT INTO explanations (request_id, text, answered_by, answered_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (request_id) DO UPDATE SET text = excluded.text,
                   answered_by = excluded.answered_by, answered_at = excluded.answered_at",
                params![request, kept, actor.account.map(|a| a.0), now_ms()],
            )
            .map_err(|e| ctx.sql(e))?;
            for sha256 in documents {
                tx.execute(
                    "INSERT INTO explanation_documents (request_id, sha256, linked_by, linked_at)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![request, sha256, actor.account.map(|a| a.0), now_ms()],
                )
                .map_err(|e| ctx.sql(e))?;
            }
            let linked = documents.join(" ");
            let entry = Entry {
                round_year: Some(year),
                ma_don_vi: Some(ma_don_vi),
                field: Some(criterion),
                old_value: old.as_deref(),
                new_value: Some(&kept),
                reason: (!linked.is_empty()).then_some(linked.as_str()),
            };
            audit::append(tx, ctx, actor, Action::ExplanationAnswered, entry)?;
            Ok(request)
        })
    }

    /// A unit's explanation requests with their answers, oldest first.
    pub fn explanation_requests(
        &self,
        year: i64,
        ma_don_vi: &str,
    ) -> Result<Vec<ExplanationRequest>, Error> {
        let unit = self.unit(year, ma_don_vi)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT q.id, q.criterion, q.note, q.requested_by, a.text FROM explanation_requests q
                 LEFT JOIN explanations a ON a.request_id = q.id WHERE q.unit_id = ?1 ORDER BY q.id",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([unit.id], |r| {
                Ok(ExplanationRequest {
                    id: r.get(0)?,
                    criterion: r.get(1)?,
                    note: r.get(2)?,
                    by: r.get::<_, Option<i64>>(3)?.map(AccountId),
                    answer: r.get(4)?,
                    documents: Vec::new(),
                })
            })
            .map_err(|e| ctx.sql(e))?;
        let mut requests = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ctx.sql(e))?;
        let mut docs = self
            .conn
            .prepare("SELECT sha256 FROM explanation_documents WHERE request_id = ?1 ORDER BY linked_at, sha256")
            .map_err(|e| ctx.sql(e))?;
        for request in &mut requests {
            let rows = docs
                .query_map([request.id], |r| r.get(0))
                .map_err(|e| ctx.sql(e))?;
            request.documents = rows
                .collect::<Result<Vec<String>, _>>()
                .map_err(|e| ctx.sql(e))?;
        }
        Ok(requests)
    }
}
