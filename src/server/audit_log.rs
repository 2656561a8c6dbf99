//! The audit log, visible (#16 item 7): the administrator reads it filtered by
//! round, unit, criterion, account and dates (`/nhat-ky`, `GET /api/audit`) and
//! exports it as CSV (`GET /api/audit.csv`).

use super::auth::{Caller, PageCaller};
use super::error::{ApiFailure, Failure, PageFailure};
use super::exports::attachment;
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Target};
use crate::model::Date;
use crate::output::csv::{CsvRow, CsvStyle, write_record};
use crate::store::{AuditFilter, AuditRow, Store};
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The filters, as query parameters (`year`, `unit`, `account` = a login,
/// `criterion` = an id of the year's ruleset, `from` and `to` = dd/mm/yyyy,
/// days in Vietnam, `to` inclusive).
#[derive(Debug, Default, Deserialize, Serialize)]
pub(crate) struct AuditQuery {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    criterion: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// One entry as the API and the export give it.
#[derive(Debug, Serialize)]
pub(crate) struct AuditEntry {
    at: String,
    account: Option<String>,
    address: String,
    action: String,
    year: Option<i64>,
    unit: Option<String>,
    field: Option<String>,
    old: Option<String>,
    new: Option<String>,
    reason: Option<String>,
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Vietnam's midnight starting `day`, in milliseconds since the epoch.
fn midnight_ms(day: Date) -> i64 {
    day.day_number()
        .saturating_mul(86_400_000)
        .saturating_sub(7 * 3_600_000)
}

fn filter(store: &Store, state: &AppState, q: &AuditQuery) -> Result<AuditFilter, Failure> {
    let invalid = |what: &str, text: &str| {
        Failure::Invalid(format!("{what}: '{text}' không hợp lệ / is not valid"))
    };
    let year = given(&q.year)
        .map(|y| y.parse::<i64>().map_err(|_| invalid("year", y)))
        .transpose()?;
    let account = match given(&q.account) {
        Some(login) => Some(
            store
                .account_by_login(login)?
                .ok_or_else(|| {
                    Failure::NotFound(format!("không có tài khoản {login} / no account {login}"))
                })?
                .id,
        ),
        None => None,
    };
    let fields = match given(&q.criterion) {
        Some(id) => {
            let year = year.ok_or_else(|| {
                Failure::Invalid(
                    "lọc theo tiêu chí cần năm / a criterion filter needs the year".into(),
                )
            })?;
            let rules = state.rules(store, year)?;
            let ruleset = &rules.ruleset;
            let criterion = ruleset
                .criteria
                .iter()
                .find(|c| c.id == id)
                .ok_or_else(|| {
                    Failure::NotFound(format!("không có tiêu chí {id} / no criterion {id}"))
                })?;
            let names = criterion
                .evidence
                .iter()
                .filter_map(|u| ruleset.fields.get(u.field))
                .map(|f| f.id.clone());
            Some(names.collect())
        }
        None => None,
    };
    let day = |text: &Option<String>, what: &str| {
        given(text)
            .map(|t| Date::parse(t).ok_or_else(|| invalid(what, t)))
            .transpose()
    };
    let from_ms = day(&q.from, "from")?.map(midnight_ms);
    let to_ms = day(&q.to, "to")?.map(|d| midnight_ms(d).saturating_add(86_400_000));
    Ok(AuditFilter {
        year,
        unit: given(&q.unit).map(str::to_string),
        account,
        fields,
        from_ms,
        to_ms,
    })
}

fn entries(store: &Store, rows: Vec<AuditRow>) -> Result<Vec<AuditEntry>, Failure> {
    let mut logins: BTreeMap<_, Option<String>> = BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let account = match row.account {
            Some(id) => match logins.entry(id) {
                std::collections::btree_map::Entry::Occupied(known) => known.get().clone(),
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(store.account(id)?.map(|a| a.login)).clone()
                }
            },
            None => None,
        };
        out.push(AuditEntry {
            at: instant(row.at),
            account,
            address: row.address,
            action: row.action,
            year: row.round_year,
            unit: row.ma_don_vi,
            field: row.field,
            old: row.old_value,
            new: row.new_value,
            reason: row.reason,
        });
    }
    Ok(out)
}

/// `dd/mm/yyyy hh:mm:ss` in Vietnam.
fn instant(ms: i64) -> String {
    let secs = ms.div_euclid(1000).saturating_add(7 * 3600);
    let (days, in_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let date = Date::from_day_number(days)
        .map(|d| d.to_string())
        .unwrap_or_default();
    format!(
        "{date} {:02}:{:02}:{:02}",
        in_day / 3600,
        in_day % 3600 / 60,
        in_day % 60
    )
}

async fn read(
    state: &Arc<AppState>,
    caller: &Caller,
    q: AuditQuery,
) -> Result<Vec<AuditEntry>, Failure> {
    caller.allow(Action::ReadAudit, Target::Installation)?;
    blocking(state, move |state| {
        let store = state.store();
        let filter = filter(&store, state, &q)?;
        let rows = store.audit_search(&filter)?;
        entries(&store, rows)
    })
    .await
}

/// `GET /api/audit`.
pub(crate) async fn api(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiFailure> {
    Ok(Json(read(&state, &caller, q).await?))
}

/// `GET /api/audit.csv`: the same rows, hostile text kept as text.
pub(crate) async fn csv(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<Response, ApiFailure> {
    let rows = read(&state, &caller, q).await?;
    let mut out = Vec::new();
    let header = [
        "thoi_diem",
        "tai_khoan",
        "dia_chi",
        "hanh_dong",
        "nam",
        "ma_don_vi",
        "truong",
        "gia_tri_cu",
        "gia_tri_moi",
        "ly_do",
    ];
    write_record(&mut out, CsvStyle::EXCEL_VI, header);
    for e in &rows {
        let mut row = CsvRow::new(&mut out, CsvStyle::EXCEL_VI);
        row.raw(&e.at);
        for text in [
            &e.account,
            &Some(e.address.clone()),
            &Some(e.action.clone()),
        ] {
            row.text(text.as_deref().unwrap_or(""));
        }
        row.raw(&e.year.map(|y| y.to_string()).unwrap_or_default());
        for text in [&e.unit, &e.field, &e.old, &e.new, &e.reason] {
            row.text(text.as_deref().unwrap_or(""));
        }
        row.end();
    }
    Ok(attachment(out, "text/csv; charset=utf-8", "nhat-ky.csv"))
}

/// `GET /nhat-ky`: the filter form and the newest entries.
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageFailure> {
    let query = serde_urlencoded::to_string(&q).unwrap_or_default();
    let filters = serde_json::to_value(&q).unwrap_or_default();
    let rows = read(&state, &caller, q).await?;
    let total = rows.len();
    let shown: Vec<serde_json::Value> = rows
        .iter()
        .rev()
        .take(500)
        .map(|e| {
            let mut value = serde_json::to_value(e).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("label".into(), crate::store::action_label(&e.action).into());
            }
            value
        })
        .collect();
    let context = serde_json::json!({
        "account": views::account(&caller), "csrf": caller.session.csrf,
        "filters": filters, "query": query, "total": total, "entries": shown,
    });
    templates::page("audit.html", &context, axum::http::StatusCode::OK)
}
