//! The unit of work: one transaction, who acts, from where and at what time, and the audit
//! entries that go with it. Every use case runs in one, whoever the actor is (a staff member's
//! request, a parent's or a client's link, a scheduled job), so the same use case serves them
//! all, and none of them can read or change a dossier without leaving its entry in the log.

use crate::db::{audit, writer::WriteTx, Db};
use crate::domain::audit::{Actor, AuditAction, AuditDetail};
use crate::domain::user::CurrentUser;
use crate::error::AppError;
use crate::server_ctx::{clock::Clock, AppState, RequestMeta};
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, SqliteConnection, Transaction};
use std::collections::BTreeSet;

/// Where the actor acted from: the address and device of a request; nothing for a job.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub ip: Option<String>,
    pub device: Option<String>,
}

impl Origin {
    /// A job on the practice's own machine: no address, no browser.
    pub fn this_machine() -> Self {
        Self::default()
    }
}

impl From<&RequestMeta> for Origin {
    fn from(meta: &RequestMeta) -> Self {
        Self { ip: meta.ip.clone(), device: meta.user_agent.clone() }
    }
}

/// One audit entry for the unit of work to write when it commits.
#[derive(Clone, Debug)]
pub struct Entry {
    action: AuditAction,
    client_id: Option<String>,
    detail: Option<AuditDetail>,
}

impl Entry {
    pub fn new(action: AuditAction) -> Self {
        Self { action, client_id: None, detail: None }
    }

    /// The dossier it concerns.
    pub fn client(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    pub fn detail(mut self, detail: AuditDetail) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Whether the use case changes anything. A reading one does not hold the write lock while it
/// reads: its entries are written in a short write of their own, before its data is returned.
enum Tx {
    Read(Transaction<'static, Sqlite>),
    Write(WriteTx),
}

pub struct Work {
    tx: Tx,
    database: Db,
    actor: Actor,
    origin: Origin,
    now: DateTime<Utc>,
    entries: Vec<Entry>,
    dossiers: BTreeSet<String>,
}

impl Work {
    /// A use case that changes something: on the writer, in its turn.
    pub async fn write(database: &Db, clock: &Clock, actor: Actor, origin: Origin) -> Result<Self, AppError> {
        let tx = database.begin_write().await?;
        Ok(Self::new(Tx::Write(tx), database, clock, actor, origin))
    }

    /// A use case that only reads: one consistent snapshot on a reader, beside any write.
    pub async fn read(database: &Db, clock: &Clock, actor: Actor, origin: Origin) -> Result<Self, AppError> {
        let tx = database.read.begin().await?;
        Ok(Self::new(Tx::Read(tx), database, clock, actor, origin))
    }

    /// [`Work::write`] for the signed-in staff member of a request.
    pub async fn staff_write(state: &AppState, user: &CurrentUser, meta: &RequestMeta) -> Result<Self, AppError> {
        Self::write(&state.db, &state.clock, Actor::staff(user), meta.into()).await
    }

    /// [`Work::read`] for the signed-in staff member of a request.
    pub async fn staff_read(state: &AppState, user: &CurrentUser, meta: &RequestMeta) -> Result<Self, AppError> {
        Self::read(&state.db, &state.clock, Actor::staff(user), meta.into()).await
    }

    fn new(tx: Tx, database: &Db, clock: &Clock, actor: Actor, origin: Origin) -> Self {
        Self {
            tx,
            database: database.clone(),
            actor,
            origin,
            now: clock.now(),
            entries: Vec::new(),
            dossiers: BTreeSet::new(),
        }
    }

    /// The connection, for what is not a client's dossier (the practice, staff, templates).
    pub fn conn(&mut self) -> &mut SqliteConnection {
        match &mut self.tx {
            Tx::Read(tx) => tx,
            Tx::Write(tx) => tx,
        }
    }

    /// The connection, to read or change the dossier of `client_id`: from here on this unit of
    /// work cannot commit without an audit entry for that client.
    pub fn dossier(&mut self, client_id: &str) -> &mut SqliteConnection {
        if !self.dossiers.contains(client_id) {
            self.dossiers.insert(client_id.to_owned());
        }
        self.conn()
    }

    /// Adds an entry, written when the work commits.
    pub fn audit(&mut self, entry: Entry) {
        self.entries.push(entry);
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The time of this unit of work, from the server's clock: one time for all it records.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The date at the practice (Europe/Amsterdam) at [`Work::now`].
    pub fn today(&self) -> chrono::NaiveDate {
        self.now.with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
    }

    /// Commits the work and its audit entries together. Refused, with nothing written, when a
    /// dossier was opened and no entry names it.
    pub async fn commit(self) -> Result<(), AppError> {
        let unlogged: Vec<&String> = self
            .dossiers
            .iter()
            .filter(|client| !self.entries.iter().any(|entry| entry.client_id.as_ref() == Some(*client)))
            .collect();
        if !unlogged.is_empty() {
            // Action codes only: which use case forgot its entry, never whose dossier.
            let actions: Vec<&str> = self.entries.iter().map(|entry| entry.action.code()).collect();
            tracing::error!(?actions, dossiers = unlogged.len(), "a dossier was opened without an audit entry");
            return Err(AppError::Internal);
        }
        let Self { tx, database, actor, origin, now, entries, .. } = self;
        match tx {
            Tx::Write(tx) => {
                let entries: Vec<audit::NewEntry> = entries
                    .iter()
                    .map(|entry| audit::NewEntry {
                        action: entry.action,
                        actor: &actor,
                        client_id: entry.client_id.as_deref(),
                        detail: entry.detail.as_ref(),
                        ip: origin.ip.as_deref(),
                        user_agent: origin.device.as_deref(),
                        at: now,
                    })
                    .collect();
                audit::append_and_commit(tx, &entries).await?;
                Ok(())
            }
            // The snapshot is let go first; the entries join other reads' in one commit, and
            // only once that commit is through may the data be returned.
            Tx::Read(tx) => {
                tx.commit().await?;
                if entries.is_empty() {
                    return Ok(());
                }
                let entries = entries
                    .into_iter()
                    .map(|entry| audit::OwnedEntry {
                        action: entry.action,
                        actor: actor.clone(),
                        client_id: entry.client_id,
                        detail: entry.detail,
                        ip: origin.ip.clone(),
                        user_agent: origin.device.clone(),
                        at: now,
                    })
                    .collect();
                database.batched.read_entries(entries).await.then_some(()).ok_or(AppError::Internal)
            }
        }
    }
}
