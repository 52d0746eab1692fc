//! Tamper evidence for the append-only records. Triggers stop the app (and a careless query)
//! from changing history; this notices when someone changed it anyway, with the triggers
//! dropped on a stopped server. Every consent event, signature, revision and set of health
//! answers is sealed as it is written: the SHA-256 of its content goes into a hash chain of its
//! own (`record_chain`), and that chain and the audit log both keep their length and last hash
//! (`chain_head`). A deleted or altered row breaks its seal, a row inserted behind the app's back
//! has none, and a tail cut off either chain no longer reaches the stored head.

use super::audit::AuditCheckpoint;
use crate::domain::integrity::{Finding, SealedRecords};
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 over length-prefixed parts, so that no two different lists hash alike.
pub fn hash_parts(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Where each kind of sealed record lives, and how its key and content read in SQL.
trait SealedTable {
    fn table(self) -> &'static str;
    /// SQL for a row's key, as text.
    fn key_sql(self) -> &'static str;
    /// SQL for a row's whole content, in a fixed column order: its digest is the seal.
    fn content_sql(self) -> &'static str;
}

impl SealedTable for SealedRecords {
    fn table(self) -> &'static str {
        match self {
            SealedRecords::ConsentEvent => "consent_event",
            SealedRecords::ConsentSignature => "consent_signature",
            SealedRecords::ClientRevision => "client_revision",
            SealedRecords::TreatmentRevision => "treatment_revision",
            SealedRecords::HealthAnswers => "health_answers",
        }
    }

    fn key_sql(self) -> &'static str {
        match self {
            SealedRecords::ConsentEvent | SealedRecords::HealthAnswers => "cast(id as text)",
            SealedRecords::ConsentSignature => "id",
            SealedRecords::ClientRevision => "client_id || '/' || version",
            SealedRecords::TreatmentRevision => "treatment_id || '/' || version",
        }
    }

    fn content_sql(self) -> &'static str {
        match self {
            SealedRecords::ConsentEvent => {
                "json_array(id, client_id, purpose, template_id, kind, signature_id, method, recorded_by, handover_id,
                            at, created_at, updated_at, reason)"
            }
            SealedRecords::ConsentSignature => {
                "json_array(id, client_id, template_id, purpose, rendered_text, text_sha256, signer_role, signer_name,
                            guardian_relationship, strokes, signature_svg, staff_user_id, staff_name, handover_id,
                            device, ip, signed_at, evidence_sha256, created_at, updated_at)"
            }
            SealedRecords::ClientRevision => {
                "json_array(client_id, version, details, reason, changed_by, created_at, updated_at)"
            }
            SealedRecords::TreatmentRevision => {
                "json_array(treatment_id, version, details, reason, changed_by, created_at, updated_at)"
            }
            SealedRecords::HealthAnswers => {
                "json_array(id, client_id, allergies, medication, pregnancy, skin_conditions, consent_event_id,
                            recorded_by, recorded_at, created_at, updated_at)"
            }
        }
    }
}

/// What an insert of a sealed row reads back for its seal: see [`returning_seal`].
#[derive(Debug, sqlx::FromRow)]
pub struct ToSeal {
    seal_key: String,
    seal_content: String,
    /// The record chain's last hash before this row; none when this row is its first link.
    chain_end: Option<String>,
}

/// A `returning` clause for an insert into `sealed`'s table: the new row's key and content as
/// stored, and the record chain's last hash. The insert then reads what its seal needs in the
/// same round trip to the connection's thread (which the writer's turn waits for).
pub fn returning_seal(sealed: SealedRecords) -> String {
    format!(" returning {}", to_seal_columns(sealed))
}

/// The columns of a [`ToSeal`], read from a row of `sealed`'s table.
fn to_seal_columns(sealed: SealedRecords) -> String {
    format!(
        "{} as seal_key, {} as seal_content, (select hash from record_chain order by id desc limit 1) as chain_end",
        sealed.key_sql(),
        sealed.content_sql()
    )
}

/// Seals the row just inserted, from what its insert returned ([`returning_seal`]), in the
/// caller's transaction, so a row and its seal are committed together or not at all: its link
/// and the chain's new head, in one round trip.
pub async fn seal(
    conn: &mut SqliteConnection,
    sealed: SealedRecords,
    row: ToSeal,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let ToSeal { seal_key: key, seal_content: content, chain_end: prev } = row;
    let prev = prev.unwrap_or_else(|| GENESIS.to_owned());
    let digest = sha256_hex(&content);
    let hash = hash_parts(&[&prev, sealed.table(), &key, &digest]);
    let mut link = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
        "insert into record_chain (record_table, record_key, record_sha256, prev_hash, hash, created_at, updated_at) ",
    );
    link.push_values([()], |mut values, ()| {
        values
            .push_bind(sealed.table())
            .push_bind(&key)
            .push_bind(&digest)
            .push_bind(&prev)
            .push_bind(&hash)
            .push_bind(super::Stamp(now))
            .push_bind(super::Stamp(now));
    });
    push_advance_head(&mut link, Chain::Records, 1, &hash, now);
    link.build().execute(conn).await?;
    Ok(())
}

/// Seals a row that is already stored, found by its rowid (when rows from before sealing are
/// adopted).
async fn seal_stored(
    conn: &mut SqliteConnection,
    sealed: SealedRecords,
    rowid: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let row: ToSeal =
        sqlx::query_as(&format!("select {} from {} where rowid = ?", to_seal_columns(sealed), sealed.table()))
            .bind(rowid)
            .fetch_one(&mut *conn)
            .await?;
    seal(conn, sealed, row, now).await
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The two chains whose length and head are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Audit,
    Records,
}

impl Chain {
    fn code(self) -> &'static str {
        match self {
            Chain::Audit => "audit_event",
            Chain::Records => "record_chain",
        }
    }
}

/// Appends to `statement`, as a statement of its own in the same round trip: `added` more
/// links on `chain`, the last ending in `hash`; in the transaction that appends them.
pub fn push_advance_head<'q>(
    statement: &mut sqlx::QueryBuilder<'q, sqlx::Sqlite>,
    chain: Chain,
    added: i64,
    hash: &'q str,
    now: chrono::DateTime<chrono::Utc>,
) {
    statement
        .push("; insert into chain_head (chain, length, head_hash, created_at, updated_at) values (")
        .push_bind(chain.code())
        .push(", ")
        .push_bind(added)
        .push(", ")
        .push_bind(hash)
        .push(", ")
        .push_bind(super::Stamp(now))
        .push(", ")
        .push_bind(super::Stamp(now))
        .push(
            ") on conflict (chain) do update set length = length + excluded.length, head_hash = excluded.head_hash,
                                             updated_at = excluded.updated_at",
        );
}

/// The stored length and head of a chain, if it has any.
pub async fn head(conn: &mut SqliteConnection, chain: Chain) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as("select length, head_hash from chain_head where chain = ?")
        .bind(chain.code())
        .fetch_optional(conn)
        .await
}

/// A database from before sealing has its rows adopted once, when it is first opened by this
/// version: every existing row is sealed and both heads are set. Afterwards nothing is adopted
/// again, so a row slipped in while the server was stopped stays unsealed and is reported.
pub async fn adopt_existing_rows_once(
    pool: &SqlitePool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin_with("begin immediate").await?;
    if head(&mut tx, Chain::Audit).await?.is_none() {
        let audit: (i64, Option<String>) =
            sqlx::query_as("select count(*), (select hash from audit_event order by id desc limit 1) from audit_event")
                .fetch_one(&mut *tx)
                .await?;
        if let (length @ 1.., Some(hash)) = audit {
            sqlx::query(
                "insert into chain_head (chain, length, head_hash, created_at, updated_at) values (?, ?, ?, ?, ?)",
            )
            .bind(Chain::Audit.code())
            .bind(length)
            .bind(hash)
            .bind(super::Stamp(now))
            .bind(super::Stamp(now))
            .execute(&mut *tx)
            .await?;
        }
    }
    let chain_started: i64 = sqlx::query_scalar("select count(*) from record_chain").fetch_one(&mut *tx).await?;
    if chain_started == 0 && head(&mut tx, Chain::Records).await?.is_none() {
        for sealed in SealedRecords::ALL {
            let rowids: Vec<i64> = sqlx::query_scalar(&format!("select rowid from {} order by rowid", sealed.table()))
                .fetch_all(&mut *tx)
                .await?;
            for rowid in rowids {
                seal_stored(&mut tx, sealed, rowid, now).await?;
            }
        }
    }
    tx.commit().await
}

/// Checks both chains, both heads and every sealed row; empty when all is as it was written. The
/// audit chain is read from `checkpoint` on, the part before it having been found intact.
pub async fn check(pool: &SqlitePool, checkpoint: &AuditCheckpoint) -> Result<Vec<Finding>, sqlx::Error> {
    // One read transaction: every chain and head is read from the same snapshot, so an entry
    // committed meanwhile by someone else is not mistaken for a tail cut off.
    let mut conn = pool.begin().await?;
    let mut findings = Vec::new();
    let audit = super::audit::walk_chain(&mut conn, checkpoint).await?;
    if !audit.links_intact {
        findings.push(Finding::AuditChainBroken);
    }
    let audit_head = head(&mut conn, Chain::Audit).await?;
    let audit_reaches_head = match (&audit_head, &audit.last_hash) {
        (Some((length, hash)), Some(last)) => *length == audit.length && hash == last,
        (None, None) => true,
        _ => false,
    };
    if !audit_reaches_head {
        findings.push(Finding::AuditTailMissing);
    }

    #[derive(sqlx::FromRow)]
    struct Link {
        record_table: String,
        record_key: String,
        record_sha256: String,
        prev_hash: String,
        hash: String,
    }
    let links: Vec<Link> =
        sqlx::query_as("select record_table, record_key, record_sha256, prev_hash, hash from record_chain order by id")
            .fetch_all(&mut *conn)
            .await?;
    let mut prev = GENESIS.to_owned();
    let mut links_intact = true;
    let mut sealed_digests: HashMap<(&str, &str), &str> = HashMap::new();
    for link in &links {
        let expected = hash_parts(&[&prev, &link.record_table, &link.record_key, &link.record_sha256]);
        links_intact &= link.prev_hash == prev && link.hash == expected;
        prev = link.hash.clone();
        sealed_digests.insert((&link.record_table, &link.record_key), &link.record_sha256);
    }
    // Rows erased with their dossier are gone by design: their links stay, their rows do not.
    let erased: Vec<(String, String)> =
        sqlx::query_as("select record_table, record_key from erased_record").fetch_all(&mut *conn).await?;
    for (table, key) in &erased {
        sealed_digests.remove(&(table.as_str(), key.as_str()));
    }
    let records_head = head(&mut conn, Chain::Records).await?;
    let reaches_head = match records_head {
        Some((length, hash)) => length == links.len() as i64 && hash == prev,
        None => links.is_empty(),
    };
    if !links_intact || !reaches_head {
        findings.push(Finding::RecordChainBroken);
    }

    for records in SealedRecords::ALL {
        let rows: Vec<(String, String)> = sqlx::query_as(&format!(
            "select {}, {} from {}",
            records.key_sql(),
            records.content_sql(),
            records.table()
        ))
        .fetch_all(&mut *conn)
        .await?;
        let (mut altered, mut unsealed, mut present) = (0u32, 0u32, 0u32);
        for (key, content) in &rows {
            match sealed_digests.get(&(records.table(), key.as_str())) {
                Some(digest) if *digest == sha256_hex(content) => present += 1,
                Some(_) => {
                    altered += 1;
                    present += 1;
                }
                None => unsealed += 1,
            }
        }
        let sealed_count = sealed_digests.keys().filter(|(t, _)| *t == records.table()).count() as u32;
        let missing = sealed_count.saturating_sub(present);
        for (count, finding) in [
            (missing, Finding::RecordsMissing { records, count: missing }),
            (altered, Finding::RecordsAltered { records, count: altered }),
            (unsealed, Finding::RecordsUnsealed { records, count: unsealed }),
        ] {
            if count > 0 {
                findings.push(finding);
            }
        }
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_length_prefixed() {
        assert_ne!(hash_parts(&["ab", "c"]), hash_parts(&["a", "bc"]));
        assert_eq!(hash_parts(&["x"]), hash_parts(&["x"]));
    }
}
