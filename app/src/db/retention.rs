//! Retention: the dates a dossier's term runs from, legal holds, erasure of one client's rows,
//! the tax record kept apart, and the destruction ledger.

use super::Stamp;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// The dates one dossier's term can run from, as stored (UTC timestamps and practice days).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DossierDatesRow {
    pub client_id: String,
    pub first_name: String,
    pub surname: String,
    pub created_at: String,
    /// The latest `performed_on` (a practice day, `YYYY-MM-DD`).
    pub last_treatment_on: Option<String>,
    /// The latest moment something clinical was written: a treatment, a correction of one,
    /// health answers or a photo. Corrections of the client card do not count.
    pub last_clinical_at: Option<String>,
    pub held: bool,
    /// The latest decision to keep it longer: its reason code, review day and when it was made.
    pub keep_longer_reason: Option<String>,
    pub keep_longer_review_on: Option<String>,
    pub keep_longer_decided_at: Option<String>,
}

const DOSSIER_DATES: &str = "
    select c.id as client_id, c.first_name, c.surname, c.created_at,
           (select max(t.performed_on) from treatment t where t.client_id = c.id) as last_treatment_on,
           (select max(at) from (
                select max(t.created_at) as at from treatment t where t.client_id = c.id
                union all
                select max(r.created_at) from treatment_revision r join treatment t on t.id = r.treatment_id
                 where t.client_id = c.id
                union all
                select max(h.created_at) from health_answers h where h.client_id = c.id
                union all
                select max(p.created_at) from photo p where p.client_id = c.id)) as last_clinical_at,
           exists (select 1 from legal_hold h where h.client_id = c.id and h.lifted_at is null) as held,
           k.reason as keep_longer_reason, k.review_on as keep_longer_review_on,
           k.decided_at as keep_longer_decided_at
      from client c
      left join keep_longer k on k.id = (select max(id) from keep_longer where client_id = c.id)";

/// Every dossier's dates: the daily run and the review list decide from these.
pub async fn all_dossier_dates(conn: &mut SqliteConnection) -> Result<Vec<DossierDatesRow>, sqlx::Error> {
    sqlx::query_as(DOSSIER_DATES).fetch_all(conn).await
}

pub async fn dossier_dates(
    conn: &mut SqliteConnection,
    client_id: &str,
) -> Result<Option<DossierDatesRow>, sqlx::Error> {
    sqlx::query_as(&format!("{DOSSIER_DATES} where c.id = ?")).bind(client_id).fetch_optional(conn).await
}

/// The practice's latest retention decision: its term in years and automatic destruction.
pub async fn policy(conn: &mut SqliteConnection) -> Result<Option<(u16, bool)>, sqlx::Error> {
    sqlx::query_as("select years, automatic from retention_policy order by id desc limit 1").fetch_optional(conn).await
}

pub async fn record_policy(
    conn: &mut SqliteConnection,
    years: u16,
    automatic: bool,
    decided_by: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into retention_policy (years, automatic, decided_by, decided_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?)",
    )
    .bind(years)
    .bind(automatic)
    .bind(decided_by)
    .bind(Stamp(now))
    .bind(Stamp(now))
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The owner's note with the latest decision to keep a dossier longer.
pub async fn keep_longer_note(conn: &mut SqliteConnection, client_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select note from keep_longer where client_id = ? order by id desc limit 1")
        .bind(client_id)
        .fetch_optional(conn)
        .await
}

pub struct NewKeepLonger<'a> {
    pub client_id: &'a str,
    pub reason: &'a str,
    pub note: &'a str,
    pub review_on: chrono::NaiveDate,
    pub decided_by: i64,
}

pub async fn record_keep_longer(
    conn: &mut SqliteConnection,
    decision: &NewKeepLonger<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into keep_longer (client_id, reason, note, review_on, decided_by, decided_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(decision.client_id)
    .bind(decision.reason)
    .bind(decision.note)
    .bind(decision.review_on.to_string())
    .bind(decision.decided_by)
    .bind(Stamp(now))
    .bind(Stamp(now))
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HoldRow {
    pub id: i64,
    pub reason: String,
    pub note: String,
    pub placed_by: i64,
    pub placed_at: String,
}

/// The hold in force on a dossier, if any.
pub async fn active_hold(conn: &mut SqliteConnection, client_id: &str) -> Result<Option<HoldRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, reason, note, placed_by, placed_at from legal_hold
          where client_id = ? and lifted_at is null order by id desc limit 1",
    )
    .bind(client_id)
    .fetch_optional(conn)
    .await
}

pub async fn place_hold(
    conn: &mut SqliteConnection,
    client_id: &str,
    reason: &str,
    note: &str,
    placed_by: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into legal_hold (client_id, reason, note, placed_by, placed_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(client_id)
    .bind(reason)
    .bind(note)
    .bind(placed_by)
    .bind(Stamp(now))
    .bind(Stamp(now))
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Lifts the hold in force; false when there was none.
pub async fn lift_hold(
    conn: &mut SqliteConnection,
    client_id: &str,
    lifted_by: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let lifted = sqlx::query(
        "update legal_hold set lifted_by = ?, lifted_at = ?, updated_at = ? where client_id = ? and lifted_at is null",
    )
    .bind(lifted_by)
    .bind(Stamp(now))
    .bind(Stamp(now))
    .bind(client_id)
    .execute(conn)
    .await?;
    Ok(lifted.rows_affected() > 0)
}

/// The treatments a tax record keeps: the day and the kind of each.
pub async fn treatments_given(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as("select performed_on, treatment_type_id from treatment where client_id = ? order by performed_on")
        .bind(client_id)
        .fetch_all(conn)
        .await
}

pub async fn insert_tax_record(
    conn: &mut SqliteConnection,
    id: &str,
    name_sealed: &[u8],
    kept_until: chrono::NaiveDate,
    lines: &[(String, i64)],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into tax_record (id, name_sealed, kept_until, created_at, updated_at) values (?, ?, ?, ?, ?)")
        .bind(id)
        .bind(name_sealed)
        .bind(kept_until.to_string())
        .bind(Stamp(now))
        .bind(Stamp(now))
        .execute(&mut *conn)
        .await?;
    for (given_on, type_id) in lines {
        sqlx::query(
            "insert into tax_record_line (tax_record_id, given_on, treatment_type_id, created_at, updated_at)
             values (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(given_on)
        .bind(type_id)
        .bind(Stamp(now))
        .bind(Stamp(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaxRecordRow {
    pub id: String,
    pub name_sealed: Vec<u8>,
    pub kept_until: String,
}

pub async fn tax_records(conn: &mut SqliteConnection) -> Result<Vec<TaxRecordRow>, sqlx::Error> {
    sqlx::query_as("select id, name_sealed, kept_until from tax_record order by kept_until, id").fetch_all(conn).await
}

/// The lines of a tax record: the day and the name of each treatment's kind.
pub async fn tax_record_lines(conn: &mut SqliteConnection, id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select l.given_on, t.name from tax_record_line l join treatment_type t on t.id = l.treatment_type_id
          where l.tax_record_id = ? order by l.given_on",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// Destroys the tax records whose term ended before `today`; how many.
pub async fn destroy_tax_records_due(
    conn: &mut SqliteConnection,
    today: chrono::NaiveDate,
) -> Result<u64, sqlx::Error> {
    let today = today.to_string();
    sqlx::query("delete from tax_record_line where tax_record_id in (select id from tax_record where kept_until <= ?)")
        .bind(&today)
        .execute(&mut *conn)
        .await?;
    let destroyed = sqlx::query("delete from tax_record where kept_until <= ?").bind(&today).execute(conn).await?;
    Ok(destroyed.rows_affected())
}

/// The sealed kinds of record whose rows an erasure takes away, and their keys as the record
/// chain names them (`db::ledger`).
const SEALED_ROWS_OF_CLIENT: &str = "
    select 'consent_event', cast(id as text) from consent_event where client_id = ?1
    union all select 'consent_signature', id from consent_signature where client_id = ?1
    union all select 'client_revision', client_id || '/' || version from client_revision where client_id = ?1
    union all select 'treatment_revision', r.treatment_id || '/' || r.version
                from treatment_revision r join treatment t on t.id = r.treatment_id where t.client_id = ?1
    union all select 'health_answers', cast(id as text) from health_answers where client_id = ?1";

/// Deletes every row of one client's dossier, in an order the foreign keys allow, under an
/// erasure permit that lets the append-only histories give up exactly these rows. Returns the
/// ids of the photos whose files are to be removed once this commits. The audit entries and
/// the record chain's digests stay.
pub async fn erase_client(
    conn: &mut SqliteConnection,
    client_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("insert into erasure_permit (client_id) values (?)").bind(client_id).execute(&mut *conn).await?;
    sqlx::query(&format!(
        "insert or ignore into erased_record (record_table, record_key, erased_at)
         select sealed.*, ?2 from ({SEALED_ROWS_OF_CLIENT}) as sealed"
    ))
    .bind(client_id)
    .bind(Stamp(now))
    .execute(&mut *conn)
    .await?;
    let photos: Vec<String> =
        sqlx::query_scalar("select id from photo where client_id = ?").bind(client_id).fetch_all(&mut *conn).await?;
    for statement in [
        "delete from photo where client_id = ?1",
        "delete from health_answers where client_id = ?1",
        "delete from treatment_revision where treatment_id in (select id from treatment where client_id = ?1)",
        "delete from treatment where client_id = ?1",
        "delete from consent_event where client_id = ?1",
        "delete from consent_signature where client_id = ?1",
        "update session set handover_id = null
          where handover_id in (select id from signing_session where client_id = ?1)",
        "delete from signing_session where client_id = ?1",
        "delete from client_revision where client_id = ?1",
        "delete from client_name_prefix where client_id = ?1",
        "delete from legal_hold where client_id = ?1",
        "delete from keep_longer where client_id = ?1",
        "delete from client where id = ?1",
        "delete from erasure_permit where client_id = ?1",
    ] {
        sqlx::query(statement).bind(client_id).execute(&mut *conn).await?;
    }
    Ok(photos)
}

/// The marketing consents whose last event (a withdrawal or a refusal) was last used on a
/// practice day: `(client_id, purpose, at)` of that event, for every such consent.
pub async fn ended_marketing_consents(
    conn: &mut SqliteConnection,
    purposes: &[&str],
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let placeholders = vec!["?"; purposes.len()].join(", ");
    let sql = format!(
        "select e.client_id, e.purpose, e.at from consent_event e
          where e.purpose in ({placeholders}) and e.kind in ('withdrawn', 'declined')
            and e.id = (select max(id) from consent_event where client_id = e.client_id and purpose = e.purpose)"
    );
    let mut query = sqlx::query_as(&sql);
    for purpose in purposes {
        query = query.bind(*purpose);
    }
    query.fetch_all(conn).await
}

/// Destroys the proof of one consent of one client: its events and signatures, under the same
/// erasure permit an erasure uses, and marked as erased in the record chain. How many rows.
pub async fn destroy_consent_proof(
    conn: &mut SqliteConnection,
    client_id: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    sqlx::query("insert into erasure_permit (client_id) values (?)").bind(client_id).execute(&mut *conn).await?;
    sqlx::query(
        "insert or ignore into erased_record (record_table, record_key, erased_at)
         select 'consent_event', cast(id as text), ?3 from consent_event where client_id = ?1 and purpose = ?2
         union all
         select 'consent_signature', id, ?3 from consent_signature where client_id = ?1 and purpose = ?2",
    )
    .bind(client_id)
    .bind(purpose)
    .bind(Stamp(now))
    .execute(&mut *conn)
    .await?;
    let mut destroyed = 0;
    for statement in [
        "delete from consent_event where client_id = ?1 and purpose = ?2",
        "delete from consent_signature where client_id = ?1 and purpose = ?2",
    ] {
        destroyed += sqlx::query(statement).bind(client_id).bind(purpose).execute(&mut *conn).await?.rows_affected();
    }
    sqlx::query("delete from erasure_permit where client_id = ?").bind(client_id).execute(conn).await?;
    Ok(destroyed)
}

/// One line of the destruction ledger.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DestructionRow {
    pub client_id: String,
    pub destroyed_at: String,
    pub reason: String,
    pub ground: Option<String>,
    pub approved_by: Option<i64>,
    pub tax_record_id: Option<String>,
    pub photo_files: i64,
}

pub async fn record_destruction(
    conn: &mut SqliteConnection,
    row: &DestructionRow,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into destruction (client_id, destroyed_at, reason, ground, approved_by, method, tax_record_id,
                                  photo_files, created_at, updated_at)
         values (?, ?, ?, ?, ?, 'deleted', ?, ?, ?, ?)",
    )
    .bind(&row.client_id)
    .bind(&row.destroyed_at)
    .bind(&row.reason)
    .bind(&row.ground)
    .bind(row.approved_by)
    .bind(&row.tax_record_id)
    .bind(row.photo_files)
    .bind(Stamp(now))
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The ledger, newest first.
pub async fn destructions(conn: &mut SqliteConnection) -> Result<Vec<DestructionRow>, sqlx::Error> {
    sqlx::query_as(
        "select client_id, destroyed_at, reason, ground, approved_by, tax_record_id, photo_files
           from destruction order by id desc",
    )
    .fetch_all(conn)
    .await
}

pub async fn client_exists(conn: &mut SqliteConnection, client_id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select exists (select 1 from client where id = ?)").bind(client_id).fetch_one(conn).await
}

pub async fn has_run_on(conn: &mut SqliteConnection, day: chrono::NaiveDate) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("select exists (select 1 from retention_run where day = ?)")
        .bind(day.to_string())
        .fetch_one(conn)
        .await
}

pub async fn record_run(
    conn: &mut SqliteConnection,
    day: chrono::NaiveDate,
    due: u32,
    tax_records_destroyed: u64,
    cleaned: u64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into retention_run (day, ran_at, due, tax_records_destroyed, cleaned, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(day.to_string())
    .bind(Stamp(now))
    .bind(due)
    .bind(i64::try_from(tax_records_destroyed).unwrap_or(i64::MAX))
    .bind(i64::try_from(cleaned).unwrap_or(i64::MAX))
    .bind(Stamp(now))
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// What the sign-in and team tables no longer need: waiting sign-ins and invitations past their
/// time, sessions ended long ago, throttle counts older than a day. How many rows went.
pub async fn clean_expired_access_rows(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let now_stamp = super::timestamp(now);
    let day_ago = super::timestamp(now - chrono::Duration::days(1));
    let mut cleaned = 0;
    for (statement, at) in [
        ("delete from sign_in_pending where expires_at <= ?", &now_stamp),
        ("delete from session where expires_at <= ?", &now_stamp),
        ("delete from sign_in_throttle where last_failure_at <= ?", &day_ago),
    ] {
        cleaned += sqlx::query(statement).bind(at).execute(&mut *conn).await?.rows_affected();
    }
    Ok(cleaned)
}
