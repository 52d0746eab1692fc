//! Treatment types, AVG-check reminders, treatments with their versions, and health answers.

use super::revision::{self, History};
use crate::domain::integrity::SealedRecords;
use crate::domain::treatment::{HealthAnswers, NewTreatmentType, Pregnancy, TreatmentDetails};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

/// The types a new installation starts with; the owner renames, adds and retires them.
const DEFAULT_TYPES: [(&str, bool); 4] =
    [("Gezichtsbehandeling", false), ("IPL", true), ("Peeling", true), ("Massage", false)];

pub async fn seed_default_types(pool: &SqlitePool, now: chrono::DateTime<chrono::Utc>) -> Result<(), sqlx::Error> {
    let count: i64 = sqlx::query_scalar("select count(*) from treatment_type").fetch_one(pool).await?;
    if count > 0 {
        return Ok(());
    }
    for (name, health) in DEFAULT_TYPES {
        sqlx::query(
            "insert into treatment_type (name, records_health_data, created_at, updated_at) values (?, ?, ?, ?)",
        )
        .bind(name)
        .bind(health)
        .bind(super::Stamp(now))
        .bind(super::Stamp(now))
        .execute(pool)
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TypeRow {
    pub id: i64,
    pub name: String,
    pub records_health_data: bool,
    pub active: bool,
    pub first_used_at: Option<DateTime<Utc>>,
}

pub async fn types(conn: &mut SqliteConnection) -> Result<Vec<TypeRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, name, records_health_data, active, first_used_at from treatment_type order by active desc, name",
    )
    .fetch_all(conn)
    .await
}

pub async fn type_by_id(conn: &mut SqliteConnection, id: i64) -> Result<Option<TypeRow>, sqlx::Error> {
    sqlx::query_as("select id, name, records_health_data, active, first_used_at from treatment_type where id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Whether another type already has this name (names are compared without case).
pub async fn type_name_taken(
    conn: &mut SqliteConnection,
    name: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("select count(*) from treatment_type where name = ? and id is not ?")
        .bind(name)
        .bind(except)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

pub async fn insert_type(
    conn: &mut SqliteConnection,
    new: &NewTreatmentType,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, sqlx::Error> {
    let result = sqlx::query(
        "insert into treatment_type (name, records_health_data, created_by, created_at, updated_at)
         values (?, ?, ?, ?, ?)",
    )
    .bind(&new.name)
    .bind(new.records_health_data)
    .bind(user_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(result.last_insert_rowid())
}

/// Renames a type and sets whether it records health data; false when there is no such type.
pub async fn update_type(
    conn: &mut SqliteConnection,
    id: i64,
    kind: &NewTreatmentType,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("update treatment_type set name = ?, records_health_data = ?, updated_at = ? where id = ?")
            .bind(&kind.name)
            .bind(kind.records_health_data)
            .bind(super::Stamp(now))
            .bind(id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn set_type_active(
    conn: &mut SqliteConnection,
    id: i64,
    active: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("update treatment_type set active = ?, updated_at = ? where id = ?")
        .bind(active)
        .bind(super::Stamp(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Marks the type as used; true when this was its first use.
pub async fn mark_type_used(
    conn: &mut SqliteConnection,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "update treatment_type set first_used_at = ?, updated_at = ? where id = ? and first_used_at is null",
    )
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn raise_avg_check(
    conn: &mut SqliteConnection,
    type_id: i64,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into owner_reminder (kind, treatment_type_id, raised_by, raised_at, created_at, updated_at)
         values ('avg_check', ?, ?, ?, ?, ?)",
    )
    .bind(type_id)
    .bind(user_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReminderRow {
    pub id: i64,
    pub type_name: String,
    pub raised_by: String,
    pub raised_at: DateTime<Utc>,
}

pub async fn open_reminders(conn: &mut SqliteConnection) -> Result<Vec<ReminderRow>, sqlx::Error> {
    sqlx::query_as(
        "select r.id, t.name as type_name, u.name as raised_by, r.raised_at
         from owner_reminder r
         join treatment_type t on t.id = r.treatment_type_id
         join staff_user u on u.id = r.raised_by
         where r.resolved_at is null order by r.id",
    )
    .fetch_all(conn)
    .await
}

pub async fn resolve_reminder(
    conn: &mut SqliteConnection,
    id: i64,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "update owner_reminder set resolved_at = ?, resolved_by = ?, updated_at = ? where id = ? and resolved_at is null",
    )
    .bind(super::Stamp(now))
    .bind(user_id)
    .bind(super::Stamp(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// A treatment as stored now, with its type's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TreatmentRow {
    pub id: String,
    pub client_id: String,
    pub treatment_type_id: i64,
    pub type_name: String,
    pub performed_on: NaiveDate,
    pub products: Option<String>,
    pub skin_analysis: Option<String>,
    pub notes: Option<String>,
    pub version: i64,
    pub created_by: String,
}

impl TreatmentRow {
    pub fn details(&self) -> TreatmentDetails {
        TreatmentDetails {
            performed_on: self.performed_on,
            type_id: self.treatment_type_id,
            products: self.products.clone(),
            skin_analysis: self.skin_analysis.clone(),
            notes: self.notes.clone(),
        }
    }
}

const TREATMENT_COLUMNS: &str = "t.id, t.client_id, t.treatment_type_id, y.name as type_name, t.performed_on, \
     t.products, t.skin_analysis, t.notes, t.version, u.name as created_by \
     from treatment t join treatment_type y on y.id = t.treatment_type_id join staff_user u on u.id = t.created_by";

pub async fn insert(
    conn: &mut SqliteConnection,
    client_id: &str,
    details: &TreatmentDetails,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, sqlx::Error> {
    let id = super::new_record_id(now);
    let mut treatment = sqlx::QueryBuilder::new(
        "insert into treatment (id, client_id, treatment_type_id, performed_on, products, skin_analysis, notes,
                                version, created_by, created_at, updated_at) ",
    );
    treatment.push_values([()], |mut row, ()| {
        row.push_bind(&id)
            .push_bind(client_id)
            .push_bind(details.type_id)
            .push_bind(details.performed_on)
            .push_bind(&details.products)
            .push_bind(&details.skin_analysis)
            .push_bind(&details.notes)
            .push_bind(1)
            .push_bind(user_id)
            .push_bind(super::Stamp(now))
            .push_bind(super::Stamp(now));
    });
    let made = revision::MadeBy { user_id, at: now };
    let first =
        revision::Version { history: History::Treatment, record_id: &id, number: 1, details, reason: None, made };
    revision::append_after(conn, treatment, first).await?;
    Ok(id)
}

/// One treatment of one client: a treatment id from another dossier is not found.
pub async fn get(conn: &mut SqliteConnection, client_id: &str, id: &str) -> Result<Option<TreatmentRow>, sqlx::Error> {
    sqlx::query_as(&format!("select {TREATMENT_COLUMNS} where t.id = ? and t.client_id = ?"))
        .bind(id)
        .bind(client_id)
        .fetch_optional(conn)
        .await
}

/// The client's timeline, newest first.
pub async fn for_client(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<TreatmentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {TREATMENT_COLUMNS} where t.client_id = ? order by t.performed_on desc, t.created_at desc"
    ))
    .bind(client_id)
    .fetch_all(conn)
    .await
}

pub enum UpdateOutcome {
    Updated,
    Stale,
}

/// Replaces the current version and appends it to the history, if nobody changed it meanwhile.
pub async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    expected_version: i64,
    details: &TreatmentDetails,
    reason: Option<&str>,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<UpdateOutcome, sqlx::Error> {
    let version = expected_version + 1;
    let result = sqlx::query(
        "update treatment set treatment_type_id = ?, performed_on = ?, products = ?, skin_analysis = ?, notes = ?,
                version = ?, updated_at = ?
         where id = ? and version = ?",
    )
    .bind(details.type_id)
    .bind(details.performed_on)
    .bind(&details.products)
    .bind(&details.skin_analysis)
    .bind(&details.notes)
    .bind(version)
    .bind(super::Stamp(now))
    .bind(id)
    .bind(expected_version)
    .execute(&mut *conn)
    .await?;
    if result.rows_affected() != 1 {
        return Ok(UpdateOutcome::Stale);
    }
    revision::append(conn, History::Treatment, id, version, details, reason, revision::MadeBy { user_id, at: now })
        .await?;
    Ok(UpdateOutcome::Updated)
}

/// The date of the client's most recent treatment: retention counts from here.
pub async fn last_treatment_on(conn: &mut SqliteConnection, client_id: &str) -> Result<Option<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar("select max(performed_on) from treatment where client_id = ?")
        .bind(client_id)
        .fetch_one(conn)
        .await
}

pub async fn insert_health(
    conn: &mut SqliteConnection,
    client_id: &str,
    answers: &HealthAnswers,
    consent_event_id: i64,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let to_seal = sqlx::query_as(&format!(
        "insert into health_answers (client_id, allergies, medication, pregnancy, skin_conditions, consent_event_id,
                                     recorded_by, recorded_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?){}",
        super::ledger::returning_seal(SealedRecords::HealthAnswers)
    ))
    .bind(client_id)
    .bind(&answers.allergies)
    .bind(&answers.medication)
    .bind(answers.pregnancy.code())
    .bind(&answers.skin_conditions)
    .bind(consent_event_id)
    .bind(user_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .fetch_one(&mut *conn)
    .await?;
    super::ledger::seal(conn, SealedRecords::HealthAnswers, to_seal, now).await
}

/// Whether health answers were ever recorded for the client (whatever their consent now).
pub async fn health_recorded_before(conn: &mut SqliteConnection, client_id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select exists (select 1 from health_answers where client_id = ?)")
        .bind(client_id)
        .fetch_one(conn)
        .await
}

pub struct HealthRecord {
    pub answers: HealthAnswers,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// The newest answers, if the questionnaire was ever filled in.
pub async fn latest_health(conn: &mut SqliteConnection, client_id: &str) -> Result<Option<HealthRecord>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        allergies: Option<String>,
        medication: Option<String>,
        pregnancy: String,
        skin_conditions: Option<String>,
        recorded_by: String,
        recorded_at: DateTime<Utc>,
    }
    let row: Option<Row> = sqlx::query_as(
        "select h.allergies, h.medication, h.pregnancy, h.skin_conditions, u.name as recorded_by, h.recorded_at
         from health_answers h join staff_user u on u.id = h.recorded_by
         where h.client_id = ? order by h.id desc limit 1",
    )
    .bind(client_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| HealthRecord {
        answers: HealthAnswers {
            allergies: row.allergies,
            medication: row.medication,
            pregnancy: Pregnancy::from_code(&row.pregnancy).unwrap_or(Pregnancy::Unknown),
            skin_conditions: row.skin_conditions,
        },
        recorded_by: row.recorded_by,
        recorded_at: row.recorded_at,
    }))
}
