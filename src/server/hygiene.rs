//! HTTP hygiene on every response: a strict Content-Security-Policy (only our
//! own script and stylesheet), no framing, no MIME sniffing, no referrer, no
//! caching of pages; a time limit per request; a Vietnamese 404; and a clean
//! stop on SIGTERM or Ctrl-C.

use super::clock;
use super::error::{Failure, PageFailure};
use super::state::AppState;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A request that takes longer than this is answered 503 (an upload of the
/// largest document on a slow commune line still fits).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// Adds the security headers and enforces the time limit.
pub(crate) async fn headers_and_timeout(request: Request, next: Next) -> Response {
    let mut response = match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "yêu cầu quá thời gian / the request timed out",
        )
            .into_response(),
    };
    let headers = response.headers_mut();
    // A response may narrow the policy for itself (a notice's inline style).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Any other path: 404, as JSON under `/api/`, else a Vietnamese page.
pub(crate) async fn not_found(request: Request) -> Response {
    let failure = Failure::NotFound(format!(
        "không có trang {} / no page {}",
        request.uri().path(),
        request.uri().path()
    ));
    if request.uri().path().starts_with("/api/") {
        super::error::ApiFailure(failure).into_response()
    } else {
        PageFailure(failure).into_response()
    }
}

/// Removes expired sessions now and every hour.
pub(crate) fn spawn_session_sweeper(state: Arc<AppState>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every.tick().await;
            let state = Arc::clone(&state);
            let _ = tokio::task::spawn_blocking(move || {
                let policy = state.sessions.policy;
                if let Err(e) = state.store().sweep_sessions(&policy, clock::now()) {
                    eprintln!("cchc serve: {e}");
                }
            })
            .await;
        }
    });
}

/// A future that resolves on SIGTERM or Ctrl-C. The handlers are installed
/// when this is called (before the server says it is ready), so a signal that
/// comes right after start-up still stops it cleanly rather than killing it.
pub(crate) fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (mut term, mut int) = signals;
            let term = async {
                match term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let int = async {
                match int.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = term => {},
                () = int => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        eprintln!(
            "cchc serve: đang dừng, chờ các yêu cầu dở dang / stopping after the requests in flight"
        );
    }
}
