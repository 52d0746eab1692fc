//! Server-side sessions. The browser holds a random token in an HttpOnly, SameSite=Strict
//! cookie; the database holds only its SHA-256, with idle and absolute expiry enforced here.

use crate::domain::language::Language;
use crate::domain::user::{CurrentUser, Role};
use crate::server_ctx::SessionPolicy;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random token for a cookie: 256 bits, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Starts a session for `user_id` on `device` (its codes) and returns the token for the cookie.
pub async fn create(
    conn: &mut SqliteConnection,
    user_id: i64,
    policy: SessionPolicy,
    now: chrono::DateTime<chrono::Utc>,
    device: Option<crate::domain::second_step::Device>,
) -> Result<String, sqlx::Error> {
    let token = new_token();
    let expires_at = now + policy.absolute_lifetime;
    sqlx::query(
        "insert into session (token_hash, user_id, created_at, last_seen_at, expires_at, device)
         values (?, ?, ?, ?, ?, ?)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(super::Stamp(expires_at))
    .bind(device.map(|d| d.code()))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
pub struct OwnSessionRow {
    pub token_hash: String,
    pub device: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// The sessions of one account that have not expired, the most recently used first.
pub async fn list_of(
    conn: &mut SqliteConnection,
    user_id: i64,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<OwnSessionRow>, sqlx::Error> {
    let idle_since = now - policy.idle_timeout;
    sqlx::query_as(
        "select token_hash, device, created_at, last_seen_at from session
         where user_id = ? and expires_at > ? and last_seen_at > ? order by last_seen_at desc",
    )
    .bind(user_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(idle_since))
    .fetch_all(conn)
    .await
}

/// Ends one of the account's own sessions, by its hash; false when it has none such.
pub async fn end_own(conn: &mut SqliteConnection, user_id: i64, token_hash: &str) -> Result<bool, sqlx::Error> {
    let ended = sqlx::query("delete from session where user_id = ? and token_hash = ?")
        .bind(user_id)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(ended.rows_affected() == 1)
}

/// Ends every session of the account but the one with `keep` (its token).
pub async fn end_all_but(conn: &mut SqliteConnection, user_id: i64, keep: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("delete from session where user_id = ? and token_hash <> ?")
        .bind(user_id)
        .bind(keep.map(hash_token).unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    handover_id: Option<String>,
    screen_locked_at: Option<DateTime<Utc>>,
    user_id: i64,
    name: String,
    role: String,
    language: String,
    /// The language the client chose at the tablet, while the session is handed over.
    signing_language: Option<String>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// A live session: its user, and the hand-over it is locked to while a client holds the tablet.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub user: CurrentUser,
    pub handover_id: Option<String>,
    /// The language the client chose at the tablet; none until chosen.
    pub signing_language: Option<Language>,
    /// The device's screen lock is on: nothing personal is served until it is opened.
    pub screen_locked: bool,
}

/// How stale the stored last-seen time may become before it is written again. An idle session
/// may so end up to this much sooner than its idle timeout, never later.
const LAST_SEEN_RESOLUTION: std::time::Duration = std::time::Duration::from_secs(60);

/// The live session for this token, marked as used now (to the minute). An expired session is removed, so it
/// can never come back.
pub async fn touch(
    db: &super::Db,
    token: &str,
    policy: SessionPolicy,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<LiveSession>, sqlx::Error> {
    let token_hash = hash_token(token);
    let row: Option<SessionRow> = sqlx::query_as(
        "select s.handover_id, s.screen_locked_at, s.user_id, u.name, u.role, u.language,
                h.language as signing_language, s.last_seen_at, s.expires_at
         from session s join staff_user u on u.id = s.user_id
         left join signing_session h on h.id = s.handover_id
         where s.token_hash = ? and u.disabled_at is null",
    )
    .bind(&token_hash)
    .fetch_optional(&db.read)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let idle_limit = row.last_seen_at + policy.idle_timeout;
    if now >= row.expires_at || now >= idle_limit {
        let mut tx = db.begin_write().await?;
        sqlx::query("delete from session where token_hash = ?").bind(&token_hash).execute(&mut *tx).await?;
        tx.commit().await?;
        return Ok(None);
    }
    // The last-seen time is only written once it is stale by a minute (less for very short idle
    // timeouts), not on every request of a page, and then in the next batched commit. When that
    // commit fails (the queue logs it) the request goes on: the session may only end sooner.
    let stale_after = LAST_SEEN_RESOLUTION.min(policy.idle_timeout / 10);
    if now - row.last_seen_at >= chrono::Duration::from_std(stale_after).unwrap_or_default() {
        db.batched.session_seen(token_hash, now).await;
    }
    let Some(role) = Role::from_code(&row.role) else { return Ok(None) };
    let language = Language::from_code(&row.language).unwrap_or_default();
    let user = CurrentUser { id: row.user_id, name: row.name, role, language };
    let signing_language = row.signing_language.as_deref().and_then(Language::from_code);
    Ok(Some(LiveSession {
        user,
        handover_id: row.handover_id,
        signing_language,
        screen_locked: row.screen_locked_at.is_some(),
    }))
}

/// Moves a session's last-seen time forward (never back: batches may arrive late).
pub async fn mark_seen(conn: &mut SqliteConnection, token_hash: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("update session set last_seen_at = ?1 where token_hash = ?2 and last_seen_at < ?1")
        .bind(super::Stamp(at))
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends the session on the server: the token is useless from now on.
pub async fn delete(conn: &mut SqliteConnection, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("delete from session where token_hash = ?").bind(hash_token(token)).execute(conn).await?;
    Ok(())
}

fn set_cookie(name: &str, value: &str, max_age_secs: u64, policy: SessionPolicy) -> String {
    let secure = if policy.secure_cookie { "; Secure" } else { "" };
    format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_secs}{secure}")
}

/// The `Set-Cookie` value that hands the token to the browser.
pub fn cookie(token: &str, policy: SessionPolicy) -> String {
    set_cookie(crate::server_ctx::SESSION_COOKIE, token, policy.absolute_lifetime.as_secs(), policy)
}

/// The `Set-Cookie` value that makes the browser forget the token.
pub fn expired_cookie(policy: SessionPolicy) -> String {
    set_cookie(crate::server_ctx::SESSION_COOKIE, "", 0, policy)
}

/// The cookie of a sign-in waiting for its second step.
pub fn sign_in_cookie(token: &str, policy: SessionPolicy) -> String {
    let minutes = crate::service::sign_in::WAITING_MINUTES.unsigned_abs();
    set_cookie(crate::server_ctx::SIGN_IN_COOKIE, token, minutes * 60, policy)
}

pub fn expired_sign_in_cookie(policy: SessionPolicy) -> String {
    set_cookie(crate::server_ctx::SIGN_IN_COOKIE, "", 0, policy)
}

/// Locks the session to a hand-over (or frees it with `None`).
pub async fn set_handover(
    conn: &mut SqliteConnection,
    token: &str,
    handover_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update session set handover_id = ? where token_hash = ?")
        .bind(handover_id)
        .bind(hash_token(token))
        .execute(conn)
        .await?;
    Ok(())
}

/// Turns the screen lock on for this session; true when it was not on yet.
pub async fn lock_screen(
    conn: &mut SqliteConnection,
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("update session set screen_locked_at = ? where token_hash = ? and screen_locked_at is null")
            .bind(super::Stamp(now))
            .bind(hash_token(token))
            .execute(conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// Turns the screen lock off and forgets earlier tries; false when the session no longer exists.
pub async fn unlock_screen(conn: &mut SqliteConnection, token: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("update session set screen_locked_at = null, unlock_failures = 0 where token_hash = ?")
        .bind(hash_token(token))
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Counts one unlock try before its secret is checked and returns how many there have been
/// since the last unlock; `None` when the session is gone or has used up its `max` tries.
pub async fn begin_unlock_attempt(
    conn: &mut SqliteConnection,
    token: &str,
    max: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "update session set unlock_failures = unlock_failures + 1
         where token_hash = ? and unlock_failures < ? returning unlock_failures",
    )
    .bind(hash_token(token))
    .bind(max)
    .fetch_optional(conn)
    .await
}
