//! Correction history. Every version of a dossier or a treatment is its own row, which triggers
//! keep from being changed or deleted: a correction adds a row and overwrites nothing.

use crate::domain::integrity::SealedRecords;
use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Serialize};
use sqlx::SqliteConnection;

/// The records that keep their history, each in its own revision table.
#[derive(Debug, Clone, Copy)]
pub enum History {
    Client,
    Treatment,
}

impl History {
    /// The revision table and the column naming the record a row is a version of.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            History::Client => ("client_revision", "client_id"),
            History::Treatment => ("treatment_revision", "treatment_id"),
        }
    }

    /// Selects one client's revisions: the dossier's own, or those of the client's treatments.
    fn of_client(self) -> &'static str {
        match self {
            History::Client => "r.client_id = ?",
            History::Treatment => "r.treatment_id in (select id from treatment where client_id = ?)",
        }
    }
}

/// One stored version, for the history shown on the dossier.
#[derive(Debug, Clone)]
pub struct Revision<T> {
    /// The dossier or treatment this is a version of.
    pub record_id: String,
    pub version: i64,
    pub details: T,
    pub reason: Option<String>,
    pub changed_by: String,
    pub created_at: DateTime<Utc>,
}

/// Who made a version, and when.
#[derive(Clone, Copy, Debug)]
pub struct MadeBy {
    pub user_id: i64,
    pub at: DateTime<Utc>,
}

/// Stores `details` as version `version` of the record, and seals it.
pub async fn append<T: Serialize>(
    conn: &mut SqliteConnection,
    history: History,
    record_id: &str,
    version: i64,
    details: &T,
    reason: Option<&str>,
    made: MadeBy,
) -> Result<(), sqlx::Error> {
    let version = Version { history, record_id, number: version, details, reason, made };
    append_after(conn, sqlx::QueryBuilder::new(""), version).await
}

/// One version of a record, to store.
pub struct Version<'a, T> {
    pub history: History,
    pub record_id: &'a str,
    pub number: i64,
    pub details: &'a T,
    pub reason: Option<&'a str>,
    pub made: MadeBy,
}

/// Stores a version of a record after `before`, the statements of the same write that change
/// the record itself, and seals it. They go to the connection's thread in one round trip with
/// the version's insert (each round trip is one the writer's turn waits for).
pub async fn append_after<'q, T: Serialize>(
    conn: &mut SqliteConnection,
    mut before: sqlx::QueryBuilder<'q, sqlx::Sqlite>,
    version: Version<'q, T>,
) -> Result<(), sqlx::Error> {
    let Version { history, record_id, number, details, reason, made: MadeBy { user_id, at: now } } = version;
    let (table, key) = history.table();
    let sealed = match history {
        History::Client => SealedRecords::ClientRevision,
        History::Treatment => SealedRecords::TreatmentRevision,
    };
    let json = serde_json::to_string(details).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    if !before.sql().is_empty() {
        before.push("; ");
    }
    before.push(format_args!(
        "insert into {table} ({key}, version, details, reason, changed_by, created_at, updated_at) "
    ));
    before.push_values([json], |mut row, json| {
        row.push_bind(record_id)
            .push_bind(number)
            .push_bind(json)
            .push_bind(reason)
            .push_bind(user_id)
            .push_bind(super::Stamp(now))
            .push_bind(super::Stamp(now));
    });
    before.push(super::ledger::returning_seal(sealed));
    let to_seal = before.build_query_as().fetch_one(&mut *conn).await?;
    super::ledger::seal(conn, sealed, to_seal, now).await
}

/// Every version of the client's records, grouped by record, oldest first.
pub async fn for_client<T: DeserializeOwned>(
    conn: &mut SqliteConnection,
    history: History,
    client_id: &str,
) -> Result<Vec<Revision<T>>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        record_id: String,
        version: i64,
        details: String,
        reason: Option<String>,
        changed_by: String,
        created_at: DateTime<Utc>,
    }
    let (table, key) = history.table();
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select r.{key} as record_id, r.version, r.details, r.reason, u.name as changed_by, r.created_at
         from {table} r join staff_user u on u.id = r.changed_by
         where {} order by r.{key}, r.version",
        history.of_client()
    ))
    .bind(client_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let details = serde_json::from_str(&row.details).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok(Revision {
                record_id: row.record_id,
                version: row.version,
                details,
                reason: row.reason,
                changed_by: row.changed_by,
                created_at: row.created_at,
            })
        })
        .collect()
}
