//! What a request brings and what it may do, on the server only: the shared state, where a
//! request came from, the guards every server function starts with, the clock, and the
//! throttles and secrets of signing in.

pub mod clock;
pub mod guard;
pub mod password;
pub mod request;
pub mod second_step;
pub mod setup_code;
pub mod throttle;

pub use guard::{
    page_session, require, require_kiosk, require_session_even_if_locked, require_user, staff_user, staff_user_who_may,
};
pub use request::{request_meta, signed_in_page, RequestMeta, SessionLanguage, SignedInPage};

use crate::db::audit::AuditCheckpoint;
use crate::error::AppError;
use crate::media::photo_store::PhotoStore;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Everything a request handler needs, built once at start-up and shared.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: crate::db::Db,
    pub throttle: Arc<throttle::LoginThrottle>,
    pub sessions: SessionPolicy,
    pub photos: Arc<PhotoStore>,
    /// Seals the secrets of second steps, with the same key file as the photos.
    pub secrets: Arc<crate::media::seal::Sealer>,
    /// What the first-run setup asks for before it creates the practice.
    pub setup_code: Arc<setup_code::SetupCode>,
    /// What sessions, audit entries (and later links and retention) measure their time by.
    pub clock: clock::Clock,
    /// How far the audit chain was found intact, so a check reads only what came after.
    pub audit_checkpoint: Arc<AuditCheckpoint>,
    /// The file beside the database that lists destroyed dossiers, for restored copies.
    pub destruction_ledger: crate::service::retention::DestructionLedger,
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
/// Holds a sign-in that passed its password and waits for the second step.
pub const SIGN_IN_COOKIE: &str = "zv_sign_in";

/// The shared state, from the context that `leptos_routes_with_context` provides.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

/// `text` as a QR code, drawn here as SVG (nothing from outside) for inlining in a page.
pub fn qr_svg(text: &str) -> Result<String, AppError> {
    let svg = qrcode::QrCode::new(text.as_bytes())
        .map_err(|_| AppError::Internal)?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    // Inline in the page: the XML declaration before the element has no place there.
    Ok(svg.find("<svg").map(|start| svg[start..].to_owned()).unwrap_or_default())
}
