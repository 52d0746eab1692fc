//! Staff accounts. Hashing and checking their secrets is `crate::server_ctx::password`.

use crate::domain::user::Role;
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub role: String,
}

/// The account that signs in with `email`; none when there is none or it was disabled.
pub async fn find_by_email(conn: &mut SqliteConnection, email: &str) -> Result<Option<StaffRow>, sqlx::Error> {
    sqlx::query_as("select id, name, password_hash, role from staff_user where email = ? and disabled_at is null")
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
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, sqlx::Error> {
    let result = sqlx::query(
        "insert into staff_user (name, email, password_hash, role, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
    )
    .bind(name)
    .bind(email)
    .bind(password_hash)
    .bind(role.code())
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(result.last_insert_rowid())
}

/// The stored password and PIN hashes of one account, for unlocking a screen.
pub async fn secrets(conn: &mut SqliteConnection, user_id: i64) -> Result<(String, Option<String>), sqlx::Error> {
    sqlx::query_as("select password_hash, pin_hash from staff_user where id = ?").bind(user_id).fetch_one(conn).await
}

pub async fn set_language(
    conn: &mut SqliteConnection,
    user_id: i64,
    language: crate::domain::language::Language,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set language = ?, updated_at = ? where id = ?")
        .bind(language.code())
        .bind(super::Stamp(now))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_pin_hash(
    conn: &mut SqliteConnection,
    user_id: i64,
    pin_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set pin_hash = ?, updated_at = ? where id = ?")
        .bind(pin_hash)
        .bind(super::Stamp(now))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct Identity {
    pub name: String,
    pub email: String,
    pub role: String,
}

pub async fn identity(conn: &mut SqliteConnection, user_id: i64) -> Result<Identity, sqlx::Error> {
    sqlx::query_as("select name, email, role from staff_user where id = ?").bind(user_id).fetch_one(conn).await
}

pub async fn set_password_hash(
    conn: &mut SqliteConnection,
    user_id: i64,
    password_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set password_hash = ?, updated_at = ? where id = ?")
        .bind(password_hash)
        .bind(super::Stamp(now))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
