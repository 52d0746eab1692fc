//! Settings: the owner's idle time, each user's PIN and language, and locking and unlocking a
//! device.

use crate::api::types::SettingsView;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "settings")]
pub async fn get_settings() -> Result<SettingsView, AppError> {
    use crate::db;

    let (state, user, _meta) = crate::server_ctx::require_user().await?;
    let lock_minutes = db::practice::settings(&state.db.read).await?.screen_lock_minutes;
    let mut conn = state.db.read.acquire().await?;
    let (_, pin_hash) = db::user::secrets(&mut conn, user.id).await?;
    Ok(SettingsView { lock_minutes, has_pin: pin_hash.is_some(), language: user.language })
}

/// Each staff member reads the app in their own language, on every device they sign in on.
#[server(endpoint = "settings/language")]
pub async fn save_language(language: String) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::language::Language;
    use crate::domain::ValidationErrors;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let language = Language::parse(&language).map_err(|error| ValidationErrors::one("language", error))?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    db::user::set_language(work.conn(), user.id, language, now).await?;
    work.audit(Entry::new(AuditAction::LanguageChosen).detail(AuditDetail::Language { language }));
    work.commit().await
}

/// The owner sets how many idle minutes every device waits before it locks.
#[server(endpoint = "settings/lock")]
pub async fn save_lock_minutes(minutes: String) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::screen_lock::parse_lock_minutes;
    use crate::domain::ValidationErrors;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let minutes = parse_lock_minutes(&minutes).map_err(|error| ValidationErrors::one("minutes", error))?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    db::practice::set_screen_lock_minutes(work.conn(), minutes, now).await?;
    work.audit(Entry::new(AuditAction::SettingsChanged).detail(AuditDetail::LockMinutes { minutes }));
    work.commit().await
}

/// Sets the user's own PIN for unlocking the screen; the password confirms it is them.
#[server(endpoint = "settings/pin")]
pub async fn set_pin(password: String, pin: String, pin_repeat: String) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::AuditAction;
    use crate::domain::screen_lock::parse_pin;
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let mut errors = ValidationErrors::new();
    let pin = errors.check("pin", parse_pin(&pin));
    if pin.is_some() && pin_repeat.trim() != pin.as_deref().unwrap_or_default() {
        errors.add("pin_repeat", FieldError::PinsDiffer);
    }
    errors.into_result()?;
    let pin = pin.unwrap_or_default();
    crate::server_ctx::password::confirm_password(&state, &user, &meta, password).await?;
    let pin_hash = crate::server_ctx::password::hash_password(pin).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    db::user::set_pin_hash(work.conn(), user.id, &pin_hash, now).await?;
    work.audit(Entry::new(AuditAction::PinSet));
    work.commit().await
}

/// The device has been idle: from now on this session serves nothing personal until unlocked.
#[server(endpoint = "screen/lock")]
pub async fn lock_screen() -> Result<(), AppError> {
    use crate::db::session;
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, live, meta, token) = crate::server_ctx::require_session_even_if_locked().await?;
    let mut work = Work::staff_write(&state, &live.user, &meta).await?;
    let now = work.now();
    if !session::lock_screen(work.conn(), &token, now).await? {
        return Ok(());
    }
    work.audit(Entry::new(AuditAction::ScreenLocked));
    work.commit().await
}

/// Opens the screen with the user's PIN or password. After five wrong tries the session ends
/// and a full sign-in is needed; tries beyond that are refused without hashing.
#[server(endpoint = "screen/unlock")]
pub async fn unlock_screen(secret: String) -> Result<(), AppError> {
    use crate::db::session;
    use crate::domain::audit::AuditAction;
    use crate::domain::screen_lock::MAX_UNLOCK_FAILURES;
    use crate::service::{Entry, Work};

    let (state, live, meta, token) = crate::server_ctx::require_session_even_if_locked().await?;
    let user = live.user;
    // The try is counted before the secret is hashed, so a burst of guesses gets no more than
    // the allowed number hashed; the session's row is the counter.
    let mut tx = state.db.begin_write().await?;
    let Some(tries) = session::begin_unlock_attempt(&mut tx, &token, MAX_UNLOCK_FAILURES).await? else {
        return Err(AppError::Unauthorized);
    };
    tx.commit().await?;

    let matches =
        crate::server_ctx::password::matches_pin_or_password(&state.db.read, user.id, secret.trim().to_owned()).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    if !matches {
        work.audit(Entry::new(AuditAction::UnlockFailed));
        if tries >= MAX_UNLOCK_FAILURES {
            session::delete(work.conn(), &token).await?;
            work.commit().await?;
            return Err(AppError::Unauthorized);
        }
        work.commit().await?;
        return Err(AppError::WrongSecret);
    }
    // A wrong try in the same burst may have ended the session meanwhile: then nothing opens
    // and nothing is logged as opened.
    if !session::unlock_screen(work.conn(), &token).await? {
        return Err(AppError::Unauthorized);
    }
    work.audit(Entry::new(AuditAction::ScreenUnlocked));
    work.commit().await
}
