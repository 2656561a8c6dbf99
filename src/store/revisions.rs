//! Published revisions of a round's results (công bố): the files of a
//! publication (reports in every format, the appraised evidence, the notices,
//! the round's rules) frozen with the fingerprints they rest on. Revision 1 is
//! the publication; each appeal decision that changes evidence adds the next.
//! Triggers refuse any change to a stored revision.

use super::audit::{self, Action, Actor, Entry};
use super::stages::{AppraisalStage, calendar_in, require_stage, round_row};
use super::{Store, StoreCtx, now_ms};
use crate::error::Error;
use crate::fingerprint::sha256_hex;
use crate::model::Date;
use rusqlite::{OptionalExtension, Transaction, params};

/// A revision to store: its files and what they rest on.
#[derive(Debug, Clone, Default)]
pub struct NewRevision {
    /// File name → bytes (`report.json`, `evidence.csv`, `notice-<unit>.html`, …).
    pub files: Vec<(String, Vec<u8>)>,
    /// The round's ruleset fingerprint.
    pub ruleset_fingerprint: String,
    /// The SHA-256 of the appraised evidence file.
    pub evidence_fingerprint: String,
    /// The latest revision number the files were computed after (0: none);
    /// refused if another revision was stored meanwhile.
    pub after: i64,
}

/// A stored revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionInfo {
    /// 1 for the publication, then one more per appeal decision that changed evidence.
    pub number: i64,
    /// The appeal whose decision made it.
    pub appeal: Option<i64>,
    /// The round's ruleset fingerprint.
    pub ruleset_fingerprint: String,
    /// The appraised evidence's SHA-256.
    pub evidence_fingerprint: String,
    /// When (ms since the epoch).
    pub created_at: i64,
    /// The names of its files.
    pub files: Vec<String>,
}

/// Most files in one revision (reports, evidence, rules, one notice per unit).
const MAX_REVISION_FILES: usize = super::limits::MAX_UNITS_PER_ROUND + 64;

/// What publishing needs: the appraisal confirmed, and nothing published yet.
const PUBLISHABLE: (&[AppraisalStage], (&str, &str)) = (
    &[AppraisalStage::Confirmed],
    (
        "công bố (cần xác nhận kết quả thẩm định trước)",
        "publish (confirm the appraisal first)",
    ),
);

impl Store {
    /// Refuses, before any work, what [`Store::publish`] would refuse: a round
    /// not confirmed or already published, an appeal deadline already past.
    pub fn check_publishable(
        &self,
        year: i64,
        appeal_deadline: Date,
        today: Date,
    ) -> Result<(), Error> {
        if appeal_deadline < today {
            return Err(self.ctx().fail(
                format!("hạn phúc khảo {appeal_deadline} đã qua"),
                format!("the appeal deadline {appeal_deadline} has passed"),
            ));
        }
        let calendar = self.appraisal_calendar(year)?;
        let (allowed, what) = PUBLISHABLE;
        require_stage(&self.ctx(), &calendar, (year, today), allowed, what).map(|_| ())
    }

    /// Publishes the confirmed appraisal of the `year` round as revision 1;
    /// appeals are received until `appeal_deadline`. Returns the revision number.
    pub fn publish(
        &mut self,
        actor: &Actor,
        year: i64,
        revision: &NewRevision,
        appeal_deadline: Date,
        today: Date,
    ) -> Result<i64, Error> {
        self.check_publishable(year, appeal_deadline, today)?;
        self.write(|tx, ctx| {
            let id = round_row(tx, ctx, year)?;
            // Checked again inside the transaction that stores the revision.
            let calendar = calendar_in(tx, ctx, id)?;
            let (allowed, what) = PUBLISHABLE;
            require_stage(ctx, &calendar, (year, today), allowed, what)?;
            tx.execute(
                "UPDATE round_appraisal SET appeal_deadline = ?2 WHERE round_id = ?1",
                params![id, appeal_deadline.iso()],
            )
            .map_err(|e| ctx.sql(e))?;
            tx.execute("UPDATE rounds SET state = 'closed' WHERE id = ?1", [id])
                .map_err(|e| ctx.sql(e))?;
            insert_revision(tx, ctx, actor, (year, id), revision, None)
        })
    }

    /// The `year` round's revisions, oldest first.
    pub fn revisions(&self, year: i64) -> Result<Vec<RevisionInfo>, Error> {
        let info = self.round_info(year)?;
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, number, appeal_id, ruleset_fingerprint, evidence_fingerprint, created_at
                 FROM revisions WHERE round_id = ?1 ORDER BY number",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map([info.id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    RevisionInfo {
                        number: r.get(1)?,
                        appeal: r.get(2)?,
                        ruleset_fingerprint: r.get(3)?,
                        evidence_fingerprint: r.get(4)?,
                        created_at: r.get(5)?,
                        files: Vec::new(),
                    },
                ))
            })
            .map_err(|e| ctx.sql(e))?;
        let rows = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ctx.sql(e))?;
        let mut names = self
            .conn
            .prepare("SELECT name FROM revision_files WHERE revision_id = ?1 ORDER BY name")
            .map_err(|e| ctx.sql(e))?;
        let mut revisions = Vec::with_capacity(rows.len());
        for (id, mut revision) in rows {
            let files = names
                .query_map([id], |r| r.get(0))
                .map_err(|e| ctx.sql(e))?;
            revision.files = files.collect::<Result<_, _>>().map_err(|e| ctx.sql(e))?;
            revisions.push(revision);
        }
        Ok(revisions)
    }

    /// The bytes of file `name` of revision `number` (the latest when `None`)
    /// of the `year` round, checked against their stored SHA-256.
    pub fn revision_file(
        &self,
        year: i64,
        number: Option<i64>,
        name: &str,
    ) -> Result<(i64, Vec<u8>), Error> {
        let info = self.round_info(year)?;
        let ctx = self.ctx();
        let found: Option<(i64, Vec<u8>, i64, String)> = self
            .conn
            .query_row(
                "SELECT v.number, f.deflated, f.size, f.sha256 FROM revisions v
                 JOIN revision_files f ON f.revision_id = v.id
                 WHERE v.round_id = ?1 AND f.name = ?3
                   AND v.number = coalesce(?2, (SELECT max(number) FROM revisions WHERE round_id = ?1))",
                params![info.id, number, name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(|e| ctx.sql(e))?;
        let Some((number, deflated, size, sha256)) = found else {
            let which = number.map_or_else(|| "mới nhất / latest".to_string(), |n| n.to_string());
            return Err(ctx.not_found(
                format!("kỳ {year} không có tệp {name} trong bản công bố {which}"),
                format!("the {year} round has no file {name} in published revision {which}"),
            ));
        };
        let bytes = inflate(&deflated, usize::try_from(size).unwrap_or(0));
        if bytes.as_ref().is_none_or(|b| sha256_hex(b) != sha256) {
            return Err(ctx.fail(
                format!("tệp {name} của bản công bố {number} đã bị sửa ngoài cchc"),
                format!("file {name} of published revision {number} was altered outside cchc"),
            ));
        }
        Ok((number, bytes.unwrap_or_default()))
    }
}

/// `bytes` deflated, for storage.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The stored `deflated` bytes inflated, if they come to exactly `size` bytes
/// (never more: a damaged row cannot make the server inflate without bound).
fn inflate(deflated: &[u8], size: usize) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::with_capacity(size.min(64 * 1024 * 1024));
    let limit = u64::try_from(size).ok()?.saturating_add(1);
    flate2::read::DeflateDecoder::new(deflated)
        .take(limit)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() == size).then_some(out)
}

/// Stores `revision` as the next number of the round with row id `round`,
/// refusing it if another revision was stored after the one it was computed
/// from; audits it. Returns the number.
pub(super) fn insert_revision(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    actor: &Actor,
    (year, round): (i64, i64),
    revision: &NewRevision,
    appeal: Option<i64>,
) -> Result<i64, Error> {
    if revision.files.len() > MAX_REVISION_FILES {
        return Err(ctx.fail("quá nhiều tệp công bố", "too many published files"));
    }
    let latest: i64 = tx
        .query_row(
            "SELECT coalesce(max(number), 0) FROM revisions WHERE round_id = ?1",
            [round],
            |r| r.get(0),
        )
        .map_err(|e| ctx.sql(e))?;
    if latest != revision.after {
        return Err(ctx.locked(
            format!("kỳ {year} vừa có bản công bố {latest} khác: hãy làm lại"),
            format!("the {year} round has just got another revision ({latest}): try again"),
        ));
    }
    let number = latest.saturating_add(1);
    tx.execute(
        "INSERT INTO revisions (round_id, number, appeal_id, ruleset_fingerprint, evidence_fingerprint, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            round,
            number,
            appeal,
            revision.ruleset_fingerprint,
            revision.evidence_fingerprint,
            actor.account.map(|a| a.0),
            now_ms()
        ],
    )
    .map_err(|e| ctx.sql(e))?;
    let id = tx.last_insert_rowid();
    for (name, bytes) in &revision.files {
        tx.execute(
            "INSERT INTO revision_files (revision_id, name, deflated, size, sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, name, deflate(bytes), i64::try_from(bytes.len()).unwrap_or(i64::MAX), sha256_hex(bytes)],
        )
        .map_err(|e| ctx.sql(e))?;
    }
    let value = format!("{number} {}", revision.evidence_fingerprint);
    let entry = Entry {
        round_year: Some(year),
        new_value: Some(&value),
        ..Entry::default()
    };
    audit::append(tx, ctx, actor, Action::Published, entry)?;
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deflated_files_come_back_exactly_and_only_at_their_size() {
        let text = "<tr><td>1.1</td><td>0,25</td></tr>\n".repeat(1000);
        let packed = deflate(text.as_bytes());
        assert!(
            packed.len() * 10 < text.len(),
            "{} of {}",
            packed.len(),
            text.len()
        );
        assert_eq!(
            inflate(&packed, text.len()).as_deref(),
            Some(text.as_bytes())
        );
        assert_eq!(
            inflate(&packed, text.len() - 1),
            None,
            "longer than its size"
        );
        assert_eq!(
            inflate(&packed, text.len() + 1),
            None,
            "shorter than its size"
        );
        assert_eq!(inflate(b"not deflate", 5), None);
        assert_eq!(inflate(&deflate(b""), 0).as_deref(), Some(&b""[..]));
    }
}
