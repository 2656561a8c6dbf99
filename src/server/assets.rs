//! The stylesheet and script, embedded: the server loads nothing from the network.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const ASSETS: [(&str, &str, &str); 2] = [
    (
        "cchc.css",
        "text/css; charset=utf-8",
        include_str!("assets/cchc.css"),
    ),
    (
        "cchc.js",
        "text/javascript; charset=utf-8",
        include_str!("assets/cchc.js"),
    ),
];

/// `GET /static/{file}`.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
