//! Staff accounts and password hashing (Argon2id, in a blocking thread: ~60 ms of CPU each).

use crate::domain::user::Role;
use crate::error::AppError;
use argon2::password_hash::{phc::PasswordHash, PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use sqlx::SqliteConnection;
use std::sync::OnceLock;

#[derive(sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub role: String,
}

pub async fn find_by_email(conn: &mut SqliteConnection, email: &str) -> Result<Option<StaffRow>, sqlx::Error> {
    sqlx::query_as("select id, name, password_hash, role from staff_user where email = ?")
        .bind(email)
        .fetch_optional(conn)
        .await
}

pub async fn insert(
    conn: &mut SqliteConnection,
    name: &str,
    email: &str,
    password_hash: &str,
    role: Role,
) -> Result<i64, sqlx::Error> {
    let now = super::now();
    let result = sqlx::query(
        "insert into staff_user (name, email, password_hash, role, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
    )
    .bind(name)
    .bind(email)
    .bind(password_hash)
    .bind(role.code())
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(result.last_insert_rowid())
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()))
        .await
        .map_err(|_| AppError::Internal)?
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
    let matches = tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| decoy_hash().to_owned());
        PasswordHash::new(&stored)
            .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    })
    .await
    .map_err(|_| AppError::Internal)?;
    Ok(known && matches)
}

/// The stored password and PIN hashes of one account, for unlocking a screen.
pub async fn secrets(conn: &mut SqliteConnection, user_id: i64) -> Result<(String, Option<String>), sqlx::Error> {
    sqlx::query_as("select password_hash, pin_hash from staff_user where id = ?").bind(user_id).fetch_one(conn).await
}

pub async fn set_pin_hash(conn: &mut SqliteConnection, user_id: i64, pin_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set pin_hash = ?, updated_at = ? where id = ?")
        .bind(pin_hash)
        .bind(super::now())
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
