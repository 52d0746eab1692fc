//! Storage, on the server only: SQL and nothing else. Each function works on the connection it
//! is given (a unit of work's transaction) and returns rows or domain types.

pub mod audit;
pub mod client;
pub mod consent;
pub mod ledger;
pub mod photo;
pub mod practice;
pub mod revision;
pub mod session;
pub mod treatment;
pub mod user;

use sqlx::{Sqlite, SqlitePool, Transaction};

/// A write transaction that takes the write lock at once. SQLite would otherwise start a deferred
/// transaction that fails with SQLITE_BUSY when two requests upgrade to writing together.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("begin immediate").await
}

/// A time as the hash-chained records store it (and hash it): RFC 3339 in UTC, to the microsecond.
pub fn timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
