//! Storage and request context, on the server only. Server functions reach the shared state,
//! the caller's session and the request's origin through the helpers here.

pub mod audit;
pub mod client;
pub mod clock;
pub mod consent;
pub mod ledger;
pub mod photo;
pub mod practice;
pub mod revision;
pub mod session;
pub mod setup_code;
pub mod throttle;
pub mod treatment;
pub mod user;

use crate::domain::user::{CurrentUser, Role};
use crate::error::AppError;
use axum::extract::{ConnectInfo, FromRef};
use leptos::prelude::*;
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Everything a request handler needs, built once at start-up and shared.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub throttle: Arc<throttle::LoginThrottle>,
    pub sessions: SessionPolicy,
    pub photos: Arc<photo::PhotoStore>,
    /// What the first-run setup asks for before it creates the practice.
    pub setup_code: Arc<setup_code::SetupCode>,
    /// What sessions, audit entries (and later links and retention) measure their time by.
    pub clock: clock::Clock,
    /// How far the audit chain was found intact, so a check reads only what came after.
    pub audit_checkpoint: Arc<audit::AuditCheckpoint>,
}

/// How long a session lives: server-side idle timeout and absolute lifetime.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    /// Add `Secure` to the cookie: on whenever the app is served over HTTPS.
    pub secure_cookie: bool,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(15 * 60),
            absolute_lifetime: Duration::from_secs(12 * 60 * 60),
            secure_cookie: false,
        }
    }
}

pub const SESSION_COOKIE: &str = "zv_session";

/// The shared state, from the context that `leptos_routes_with_context` provides.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

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

/// The signed-in staff member and where the request came from; `Unauthorized` otherwise.
/// Every server function that touches a dossier starts here. A session whose tablet is in a
/// client's hands gets `KioskLocked`: from there only that client's consents can be reached.
/// A session whose screen is locked gets `ScreenLocked` until the PIN or password is given.
pub async fn require_user() -> Result<(AppState, CurrentUser, RequestMeta), AppError> {
    let state = state()?;
    let meta = request_meta();
    let user = staff_user(&state, &meta).await?;
    Ok((state, user, meta))
}

/// The staff member behind a request's session cookie, for handlers outside server functions
/// (photos, the consent copy). Refused while the tablet is handed over or the screen is locked.
pub async fn staff_user(state: &AppState, meta: &RequestMeta) -> Result<CurrentUser, AppError> {
    let token = meta.session_token.as_deref().ok_or(AppError::Unauthorized)?;
    let live =
        session::touch(&state.pool, token, state.sessions, state.clock.now()).await?.ok_or(AppError::Unauthorized)?;
    if live.handover_id.is_some() {
        return Err(AppError::KioskLocked);
    }
    if live.screen_locked {
        return Err(AppError::ScreenLocked);
    }
    Ok(live.user)
}

/// The session even while its screen is locked: for the page frame, locking and unlocking only.
pub async fn require_session_even_if_locked() -> Result<(AppState, session::LiveSession, RequestMeta, String), AppError>
{
    let (state, live, meta) = live_session().await?;
    if live.handover_id.is_some() {
        return Err(AppError::KioskLocked);
    }
    let token = meta.session_token.clone().ok_or(AppError::Unauthorized)?;
    Ok((state, live, meta, token))
}

/// The session while it is handed to a client: its user and the hand-over's id.
pub async fn require_kiosk() -> Result<(AppState, CurrentUser, RequestMeta, String), AppError> {
    let (state, live, meta) = live_session().await?;
    let handover_id = live.handover_id.ok_or(AppError::Forbidden)?;
    Ok((state, live.user, meta, handover_id))
}

async fn live_session() -> Result<(AppState, session::LiveSession, RequestMeta), AppError> {
    let state = state()?;
    let meta = request_meta();
    let token = meta.session_token.as_deref().ok_or(AppError::Unauthorized)?;
    let live =
        session::touch(&state.pool, token, state.sessions, state.clock.now()).await?.ok_or(AppError::Unauthorized)?;
    Ok((state, live, meta))
}

/// Like [`require_user`], for what only the owner may see (the audit log).
pub async fn require_owner() -> Result<(AppState, CurrentUser, RequestMeta), AppError> {
    let (state, user, meta) = require_user().await?;
    if user.role != Role::Owner {
        return Err(AppError::Forbidden);
    }
    Ok((state, user, meta))
}

/// A write transaction that takes the write lock at once. SQLite would otherwise start a deferred
/// transaction that fails with SQLITE_BUSY when two requests upgrade to writing together.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("begin immediate").await
}

/// A time as the hash-chained records store it (and hash it): RFC 3339 in UTC, to the microsecond.
pub fn timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
