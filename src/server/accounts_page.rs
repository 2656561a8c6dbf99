//! `/tai-khoan` (administrator): the accounts, with adding one, disabling and
//! enabling (never deleting), and resetting a forgotten password. New
//! passwords are shown once, on the answer page.

use super::api::actor;
use super::auth::PageCaller;
use super::error::{Failure, PageFailure};
use super::hashing::hashing;
use super::state::{AppState, blocking};
use super::{templates, views};
use crate::accounts::{Action, Role, Target};
use crate::round_setup::{IssuedAccount, add_user, reset_password, set_account_disabled};
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

type PageResult = Result<Response, PageFailure>;

fn page(name: &str, context: serde_json::Value) -> PageResult {
    templates::page(name, &context, axum::http::StatusCode::OK)
}

/// `GET /tai-khoan`.
pub(crate) async fn list(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
) -> PageResult {
    caller.allow(Action::ManageAccounts, Target::Installation)?;
    let accounts = blocking(&state, |state| Ok::<_, Failure>(state.store().accounts()?)).await?;
    let rows: Vec<serde_json::Value> = accounts
        .iter()
        .map(|a| {
            let units: Vec<&str> = a.units.iter().map(|u| u.0.as_str()).collect();
            json!({"login": a.login, "role": a.role.as_str(), "units": units.join(", "), "disabled": a.disabled,
                   "me": a.id == caller.account.id})
        })
        .collect();
    page(
        "accounts.html",
        json!({"account": views::account(&caller), "csrf": caller.session.csrf, "accounts": rows}),
    )
}

fn issued_page(caller: &super::auth::Caller, title: &str, issued: &IssuedAccount) -> PageResult {
    page(
        "issued.html",
        json!({"account": views::account(caller), "csrf": caller.session.csrf, "title": title, "lines": [issued.line()]}),
    )
}

/// `POST /tai-khoan`: a new account (`login`, `role`, `units` comma-separated).
pub(crate) async fn add(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Form(form): Form<BTreeMap<String, String>>,
) -> PageResult {
    caller.allow(Action::ManageAccounts, Target::Installation)?;
    let field = |k: &str| {
        form.get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let role = Role::parse(&field("role")).ok_or_else(|| {
        Failure::Invalid(
            "vai trò: admin, appraiser hoặc unit / role: admin, appraiser or unit".into(),
        )
    })?;
    let units: Vec<String> = field("units")
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect();
    let login = field("login");
    let actor = actor(&caller, peer);
    let issued = hashing(&state, move |state| {
        Ok::<_, Failure>(add_user(&mut state.store(), &actor, &login, role, &units)?)
    })
    .await?;
    issued_page(&caller, "Đã tạo tài khoản", &issued)
}

/// `POST /tai-khoan/{login}/{khoa|mo-khoa|dat-lai}`.
pub(crate) async fn change(
    State(state): State<Arc<AppState>>,
    PageCaller(caller): PageCaller,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((login, what)): Path<(String, String)>,
) -> PageResult {
    caller.allow(Action::ManageAccounts, Target::Installation)?;
    if login == caller.account.login && what != "dat-lai" {
        return Err(PageFailure(Failure::Invalid(
            "không tự khóa tài khoản của mình / an account does not disable itself".into(),
        )));
    }
    let actor = actor(&caller, peer);
    match what.as_str() {
        "khoa" | "mo-khoa" => {
            let disabled = what == "khoa";
            blocking(&state, move |state| {
                Ok::<_, Failure>(set_account_disabled(
                    &mut state.store(),
                    &actor,
                    &login,
                    disabled,
                )?)
            })
            .await?;
            Ok(Redirect::to("/tai-khoan").into_response())
        }
        "dat-lai" => {
            let issued = hashing(&state, move |state| {
                Ok::<_, Failure>(reset_password(&mut state.store(), &actor, &login)?)
            })
            .await?;
            issued_page(&caller, "Đã đặt lại mật khẩu", &issued)
        }
        _ => Err(PageFailure(Failure::NotFound(format!(
            "không có thao tác {what} / no action {what}"
        )))),
    }
}
