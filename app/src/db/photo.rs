//! Treatment photos in the database: whose they are, under which consent they were taken, and
//! whether they wait to be deleted. The files themselves are `crate::media::photo_store`.

use crate::domain::treatment::PhotoMoment;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub treatment_id: &'a str,
    pub moment: PhotoMoment,
    pub width: u32,
    pub height: u32,
    pub consent_event_id: i64,
    pub uploaded_by: i64,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    photo: NewPhoto<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into photo (id, client_id, treatment_id, moment, width, height, consent_event_id, uploaded_by,
                            created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(photo.id)
    .bind(photo.client_id)
    .bind(photo.treatment_id)
    .bind(photo.moment.code())
    .bind(photo.width)
    .bind(photo.height)
    .bind(photo.consent_event_id)
    .bind(photo.uploaded_by)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: String,
    pub client_id: String,
    pub treatment_id: String,
    pub moment: String,
    pub flagged_for_deletion_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, client_id, treatment_id, moment, flagged_for_deletion_at, created_at from photo where id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn for_client(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, client_id, treatment_id, moment, flagged_for_deletion_at, created_at
         from photo where client_id = ? order by created_at",
    )
    .bind(client_id)
    .fetch_all(conn)
    .await
}

/// Deletes the row of a photo flagged for deletion; false when there is no such photo. The
/// caller removes the files once the deletion is committed.
pub async fn delete_flagged(conn: &mut SqliteConnection, id: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("delete from photo where id = ? and flagged_for_deletion_at is not null")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Flags every photo of the client for deletion (the photo consent was withdrawn); returns how many.
pub async fn flag_for_deletion(
    conn: &mut SqliteConnection,
    client_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "update photo set flagged_for_deletion_at = ?, updated_at = ?
         where client_id = ? and flagged_for_deletion_at is null",
    )
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(client_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected())
}
