//! The append-only audit log: who changed what, when, from where. Rows are
//! written in the transaction of the change they record; SQLite triggers refuse
//! any UPDATE or DELETE of them, whatever code runs.

use super::{Store, StoreCtx, now_ms};
use crate::accounts::AccountId;
use crate::error::Error;
use rusqlite::{Transaction, params};

/// Who is acting and from where (the client address, or `cli` for a command).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The signed-in account; `None` for the system (first start, the command line).
    pub account: Option<AccountId>,
    /// Where the request came from (`127.0.0.1:53122`, `cli`).
    pub address: String,
}

impl Actor {
    /// The system acting from the command line.
    pub fn cli() -> Actor {
        Actor {
            account: None,
            address: "cli".to_string(),
        }
    }
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A round was opened with its rules.
    RoundOpened,
    /// A round's state or self-assessment window changed.
    RoundChanged,
    /// A unit was added to a round.
    UnitAdded,
    /// An account was created.
    AccountCreated,
    /// An account was disabled or enabled.
    AccountDisabled,
    /// An account's password hash changed.
    PasswordChanged,
    /// An account was linked to a unit.
    AccountLinked,
    /// An evidence cell was set, changed or cleared.
    CellChanged,
    /// A unit submitted its self-assessment.
    Submitted,
    /// A document was attached to a field.
    DocumentLinked,
    /// A document was detached from a field.
    DocumentUnlinked,
    /// A unit was recorded as the successor of another.
    SuccessorRecorded,
    /// An appraiser corrected a cell of a unit's evidence (with a reason).
    AppraisalCorrected,
    /// An appraiser's groups of criteria were set.
    AppraiserGroups,
    /// An appraiser confirmed a criterion's evidence as it stands.
    AppraisalReviewed,
    /// An appraiser asked a unit to explain a criterion.
    ExplanationRequested,
    /// The Sở set a round's explanation window.
    ExplanationWindowSet,
    /// A unit answered an explanation request (text, or a document).
    ExplanationAnswered,
    /// The Sở confirmed a round's appraisal.
    AppraisalConfirmed,
    /// A revision of a round's results was published (publication or appeal).
    Published,
    /// A unit appealed a criterion.
    AppealFiled,
    /// The Sở decided an appeal.
    AppealDecided,
}

impl Action {
    /// The code stored in the `action` column.
    pub fn code(self) -> &'static str {
        match self {
            Action::RoundOpened => "round_opened",
            Action::RoundChanged => "round_changed",
            Action::UnitAdded => "unit_added",
            Action::AccountCreated => "account_created",
            Action::AccountDisabled => "account_disabled",
            Action::PasswordChanged => "password_changed",
            Action::AccountLinked => "account_linked",
            Action::CellChanged => "cell_changed",
            Action::Submitted => "submitted",
            Action::DocumentLinked => "document_linked",
            Action::DocumentUnlinked => "document_unlinked",
            Action::SuccessorRecorded => "successor_recorded",
            Action::AppraisalCorrected => "appraisal_corrected",
            Action::AppraiserGroups => "appraiser_groups",
            Action::AppraisalReviewed => "appraisal_reviewed",
            Action::ExplanationRequested => "explanation_requested",
            Action::ExplanationWindowSet => "explanation_window_set",
            Action::ExplanationAnswered => "explanation_answered",
            Action::AppraisalConfirmed => "appraisal_confirmed",
            Action::Published => "published",
            Action::AppealFiled => "appeal_filed",
            Action::AppealDecided => "appeal_decided",
        }
    }
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 22] = [
        Action::RoundOpened,
        Action::RoundChanged,
        Action::UnitAdded,
        Action::AccountCreated,
        Action::AccountDisabled,
        Action::PasswordChanged,
        Action::AccountLinked,
        Action::CellChanged,
        Action::Submitted,
        Action::DocumentLinked,
        Action::DocumentUnlinked,
        Action::SuccessorRecorded,
        Action::AppraisalCorrected,
        Action::AppraiserGroups,
        Action::AppraisalReviewed,
        Action::ExplanationRequested,
        Action::ExplanationWindowSet,
        Action::ExplanationAnswered,
        Action::AppraisalConfirmed,
        Action::Published,
        Action::AppealFiled,
        Action::AppealDecided,
    ];

    /// What the action is, in Vietnamese, for people reading the log.
    pub fn vi(self) -> &'static str {
        match self {
            Action::RoundOpened => "mở kỳ đánh giá",
            Action::RoundChanged => "đổi thời hạn, trạng thái kỳ",
            Action::UnitAdded => "thêm đơn vị",
            Action::AccountCreated => "tạo tài khoản",
            Action::AccountDisabled => "khóa hoặc mở tài khoản",
            Action::PasswordChanged => "đổi mật khẩu",
            Action::AccountLinked => "gắn tài khoản với đơn vị",
            Action::CellChanged => "sửa minh chứng (tự đánh giá)",
            Action::Submitted => "nộp bản tự đánh giá",
            Action::DocumentLinked => "đính kèm tài liệu",
            Action::DocumentUnlinked => "gỡ tài liệu",
            Action::SuccessorRecorded => "ghi nhận đơn vị kế thừa",
            Action::AppraisalCorrected => "thẩm định: sửa minh chứng",
            Action::AppraisalReviewed => "thẩm định: xác nhận minh chứng",
            Action::AppraiserGroups => "giao nhóm tiêu chí thẩm định",
            Action::ExplanationRequested => "yêu cầu giải trình",
            Action::ExplanationWindowSet => "đặt thời hạn giải trình",
            Action::ExplanationAnswered => "đơn vị giải trình",
            Action::AppraisalConfirmed => "xác nhận kết quả thẩm định",
            Action::Published => "công bố kết quả (bản mới)",
            Action::AppealFiled => "đơn vị kiến nghị",
            Action::AppealDecided => "quyết định kiến nghị",
        }
    }
}

/// What an action code (as stored) means, in Vietnamese; an unknown code is
/// shown as it is.
pub fn action_label(code: &str) -> &str {
    Action::ALL
        .iter()
        .find(|a| a.code() == code)
        .map_or(code, |a| a.vi())
}

/// One audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Sequence number (append order).
    pub id: i64,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// The account, if any.
    pub account: Option<AccountId>,
    /// Where from.
    pub address: String,
    /// The round's year, when the change concerns a round.
    pub round_year: Option<i64>,
    /// The unit, when the change concerns one.
    pub ma_don_vi: Option<String>,
    /// The field, when the change concerns one.
    pub field: Option<String>,
    /// The value before (`None`: there was none).
    pub old_value: Option<String>,
    /// The value after (`None`: removed).
    pub new_value: Option<String>,
    /// The action's code ([`Action::code`]).
    pub action: String,
    /// Why, when the action gives a reason.
    pub reason: Option<String>,
}

/// What one audit row records, besides who and when.
#[derive(Debug, Default)]
pub(super) struct Entry<'a> {
    pub round_year: Option<i64>,
    pub ma_don_vi: Option<&'a str>,
    pub field: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    /// Why (appraisal corrections, decisions).
    pub reason: Option<&'a str>,
}

/// Appends one row inside the caller's transaction.
pub(super) fn append(
    tx: &Transaction<'_>,
    ctx: &StoreCtx<'_>,
    actor: &Actor,
    action: Action,
    entry: Entry<'_>,
) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO audit (at, account_id, address, round_year, ma_don_vi, field, old_value, new_value, action, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            now_ms(),
            actor.account.map(|a| a.0),
            actor.address,
            entry.round_year,
            entry.ma_don_vi,
            entry.field,
            entry.old_value,
            entry.new_value,
            action.code(),
            entry.reason
        ],
    )
    .map_err(|e| ctx.sql(e))?;
    Ok(())
}

impl Store {
    /// The audit rows of a round's unit (or of the whole round with `None`), in order.
    pub fn audit(&self, round_year: i64, ma_don_vi: Option<&str>) -> Result<Vec<AuditRow>, Error> {
        self.audit_search(&super::AuditFilter {
            year: Some(round_year),
            unit: ma_don_vi.map(str::to_string),
            ..super::AuditFilter::default()
        })
    }

    /// How many audit rows there are, in every round.
    pub fn audit_count(&self) -> Result<i64, Error> {
        self.conn
            .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
            .map_err(|e| self.ctx().sql(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_code_and_a_vietnamese_label() {
        let codes: std::collections::BTreeSet<&str> =
            Action::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), Action::ALL.len(), "codes are distinct");
        for action in Action::ALL {
            assert_eq!(action_label(action.code()), action.vi());
            assert!(
                !action.vi().is_empty() && action.vi() != action.code(),
                "{action:?}"
            );
        }
        assert_eq!(action_label("no_such_action"), "no_such_action");
    }

    #[test]
    fn audit_rows_cannot_be_updated_or_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.db")).unwrap();
        store
            .write(|tx, ctx| {
                append(
                    tx,
                    ctx,
                    &Actor::cli(),
                    Action::RoundOpened,
                    Entry::default(),
                )
            })
            .unwrap();
        let update = store.conn.execute("UPDATE audit SET address = 'x'", []);
        let delete = store.conn.execute("DELETE FROM audit", []);
        for result in [update, delete] {
            let message = result.unwrap_err().to_string();
            assert!(message.contains("append-only"), "{message}");
        }
        assert_eq!(store.audit_count().unwrap(), 1);
        // Not even the connection's own raw SQL inside a transaction gets around it.
        let tx = store.conn.transaction().unwrap();
        assert!(tx.execute("DELETE FROM audit WHERE id = 1", []).is_err());
    }
}
