//! Server functions, one module per resource. Each one: authenticate, parse, one transaction,
//! audit, answer. They are POST endpoints under `/api/`, behind the cross-site check.

pub mod account;
pub mod audit;
pub mod auth;
pub mod clients;
pub mod consent;
pub mod photos;
pub mod retention;
pub mod settings;
pub mod setup;
pub mod team;
pub mod treatments;
pub mod types;

/// For a plain HTML form post (before the app has loaded in the browser) a server function
/// answers with a redirect; from the running app the page navigates itself.
#[cfg(feature = "ssr")]
pub(crate) fn redirect_plain_form_post(path: &str) {
    use leptos::prelude::use_context;
    let accepts_html = use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html"))
        })
        .unwrap_or(false);
    if accepts_html {
        leptos_axum::redirect(path);
    }
}

/// Adds a `Set-Cookie` header to the answer.
#[cfg(feature = "ssr")]
pub(crate) fn set_cookie(value: &str) {
    let response = leptos::prelude::expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(cookie) = http::HeaderValue::from_str(value) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
}
