//! The append-only, hash-chained audit log (REQ-48). Rows are only ever inserted (triggers refuse
//! UPDATE and DELETE); each row's hash covers its content and the previous row's hash.

use super::RequestMeta;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use super::ledger::{self, hash_parts, GENESIS};

/// What happened. The code is stored; the Dutch label comes from `text::audit_action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    PracticeSetUp,
    Login,
    LoginFailed,
    Logout,
    ClientCreated,
    ClientViewed,
    ClientEditOpened,
    ClientUpdated,
    ClientSearched,
    RecentClientsShown,
    ClientListShown,
    NameListed,
    AuditViewed,
    HandoverStarted,
    KioskViewed,
    ConsentSigned,
    ConsentDeclined,
    HandoverFinished,
    HandoverEnded,
    ConsentWithdrawn,
    ConsentVerified,
    ConsentCopied,
    TemplateChanged,
    TreatmentTypeAdded,
    TreatmentTypeChanged,
    AvgCheckDone,
    TreatmentAdded,
    TreatmentEditOpened,
    TreatmentUpdated,
    HealthRecorded,
    HealthRefused,
    PhotoAdded,
    PhotoRefused,
    PhotoViewed,
    PhotosFlagged,
    PhotoDeleted,
    ScreenLocked,
    ScreenUnlocked,
    UnlockFailed,
    SettingsChanged,
    PinSet,
}

impl Audit {
    pub fn code(self) -> &'static str {
        match self {
            Audit::PracticeSetUp => "practice.setup",
            Audit::Login => "auth.login",
            Audit::LoginFailed => "auth.login_failed",
            Audit::Logout => "auth.logout",
            Audit::ClientCreated => "client.create",
            Audit::ClientViewed => "client.view",
            Audit::ClientEditOpened => "client.edit_view",
            Audit::ClientUpdated => "client.update",
            Audit::ClientSearched => "client.search",
            Audit::RecentClientsShown => "client.recent",
            Audit::ClientListShown => "client.list",
            Audit::NameListed => "client.listed",
            Audit::AuditViewed => "audit.view",
            Audit::HandoverStarted => "consent.handover_start",
            Audit::KioskViewed => "consent.kiosk_view",
            Audit::ConsentSigned => "consent.sign",
            Audit::ConsentDeclined => "consent.decline",
            Audit::HandoverFinished => "consent.handover_finish",
            Audit::HandoverEnded => "consent.handover_end",
            Audit::ConsentWithdrawn => "consent.withdraw",
            Audit::ConsentVerified => "consent.verify",
            Audit::ConsentCopied => "consent.pdf",
            Audit::TemplateChanged => "consent.template",
            Audit::TreatmentTypeAdded => "treatment.type_add",
            Audit::TreatmentTypeChanged => "treatment.type_change",
            Audit::AvgCheckDone => "treatment.avg_check",
            Audit::TreatmentAdded => "treatment.add",
            Audit::TreatmentEditOpened => "treatment.edit_view",
            Audit::TreatmentUpdated => "treatment.update",
            Audit::HealthRecorded => "health.record",
            Audit::HealthRefused => "health.refused",
            Audit::PhotoAdded => "photo.add",
            Audit::PhotoRefused => "photo.refused",
            Audit::PhotoViewed => "photo.view",
            Audit::PhotosFlagged => "photo.flag",
            Audit::PhotoDeleted => "photo.delete",
            Audit::ScreenLocked => "screen.lock",
            Audit::ScreenUnlocked => "screen.unlock",
            Audit::UnlockFailed => "screen.unlock_failed",
            Audit::SettingsChanged => "settings.change",
            Audit::PinSet => "settings.pin",
        }
    }
}

/// One entry to append. `detail` must never hold personal data: field names and counts only.
pub struct Entry<'a> {
    pub action: Audit,
    pub user_id: Option<i64>,
    pub client_id: Option<&'a str>,
    pub detail: Option<String>,
    pub meta: &'a RequestMeta,
}

impl<'a> Entry<'a> {
    /// `action` by `user_id` (none before sign-in), from the request described by `meta`.
    pub fn new(action: Audit, user_id: Option<i64>, meta: &'a RequestMeta) -> Self {
        Self { action, user_id, client_id: None, detail: None, meta }
    }

    /// The dossier it concerns.
    pub fn client(mut self, client_id: &'a str) -> Self {
        self.client_id = Some(client_id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

fn chain_hash(prev: &str, at: &str, row: &ChainFields<'_>) -> String {
    hash_parts(&[
        prev,
        at,
        &row.user_id.map(|id| id.to_string()).unwrap_or_default(),
        row.client_id.unwrap_or_default(),
        row.action,
        row.detail.unwrap_or_default(),
        row.ip.unwrap_or_default(),
        row.user_agent.unwrap_or_default(),
    ])
}

struct ChainFields<'a> {
    user_id: Option<i64>,
    client_id: Option<&'a str>,
    action: &'a str,
    detail: Option<&'a str>,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
}

/// Appends one entry inside the caller's write transaction, so the entry and the change it
/// describes are committed together or not at all.
pub async fn record(conn: &mut SqliteConnection, entry: Entry<'_>) -> Result<(), sqlx::Error> {
    let prev: Option<String> =
        sqlx::query_scalar("select hash from audit_event order by id desc limit 1").fetch_optional(&mut *conn).await?;
    let prev = prev.unwrap_or_else(|| GENESIS.to_owned());
    // The time is hashed exactly as stored, so verification reads the same text back.
    let at = super::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let fields = ChainFields {
        user_id: entry.user_id,
        client_id: entry.client_id,
        action: entry.action.code(),
        detail: entry.detail.as_deref(),
        ip: entry.meta.ip.as_deref(),
        user_agent: entry.meta.user_agent.as_deref(),
    };
    let hash = chain_hash(&prev, &at, &fields);
    sqlx::query(
        "insert into audit_event (at, user_id, client_id, action, detail, ip, user_agent, prev_hash, hash, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&at)
    .bind(fields.user_id)
    .bind(fields.client_id)
    .bind(fields.action)
    .bind(fields.detail)
    .bind(fields.ip)
    .bind(fields.user_agent)
    .bind(&prev)
    .bind(&hash)
    .bind(&at)
    .bind(&at)
    .execute(&mut *conn)
    .await?;
    ledger::advance_head(conn, ledger::Chain::Audit, &hash).await
}

/// One line of the audit log as the owner reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_name: Option<String>,
    pub action: String,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub async fn for_client(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as(
        "select a.id, a.at, u.name as user_name, a.action, a.detail, a.ip, a.user_agent
         from audit_event a left join staff_user u on u.id = a.user_id
         where a.client_id = ? order by a.id desc limit 1000",
    )
    .bind(client_id)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    at: String,
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
}

/// Walks the whole chain; its links break when any row was altered, removed or inserted out of
/// order. A tail cut off the end still links up: [`ledger::check`] compares it with the head.
pub async fn walk_chain(conn: &mut SqliteConnection) -> Result<ChainWalk, sqlx::Error> {
    let rows: Vec<StoredRow> = sqlx::query_as(
        "select at, user_id, client_id, action, detail, ip, user_agent, prev_hash, hash from audit_event order by id",
    )
    .fetch_all(conn)
    .await?;
    let mut prev = GENESIS.to_owned();
    let mut links_intact = true;
    for row in &rows {
        let fields = ChainFields {
            user_id: row.user_id,
            client_id: row.client_id.as_deref(),
            action: &row.action,
            detail: row.detail.as_deref(),
            ip: row.ip.as_deref(),
            user_agent: row.user_agent.as_deref(),
        };
        links_intact &= row.prev_hash == prev && chain_hash(&prev, &row.at, &fields) == row.hash;
        prev = row.hash.clone();
    }
    Ok(ChainWalk { links_intact, length: rows.len() as i64, last_hash: rows.last().map(|row| row.hash.clone()) })
}
