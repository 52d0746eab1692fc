//! The guards every server function and handler starts with: who is asking, and may they.

use super::{state, AppState, RequestMeta};
use crate::api::types::Session;
use crate::db::session;
use crate::domain::user::{CurrentUser, Permission};
use crate::error::AppError;

/// The signed-in staff member and where the request came from; `Unauthorized` otherwise.
/// Every server function that touches a dossier starts here. A session whose tablet is in a
/// client's hands gets `KioskLocked`: from there only that client's consents can be reached.
/// A session whose screen is locked gets `ScreenLocked` until the PIN or password is given.
pub async fn require_user() -> Result<(AppState, CurrentUser, RequestMeta), AppError> {
    let state = state()?;
    let meta = super::request_meta();
    let user = staff_user(&state, &meta).await?;
    Ok((state, user, meta))
}

/// The staff member behind a request's session cookie, for handlers outside server functions
/// (photos, the consent copy). Refused while the tablet is handed over or the screen is locked.
pub async fn staff_user(state: &AppState, meta: &RequestMeta) -> Result<CurrentUser, AppError> {
    let token = meta.session_token.as_deref().ok_or(AppError::Unauthorized)?;
    let live =
        session::touch(&state.db, token, state.sessions, state.clock.now()).await?.ok_or(AppError::Unauthorized)?;
    if live.handover_id.is_some() {
        return Err(AppError::KioskLocked);
    }
    if live.screen_locked {
        return Err(AppError::ScreenLocked);
    }
    Ok(live.user)
}

/// [`staff_user`] whose role may do `permission`; `Forbidden` for anyone else.
pub async fn staff_user_who_may(
    state: &AppState,
    meta: &RequestMeta,
    permission: Permission,
) -> Result<CurrentUser, AppError> {
    let user = staff_user(state, meta).await?;
    if !user.may(permission) {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// What the frame of a signed-in page shows: the practice, the staff member and their screen
/// lock. The page gate builds it from the session it has just checked and puts it on the
/// request, so the page is written without asking the database again.
pub async fn page_session(state: &AppState, live: session::LiveSession) -> Result<Session, AppError> {
    let settings = crate::db::practice::settings(&state.db.read).await?;
    Ok(Session {
        practice_name: settings.name,
        user: live.user,
        lock_minutes: settings.screen_lock_minutes,
        screen_locked: live.screen_locked,
    })
}

/// The session even while its screen is locked: for the frame, locking and unlocking only.
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
    let meta = super::request_meta();
    let token = meta.session_token.as_deref().ok_or(AppError::Unauthorized)?;
    let live =
        session::touch(&state.db, token, state.sessions, state.clock.now()).await?.ok_or(AppError::Unauthorized)?;
    Ok((state, live, meta))
}

/// Like [`require_user`], for a staff member whose role may do `permission`; `Forbidden` for
/// anyone else.
pub async fn require(permission: Permission) -> Result<(AppState, CurrentUser, RequestMeta), AppError> {
    let (state, user, meta) = require_user().await?;
    if !user.may(permission) {
        return Err(AppError::Forbidden);
    }
    Ok((state, user, meta))
}
