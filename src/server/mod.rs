//! `cchc serve`: the yearly round as a local web application (issue #15).
//!
//! Units fill their evidence in a form generated from the round's stored
//! ruleset and see their score after every change; the Sở follows progress and
//! the live ranking and downloads the evidence and every report. One SQLite
//! file holds everything ([`crate::store`]); accounts, sessions and permissions
//! are [`crate::accounts`]; the form's domain is [`crate::form_entry`]. This
//! module is only HTTP: routes, thin handlers, templates, and hygiene (CSP,
//! no framing, nosniff, size limits, timeouts, clean shutdown).

mod accounts_page;
mod actions;
mod admin;
mod api;
mod appraisal;
mod appraisal_page;
mod appraisal_views;
mod assets;
mod audit_log;
mod auth;
mod clock;
mod documents;
mod error;
mod exports;
mod hashing;
mod history;
mod hygiene;
mod login;
mod login_api;
mod pages;
mod publication;
mod publication_page;
mod responses;
mod state;
mod template_upload;
mod templates;
mod views;

use crate::error::Error;
use crate::store::Store;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use state::AppState;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The database file (documents in `<db>.documents/` beside it).
    pub db: PathBuf,
    /// Where to listen (`127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// Mark cookies `Secure` (behind a TLS proxy).
    pub secure_cookies: bool,
    /// The rules root new rounds choose their ruleset from (by year).
    pub rules: PathBuf,
}

/// Today's date in Vietnam (UTC+7), as the server judges deadlines.
pub fn vietnam_today() -> Option<crate::model::Date> {
    clock::today()
}

/// Threads for database work and scoring (see `serve`).
const BLOCKING_THREADS: usize = 4;

/// Largest JSON or form body, in bytes (a unit's whole form is a few kB).
const MAX_BODY_BYTES: usize = 256 * 1024;

/// The application: every route, the session/CSRF guard and the HTTP hygiene.
fn app(state: Arc<AppState>) -> Router {
    // Twice the largest document: an upload a little over the limit is read to
    // its end and answered 413; a much larger one is cut off.
    let uploads = crate::store::limits::MAX_DOCUMENT_BYTES.saturating_mul(2);
    let upload_routes = Router::new()
        .route("/ky/{year}/don-vi/{unit}/tai-lieu", post(documents::upload))
        .route("/ky/mo", post(admin::open))
        .route("/ky/{year}/nhap-minh-chung", post(admin::import))
        .route(
            "/ky/{year}/don-vi/{unit}/bieu-mau",
            post(template_upload::upload),
        )
        .route(
            "/ky/{year}/don-vi/{unit}/giai-trinh",
            post(appraisal_page::answer),
        )
        .route(
            "/ky/{year}/don-vi/{unit}/phuc-khao",
            post(appraisal_page::appeal),
        )
        .layer(DefaultBodyLimit::max(uploads));
    Router::new()
        .route("/api/login", post(login_api::login))
        .route("/api/logout", post(login_api::logout))
        .route("/api/rounds", get(api::rounds))
        .route("/api/audit", get(audit_log::api))
        .route("/api/units/{unit}/history", get(history::api))
        .route(
            "/api/units/{unit}/predecessors",
            post(history::add_predecessor),
        )
        .route("/don-vi/{unit}/lich-su", get(history::page))
        .route(
            "/don-vi/{unit}/tien-than",
            post(history::add_predecessor_form),
        )
        .route("/api/audit.csv", get(audit_log::csv))
        .route("/nhat-ky", get(audit_log::page))
        .route(
            "/tai-khoan",
            get(accounts_page::list).post(accounts_page::add),
        )
        .route("/tai-khoan/{login}/{what}", post(accounts_page::change))
        .route("/api/rounds/{year}/units/{unit}", get(api::unit))
        .route(
            "/api/rounds/{year}/units/{unit}/evidence",
            put(api::put_evidence),
        )
        .route("/api/rounds/{year}/units/{unit}/submit", post(api::submit))
        .route("/api/rounds/{year}/{file}", get(api::download))
        .route("/api/rounds/{year}/publication", get(publication::show))
        .route(
            "/api/rounds/{year}/explanation-window",
            post(publication::set_explanation_window),
        )
        .route("/api/rounds/{year}/confirm", post(publication::confirm))
        .route("/api/rounds/{year}/publish", post(publication::publish))
        .route(
            "/api/rounds/{year}/revisions/{number}/{file}",
            get(publication::download),
        )
        .route(
            "/api/rounds/{year}/units/{unit}/explanations",
            post(responses::explain),
        )
        .route(
            "/api/rounds/{year}/units/{unit}/appeals",
            get(responses::unit_appeals).post(responses::appeal),
        )
        .route("/api/rounds/{year}/appeals", get(responses::round_appeals))
        .route(
            "/api/rounds/{year}/appeals/{id}/decision",
            post(responses::decision),
        )
        .route(
            "/api/rounds/{year}/units/{unit}/appraisal",
            get(appraisal::show).post(appraisal::correct),
        )
        .route(
            "/api/rounds/{year}/units/{unit}/reviews",
            post(appraisal::confirm_criterion),
        )
        .route(
            "/ky/{year}/don-vi/{unit}/xac-nhan-tieu-chi",
            post(appraisal_page::review),
        )
        .route(
            "/api/rounds/{year}/units/{unit}/explanation-requests",
            post(appraisal::request_explanation),
        )
        .route("/", get(pages::home))
        .route("/dang-nhap", get(pages::login_form).post(pages::login))
        .route("/dang-xuat", post(pages::logout))
        .route(
            "/doi-mat-khau",
            get(actions::password_form).post(actions::change),
        )
        .route("/ky/{year}", get(pages::round))
        .route("/ky/{year}/thoi-han", post(admin::set_window))
        .route(
            "/ky/{year}/don-vi/{unit}",
            get(pages::unit).post(pages::save_unit),
        )
        .route("/ky/{year}/don-vi/{unit}/nop", post(actions::submit))
        .route(
            "/ky/{year}/don-vi/{unit}/tai-lieu/{sha256}",
            get(documents::download),
        )
        .route(
            "/ky/{year}/don-vi/{unit}/tham-dinh",
            get(appraisal_page::show).post(appraisal_page::correct),
        )
        .route(
            "/ky/{year}/don-vi/{unit}/yeu-cau-giai-trinh",
            post(appraisal_page::request),
        )
        .route("/ky/{year}/ket-qua", get(publication_page::show))
        .route("/ky/{year}/giai-trinh", post(publication_page::set_window))
        .route("/ky/{year}/xac-nhan", post(publication_page::confirm))
        .route("/ky/{year}/cong-bo", post(publication_page::publish))
        .route("/ky/{year}/phuc-khao/{id}", post(publication_page::decide))
        .route("/ky/{year}/thong-bao/{unit}", get(publication_page::notice))
        .route("/static/{file}", get(assets::asset))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .merge(upload_routes)
        .fallback(hygiene::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            auth::guard,
        ))
        .layer(axum::middleware::from_fn(hygiene::headers_and_timeout))
        .with_state(state)
}

/// Opens the database and serves until SIGTERM or Ctrl-C; requests in flight
/// (and their writes) finish first. `ready` is called with the bound address
/// once the server accepts connections.
pub fn serve(config: &ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let store = Store::open(&config.db)?;
    let state = Arc::new(AppState::new(
        store,
        config.secure_cookies,
        config.rules.clone(),
    )?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Every blocking task takes the one store connection in turn: more
        // threads would only wait on it, each holding its stack and allocator
        // arena (measured: 200 sessions grew the server by 300 MiB with the
        // default of 512). Beyond these, tasks wait in tokio's queue.
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "không khởi động được máy chủ / cannot start the server: {e}"
            ))
        })?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| {
                Error::Usage(format!(
                    "không mở được cổng {} / cannot listen on {}: {e}",
                    config.listen, config.listen
                ))
            })?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Usage(e.to_string()))?;
        hygiene::spawn_session_sweeper(Arc::clone(&state));
        let shutdown = hygiene::shutdown_signal();
        ready(bound);
        axum::serve(
            listener,
            app(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| {
            Error::Usage(format!(
                "máy chủ dừng vì lỗi / the server stopped on an error: {e}"
            ))
        })
    })
}
