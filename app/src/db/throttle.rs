//! Counted failures of signing in and confirming, per hashed key (`server_ctx::throttle`).

use super::Stamp;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

pub async fn failures(
    conn: &mut SqliteConnection,
    key_hash: &str,
) -> Result<Option<(u32, DateTime<Utc>)>, sqlx::Error> {
    sqlx::query_as("select failures, last_failure_at from sign_in_throttle where key_hash = ?")
        .bind(key_hash)
        .fetch_optional(conn)
        .await
}

pub async fn count_failure(conn: &mut SqliteConnection, key_hash: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into sign_in_throttle (key_hash, failures, last_failure_at) values (?1, 1, ?2)
         on conflict (key_hash) do update set failures = failures + 1, last_failure_at = ?2",
    )
    .bind(key_hash)
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn forget(conn: &mut SqliteConnection, key_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("delete from sign_in_throttle where key_hash = ?").bind(key_hash).execute(conn).await?;
    Ok(())
}

/// One counted attempt less, for an attempt that turned out right.
pub async fn give_back(conn: &mut SqliteConnection, key_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("update sign_in_throttle set failures = max(failures - 1, 0) where key_hash = ?")
        .bind(key_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn forget_before(conn: &mut SqliteConnection, before: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("delete from sign_in_throttle where last_failure_at < ?").bind(Stamp(before)).execute(conn).await?;
    Ok(())
}
