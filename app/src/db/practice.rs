//! The one practice row.

use crate::domain::practice::NewPractice;
use sqlx::{SqliteConnection, SqlitePool};

pub async fn is_set_up(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    is_set_up_on(&mut conn).await
}

/// The same question inside a transaction, where the answer cannot change before the commit.
pub async fn is_set_up_on(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("select count(*) from practice").fetch_one(conn).await?;
    Ok(count > 0)
}

pub async fn insert(
    conn: &mut SqliteConnection,
    practice: &NewPractice,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into practice (id, name, address, kvk, profile, created_at, updated_at) values (1, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&practice.name)
    .bind(&practice.address)
    .bind(&practice.kvk)
    .bind(practice.profile.code())
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn name(conn: &mut SqliteConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select name from practice where id = 1").fetch_optional(conn).await
}

/// What the practice has set for every device.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PracticeSettings {
    pub name: String,
    pub screen_lock_minutes: u32,
}

pub async fn settings<'e>(on: impl sqlx::SqliteExecutor<'e>) -> Result<PracticeSettings, sqlx::Error> {
    sqlx::query_as("select name, screen_lock_minutes from practice where id = 1").fetch_one(on).await
}

pub async fn set_screen_lock_minutes(
    conn: &mut SqliteConnection,
    minutes: u32,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update practice set screen_lock_minutes = ?, updated_at = ? where id = 1")
        .bind(minutes)
        .bind(super::Stamp(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// The kind of practice chosen at setup: it sets how long dossiers are kept.
pub async fn profile(
    conn: &mut SqliteConnection,
) -> Result<Option<crate::domain::practice::PracticeProfile>, sqlx::Error> {
    let code: Option<String> =
        sqlx::query_scalar("select profile from practice where id = 1").fetch_optional(conn).await?;
    Ok(code.and_then(|code| crate::domain::practice::PracticeProfile::from_code(&code).ok()))
}
