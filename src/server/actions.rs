//! Page actions that are not the form itself: submitting (nộp) and changing
//! one's password.

use super::api::actor;
use super::auth::PageCaller;
use super::clock;
use super::error::{Failure, PageFailure};
use super::pages::{Refusal, unit_page, unit_path};
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{
    Action, ChangeError, OsRandom, PasswordError, SessionStore, change_password,
};
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

/// `POST /ky/{year}/don-vi/{unit}/nop`.
pub(crate) async fn submit(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((year, unit)): Path<(i64, String)>,
) -> PageResult {
    caller.allow_unit(Action::Submit, year, &unit)?;
    let actor = actor(&caller, peer);
    let id = unit.clone();
    let done = blocking(&state, move |state| {
        let today = clock::today_or_fail()?;
        state.store().submit(&actor, year, &id, today)?;
        Ok::<_, Failure>(())
    })
    .await;
    match done {
        Ok(()) => Ok(Redirect::to(&unit_path(year, &unit)).into_response()),
        Err(Failure::Locked(message)) => {
            let refusal = Refusal {
                message: Some(message),
                ..Refusal::default()
            };
            unit_page(&state, caller, (year, unit), refusal, StatusCode::CONFLICT).await
        }
        Err(other) => Err(PageFailure(other)),
    }
}

/// `GET /doi-mat-khau`.
pub(crate) async fn password_form(PageCaller(caller): PageCaller) -> PageResult {
    render_password(&caller, None, StatusCode::OK)
}

fn render_password(
    caller: &super::auth::Caller,
    message: Option<(bool, String)>,
    status: StatusCode,
) -> PageResult {
    let context = json!({
        "account": views::account(caller), "csrf": caller.session.csrf,
        "ok": message.as_ref().is_some_and(|m| m.0), "message": message.map(|m| m.1),
    });
    templates::page("password.html", &context, status)
}

/// `POST /doi-mat-khau`: every session of the account ends, and this browser
/// gets a new one.
pub(crate) async fn change(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (current, new) = (field("current"), field("new"));
    let account = caller.account.clone();
    let actor = actor(&caller, peer);
    let changed = super::hashing::hashing(&state, move |state| {
        let hash = match change_password(&state.hasher, &mut OsRandom, &account, &current, &new) {
            Ok(hash) => hash,
            Err(
                e @ (ChangeError::WrongCurrent
                | ChangeError::Password(
                    PasswordError::TooShort
                    | PasswordError::TooLong
                    | PasswordError::SameAsLogin
                    | PasswordError::Repeated,
                )),
            ) => return Ok(Err(e.to_string())),
            Err(e) => return Err(Failure::Internal(e.to_string())),
        };
        let mut store = state.store();
        store.set_password_hash(&actor, account.id, &hash)?;
        store.remove_account(account.id)?;
        let issued =
            state
                .sessions
                .login(&mut *store, &mut OsRandom, account.id, None, clock::now())?;
        Ok(Ok(state.cookie.set(&issued.token)))
    })
    .await?;
    match changed {
        Ok(cookie) => Ok((
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, "/".to_string()),
                (header::SET_COOKIE, cookie),
            ],
        )
            .into_response()),
        Err(message) => render_password(
            &caller,
            Some((false, message)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}
