//! Signing in with two steps. The password alone starts a waiting sign-in (held by the browser
//! in a short-lived cookie); only a right code, or setting up the second step the first time,
//! turns it into a session. The same checks of a code serve one's own security page.

use super::{Entry, Work};
use crate::api::types::SignInStep;
use crate::db::{self, session::hash_token};
use crate::domain::audit::AuditAction;
use crate::domain::second_step::{Device, SecondStepCode};
use crate::error::AppError;
use crate::media::seal::Sealer;
use crate::server_ctx::second_step::{self as secrets, NewSecret};
use crate::server_ctx::SessionPolicy;

/// How long the second step may take after the password.
pub const WAITING_MINUTES: i64 = 10;
/// Wrong codes one waiting sign-in may have; then it starts again from the password.
pub const WRONG_CODES_PER_SIGN_IN: i64 = 5;

/// A sign-in that passed its password and waits for its second step.
pub struct Waiting {
    pub user_id: i64,
    pub token_hash: String,
    pub step: SignInStep,
}

/// How a code was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeAccepted {
    App,
    Recovery { left: i64 },
}

/// What the account's second step asks for: a code, or (the first time, or after a reset) to
/// be set up.
async fn step_of(work: &mut Work, user_id: i64) -> Result<SignInStep, AppError> {
    let row = db::second_step::find(work.conn(), user_id).await?;
    Ok(match row {
        Some(row) if row.confirmed_at.is_some() => SignInStep::EnterCode,
        _ => SignInStep::SetUp,
    })
}

/// The password (or an invitation) proved who this is: a waiting sign-in, and its token for the
/// browser's cookie.
pub async fn begin(work: &mut Work, user_id: i64) -> Result<(String, SignInStep), AppError> {
    let now = work.now();
    let token = db::session::new_token();
    let expires = now + chrono::Duration::minutes(WAITING_MINUTES);
    db::second_step::insert_pending(work.conn(), &hash_token(&token), user_id, now, expires).await?;
    let step = step_of(work, user_id).await?;
    Ok((token, step))
}

/// The waiting sign-in this browser holds; refused when it is unknown, over, or its account was
/// disabled in the meantime.
pub async fn waiting(work: &mut Work, token: Option<&str>) -> Result<Waiting, AppError> {
    let token_hash = hash_token(token.ok_or(AppError::SignInExpired)?);
    let row = db::second_step::pending(work.conn(), &token_hash).await?.ok_or(AppError::SignInExpired)?;
    if row.expires_at <= work.now() || row.wrong_codes >= WRONG_CODES_PER_SIGN_IN {
        return Err(AppError::SignInExpired);
    }
    let step = step_of(work, row.staff_user_id).await?;
    Ok(Waiting { user_id: row.staff_user_id, token_hash, step })
}

/// A new secret for an account whose second step is not set up (a secret shown before but not
/// confirmed is replaced). `issuer` and `account` label it in the authenticator app.
pub async fn new_secret(
    work: &mut Work,
    sealer: &Sealer,
    user_id: i64,
    issuer: &str,
    account: &str,
) -> Result<NewSecret, AppError> {
    if step_of(work, user_id).await? != SignInStep::SetUp {
        return Err(AppError::Conflict);
    }
    let secret = secrets::new_secret(sealer, user_id, issuer, account)?;
    let now = work.now();
    db::second_step::begin_setup(work.conn(), user_id, &secret.sealed, now).await?;
    Ok(secret)
}

/// The first code from the app confirms the secret; returns ten recovery codes, shown once.
pub async fn confirm_secret(
    work: &mut Work,
    sealer: &Sealer,
    user_id: i64,
    app_code: &str,
) -> Result<Vec<String>, AppError> {
    let now = work.now();
    let row = db::second_step::find(work.conn(), user_id).await?.ok_or(AppError::SignInExpired)?;
    if row.confirmed_at.is_some() {
        return Err(AppError::Conflict);
    }
    let step = secrets::matching_step(sealer, user_id, &row.secret_sealed, app_code, now).ok_or(AppError::WrongCode)?;
    if !db::second_step::take_step(work.conn(), user_id, step, Some(now)).await? {
        return Err(AppError::WrongCode);
    }
    let codes = renew_recovery_codes_unchecked(work, user_id).await?;
    work.audit(Entry::new(AuditAction::SecondStepSetUp));
    Ok(codes)
}

/// Checks a code of the account's second step and uses it up: an app code's time step can
/// never be used again, a recovery code only once.
pub async fn use_code(
    work: &mut Work,
    sealer: &Sealer,
    user_id: i64,
    code: &SecondStepCode,
) -> Result<CodeAccepted, AppError> {
    let now = work.now();
    match code {
        SecondStepCode::Totp(code) => {
            let row = db::second_step::find(work.conn(), user_id).await?;
            let row = row.filter(|row| row.confirmed_at.is_some()).ok_or(AppError::WrongCode)?;
            let step =
                secrets::matching_step(sealer, user_id, &row.secret_sealed, code, now).ok_or(AppError::WrongCode)?;
            if !db::second_step::take_step(work.conn(), user_id, step, None).await? {
                return Err(AppError::WrongCode);
            }
            Ok(CodeAccepted::App)
        }
        SecondStepCode::Recovery(code) => {
            let hash = secrets::hash_recovery_code(user_id, code);
            if !db::second_step::use_recovery_code(work.conn(), user_id, &hash, now).await? {
                return Err(AppError::WrongCode);
            }
            let left = db::second_step::recovery_codes_left(work.conn(), user_id).await?;
            work.audit(Entry::new(AuditAction::RecoveryCodeUsed));
            Ok(CodeAccepted::Recovery { left })
        }
    }
}

/// Ten new recovery codes in place of the old ones, for an account that already proved itself.
pub async fn renew_recovery_codes(work: &mut Work, user_id: i64) -> Result<Vec<String>, AppError> {
    let codes = renew_recovery_codes_unchecked(work, user_id).await?;
    work.audit(Entry::new(AuditAction::RecoveryCodesRenewed));
    Ok(codes)
}

async fn renew_recovery_codes_unchecked(work: &mut Work, user_id: i64) -> Result<Vec<String>, AppError> {
    let codes = secrets::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|code| secrets::hash_recovery_code(user_id, code)).collect();
    let now = work.now();
    db::second_step::replace_recovery_codes(work.conn(), user_id, &hashes, now).await?;
    Ok(codes)
}

/// A wrong code against a waiting sign-in, counted and logged; past the allowance the sign-in
/// is over and starts again from the password.
pub async fn count_wrong_code(work: &mut Work, waiting: &Waiting) -> Result<AppError, AppError> {
    let wrong = db::second_step::count_wrong_code(work.conn(), &waiting.token_hash).await?;
    work.audit(Entry::new(AuditAction::SecondStepFailed));
    if wrong >= WRONG_CODES_PER_SIGN_IN {
        db::second_step::delete_pending(work.conn(), &waiting.token_hash).await?;
        return Ok(AppError::SignInExpired);
    }
    Ok(AppError::WrongCode)
}

/// The second step is done: the waiting sign-in becomes a session; returns its token.
pub async fn finish(
    work: &mut Work,
    waiting: &Waiting,
    policy: SessionPolicy,
    device: Option<Device>,
) -> Result<String, AppError> {
    let now = work.now();
    db::second_step::delete_pending(work.conn(), &waiting.token_hash).await?;
    let token = db::session::create(work.conn(), waiting.user_id, policy, now, device).await?;
    work.audit(Entry::new(AuditAction::Login));
    Ok(token)
}
