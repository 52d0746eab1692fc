//! Passwords and PINs: Argon2id, in a blocking thread (~60 ms of CPU each), a few at a time, and
//! every try counted before anything is hashed.

use crate::db::user;
use crate::error::AppError;
use argon2::password_hash::{phc::PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use std::sync::OnceLock;

/// Argon2id takes ~19 MiB and one core for ~60 ms per hash: at most this many run at once, so a
/// burst of sign-ins queues instead of running the machine out of memory.
const CONCURRENT_HASHES: usize = 2;
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_HASHES);

/// Runs one Argon2 computation on a blocking thread, waiting for a free hashing slot first.
async fn with_hashing_slot<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let _slot = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|_| AppError::Internal)
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    with_hashing_slot(move || Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()))
        .await?
        .map_err(|error| {
            tracing::error!(%error, "password hashing failed");
            AppError::Internal
        })
}

/// A hash of a random password, verified when the e-mail address is unknown so that the answer
/// takes as long as for a real account.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let mut secret = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
        Argon2::default().hash_password(&secret).map(|h| h.to_string()).unwrap_or_default()
    })
}

pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let matches = with_hashing_slot(move || {
        let stored = stored.unwrap_or_else(|| decoy_hash().to_owned());
        PasswordHash::new(&stored)
            .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await?;
    Ok(known && matches)
}

/// Checks the signed-in user's own password where an action asks for it again (setting a PIN).
/// Each try is counted before hashing, as at sign-in.
pub async fn confirm_password(
    state: &super::AppState,
    user: &crate::domain::user::CurrentUser,
    meta: &super::RequestMeta,
    password: String,
) -> Result<(), AppError> {
    throttled_confirmation(state, user, meta, async {
        let mut conn = state.db.read.acquire().await?;
        let (password_hash, _) = user::secrets(&mut conn, user.id).await?;
        drop(conn);
        Ok(verify_password(password, Some(password_hash)).await?.then_some(()).ok_or(AppError::WrongPassword))
    })
    .await
}

/// Takes the tablet back with the practitioner's PIN or password, in front of the next client,
/// throttled the same way. A wrong PIN and a wrong password are told apart, so the message
/// names what was typed.
pub async fn confirm_pin_or_password(
    state: &super::AppState,
    user: &crate::domain::user::CurrentUser,
    meta: &super::RequestMeta,
    secret: String,
) -> Result<(), AppError> {
    let secret = secret.trim().to_owned();
    let wrong = if looks_like_pin(&secret) { AppError::WrongSecret } else { AppError::WrongPassword };
    throttled_confirmation(state, user, meta, async {
        Ok(matches_pin_or_password(&state.db.read, user.id, secret).await?.then_some(()).ok_or(wrong))
    })
    .await
}

/// Counts the try for this user and address, runs `check` (the hashing), and gives the try back
/// when it was right. `check` answers `Ok(Err(refusal))` for a wrong secret.
async fn throttled_confirmation(
    state: &super::AppState,
    user: &crate::domain::user::CurrentUser,
    meta: &super::RequestMeta,
    check: impl std::future::Future<Output = Result<Result<(), AppError>, AppError>>,
) -> Result<(), AppError> {
    let key = format!("confirm:{}", user.id);
    let address = meta.ip.as_deref();
    state.throttle.attempt(&key, address).await?;
    check.await??;
    state.throttle.succeeded(&key, address).await?;
    Ok(())
}

/// 1 to 8 digits: what a PIN looks like (a password never does; it has at least 12 characters).
pub fn looks_like_pin(secret: &str) -> bool {
    !secret.is_empty() && secret.len() <= 8 && secret.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `secret` is the user's PIN (when it looks like one and a PIN is set) or password.
pub async fn matches_pin_or_password(pool: &sqlx::SqlitePool, user_id: i64, secret: String) -> Result<bool, AppError> {
    let mut conn = pool.acquire().await?;
    let (password_hash, pin_hash) = user::secrets(&mut conn, user_id).await?;
    drop(conn);
    match pin_hash {
        Some(pin_hash) if looks_like_pin(&secret) => verify_password(secret, Some(pin_hash)).await,
        _ => verify_password(secret, Some(password_hash)).await,
    }
}
