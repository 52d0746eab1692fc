//! One's own security, for every signed-in person whatever their role: the password (with the
//! current one and a code), the live sessions, and the recovery codes.

use crate::api::types::SecurityOverview;
use crate::domain::second_step::{CodeForm, PasswordChangeForm};
use crate::error::AppError;
use leptos::prelude::*;

/// The person's live sessions (this browser's marked) and how many recovery codes are left.
#[server(endpoint = "account/security")]
pub async fn own_security() -> Result<SecurityOverview, AppError> {
    use crate::api::types::{local_time, OwnSession};
    use crate::db::{self, session::hash_token};
    use crate::domain::second_step::Device;

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let this_session = meta.session_token.as_deref().map(hash_token);
    let mut conn = state.db.read.acquire().await?;
    let rows = db::session::list_of(&mut conn, user.id, state.sessions, state.clock.now()).await?;
    let recovery_codes_left = db::second_step::recovery_codes_left(&mut conn, user.id).await?;
    let sessions = rows
        .into_iter()
        .map(|row| OwnSession {
            this_device: this_session.as_deref() == Some(row.token_hash.as_str()),
            device: row.device.as_deref().and_then(Device::from_code),
            started: local_time(row.created_at),
            last_seen: local_time(row.last_seen_at),
            id: row.token_hash,
        })
        .collect();
    Ok(SecurityOverview { sessions, recovery_codes_left })
}

/// Ends one of the person's own sessions on another device (this one signs out instead).
#[server(endpoint = "account/end-session")]
pub async fn end_own_session(id: String) -> Result<(), AppError> {
    use crate::db::session::{self, hash_token};
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    if meta.session_token.as_deref().map(hash_token).as_deref() == Some(id.as_str()) {
        return Err(AppError::Forbidden);
    }
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    if !session::end_own(work.conn(), user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    work.audit(Entry::new(AuditAction::SessionEnded));
    work.commit().await
}

/// A new password, given the current one and a code; every other session of the person ends.
#[server(endpoint = "account/password")]
pub async fn change_own_password(form: PasswordChangeForm) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::AuditAction;
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::Entry;

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let change = form.parse()?;
    crate::server_ctx::password::confirm_password(&state, &user, &meta, change.current.clone()).await.map_err(
        |error| match error {
            AppError::WrongPassword => AppError::Invalid(ValidationErrors::one("current", FieldError::WrongPassword)),
            other => other,
        },
    )?;
    let new_hash = crate::server_ctx::password::hash_password(change.new.clone()).await?;
    let (mut work, subject) = work_after_own_code(&state, &user, &meta, &change.code).await?;
    let now = work.now();
    db::user::set_password_hash(work.conn(), user.id, &new_hash, now).await?;
    db::session::end_all_but(work.conn(), user.id, meta.session_token.as_deref()).await?;
    work.audit(Entry::new(AuditAction::PasswordChanged));
    work.commit().await?;
    state.throttle.succeeded(&subject, meta.ip.as_deref()).await
}

/// Ten new recovery codes in place of the old ones (used or not), given a code; shown once.
#[server(endpoint = "account/recovery-codes")]
pub async fn renew_own_recovery_codes(form: CodeForm) -> Result<Vec<String>, AppError> {
    use crate::domain::second_step::show_recovery_code;
    use crate::service::sign_in;

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let code = form.parse()?;
    let (mut work, subject) = work_after_own_code(&state, &user, &meta, &code).await?;
    let codes = sign_in::renew_recovery_codes(&mut work, user.id).await?;
    work.commit().await?;
    state.throttle.succeeded(&subject, meta.ip.as_deref()).await?;
    Ok(codes.iter().map(|code| show_recovery_code(code)).collect())
}

/// Counts the try against the person's codes, then uses `code` up in a unit of work that goes
/// on to the change it guards; a wrong code is logged and answered on the code field.
#[cfg(feature = "ssr")]
async fn work_after_own_code(
    state: &crate::server_ctx::AppState,
    user: &crate::domain::user::CurrentUser,
    meta: &crate::server_ctx::RequestMeta,
    code: &crate::domain::second_step::SecondStepCode,
) -> Result<(crate::service::Work, String), AppError> {
    use crate::domain::audit::AuditAction;
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::{sign_in, Entry, Work};

    let subject = format!("code:{}", user.id);
    state.throttle.attempt(&subject, meta.ip.as_deref()).await?;
    let mut work = Work::staff_write(state, user, meta).await?;
    match sign_in::use_code(&mut work, &state.secrets, user.id, code).await {
        Ok(_) => Ok((work, subject)),
        Err(AppError::WrongCode) => {
            drop(work);
            let mut work = Work::staff_write(state, user, meta).await?;
            work.audit(Entry::new(AuditAction::SecondStepFailed));
            work.commit().await?;
            Err(AppError::Invalid(ValidationErrors::one("code", FieldError::WrongCode)))
        }
        Err(other) => Err(other),
    }
}
