//! Storage, on the server only: SQL and nothing else. Each function works on the connection it
//! is given (a unit of work's transaction) and returns rows or domain types.

pub mod audit;
pub mod batched;
pub mod client;
pub mod consent;
pub mod ledger;
pub mod photo;
pub mod practice;
pub mod retention;
pub mod revision;
pub mod second_step;
pub mod session;
pub mod team;
pub mod throttle;
pub mod treatment;
pub mod user;
pub mod writer;

use sqlx::{Sqlite, SqlitePool, Transaction};

/// The database as the app uses it. Readers run side by side (WAL) and never wait for a write.
/// Every write goes through one writer connection whose queue is first come, first served: no
/// request meets "database is locked", and none waits longer than the writes before it.
#[derive(Clone, Debug)]
pub struct Db {
    /// Read-only connections: a write sent here by mistake fails instead of taking the lock.
    pub read: SqlitePool,
    /// One connection, whose turns come in arrival order and share commits under load.
    pub write: writer::Writer,
    /// The audit entries of reads and the last-seen times of sessions, committed on the
    /// writer in batches.
    pub batched: batched::Batched,
    /// The connection that folds the WAL back into the database file, when it has its own.
    checkpointer: Option<SqlitePool>,
    /// When a request last asked for the writer.
    pub last_write: LastWrite,
}

/// When a request last asked for the writer: the work that can wait (filing the names lists
/// showed) waits for a quiet moment.
#[derive(Clone, Debug)]
pub struct LastWrite(std::sync::Arc<std::sync::Mutex<std::time::Instant>>);

impl Default for LastWrite {
    fn default() -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(std::time::Instant::now())))
    }
}

impl LastWrite {
    pub fn record(&self) {
        if let Ok(mut at) = self.0.lock() {
            *at = std::time::Instant::now();
        }
    }

    fn quiet_for(&self) -> std::time::Duration {
        self.0.lock().map(|at| at.elapsed()).unwrap_or_default()
    }
}

impl Db {
    /// The database on these connections; starts the queue for reads' audit entries.
    pub fn new(read: SqlitePool, write: SqlitePool) -> Self {
        let last_write = LastWrite::default();
        let write = writer::Writer::new(write);
        let batched = batched::Batched::start(write.clone(), last_write.clone());
        Self { read, write, batched, checkpointer: None, last_write }
    }

    /// Folds the WAL back into the database file every `every`, on `checkpointer` (a
    /// connection of its own that may write), beside the writer instead of in it (see
    /// [`fold_wal`]). Otherwise SQLite does it inside whichever commit takes the WAL past its
    /// limit, and the requests waiting for that commit (a search's audit entry) wait for the
    /// whole fold.
    pub fn checkpointed_by(mut self, checkpointer: SqlitePool, every: std::time::Duration) -> Self {
        let writer = self.write.clone();
        repeat_until_closed(checkpointer.clone(), every, "the WAL was not folded back this time", move |pool| {
            let writer = writer.clone();
            async move { fold_wal(&pool, &writer, WAL_PAGES_TO_START_OVER).await }
        });
        self.checkpointer = Some(checkpointer);
        self
    }

    /// A write transaction on the writer, for a request: noted, so the work that can wait
    /// (filing the names lists showed) lets it go first.
    pub async fn begin_write(&self) -> Result<writer::WriteTx, sqlx::Error> {
        self.last_write.record();
        self.write.begin().await
    }

    /// Files the names that lists showed under each client, on the writer, after the commits
    /// that requests waited for (see [`audit::file_names_listed`]): when no request has asked
    /// for the writer for a while, or when the names have waited long enough (see [`Filing`]).
    /// A request that asks for the writer meanwhile goes first: the filing stops, or, when
    /// the names have waited long enough, pauses as long as its last commit took.
    pub fn names_filed(self, policy: Filing) -> Self {
        let last_write = self.last_write.clone();
        let all_filed = std::sync::Arc::new(std::sync::Mutex::new(std::time::Instant::now()));
        let writer = self.write.clone();
        repeat_until_closed(
            self.write.pool().clone(),
            policy.every,
            "the names listed were not filed this time",
            move |_| file_names_when_due(writer.clone(), policy, last_write.clone(), all_filed.clone()),
        );
        self
    }

    pub async fn close(&self) {
        close_every_connection(&self.read).await;
        if let Some(checkpointer) = &self.checkpointer {
            close_every_connection(checkpointer).await;
        }
        close_every_connection(self.write.pool()).await;
    }
}

/// When the names that lists showed are filed: see [`Db::names_filed`].
#[derive(Clone, Copy, Debug)]
pub struct Filing {
    /// How often it looks whether it is time.
    pub every: std::time::Duration,
    /// How long no request must have asked for the writer.
    pub quiet: std::time::Duration,
    /// How long after all were filed it files anyway, busy or not.
    pub at_the_latest: std::time::Duration,
    /// How long it works each time at most.
    pub budget: std::time::Duration,
}

impl Filing {
    /// Whether to file now, when no request has asked for the writer for `quiet_for` and every
    /// name was filed `since_all_filed` ago.
    pub fn due(&self, quiet_for: std::time::Duration, since_all_filed: std::time::Duration) -> bool {
        quiet_for >= self.quiet || since_all_filed >= self.at_the_latest
    }
}

/// One look of [`Db::names_filed`]: files when it is time, and notes when all are filed.
async fn file_names_when_due(
    writer: writer::Writer,
    policy: Filing,
    last_write: LastWrite,
    all_filed: std::sync::Arc<std::sync::Mutex<std::time::Instant>>,
) -> Result<(), sqlx::Error> {
    let since_all_filed = all_filed.lock().map(|at| at.elapsed()).unwrap_or(std::time::Duration::MAX);
    if !policy.due(last_write.quiet_for(), since_all_filed) {
        return Ok(());
    }
    let overdue = since_all_filed >= policy.at_the_latest;
    let started = std::time::Instant::now();
    loop {
        let commit_started = std::time::Instant::now();
        if audit::file_a_few_names_listed(&writer).await?.caught_up {
            if let Ok(mut at) = all_filed.lock() {
                *at = std::time::Instant::now();
            }
            return Ok(());
        }
        if started.elapsed() >= policy.budget {
            return Ok(());
        }
        let request_came = last_write.quiet_for() < commit_started.elapsed();
        if request_came {
            if !overdue {
                return Ok(());
            }
            // Waiting as long as a commit takes lets the requests queued meanwhile go first.
            tokio::time::sleep(commit_started.elapsed()).await;
        }
    }
}

/// Runs `task` on `pool` every `every`, in the background, until the pool is closed.
fn repeat_until_closed<Task, Done>(pool: SqlitePool, every: std::time::Duration, failed: &'static str, task: Task)
where
    Task: Fn(SqlitePool) -> Done + Send + 'static,
    Done: std::future::Future<Output = Result<(), sqlx::Error>> + Send,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if pool.is_closed() {
                return;
            }
            if let Err(error) = task(pool.clone()).await {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error.cause_chain = ?error, "{failed}");
            }
        }
    });
}

/// How far the WAL may grow under a steady stream of writes before the writer pauses for it to
/// start over (see [`fold_wal`]): 50,000 pages of 4 kB, 200 MB. A pause costs the writes
/// waiting then the time the database file takes to sync; the larger the WAL may grow, the
/// rarer the pause.
pub const WAL_PAGES_TO_START_OVER: i64 = 50_000;

/// Folds the WAL back on `checkpointer`, beside the writer. SQLite starts the WAL over only
/// at a write that finds all of it folded. Under a steady stream of writes that never happens:
/// each commit adds to the WAL while the fold runs. So once the WAL has grown past
/// `start_over_at` pages, what was committed during the fold is folded in a turn of the
/// writer, in which nothing is added, and the next write starts the WAL over. That turn costs
/// the writes waiting behind it a sync of the database file, once in `start_over_at` pages.
pub async fn fold_wal(
    checkpointer: &SqlitePool,
    writer: &writer::Writer,
    start_over_at: i64,
) -> Result<(), sqlx::Error> {
    let Some(folded) = checkpoint(checkpointer).await? else { return Ok(()) };
    if folded.folded_pages == folded.wal_pages && folded.wal_pages >= start_over_at {
        // Once more beside the writer first: what is left for its turn is then only what was
        // committed during this second, shorter fold.
        checkpoint(checkpointer).await?;
        let mut turn = writer.outside_transaction().await?;
        sqlx::query("pragma wal_checkpoint(passive)").execute(&mut *turn).await?;
    }
    Ok(())
}

/// How much of the WAL a checkpoint found, and how much of it is now in the database file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checkpointed {
    pub wal_pages: i64,
    pub folded_pages: i64,
}

/// Copies into the database file what is committed in the WAL and no reader still needs, without
/// waiting for the writer or for readers (SQLite's passive checkpoint). `None` when another
/// connection was folding it at that moment (the retention run's checkpoint, say).
pub async fn checkpoint(pool: &SqlitePool) -> Result<Option<Checkpointed>, sqlx::Error> {
    let (busy, wal_pages, folded_pages): (i64, i64, i64) =
        sqlx::query_as("pragma wal_checkpoint(passive)").fetch_one(pool).await?;
    Ok((busy == 0).then_some(Checkpointed { wal_pages, folded_pages }))
}

/// Closes `pool` with all its connections, so that the writer, closing last, folds the WAL back
/// into the database file. sqlx 0.8's `close` can return while a connection is still in use
/// (closing an idle connection hands back a permit it never held), for instance one that a task
/// Leptos spawned for a page is still reading on. Such a connection is closed when it is handed
/// back, so this waits for that, a few seconds at most.
async fn close_every_connection(pool: &SqlitePool) {
    const PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);
    let started = std::time::Instant::now();
    pool.close().await;
    while pool.size() > 0 {
        if started.elapsed() > PATIENCE {
            tracing::warn!(open = pool.size(), "database connections left open at shutdown");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        // One that slipped back into the idle queue as the pool closed is closed by this.
        pool.close().await;
    }
}

/// A write transaction on the writer. `begin immediate` takes SQLite's lock at once, so a
/// process outside the app that also writes (a backup tool, a test) waits instead of failing
/// the transaction half-way.
pub async fn begin_write(writer: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    writer.begin_with("begin immediate").await
}

/// A time as every table stores it (and the chained records hash it): RFC 3339 in UTC, to the
/// microsecond: `2026-12-02T08:00:00.123456Z`. Text in one format sorts in time order.
pub fn timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// The id of a new dossier or treatment: a UUID whose first 48 bits are the time it was made
/// (version 7), followed by 74 random bits. Records made one after another then sit side by
/// side in every index keyed by their id (the table's own key, the revisions, the audit entries
/// and the name rows by client), so a burst of new records changes a few pages instead of a
/// page of its own for each, and the WAL's fold writes back as few. The time it holds is the
/// record's own `created_at`, which whoever sees the record sees anyway; links and codes that
/// are secrets stay fully random.
pub fn new_record_id(now: chrono::DateTime<chrono::Utc>) -> String {
    let seconds = u64::try_from(now.timestamp()).unwrap_or(0);
    let stamp = uuid::Timestamp::from_unix(uuid::NoContext, seconds, now.timestamp_subsec_nanos());
    uuid::Uuid::new_v7(stamp).simple().to_string()
}

/// A time bound to a query, stored as [`timestamp`] writes it. (sqlx's own encoding of a
/// `DateTime` drops a zero fraction and writes `+00:00`; rows from before this kept that form
/// and read back the same.)
#[derive(Clone, Copy, Debug)]
pub struct Stamp(pub chrono::DateTime<chrono::Utc>);

impl sqlx::Type<Sqlite> for Stamp {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<Sqlite>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, Sqlite> for Stamp {
    fn encode_by_ref(
        &self,
        buf: &mut Vec<sqlx::sqlite::SqliteArgumentValue<'q>>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, Sqlite>>::encode(timestamp(self.0), buf)
    }
}

#[cfg(test)]
mod tests {
    use super::Filing;
    use std::time::Duration;

    #[test]
    fn a_record_made_later_has_an_id_that_sorts_after_and_no_two_ids_are_the_same() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-04T09:00:00.001Z").expect("time").to_utc();
        let first = super::new_record_id(at);
        let same_moment = super::new_record_id(at);
        let later = super::new_record_id(at + chrono::Duration::milliseconds(1));
        assert_eq!(first.len(), 32);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(first, same_moment);
        assert!(first < later && same_moment < later);
    }

    #[test]
    fn names_are_filed_in_a_quiet_moment_or_once_they_have_waited_long_enough() {
        let secs = Duration::from_secs;
        let filing = Filing {
            every: secs(1),
            quiet: Duration::from_millis(500),
            at_the_latest: secs(60),
            budget: Duration::from_millis(200),
        };
        assert!(filing.due(secs(1), secs(1)), "quiet");
        assert!(!filing.due(Duration::from_millis(10), secs(59)), "busy, and filed less than a minute ago");
        assert!(filing.due(Duration::ZERO, secs(60)), "busy for a minute: filed anyway");
    }
}
