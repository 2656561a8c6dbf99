//! What a request can fail with, and how each failure is answered: JSON for
//! `/api/…`, a Vietnamese error page for the pages.

use crate::accounts::{Denied, LoginError, SessionError};
use crate::error::{Error, StoreErrorKind};
use crate::form_entry::FieldError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A failed request.
#[derive(Debug)]
pub(crate) enum Failure {
    /// No valid session (401).
    Unauthenticated(String),
    /// Signed in, but not allowed, or no CSRF token (403).
    Forbidden(String),
    /// No such round, unit or document (404).
    NotFound(String),
    /// The self-assessment is locked: submitted or past the deadline (409).
    Locked(String),
    /// The request's content is refused (400 for a malformed body, 422 for cells).
    Invalid(String),
    /// Cells refused by the evidence checks (422), with the unit as it now is.
    Cells {
        errors: Vec<FieldError>,
        result: serde_json::Value,
    },
    /// A body or upload over its size limit (413).
    TooLarge(String),
    /// Too many failed logins (429, `Retry-After`).
    Throttled(u64),
    /// Our fault (500); the message is logged, the client gets a generic one.
    Internal(String),
}

impl Failure {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Failure::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Failure::Forbidden(_) => StatusCode::FORBIDDEN,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Locked(_) => StatusCode::CONFLICT,
            Failure::Invalid(_) | Failure::Cells { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Failure::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message shown to the user, in Vietnamese and English.
    pub(crate) fn message(&self) -> String {
        match self {
            Failure::Unauthenticated(m)
            | Failure::Forbidden(m)
            | Failure::NotFound(m)
            | Failure::Locked(m)
            | Failure::Invalid(m)
            | Failure::TooLarge(m) => m.clone(),
            Failure::Cells { errors, .. } => errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
            Failure::Throttled(secs) => format!(
                "đăng nhập sai quá nhiều lần, thử lại sau {secs} giây / too many failed logins, try again in {secs} s"
            ),
            Failure::Internal(_) => {
                "lỗi máy chủ, xin thử lại / server error, please try again".to_string()
            }
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        match &e {
            Error::Store { kind, .. } => match kind {
                StoreErrorKind::NotFound => Failure::NotFound(store_message(&e)),
                StoreErrorKind::Locked => Failure::Locked(store_message(&e)),
                StoreErrorKind::Invalid => Failure::Invalid(store_message(&e)),
                StoreErrorKind::Failure => Failure::Internal(e.to_string()),
            },
            Error::Usage(m) => Failure::Invalid(m.clone()),
            // A file the user sent (a template, evidence) that cannot be read or has bad cells.
            Error::Cells { .. } | Error::Evidence { .. } => Failure::Invalid(e.to_string()),
            _ => Failure::Internal(e.to_string()),
        }
    }
}

/// A store refusal without the database path (the client has no use for it).
fn store_message(e: &Error) -> String {
    match e {
        Error::Store { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

impl From<SessionError> for Failure {
    fn from(e: SessionError) -> Failure {
        match e {
            SessionError::Missing | SessionError::Expired => {
                Failure::Unauthenticated(e.to_string())
            }
            SessionError::Csrf => Failure::Forbidden(e.to_string()),
            SessionError::Store(_) | SessionError::Random(_) => Failure::Internal(e.to_string()),
        }
    }
}

impl From<Denied> for Failure {
    fn from(e: Denied) -> Failure {
        Failure::Forbidden(e.to_string())
    }
}

impl From<LoginError> for Failure {
    fn from(e: LoginError) -> Failure {
        match e {
            LoginError::Throttled(retry) => Failure::Throttled(retry.0),
            LoginError::BadCredentials => Failure::Unauthenticated(e.to_string()),
            LoginError::Disabled => Failure::Forbidden(e.to_string()),
            LoginError::Password(_) => Failure::Internal(e.to_string()),
        }
    }
}

/// A failure answered as JSON (`{"error": …}`, or `{"errors": […], "result": …}`).
pub(crate) struct ApiFailure(pub(crate) Failure);

impl<E: Into<Failure>> From<E> for ApiFailure {
    fn from(e: E) -> ApiFailure {
        ApiFailure(e.into())
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let failure = self.0;
        log_internal(&failure);
        let status = failure.status();
        let body = match &failure {
            Failure::Cells { errors, result } => {
                serde_json::json!({ "errors": errors, "result": result })
            }
            other => serde_json::json!({ "error": other.message() }),
        };
        let mut response = (status, axum::Json(body)).into_response();
        retry_after(&failure, &mut response);
        response
    }
}

/// A failure answered as a Vietnamese error page.
pub(crate) struct PageFailure(pub(crate) Failure);

impl<E: Into<Failure>> From<E> for PageFailure {
    fn from(e: E) -> PageFailure {
        PageFailure(e.into())
    }
}

impl IntoResponse for PageFailure {
    fn into_response(self) -> Response {
        let failure = self.0;
        log_internal(&failure);
        let status = failure.status();
        if status == StatusCode::UNAUTHORIZED {
            // A page without a session goes to the login form.
            return (StatusCode::SEE_OTHER, [(header::LOCATION, "/dang-nhap")]).into_response();
        }
        let html = super::pages::error_page(status, &failure.message());
        let mut response = (status, axum::response::Html(html)).into_response();
        retry_after(&failure, &mut response);
        response
    }
}

fn retry_after(failure: &Failure, response: &mut Response) {
    if let Failure::Throttled(secs) = failure
        && let Ok(value) = HeaderValue::from_str(&secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
}

fn log_internal(failure: &Failure) {
    if let Failure::Internal(detail) = failure {
        eprintln!("cchc serve: lỗi / error: {detail}");
    }
}
