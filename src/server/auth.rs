//! Who is calling, checked once per request by one middleware: the session
//! cookie is resolved to an account, and every state-changing request must
//! carry the session's CSRF token (the `X-CSRF-Token` header, the `csrf` form
//! field, or for uploads the `csrf` query parameter), so no handler can forget
//! it. Handlers then take a [`Caller`] and ask [`Caller::allow`] before acting.

use super::clock;
use super::error::{ApiFailure, Failure, PageFailure};
use super::state::{AppState, blocking};
use crate::accounts::{Account, Action, Session, Target, authorize, check_csrf};
use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The signed-in account and its session.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub(crate) account: Account,
    pub(crate) session: Session,
    /// The session token (the cookie), for logout.
    pub(crate) token: String,
}

impl Caller {
    /// Refuses (403) unless the account may do `action` on `target`.
    pub(crate) fn allow(&self, action: Action, target: Target<'_>) -> Result<(), Failure> {
        authorize(&self.account, action, target).map_err(Failure::from)
    }

    /// [`Caller::allow`] on unit `unit` of the `year` round.
    pub(crate) fn allow_unit(&self, action: Action, year: i64, unit: &str) -> Result<(), Failure> {
        let year = super::api::year32(year)?;
        let unit = crate::accounts::UnitId(unit.to_string());
        self.allow(action, Target::Unit { year, unit: &unit })
    }
}

/// Paths that take a login instead of a session.
const LOGIN_PATHS: [&str; 2] = ["/api/login", "/dang-nhap"];

/// Largest form body the CSRF check reads (uploads are multipart and carry
/// the token in the query).
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Resolves the session and enforces the CSRF token on every state-changing request.
pub(crate) async fn guard(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    match check(&state, request).await {
        Ok(request) => next.run(request).await,
        Err((failure, unread)) => {
            // A refused request's body is read (within bounds) before the answer,
            // so the connection stays usable for the client's next request.
            if let Some(body) = unread {
                let _ = to_bytes(body, MAX_FORM_BYTES).await;
            }
            if api {
                ApiFailure(failure).into_response()
            } else {
                PageFailure(failure).into_response()
            }
        }
    }
}

/// The request with its caller, or why it is refused and its body if unread.
async fn check(
    state: &Arc<AppState>,
    request: Request,
) -> Result<Request, (Failure, Option<Body>)> {
    let token = session_token(state, request.headers());
    let caller = match token {
        Some(token) => match resolve(state, token).await {
            Ok(caller) => caller,
            Err(failure) => return Err((failure, Some(request.into_body()))),
        },
        None => None,
    };
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    let login = LOGIN_PATHS.contains(&request.uri().path());
    let (mut parts, body) = request.into_parts();
    let body = if safe || login {
        body
    } else {
        let Some(caller) = caller.as_ref() else {
            let failure = Failure::Unauthenticated("chưa đăng nhập / not logged in".to_string());
            return Err((failure, Some(body)));
        };
        let (presented, body) = presented_token(&parts, body).await.map_err(|f| (f, None))?;
        if let Err(e) = check_csrf(&caller.session, presented.as_deref()) {
            return Err((e.into(), Some(body)));
        }
        body
    };
    if let Some(caller) = caller {
        parts.extensions.insert(caller);
    }
    Ok(Request::from_parts(parts, body))
}

fn session_token(state: &AppState, headers: &axum::http::HeaderMap) -> Option<String> {
    let name = state.cookie.name();
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The account behind a session token, or `None` when the token is unknown or
/// expired (the request then goes on as anonymous; routes needing an account
/// answer 401).
async fn resolve(state: &Arc<AppState>, token: String) -> Result<Option<Caller>, Failure> {
    blocking(state, move |state| {
        let mut store = state.store();
        let Ok(session) = state.sessions.resolve(&mut *store, &token, clock::now()) else {
            return Ok(None);
        };
        let Some(account) = store.account(session.account)? else {
            return Ok(None);
        };
        if account.disabled {
            return Ok(None);
        }
        Ok(Some(Caller {
            account,
            session,
            token,
        }))
    })
    .await
}

/// The CSRF token the request presents, and its body (read and put back when
/// the token is a form field).
async fn presented_token(parts: &Parts, body: Body) -> Result<(Option<String>, Body), Failure> {
    if let Some(header) = parts.headers.get("x-csrf-token") {
        return Ok((header.to_str().ok().map(str::to_string), body));
    }
    let from_query = parts
        .uri
        .query()
        .and_then(|q| form_field(q.as_bytes(), "csrf"));
    if from_query.is_some() {
        return Ok((from_query, body));
    }
    let is_form = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, body));
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES).await.map_err(|_| {
        Failure::TooLarge(format!(
            "biểu mẫu lớn hơn {MAX_FORM_BYTES} byte / the form is larger than {MAX_FORM_BYTES} bytes"
        ))
    })?;
    Ok((form_field(&bytes, "csrf"), Body::from(bytes)))
}

fn form_field(encoded: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(encoded)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Caller, Failure> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| Failure::Unauthenticated("chưa đăng nhập / not logged in".to_string()))
    }
}

/// [`Caller`] for a page: without a session the browser is sent to the login form.
pub(crate) struct PageCaller(pub(crate) Caller);

impl<S: Send + Sync> FromRequestParts<S> for PageCaller {
    type Rejection = PageFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<PageCaller, PageFailure> {
        Caller::from_request_parts(parts, state)
            .await
            .map(PageCaller)
            .map_err(PageFailure)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        ApiFailure(self).into_response()
    }
}
