//! Where a request came from (for the audit log) and its session cookie.

use super::{SESSION_COOKIE, SIGN_IN_COOKIE};
use crate::api::types::Session;
use crate::domain::language::{self, Language};
use axum::extract::ConnectInfo;
use leptos::prelude::*;
use std::net::SocketAddr;

/// The language of a signed-in session (the staff member's, or the one the client chose at the
/// tablet), put on a page request by the page gate: it outranks the browser's own preference.
#[derive(Clone, Copy, Debug)]
pub struct SessionLanguage(pub Language);

/// The frame of a signed-in page (see [`super::page_session`]), put on a page request by the
/// page gate.
#[derive(Clone, Debug)]
pub struct SignedInPage(pub Session);

/// The signed-in page's session, while the server writes the page; `None` outside a signed-in
/// page request.
pub fn signed_in_page() -> Option<Session> {
    use_context::<http::request::Parts>()?.extensions.get::<SignedInPage>().map(|page| page.0.clone())
}

/// Where a request came from, for the audit log; and its session token, if any.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub session_token: Option<String>,
    /// A sign-in waiting for its second step, in this browser.
    pub sign_in_token: Option<String>,
    /// The language this browser reads in: its language cookie, else its `Accept-Language`.
    pub language: Language,
    /// The host name the browser used (checked against the allowed hosts before any handler),
    /// for links the app hands out.
    pub host: Option<String>,
}

impl RequestMeta {
    pub fn from_parts(parts: &http::request::Parts) -> Self {
        let header = |name: http::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string());
        let user_agent = header(http::header::USER_AGENT).map(|ua| ua.chars().take(300).collect());
        let cookie = |wanted: &str| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == wanted)
                .map(|(_, value)| value.to_owned())
        };
        let session_token = cookie(SESSION_COOKIE);
        let sign_in_token = cookie(SIGN_IN_COOKIE).filter(|token| !token.is_empty());
        let language = parts
            .extensions
            .get::<SessionLanguage>()
            .map(|session| session.0)
            .or_else(|| cookie(language::COOKIE).and_then(|code| Language::from_code(&code)))
            .or_else(|| header(http::header::ACCEPT_LANGUAGE).and_then(|list| Language::from_accept_language(&list)))
            .unwrap_or_default();
        let host = header(http::header::HOST);
        Self { ip, user_agent, session_token, sign_in_token, language, host }
    }
}

pub fn request_meta() -> RequestMeta {
    use_context::<http::request::Parts>().map(|parts| RequestMeta::from_parts(&parts)).unwrap_or_default()
}
