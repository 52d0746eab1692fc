//! The append-only, hash-chained audit log (REQ-48). Rows are only ever inserted (triggers refuse
//! UPDATE and DELETE); each row's hash covers its content and the previous row's hash. Rows are
//! written through the unit of work (`service::Work`), which will not commit a dossier's use case
//! without its entry.

use super::ledger::{self, hash_parts, GENESIS};
use super::writer::WriteTx;
use crate::domain::audit::{Actor, AuditAction, AuditDetail};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use std::sync::Mutex;

/// Rows written before actors and typed details: their detail is short text and their hash
/// covers a staff id. Rows of format 2 hold an actor and a JSON detail.
const FORMAT_TEXT: i64 = 1;
const FORMAT_TYPED: i64 = 2;

/// One entry to append.
pub struct NewEntry<'a> {
    pub action: AuditAction,
    pub actor: &'a Actor,
    pub client_id: Option<&'a str>,
    pub detail: Option<&'a AuditDetail>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// An entry that owns its fields, to be sent to the [`super::batched::Batched`] queue.
#[derive(Debug)]
pub struct OwnedEntry {
    pub action: AuditAction,
    pub actor: Actor,
    pub client_id: Option<String>,
    pub detail: Option<AuditDetail>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub at: DateTime<Utc>,
}

impl OwnedEntry {
    pub(super) fn borrowed(&self) -> NewEntry<'_> {
        NewEntry {
            action: self.action,
            actor: &self.actor,
            client_id: self.client_id.as_deref(),
            detail: self.detail.as_ref(),
            ip: self.ip.as_deref(),
            user_agent: self.user_agent.as_deref(),
            at: self.at,
        }
    }
}

/// A row's fields as its hash reads them: text exactly as stored.
struct ChainFields<'a> {
    format: i64,
    user_id: Option<i64>,
    actor_kind: Option<&'a str>,
    actor_ref: Option<&'a str>,
    client_id: Option<&'a str>,
    action: &'a str,
    detail: Option<&'a str>,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
}

fn chain_hash(prev: &str, at: &str, row: &ChainFields<'_>) -> String {
    let user_id = row.user_id.map(|id| id.to_string()).unwrap_or_default();
    match row.format {
        FORMAT_TEXT => hash_parts(&[
            prev,
            at,
            &user_id,
            row.client_id.unwrap_or_default(),
            row.action,
            row.detail.unwrap_or_default(),
            row.ip.unwrap_or_default(),
            row.user_agent.unwrap_or_default(),
        ]),
        format => hash_parts(&[
            prev,
            at,
            &format.to_string(),
            row.actor_kind.unwrap_or_default(),
            row.actor_ref.unwrap_or_default(),
            &user_id,
            row.client_id.unwrap_or_default(),
            row.action,
            row.detail.unwrap_or_default(),
            row.ip.unwrap_or_default(),
            row.user_agent.unwrap_or_default(),
        ]),
    }
}

/// Appends entries, in order, inside the caller's write transaction, so the entries and the
/// change they describe are committed together or not at all. The chain's end is read once,
/// every link is hashed here, the rows go in as one statement and the head moves once. Each
/// entry gets the next id explicitly (a clash fails the whole append). The clients a list names
/// are filed later, by [`file_names_listed`].
pub async fn append(conn: &mut SqliteConnection, entries: &[NewEntry<'_>]) -> Result<(), sqlx::Error> {
    if entries.is_empty() {
        return Ok(());
    }
    let end = last_entry(conn).await?;
    append_after(conn, end, entries).await
}

/// [`append`] as the last step of a write on the writer, which it then commits: the turn read
/// where the log ended as it began (in the same round trip as its savepoint), and the entries'
/// insert goes with the savepoint's release. Two round trips to the connection's thread fewer
/// than reading the end, appending and committing one after the other.
pub async fn append_and_commit(mut tx: WriteTx, entries: &[NewEntry<'_>]) -> Result<(), sqlx::Error> {
    let Some(last) = entries.last() else { return tx.commit().await };
    let end = match tx.take_log_end() {
        Some(end) => end,
        None => last_entry(&mut tx).await?,
    };
    let rows = linked(end, entries);
    let mut inserts = inserts(&rows, last.at);
    let last_insert = inserts.pop().expect("at least one entry, so at least one insert");
    for mut insert in inserts {
        insert.build().execute(&mut *tx).await?;
    }
    tx.commit_after(last_insert).await
}

async fn last_entry(conn: &mut SqliteConnection) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("select id, hash from audit_event order by id desc limit 1").fetch_optional(conn).await
}

/// Appends `entries` after the log's last entry `end` (id and hash; none for an empty log).
async fn append_after(
    conn: &mut SqliteConnection,
    end: Option<(i64, String)>,
    entries: &[NewEntry<'_>],
) -> Result<(), sqlx::Error> {
    let Some(last) = entries.last() else { return Ok(()) };
    let rows = linked(end, entries);
    for mut insert in inserts(&rows, last.at) {
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The entries as links of the chain after `end`, each with the next id.
fn linked<'a>(end: Option<(i64, String)>, entries: &'a [NewEntry<'a>]) -> Vec<StoredLink<'a>> {
    let (mut id, mut prev) = end.unwrap_or_else(|| (0, GENESIS.to_owned()));
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        id += 1;
        let row = StoredLink::new(id, entry, prev);
        prev = row.hash.clone();
        rows.push(row);
    }
    rows
}

/// The statements that insert `rows` (not empty), the last of them moving the chain's head to
/// the last row.
fn inserts<'q>(rows: &'q [StoredLink<'q>], at: DateTime<Utc>) -> Vec<sqlx::QueryBuilder<'q, sqlx::Sqlite>> {
    let head = &rows.last().expect("rows to insert").hash;
    // SQLite binds at most 32,766 values in one statement; 15 a row.
    let mut statements: Vec<_> = rows
        .chunks(1000)
        .map(|chunk| {
            let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "insert into audit_event (id, at, format, actor_kind, actor_ref, user_id, client_id, action, detail, ip,
                                          user_agent, prev_hash, hash, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut values, row| {
                values
                    .push_bind(row.id)
                    .push_bind(&row.at)
                    .push_bind(FORMAT_TYPED)
                    .push_bind(row.actor_kind)
                    .push_bind(&row.actor_ref)
                    .push_bind(row.user_id)
                    .push_bind(row.client_id)
                    .push_bind(row.action)
                    .push_bind(&row.detail)
                    .push_bind(row.ip)
                    .push_bind(row.user_agent)
                    .push_bind(&row.prev_hash)
                    .push_bind(&row.hash)
                    .push_bind(&row.at)
                    .push_bind(&row.at);
            });
            insert
        })
        .collect();
    if let Some(last) = statements.last_mut() {
        ledger::push_advance_head(last, ledger::Chain::Audit, rows.len() as i64, head, at);
    }
    statements
}

/// One row to insert, with its place in the chain.
struct StoredLink<'a> {
    id: i64,
    at: String,
    actor_kind: &'static str,
    actor_ref: Option<String>,
    user_id: Option<i64>,
    client_id: Option<&'a str>,
    action: &'static str,
    detail: Option<String>,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
    prev_hash: String,
    hash: String,
}

impl<'a> StoredLink<'a> {
    fn new(id: i64, entry: &NewEntry<'a>, prev_hash: String) -> Self {
        // The time is hashed exactly as stored, so verification reads the same text back.
        let at = super::timestamp(entry.at);
        let actor_ref = entry.actor.reference();
        let detail = entry.detail.map(AuditDetail::to_stored);
        let fields = ChainFields {
            format: FORMAT_TYPED,
            user_id: entry.actor.staff_id(),
            actor_kind: Some(entry.actor.kind().code()),
            actor_ref: actor_ref.as_deref(),
            client_id: entry.client_id,
            action: entry.action.code(),
            detail: detail.as_deref(),
            ip: entry.ip,
            user_agent: entry.user_agent,
        };
        let hash = chain_hash(&prev_hash, &at, &fields);
        Self {
            id,
            actor_kind: entry.actor.kind().code(),
            user_id: entry.actor.staff_id(),
            client_id: entry.client_id,
            action: entry.action.code(),
            ip: entry.ip,
            user_agent: entry.user_agent,
            at,
            actor_ref,
            detail,
            prev_hash,
            hash,
        }
    }
}

/// How many entries one filing commit reads at most: half of them a list's, of up to 50 names.
/// A request that arrives meanwhile waits for that one commit (a few milliseconds), not for all.
const ENTRIES_PER_FILING: i64 = 20;

/// A budget for [`file_names_listed`] that files everything there is (at start, and in tests).
pub const UNTIL_ALL_FILED: std::time::Duration = std::time::Duration::MAX;

/// Files under each client the lists her name was on, for the entries not filed yet: on the
/// writer, shortly after the entries were committed, a few at a time. One row per name lands on
/// as many pages as there are names; filed apart from the entry, no request waits for them, and
/// sorted, each page is written once for the rows that land on it. It stops when all are filed
/// or when it has worked `budget` long, so that under a rush it leaves the writer to requests
/// and catches up afterwards.
pub async fn file_names_listed(
    writer: &super::writer::Writer,
    budget: std::time::Duration,
) -> Result<Filed, sqlx::Error> {
    let started = std::time::Instant::now();
    let mut filed = Filed { names: 0, caught_up: false };
    loop {
        let more = file_a_few_names_listed(writer).await?;
        filed.names += more.names;
        filed.caught_up = more.caught_up;
        if filed.caught_up || started.elapsed() >= budget {
            return Ok(filed);
        }
    }
}

/// Files the names of the next few entries not filed yet, in one commit of its own.
pub async fn file_a_few_names_listed(writer: &super::writer::Writer) -> Result<Filed, sqlx::Error> {
    let mut tx = writer.begin().await?;
    let (names, caught_up) = file_some_names_listed(&mut tx).await?;
    tx.commit().await?;
    Ok(Filed { names, caught_up })
}

/// What one filing did: how many names it filed, and whether no entry is left unfiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filed {
    pub names: usize,
    pub caught_up: bool,
}

/// Files the names of up to [`ENTRIES_PER_FILING`] entries after the mark and moves the mark past
/// them; says how many names, and whether no entry was left after them.
async fn file_some_names_listed(conn: &mut SqliteConnection) -> Result<(usize, bool), sqlx::Error> {
    let filed_up_to: i64 =
        sqlx::query_scalar("select up_to_event_id from audit_names_filed").fetch_one(&mut *conn).await?;
    let entries: Vec<(i64, i64, Option<String>)> =
        sqlx::query_as("select id, format, detail from audit_event where id > ? order by id limit ?")
            .bind(filed_up_to)
            .bind(ENTRIES_PER_FILING)
            .fetch_all(&mut *conn)
            .await?;
    let Some(&(last_id, ..)) = entries.last() else { return Ok((0, true)) };
    let mut names: Vec<(String, i64)> = entries
        .iter()
        .flat_map(|(id, format, detail)| {
            clients_listed(*format, detail.as_deref()).into_iter().map(move |client| (client, *id))
        })
        .collect();
    // In key order, each page of the table is written once for all the rows that land on it.
    names.sort_unstable();
    // A list shows one client once. An entry altered to name one twice (which the chain check
    // reports) must not stop the filing of every entry after it.
    names.dedup();
    // SQLite binds at most 32,766 values.
    for chunk in names.chunks(10_000) {
        let mut insert =
            sqlx::QueryBuilder::<sqlx::Sqlite>::new("insert or ignore into audit_name_listed (client_id, event_id) ");
        insert.push_values(chunk, |mut values, (client_id, event_id)| {
            values.push_bind(client_id).push_bind(*event_id);
        });
        insert.build().execute(&mut *conn).await?;
    }
    sqlx::query("update audit_names_filed set up_to_event_id = ?").bind(last_id).execute(&mut *conn).await?;
    Ok((names.len(), (entries.len() as i64) < ENTRIES_PER_FILING))
}

/// The clients a stored entry lists, when it is a list's entry that names them.
fn clients_listed(format: i64, detail: Option<&str>) -> Vec<String> {
    match (format, detail.and_then(AuditDetail::from_stored)) {
        (FORMAT_TYPED, Some(AuditDetail::Listed { clients, .. })) => clients,
        _ => Vec::new(),
    }
}

/// One line of the audit log as stored: codes, rendered by whoever reads it.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// The staff member's name, when a staff member acted.
    pub staff_name: Option<String>,
    pub action: String,
    pub detail: StoredDetail,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A detail as it was written: typed since format 2, short text before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredDetail {
    None,
    Typed(AuditDetail),
    /// Format 1, or a typed detail this version cannot read.
    Text(String),
}

#[derive(sqlx::FromRow)]
struct ReadRow {
    id: i64,
    at: DateTime<Utc>,
    format: i64,
    actor_kind: Option<String>,
    actor_ref: Option<String>,
    user_id: Option<i64>,
    staff_name: Option<String>,
    action: String,
    detail: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
}

impl From<ReadRow> for AuditRow {
    fn from(row: ReadRow) -> Self {
        let detail = match (row.format, row.detail) {
            (_, None) => StoredDetail::None,
            (FORMAT_TEXT, Some(text)) => StoredDetail::Text(text),
            (_, Some(stored)) => match AuditDetail::from_stored(&stored) {
                Some(typed) => StoredDetail::Typed(typed),
                None => StoredDetail::Text(stored),
            },
        };
        AuditRow {
            id: row.id,
            at: row.at,
            actor: Actor::from_stored(row.actor_kind.as_deref(), row.actor_ref.as_deref(), row.user_id),
            staff_name: row.staff_name,
            action: row.action,
            detail,
            ip: row.ip,
            user_agent: row.user_agent,
        }
    }
}

/// A client's own log, newest first: the entries about her dossier and the lists her name was on,
/// filed or (the last minute's at most) not yet filed.
pub async fn for_client(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    // A detail that is not JSON (altered by hand) lists no one here; the chain check reports it.
    let rows: Vec<ReadRow> = sqlx::query_as(
        "select a.id, a.at, a.format, a.actor_kind, a.actor_ref, a.user_id, u.name as staff_name, a.action, a.detail,
                a.ip, a.user_agent
         from audit_event a left join staff_user u on u.id = a.user_id
         where a.id in (select id from audit_event where client_id = ?1
                        union all select event_id from audit_name_listed where client_id = ?1
                        union all select unfiled.id
                          from audit_event unfiled,
                               json_each(case when unfiled.format = ?3 and json_valid(unfiled.detail)
                                              then unfiled.detail else '{}' end, '$.clients') listed
                          where unfiled.id > (select up_to_event_id from audit_names_filed)
                            and unfiled.action = ?2 and listed.value = ?1)
         order by a.id desc limit 1000",
    )
    .bind(client_id)
    .bind(AuditAction::NameListed.code())
    .bind(FORMAT_TYPED)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(AuditRow::from).collect())
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    id: i64,
    at: String,
    format: i64,
    actor_kind: Option<String>,
    actor_ref: Option<String>,
    user_id: Option<i64>,
    client_id: Option<String>,
    action: String,
    detail: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
    prev_hash: String,
    hash: String,
}

/// What walking the audit chain found: whether every link follows on from the one before, and
/// where the chain ends (to compare with its stored head).
pub struct ChainWalk {
    pub links_intact: bool,
    pub length: i64,
    pub last_hash: Option<String>,
    /// How many rows this walk read: after a checkpoint, only those written since.
    pub rows_read: i64,
}

/// How far the audit chain was last found intact. The server walks the whole chain when it
/// starts; after that each check reads only what was written since, instead of the whole log
/// on every view of the audit page. It lives in memory only: a checkpoint stored beside the
/// log could be moved by whoever alters the log.
#[derive(Debug, Default)]
pub struct AuditCheckpoint(Mutex<Option<VerifiedUpTo>>);

#[derive(Debug, Clone)]
struct VerifiedUpTo {
    id: i64,
    hash: String,
    length: i64,
}

impl AuditCheckpoint {
    fn get(&self) -> Option<VerifiedUpTo> {
        self.0.lock().ok().and_then(|guard| guard.clone())
    }

    fn set(&self, verified: Option<VerifiedUpTo>) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = verified;
        }
    }
}

/// Walks the chain from the checkpoint (or from the start), and moves the checkpoint up to the
/// last entry whose names are filed (see [`file_names_listed`]) when every link holds. Its links break when any row was altered, removed or inserted out
/// of order. A tail cut off the end still links up: [`ledger::check`] compares it with the head.
pub async fn walk_chain(conn: &mut SqliteConnection, checkpoint: &AuditCheckpoint) -> Result<ChainWalk, sqlx::Error> {
    let mut start = checkpoint.get();
    if let Some(verified) = &start {
        // The row the checkpoint stands on must still be there as it was; otherwise read it all.
        let hash: Option<String> = sqlx::query_scalar("select hash from audit_event where id = ?")
            .bind(verified.id)
            .fetch_optional(&mut *conn)
            .await?;
        if hash.as_deref() != Some(verified.hash.as_str()) {
            start = None;
        }
    }
    let (after_id, mut prev, mut length) = match &start {
        Some(verified) => (verified.id, verified.hash.clone(), verified.length),
        None => (0, GENESIS.to_owned(), 0),
    };
    let names_filed_up_to: i64 =
        sqlx::query_scalar("select up_to_event_id from audit_names_filed").fetch_one(&mut *conn).await?;
    let rows: Vec<StoredRow> = sqlx::query_as(
        "select id, at, format, actor_kind, actor_ref, user_id, client_id, action, detail, ip, user_agent, prev_hash, hash
         from audit_event where id > ? order by id",
    )
    .bind(after_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut links_intact = true;
    let mut names_listed: Vec<(String, i64)> = Vec::new();
    // The next walk starts at the last row whose names are filed, so the names of the rows after
    // it are checked once they are.
    let mut next_start = start.clone();
    for row in &rows {
        let names_filed = row.id <= names_filed_up_to;
        if names_filed {
            names_listed.extend(clients_listed(row.format, row.detail.as_deref()).into_iter().map(|c| (c, row.id)));
        }
        let fields = ChainFields {
            format: row.format,
            user_id: row.user_id,
            actor_kind: row.actor_kind.as_deref(),
            actor_ref: row.actor_ref.as_deref(),
            client_id: row.client_id.as_deref(),
            action: &row.action,
            detail: row.detail.as_deref(),
            ip: row.ip.as_deref(),
            user_agent: row.user_agent.as_deref(),
        };
        links_intact &= row.prev_hash == prev && chain_hash(&prev, &row.at, &fields) == row.hash;
        prev = row.hash.clone();
        length += 1;
        if names_filed {
            next_start = Some(VerifiedUpTo { id: row.id, hash: prev.clone(), length });
        }
    }
    // The clients' side of the lists must say what the hashed entries say: no name added,
    // dropped or swapped, and none filed for an entry past the mark.
    let mut filed: Vec<(String, i64)> =
        sqlx::query_as("select client_id, event_id from audit_name_listed where event_id > ?")
            .bind(after_id)
            .fetch_all(&mut *conn)
            .await?;
    filed.sort_unstable();
    names_listed.sort_unstable();
    names_listed.dedup();
    links_intact &= filed == names_listed;
    let last_hash = (length > 0).then(|| prev.clone());
    checkpoint.set(if links_intact { next_start } else { None });
    Ok(ChainWalk { links_intact, length, last_hash, rows_read: rows.len() as i64 })
}
