//! Small writes that need no transaction of their own: the audit entries of reads, and the
//! last-seen times of sessions. Whatever arrives while the writer commits one batch goes into the
//! next, under one synced commit. A read waits until its own entries are committed before its
//! data is returned; when the commit fails, every read in it fails. A request that moves its
//! session's last-seen time waits for it too, so the next request finds it.

use super::audit::{self, NewEntry, OwnedEntry};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug)]
pub struct Batched {
    queue: tokio::sync::mpsc::UnboundedSender<Queued>,
    last_write: super::LastWrite,
}

struct Queued {
    write: Write,
    committed: tokio::sync::oneshot::Sender<bool>,
}

enum Write {
    ReadEntries(Vec<OwnedEntry>),
    SessionSeen { token_hash: String, at: DateTime<Utc> },
}

/// How many writes one commit takes at most.
const WRITES_PER_COMMIT: usize = 64;

impl Batched {
    /// Starts the queue on `writer`; it runs until every handle to it is gone.
    pub fn start(writer: super::writer::Writer, last_write: super::LastWrite) -> Self {
        let (queue, mut arrivals) = tokio::sync::mpsc::unbounded_channel::<Queued>();
        tokio::spawn(async move {
            while let Some(first) = arrivals.recv().await {
                let mut batch = vec![first];
                while batch.len() < WRITES_PER_COMMIT {
                    match arrivals.try_recv() {
                        Ok(next) => batch.push(next),
                        Err(_) => break,
                    }
                }
                let committed = match commit(&writer, &batch).await {
                    Ok(()) => true,
                    Err(error) => {
                        tracing::error!(error.cause_chain = ?error, writes = batch.len(), "batched writes not committed");
                        false
                    }
                };
                for queued in batch {
                    let _ = queued.committed.send(committed);
                }
            }
        });
        Self { queue, last_write }
    }

    /// Appends a read's `entries` and waits until they are committed; false when they could not be.
    pub async fn read_entries(&self, entries: Vec<OwnedEntry>) -> bool {
        self.write(Write::ReadEntries(entries)).await
    }

    /// Marks the session of `token_hash` as seen at `at` and waits for the commit; false when
    /// it could not be written.
    pub async fn session_seen(&self, token_hash: String, at: DateTime<Utc>) -> bool {
        self.write(Write::SessionSeen { token_hash, at }).await
    }

    async fn write(&self, write: Write) -> bool {
        self.last_write.record();
        let (committed, answer) = tokio::sync::oneshot::channel();
        if self.queue.send(Queued { write, committed }).is_err() {
            return false;
        }
        answer.await.unwrap_or(false)
    }
}

async fn commit(writer: &super::writer::Writer, batch: &[Queued]) -> Result<(), sqlx::Error> {
    let entries: Vec<NewEntry<'_>> = batch
        .iter()
        .flat_map(|queued| match &queued.write {
            Write::ReadEntries(entries) => entries.as_slice(),
            Write::SessionSeen { .. } => &[],
        })
        .map(OwnedEntry::borrowed)
        .collect();
    let mut tx = writer.begin().await?;
    for queued in batch {
        if let Write::SessionSeen { token_hash, at } = &queued.write {
            super::session::mark_seen(&mut tx, token_hash, *at).await?;
        }
    }
    audit::append_and_commit(tx, &entries).await
}
