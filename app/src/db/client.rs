//! Client dossiers: the current version, every earlier version, and the name-search index.

use super::revision::{self, History};
use crate::domain::client::{Address, ClientDetails};
use crate::domain::search::{name_prefixes, name_tokens, sort_key, spaced_tokens, word_start};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// A client as a list or a search shows them: enough to tell two apart, nothing more.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NameRow {
    pub id: String,
    pub first_name: String,
    pub surname: String,
    pub date_of_birth: chrono::NaiveDate,
}

/// A dossier as stored now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRecord {
    pub id: String,
    pub details: ClientDetails,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    id: String,
    first_name: String,
    initials: Option<String>,
    surname: String,
    date_of_birth: NaiveDate,
    email: Option<String>,
    mobile: Option<String>,
    street: Option<String>,
    house_number: Option<String>,
    postcode: Option<String>,
    city: Option<String>,
    referrer: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<ClientRow> for ClientRecord {
    fn from(row: ClientRow) -> Self {
        let address = match (row.street, row.house_number, row.postcode, row.city) {
            (Some(street), Some(house_number), Some(postcode), Some(city)) => {
                Some(Address { street, house_number, postcode, city })
            }
            _ => None,
        };
        ClientRecord {
            id: row.id,
            details: ClientDetails {
                first_name: row.first_name,
                initials: row.initials,
                surname: row.surname,
                date_of_birth: row.date_of_birth,
                email: row.email,
                mobile: row.mobile,
                address,
                referrer: row.referrer,
            },
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// Creates a dossier with its first revision and search tokens; returns its id (see
/// [`super::new_record_id`]).
pub async fn insert(
    conn: &mut SqliteConnection,
    details: &ClientDetails,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, sqlx::Error> {
    let id = super::new_record_id(now);
    let mut statements = sqlx::QueryBuilder::new(format!(
        "insert into client (id, {DETAIL_COLUMNS}, version, created_by, created_at, updated_at) "
    ));
    statements.push_values([()], |mut row, ()| {
        row.push_bind(&id);
        push_details(&mut row, details);
        row.push_bind(1).push_bind(user_id).push_bind(super::Stamp(now)).push_bind(super::Stamp(now));
    });
    push_name_rows(&mut statements, &id, details);
    let made = revision::MadeBy { user_id, at: now };
    let first = revision::Version { history: History::Client, record_id: &id, number: 1, details, reason: None, made };
    revision::append_after(conn, statements, first).await?;
    Ok(id)
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<ClientRecord>, sqlx::Error> {
    let row: Option<ClientRow> = sqlx::query_as(
        "select id, first_name, initials, surname, date_of_birth, email, mobile, street, house_number, postcode, city,
                referrer, version, created_at, updated_at
         from client where id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(ClientRecord::from))
}

/// Outcome of a correction attempt.
pub enum UpdateOutcome {
    Updated {
        version: i64,
    },
    /// Someone else corrected the dossier since the form was opened.
    Stale,
    NotFound,
}

/// Replaces the current details and appends them as a new revision with the reason given.
pub async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    expected_version: i64,
    details: &ClientDetails,
    reason: Option<&str>,
    user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<UpdateOutcome, sqlx::Error> {
    let current: Option<i64> =
        sqlx::query_scalar("select version from client where id = ?").bind(id).fetch_optional(&mut *conn).await?;
    let Some(current) = current else { return Ok(UpdateOutcome::NotFound) };
    if current != expected_version {
        return Ok(UpdateOutcome::Stale);
    }
    let version = current + 1;
    let mut statements =
        sqlx::QueryBuilder::new(format!("update client set ({DETAIL_COLUMNS}, version, updated_at) = ("));
    {
        let mut values = statements.separated(", ");
        push_details(&mut values, details);
        values.push_bind(version).push_bind(super::Stamp(now));
    }
    statements.push(") where id = ").push_bind(id);
    statements.push("; delete from client_name_prefix where client_id = ").push_bind(id);
    push_name_rows(&mut statements, id, details);
    let made = revision::MadeBy { user_id, at: now };
    let next = revision::Version { history: History::Client, record_id: id, number: version, details, reason, made };
    revision::append_after(conn, statements, next).await?;
    Ok(UpdateOutcome::Updated { version })
}

/// The eleven detail columns, in the order [`push_details`] binds them.
const DETAIL_COLUMNS: &str =
    "first_name, initials, surname, date_of_birth, email, mobile, street, house_number, postcode, city, referrer";

/// Binds a client's details, in the order of [`DETAIL_COLUMNS`].
fn push_details<'q>(values: &mut Separated<'_, 'q, Sqlite, &'static str>, details: &'q ClientDetails) {
    let address = details.address.as_ref();
    values
        .push_bind(&details.first_name)
        .push_bind(&details.initials)
        .push_bind(&details.surname)
        .push_bind(details.date_of_birth)
        .push_bind(&details.email)
        .push_bind(&details.mobile)
        .push_bind(address.map(|a| &a.street))
        .push_bind(address.map(|a| &a.house_number))
        .push_bind(address.map(|a| &a.postcode))
        .push_bind(address.map(|a| &a.city))
        .push_bind(&details.referrer);
}

/// Adds to `statements` the client's rows in the name index: every prefix of every name word,
/// with the client's place in the display order and what a list shows of her.
fn push_name_rows<'q>(statements: &mut QueryBuilder<'q, Sqlite>, id: &'q str, details: &'q ClientDetails) {
    let tokens = name_tokens(&details.first_name, details.initials.as_deref(), &details.surname);
    let key = sort_key(&details.first_name, &details.surname, id);
    let words = spaced_tokens(&tokens);
    // One statement per 120 rows (seven values each, under SQLite's 999 bound parameters).
    for chunk in name_prefixes(&tokens).chunks(120) {
        if !statements.sql().is_empty() {
            statements.push("; ");
        }
        statements.push(
            "insert into client_name_prefix (prefix, sort_key, client_id, first_name, surname, date_of_birth,
                                             name_words) ",
        );
        statements.push_values(chunk.to_vec(), |mut row, prefix| {
            row.push_bind(prefix)
                .push_bind(key.clone())
                .push_bind(id)
                .push_bind(&details.first_name)
                .push_bind(&details.surname)
                .push_bind(details.date_of_birth)
                .push_bind(words.clone());
        });
    }
}

/// Indexes the names of clients that have no rows in the name index yet (after the migration
/// that introduced it); returns how many.
pub async fn index_unindexed_names(conn: &mut SqliteConnection) -> Result<usize, sqlx::Error> {
    let unindexed: Vec<ClientRow> = sqlx::query_as(
        "select id, first_name, initials, surname, date_of_birth, email, mobile, street, house_number, postcode, city,
                referrer, version, created_at, updated_at
         from client c where not exists (select 1 from client_name_prefix p where p.client_id = c.id)",
    )
    .fetch_all(&mut *conn)
    .await?;
    let count = unindexed.len();
    for row in unindexed {
        let record = ClientRecord::from(row);
        let mut rows = QueryBuilder::new("");
        push_name_rows(&mut rows, &record.id, &record.details);
        rows.build().execute(&mut *conn).await?;
    }
    Ok(count)
}

pub const SEARCH_LIMIT: i64 = 50;

/// How many dossiers "Recent geopend" offers.
pub const RECENT_LIMIT: i64 = 10;

/// The dossiers this staff member opened last, most recent first, as the audit log records them.
pub async fn recently_opened(conn: &mut SqliteConnection, user_id: i64) -> Result<Vec<NameRow>, sqlx::Error> {
    sqlx::query_as(
        "select c.id, c.first_name, c.surname, c.date_of_birth
         from (select client_id, max(id) as last_opened from audit_event
               where user_id = ? and action = 'client.view' and client_id is not null
               group by client_id order by last_opened desc limit ?) recent
         join client c on c.id = recent.client_id
         order by recent.last_opened desc",
    )
    .bind(user_id)
    .bind(RECENT_LIMIT)
    .fetch_all(conn)
    .await
}

/// How many clients there are, as the triggers on the client table keep count (counting an
/// index's entries would read every page of it).
pub async fn count(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select clients from client_count").fetch_one(conn).await
}

/// One page of all clients, by surname or newest first; both orders are served by an index
/// that holds what the list shows, so no client row is read.
pub async fn page(
    conn: &mut SqliteConnection,
    order: crate::domain::client_list::ClientOrder,
    offset: i64,
    limit: i64,
) -> Result<Vec<NameRow>, sqlx::Error> {
    sqlx::query_as(&page_sql(order)).bind(limit).bind(offset).fetch_all(conn).await
}

/// How SQLite runs [`page`] in `order`, one line per step: for the test that it reads one index.
pub async fn page_plan(
    conn: &mut SqliteConnection,
    order: crate::domain::client_list::ClientOrder,
) -> Result<Vec<String>, sqlx::Error> {
    let plan = format!("explain query plan {}", page_sql(order));
    let rows = sqlx::query_as::<_, PlanStep>(&plan).bind(50).bind(0).fetch_all(conn).await?;
    Ok(plan_details(rows))
}

/// One row of `explain query plan`: ids, then what SQLite does in that step.
type PlanStep = (i64, i64, i64, String);

fn plan_details(steps: Vec<PlanStep>) -> Vec<String> {
    steps.into_iter().map(|(_, _, _, detail)| detail).collect()
}

fn page_sql(order: crate::domain::client_list::ClientOrder) -> String {
    use crate::domain::client_list::ClientOrder;
    let order_by = match order {
        ClientOrder::Surname => "surname collate nocase, first_name collate nocase, id",
        ClientOrder::Newest => "created_at desc, id desc",
    };
    format!("select id, first_name, surname, date_of_birth from client order by {order_by} limit ? offset ?")
}

/// The first clients in display order for whom every query word is the prefix of a name word
/// (accent- and case-free). The longest word drives: its prefix rows are read in display order
/// from the index, each checked for the other words on the row itself (it holds the client's
/// name words), until enough are found. Nothing is scanned and nothing sorted, and the client
/// table is not read: the index's rows hold what a list shows.
pub async fn search(conn: &mut SqliteConnection, words: &[String]) -> Result<Vec<NameRow>, sqlx::Error> {
    let Some((driver, others)) = driving_word_first(words) else { return Ok(Vec::new()) };
    let sql = search_sql(others.len());
    let mut query = sqlx::query_as::<_, NameRow>(&sql).bind(driver);
    for word in others {
        query = query.bind(word_start(word));
    }
    query.bind(SEARCH_LIMIT).fetch_all(conn).await
}

/// How SQLite runs [`search`] for `words`, one line per step: for the test that it neither scans
/// nor sorts.
pub async fn search_plan(conn: &mut SqliteConnection, words: &[String]) -> Result<Vec<String>, sqlx::Error> {
    let Some((driver, others)) = driving_word_first(words) else { return Ok(Vec::new()) };
    let sql = format!("explain query plan {}", search_sql(others.len()));
    let mut query = sqlx::query_as::<_, PlanStep>(&sql).bind(driver);
    for word in others {
        query = query.bind(word_start(word));
    }
    Ok(plan_details(query.bind(SEARCH_LIMIT).fetch_all(conn).await?))
}

/// The longest query word (likely the rarest), and the others.
fn driving_word_first(words: &[String]) -> Option<(&String, Vec<&String>)> {
    let (at, driver) = words.iter().enumerate().max_by_key(|(_, word)| word.chars().count())?;
    let others = words.iter().enumerate().filter(|(other, _)| *other != at).map(|(_, word)| word).collect();
    Some((driver, others))
}

fn search_sql(other_words: usize) -> String {
    let mut sql = String::from(
        "select p.client_id as id, p.first_name, p.surname, p.date_of_birth
         from client_name_prefix p
         where p.prefix = ?",
    );
    for _ in 0..other_words {
        sql.push_str(" and instr(p.name_words, ?) > 0");
    }
    sql.push_str(" order by p.sort_key limit ?");
    sql
}
