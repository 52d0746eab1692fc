//! The one practice row.

use crate::domain::practice::NewPractice;
use sqlx::{SqliteConnection, SqlitePool};

pub async fn is_set_up(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("select count(*) from practice").fetch_one(pool).await?;
    Ok(count > 0)
}

pub async fn insert(conn: &mut SqliteConnection, practice: &NewPractice) -> Result<(), sqlx::Error> {
    let now = super::now();
    sqlx::query(
        "insert into practice (id, name, address, kvk, profile, created_at, updated_at) values (1, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&practice.name)
    .bind(&practice.address)
    .bind(&practice.kvk)
    .bind(practice.profile.code())
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn name(pool: &SqlitePool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select name from practice where id = 1").fetch_optional(pool).await
}
