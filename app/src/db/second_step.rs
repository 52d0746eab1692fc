//! Second steps of signing in: each account's sealed TOTP secret and the newest step a code was
//! accepted for, its recovery codes (hashed), and sign-ins waiting for their second step.

use super::Stamp;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

#[derive(sqlx::FromRow)]
pub struct SecondStepRow {
    pub secret_sealed: Vec<u8>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: i64,
}

pub async fn find(conn: &mut SqliteConnection, user_id: i64) -> Result<Option<SecondStepRow>, sqlx::Error> {
    sqlx::query_as("select secret_sealed, confirmed_at, last_step from staff_second_step where staff_user_id = ?")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// A new secret being set up, in place of an unconfirmed one.
pub async fn begin_setup(
    conn: &mut SqliteConnection,
    user_id: i64,
    secret_sealed: &[u8],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into staff_second_step (staff_user_id, secret_sealed, created_at) values (?1, ?2, ?3)
         on conflict (staff_user_id) do update set secret_sealed = ?2, created_at = ?3, confirmed_at = null, last_step = 0
         where confirmed_at is null",
    )
    .bind(user_id)
    .bind(secret_sealed)
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes the code of time step `step`: false when a code of that step or a newer one was
/// taken before (a replay), so the same code never opens two sign-ins. `confirm` sets the
/// secret up with it.
pub async fn take_step(
    conn: &mut SqliteConnection,
    user_id: i64,
    step: i64,
    confirm: Option<DateTime<Utc>>,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "update staff_second_step set last_step = ?1, confirmed_at = coalesce(confirmed_at, ?2)
         where staff_user_id = ?3 and last_step < ?1 and (confirmed_at is not null or ?2 is not null)",
    )
    .bind(step)
    .bind(confirm.map(Stamp))
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Removes the second step and the recovery codes: the next sign-in sets up a new one.
pub async fn remove(conn: &mut SqliteConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    let removed =
        sqlx::query("delete from staff_second_step where staff_user_id = ?").bind(user_id).execute(&mut *conn).await?;
    sqlx::query("delete from staff_recovery_code where staff_user_id = ?").bind(user_id).execute(&mut *conn).await?;
    Ok(removed.rows_affected() == 1)
}

pub async fn replace_recovery_codes(
    conn: &mut SqliteConnection,
    user_id: i64,
    code_hashes: &[String],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from staff_recovery_code where staff_user_id = ?").bind(user_id).execute(&mut *conn).await?;
    for hash in code_hashes {
        sqlx::query("insert into staff_recovery_code (staff_user_id, code_hash, created_at) values (?, ?, ?)")
            .bind(user_id)
            .bind(hash)
            .bind(Stamp(now))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses up one recovery code: false when it is unknown or was used before.
pub async fn use_recovery_code(
    conn: &mut SqliteConnection,
    user_id: i64,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let used = sqlx::query(
        "update staff_recovery_code set used_at = ? where staff_user_id = ? and code_hash = ? and used_at is null",
    )
    .bind(Stamp(now))
    .bind(user_id)
    .bind(code_hash)
    .execute(conn)
    .await?;
    Ok(used.rows_affected() == 1)
}

pub async fn recovery_codes_left(conn: &mut SqliteConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from staff_recovery_code where staff_user_id = ? and used_at is null")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

#[derive(sqlx::FromRow)]
pub struct PendingRow {
    pub staff_user_id: i64,
    pub wrong_codes: i64,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_pending(
    conn: &mut SqliteConnection,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Several may wait for one account (phone and tablet at once); the expired ones go.
    sqlx::query("delete from sign_in_pending where expires_at <= ?").bind(Stamp(now)).execute(&mut *conn).await?;
    sqlx::query("insert into sign_in_pending (token_hash, staff_user_id, created_at, expires_at) values (?, ?, ?, ?)")
        .bind(token_hash)
        .bind(user_id)
        .bind(Stamp(now))
        .bind(Stamp(expires_at))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn pending(conn: &mut SqliteConnection, token_hash: &str) -> Result<Option<PendingRow>, sqlx::Error> {
    sqlx::query_as(
        "select p.staff_user_id, p.wrong_codes, p.expires_at from sign_in_pending p
         join staff_user u on u.id = p.staff_user_id where p.token_hash = ? and u.disabled_at is null",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

/// Counts a wrong code against the waiting sign-in; returns how many it has had.
pub async fn count_wrong_code(conn: &mut SqliteConnection, token_hash: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "update sign_in_pending set wrong_codes = wrong_codes + 1 where token_hash = ? returning wrong_codes",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
    .map(Option::unwrap_or_default)
}

pub async fn delete_pending(conn: &mut SqliteConnection, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("delete from sign_in_pending where token_hash = ?").bind(token_hash).execute(conn).await?;
    Ok(())
}

pub async fn delete_pending_of(conn: &mut SqliteConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from sign_in_pending where staff_user_id = ?").bind(user_id).execute(conn).await?;
    Ok(())
}
