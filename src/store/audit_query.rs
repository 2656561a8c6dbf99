//! Reading the audit log with filters (the administrator's page and export).

use super::Store;
use super::audit::AuditRow;
use crate::accounts::AccountId;
use crate::error::Error;
use rusqlite::params;

/// Which audit rows to read; `None` is "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The round's year.
    pub year: Option<i64>,
    /// The unit (`ma_don_vi`).
    pub unit: Option<String>,
    /// Who acted.
    pub account: Option<AccountId>,
    /// Only rows about one of these fields (a criterion's evidence).
    pub fields: Option<Vec<String>>,
    /// From this instant (milliseconds since the epoch, inclusive).
    pub from_ms: Option<i64>,
    /// Before this instant (exclusive).
    pub to_ms: Option<i64>,
}

/// The most rows one read returns (an export of a whole province's year is
/// far below it).
pub const MAX_AUDIT_ROWS: usize = 200_000;

impl Store {
    /// The audit rows `filter` selects, in the order they were written, at most
    /// [`MAX_AUDIT_ROWS`].
    pub fn audit_search(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, Error> {
        let ctx = self.ctx();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, at, account_id, address, round_year, ma_don_vi, field, old_value, new_value, action, reason
                 FROM audit
                 WHERE (?1 IS NULL OR round_year = ?1) AND (?2 IS NULL OR ma_don_vi = ?2)
                   AND (?3 IS NULL OR account_id = ?3) AND (?4 IS NULL OR at >= ?4)
                   AND (?5 IS NULL OR at < ?5)
                 ORDER BY id",
            )
            .map_err(|e| ctx.sql(e))?;
        let rows = stmt
            .query_map(
                params![
                    filter.year,
                    filter.unit,
                    filter.account.map(|a| a.0),
                    filter.from_ms,
                    filter.to_ms
                ],
                |r| {
                    Ok(AuditRow {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        account: r.get::<_, Option<i64>>(2)?.map(AccountId),
                        address: r.get(3)?,
                        round_year: r.get(4)?,
                        ma_don_vi: r.get(5)?,
                        field: r.get(6)?,
                        old_value: r.get(7)?,
                        new_value: r.get(8)?,
                        action: r.get(9)?,
                        reason: r.get(10)?,
                    })
                },
            )
            .map_err(|e| ctx.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            let row = row.map_err(|e| ctx.sql(e))?;
            let wanted = match (&filter.fields, &row.field) {
                (Some(fields), Some(field)) => fields.iter().any(|f| {
                    // A field or one of its document columns (`<field>__so_hieu`).
                    field == f
                        || field
                            .strip_prefix(f.as_str())
                            .is_some_and(|rest| rest.starts_with("__"))
                }),
                (Some(_), None) => false,
                (None, _) => true,
            };
            if wanted {
                out.push(row);
                if out.len() >= MAX_AUDIT_ROWS {
                    break;
                }
            }
        }
        Ok(out)
    }
}
