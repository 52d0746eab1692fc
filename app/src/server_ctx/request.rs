//! Where a request came from (for the audit log) and its session cookie.

use super::SESSION_COOKIE;
use axum::extract::ConnectInfo;
use leptos::prelude::*;
use std::net::SocketAddr;

/// Where a request came from, for the audit log; and its session token, if any.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub session_token: Option<String>,
}

impl RequestMeta {
    pub fn from_parts(parts: &http::request::Parts) -> Self {
        let header = |name: http::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip().to_string());
        let user_agent = header(http::header::USER_AGENT).map(|ua| ua.chars().take(300).collect());
        let session_token = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == SESSION_COOKIE)
            .map(|(_, value)| value.to_owned());
        Self { ip, user_agent, session_token }
    }
}

pub fn request_meta() -> RequestMeta {
    use_context::<http::request::Parts>().map(|parts| RequestMeta::from_parts(&parts)).unwrap_or_default()
}
