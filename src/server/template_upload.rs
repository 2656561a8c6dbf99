//! `POST /ky/{year}/don-vi/{unit}/bieu-mau`: the unit's filled `cchc template`
//! workbook (or any evidence workbook with its row) fills the form at once. The
//! file is read by the evidence reader with its bounds (a zip bomb is refused
//! before it is unpacked) and its messages; the unit's row is applied like a
//! form post, under the same lock.

use super::api::actor;
use super::auth::PageCaller;
use super::clock;
use super::documents::{KeptUpload, read_upload, sniff};
use super::error::{Failure, PageFailure};
use super::pages::unit_path;
use super::state::{AppState, blocking};
use crate::accounts::Action;
use crate::form_entry;
use crate::round_setup::read_evidence_cells;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Reads the workbook and applies the unit's row.
pub(crate) async fn upload(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
    multipart: Multipart,
) -> Result<Response, PageFailure> {
    caller.allow_unit(Action::WriteEvidence, year, &unit)?;
    let (name, bytes) = read_upload(multipart).await?;
    if sniff(&bytes) != Some(XLSX) {
        return Err(PageFailure(Failure::Invalid(format!(
            "{name}: cần một sổ Excel .xlsx (biểu mẫu cchc template) / expected an .xlsx workbook (the cchc template form)"
        ))));
    }
    let actor = actor(&caller, peer);
    let id = unit.clone();
    let errors = blocking(&state, move |state| {
        let kept = KeptUpload::write(state, &name, &bytes)?;
        let read = {
            let store = state.store();
            let rules = state.rules(&store, year)?;
            read_evidence_cells(&rules, year, kept.path()).map_err(|e| kept.explain(e.into()))
        };
        let row = read?
            .into_iter()
            .find(|u| u.ma_don_vi == id)
            .ok_or_else(|| {
                Failure::Invalid(format!(
                    "{name}: không có dòng của đơn vị {id} / no row for unit {id}"
                ))
            })?;
        let changes: BTreeMap<String, String> = row.cells.into_iter().collect();
        let today = clock::today_or_fail()?;
        let mut store = state.store();
        let rules = state.rules(&store, year)?;
        let outcome = form_entry::edit(&mut store, &actor, &rules, (year, &id), &changes, today)?;
        Ok::<_, Failure>(outcome.errors)
    })
    .await?;
    if !errors.is_empty() {
        let each: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        return Err(PageFailure(Failure::Invalid(each.join("; "))));
    }
    Ok(Redirect::to(&unit_path(year, &unit)).into_response())
}
