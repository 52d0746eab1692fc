//! Request checks that Leptos does not do: the host check against DNS rebinding, the cross-site
//! check on every state change (Leptos issue #3786), the sign-in gate for pages, and response
//! headers that keep data out of caches and referrers.

use app::db::session;
use app::server_ctx::{AppState, RequestMeta, SessionLanguage, SignedInPage};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The host names this installation answers to: the configured ones, the address it listens
/// on (when that is one address, not all) and the loopback names. A page elsewhere on the
/// internet that points its own name at this machine (DNS rebinding) is refused.
#[derive(Clone, Debug)]
pub struct AllowedHosts(Arc<Vec<String>>);

impl AllowedHosts {
    pub fn new(configured: &[String], site_addr: SocketAddr) -> Self {
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "::1"].into_iter().map(str::to_owned).collect();
        if !site_addr.ip().is_unspecified() {
            hosts.push(site_addr.ip().to_string());
        }
        hosts.extend(configured.iter().filter_map(|host| normalised_host(host)));
        hosts.sort();
        hosts.dedup();
        Self(Arc::new(hosts))
    }

    /// Whether a `Host` header (name or address, with or without port) is one of ours.
    pub fn allows(&self, host: &str) -> bool {
        normalised_host(host).is_some_and(|host| self.0.contains(&host))
    }
}

/// `Praktijk.local:3000` → `praktijk.local`; `[::1]:3000` → `::1`.
fn normalised_host(host: &str) -> Option<String> {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split_once(']')?.0
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

pub async fn refuse_unknown_hosts(State(hosts): State<AllowedHosts>, request: Request, next: Next) -> Response {
    let host = request
        .uri()
        .authority()
        .map(|authority| authority.as_str().to_owned())
        .or_else(|| request.headers().get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_owned));
    if host.is_some_and(|host| hosts.allows(&host)) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "request for an unknown host name refused");
    (StatusCode::MISDIRECTED_REQUEST, "Deze app is onder deze naam niet bereikbaar. Zie ZORGVULDIG_HOSTS.")
        .into_response()
}

/// True when a state-changing request provably comes from our own pages (OWASP CSRF cheat sheet:
/// Fetch Metadata first, then Origin). A request with neither header is refused too.
pub fn is_same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin";
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), host) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
            origin_host == Some(host)
        }
        _ => false,
    }
}

pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if is_same_origin(request.method(), request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
        (StatusCode::FORBIDDEN, "Verzoek geweigerd: het kwam niet van deze app.").into_response()
    }
}

/// Static files and server functions; everything else is a page.
fn is_page(path: &str) -> bool {
    let is_file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    !(path.starts_with("/pkg/") || path.starts_with("/api/") || path.starts_with("/photos/") || is_file)
}

/// Pages need a live session: without one the browser is sent to sign in (or, on first run,
/// to set up the practice) before any dossier HTML is rendered.
pub async fn require_sign_in_for_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if request.method() != Method::GET || !is_page(&path) {
        return next.run(request).await;
    }
    let set_up = match app::db::practice::is_set_up(&state.db.read).await {
        Ok(set_up) => set_up,
        Err(error) => {
            tracing::error!(error.cause_chain = ?error, "could not read practice");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if !set_up {
        return if path == "/setup" { next.run(request).await } else { Redirect::to("/setup").into_response() };
    }
    if path == "/setup" {
        return Redirect::to("/login").into_response();
    }
    let (parts, body) = request.into_parts();
    let meta = RequestMeta::from_parts(&parts);
    let mut request = Request::from_parts(parts, body);
    let live = match meta.session_token.as_deref() {
        Some(token) => match session::touch(&state.db, token, state.sessions, state.clock.now()).await {
            Ok(live) => live,
            // A busy or failing database is not a signed-out user: say so rather than send them
            // to the sign-in page.
            Err(error) => {
                tracing::error!(error.cause_chain = ?error, "could not read session");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    // A device handed to a client shows the hand-over and nothing else.
    let in_kiosk = live.as_ref().is_some_and(|l| l.handover_id.is_some());
    // Staff read in their own language; at the tablet, the client's choice (Dutch until made).
    if let Some(live) = &live {
        let language = if in_kiosk { live.signing_language.unwrap_or_default() } else { live.user.language };
        request.extensions_mut().insert(SessionLanguage(language));
    }
    match (live, in_kiosk, path.as_str()) {
        // An invitation opens for whoever holds its link, signed in or not (not at the tablet).
        (Some(_), true, "/kiosk") | (None, _, "/login" | "/login/code") | (_, false, "/welcome") => {
            next.run(request).await
        }
        (Some(_), true, _) => Redirect::to("/kiosk").into_response(),
        (Some(_), false, "/login" | "/login/code" | "/" | "/kiosk") => Redirect::to("/clients").into_response(),
        (None, _, _) => Redirect::to("/login").into_response(),
        (Some(live), false, _) => match app::server_ctx::page_session(&state, live).await {
            Ok(session) => {
                request.extensions_mut().insert(SignedInPage(session));
                next.run(request).await
            }
            Err(error) => {
                tracing::error!(error = ?error, "could not read the practice for the page frame");
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            }
        },
    }
}

/// Headers on every response. Pages set their own nonce-based CSP; everything else gets one
/// that allows nothing. Personal data must not linger in a browser or proxy cache.
pub async fn security_headers(request: Request<Body>, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set_default = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set_default(headers, header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'");
    set_default(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, header::REFERRER_POLICY, "no-referrer");
    set_default(headers, header::X_FRAME_OPTIONS, "DENY");
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    headers.insert("permissions-policy", HeaderValue::from_static("camera=(self), microphone=(), geolocation=()"));
    if !is_asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_our_own_host_names_are_served() {
        let hosts = AllowedHosts::new(&["Praktijk.local".into()], "0.0.0.0:3000".parse().unwrap());
        for host in ["localhost:3000", "127.0.0.1", "[::1]:3000", "praktijk.local", "PRAKTIJK.LOCAL.:443"] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in ["evil.example", "evil.example:3000", "127.0.0.1.evil.example", "", "[::1"] {
            assert!(!hosts.allows(host), "{host}");
        }
        let bound = AllowedHosts::new(&[], "192.168.1.20:3000".parse().unwrap());
        assert!(bound.allows("192.168.1.20:3000"), "the address it listens on");
        assert!(!hosts.allows("192.168.1.20:3000"), "not when it listens on every address");
    }

    #[test]
    fn cross_site_check() {
        let post = Method::POST;
        let cases = [
            (vec![("sec-fetch-site", "same-origin")], true, "fetch metadata same-origin"),
            (vec![("sec-fetch-site", "cross-site")], false, "fetch metadata cross-site"),
            (vec![("sec-fetch-site", "same-site")], false, "a sibling subdomain is still another site"),
            (
                vec![("sec-fetch-site", "none"), ("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")],
                false,
                "typed into the address bar: not a form post of ours",
            ),
            (vec![("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")], true, "origin matches host"),
            (vec![("origin", "https://evil.example"), ("host", "127.0.0.1:3000")], false, "foreign origin"),
            (vec![("origin", "null"), ("host", "127.0.0.1:3000")], false, "opaque origin"),
            (vec![("host", "127.0.0.1:3000")], false, "neither header"),
        ];
        for (pairs, expected, why) in cases {
            assert_eq!(is_same_origin(&post, &headers(&pairs)), expected, "{why}");
        }
        assert!(is_same_origin(&Method::GET, &HeaderMap::new()), "reads are not checked");
    }
}
