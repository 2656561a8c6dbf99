//! `POST /api/login` and `POST /api/logout`.

use super::auth::Caller;
use super::error::{ApiFailure, Failure};
use super::login::{sign_in, sign_out};
use super::state::AppState;
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Deserialize)]
pub(crate) struct Credentials {
    login: String,
    password: String,
}

/// `{"login", "password"}` → 200 `{"csrf", "role", "units"}` and the session
/// cookie; 401 on a wrong login or password, 429 when throttled.
pub(crate) async fn login(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Result<Json<Credentials>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiFailure> {
    let Json(credentials) = body.map_err(|e| {
        Failure::Invalid(format!(
            "cần {{\"login\", \"password\"}} / expected {{\"login\", \"password\"}}: {e}"
        ))
    })?;
    let signed = sign_in(&state, credentials.login, credentials.password, peer, None).await?;
    let units: Vec<&str> = signed.account.units.iter().map(|u| u.0.as_str()).collect();
    let body = json!({"csrf": signed.csrf, "role": signed.account.role.as_str(), "units": units});
    Ok(([(header::SET_COOKIE, signed.set_cookie)], Json(body)).into_response())
}

/// Ends the session.
pub(crate) async fn logout(
    State(state): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Response, ApiFailure> {
    let clear = sign_out(&state, caller).await?;
    Ok((
        [(header::SET_COOKIE, clear)],
        Json(json!({"logged_out": true})),
    )
        .into_response())
}
