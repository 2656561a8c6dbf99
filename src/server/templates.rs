//! The page templates, embedded in the binary and autoescaped (minijinja
//! escapes every value in a `.html` template).

use super::error::{Failure, PageFailure};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use std::sync::OnceLock;

/// Every template: name and source.
const TEMPLATES: [(&str, &str); 15] = [
    ("base.html", include_str!("templates/base.html")),
    ("error.html", include_str!("templates/error.html")),
    ("login.html", include_str!("templates/login.html")),
    ("home.html", include_str!("templates/home.html")),
    ("password.html", include_str!("templates/password.html")),
    ("unit.html", include_str!("templates/unit.html")),
    ("results.html", include_str!("templates/results.html")),
    ("round.html", include_str!("templates/round.html")),
    ("opened.html", include_str!("templates/opened.html")),
    ("audit.html", include_str!("templates/audit.html")),
    ("history.html", include_str!("templates/history.html")),
    ("accounts.html", include_str!("templates/accounts.html")),
    ("issued.html", include_str!("templates/issued.html")),
    ("appraisal.html", include_str!("templates/appraisal.html")),
    (
        "publication.html",
        include_str!("templates/publication.html"),
    ),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            // A template that does not parse fails the test that renders it;
            // the others stay usable.
            if let Err(e) = env.add_template(name, source) {
                eprintln!("cchc serve: mẫu trang lỗi / template error {name}: {e}");
            }
        }
        env
    })
}

/// Renders template `name` with `context`; a rendering failure is an error the
/// caller turns into a 500.
pub(crate) fn render(name: &str, context: minijinja::Value) -> Result<String, String> {
    environment()
        .get_template(name)
        .and_then(|t| t.render(context))
        .map_err(|e| format!("mẫu trang {name} / template {name}: {e:#}"))
}

/// `name` rendered with `context`, as a page answered with `status`.
pub(crate) fn page(
    name: &str,
    context: &serde_json::Value,
    status: StatusCode,
) -> Result<Response, PageFailure> {
    let html = fragment(name, context)?;
    Ok((status, Html(html)).into_response())
}

/// `name` rendered with `context` (a page or a part the script swaps in).
pub(crate) fn fragment(name: &str, context: &serde_json::Value) -> Result<String, Failure> {
    render(name, minijinja::Value::from_serialize(context)).map_err(Failure::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_values_are_escaped() {
        for (name, source) in TEMPLATES {
            let mut env = Environment::new();
            env.add_template(name, source).unwrap();
        }
        let html = render(
            "error.html",
            minijinja::context! { status => 404, message => "<script>alert(1)</script>" },
        )
        .unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;"), "{html}");
        assert!(!html.contains("<script>alert"));
    }
}
