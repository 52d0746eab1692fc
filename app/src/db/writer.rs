//! The writer connection and its turns. Writes take turns on the one connection in order of
//! arrival. A turn that ends while others wait does not commit: it hands the open transaction
//! on, and the next turn works in a savepoint of it, seeing what the turns before it wrote. The
//! last turn of such a group commits for all of them, in one synced commit. Each turn's caller
//! waits for that commit before it hears that its write is done, and hears of its failure when
//! it fails. The pages the writes share (the ends of the audit log and of the indexes) are
//! written once per group, and so is the sync: on a disk where a synced write takes
//! milliseconds, most of the time of a small write.
//!
//! A turn's savepoint is set and released with plain statements rather than sqlx's own: sqlx
//! waits on the connection's thread until the caller has taken each answer of those, two more
//! hand-overs between threads per turn, and a turn waits for every hand-over in turn. The
//! statement that sets the savepoint also reads where the audit log ends, which nearly every
//! write appends to.

use sqlx::pool::PoolConnection;
use sqlx::{Database, Sqlite, SqliteConnection, SqlitePool, TransactionManager};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

type Manager = <Sqlite as Database>::TransactionManager;

/// Sets a turn's savepoint, and reads the audit log's last entry (see [`WriteTx::take_log_end`]).
const TURN_BEGINS: &str = "savepoint turn; select id, hash from audit_event order by id desc limit 1";
const TURN_ENDS: &str = "release turn";
/// What a turn wrote is undone; the turns before it in its group keep theirs.
const TURN_UNDONE: &str = "rollback to turn; release turn";

/// At most this many turns share one commit ...
const TURNS_PER_COMMIT: usize = 64;
/// ... and a group stays open for more turns at most as long as a commit takes (waiting longer
/// costs its first turn more than it saves), and never longer than this.
const LONGEST_GROUP: Duration = Duration::from_millis(10);

/// The one connection that writes, and whose turn it is.
#[derive(Clone, Debug)]
pub struct Writer {
    pool: SqlitePool,
    gate: Arc<Gate>,
}

#[derive(Debug, Default)]
struct Gate {
    state: Mutex<GateState>,
    /// How long a group stays open for more turns, when not as long as a commit takes.
    fixed_window: Option<Duration>,
    /// How many commits the writes made, for tests and the benchmark to compare with them.
    commits: AtomicU64,
}

#[derive(Debug, Default)]
struct GateState {
    /// A turn holds the connection, or its group is being committed.
    taken: bool,
    /// Who waits for a turn, first come first served.
    waiting: VecDeque<oneshot::Sender<Turn>>,
    /// The turns done in the open transaction, waiting for its commit.
    group: Vec<oneshot::Sender<bool>>,
    group_started: Option<Instant>,
    /// How long a commit takes, on average over the last few.
    commit_takes: Duration,
}

impl Writer {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool, gate: Arc::default() }
    }

    /// A writer whose groups stay open for more turns for `window`, however long a commit
    /// takes: for tests that need turns to share a commit on a disk where commits are quick.
    pub fn with_group_window(pool: SqlitePool, window: Duration) -> Self {
        Self { pool, gate: Arc::new(Gate { fixed_window: Some(window), ..Gate::default() }) }
    }

    /// The connections underneath, for what needs no turn: closing, and tests that look.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction, in its turn. Dropped without [`WriteTx::commit`], what it wrote is
    /// rolled back and the turns before it in its group are not touched.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        let mut turn = self.take_turn().await?;
        let conn = turn.connection();
        if Manager::get_transaction_depth(conn) == 0 {
            // `begin immediate` takes SQLite's lock at once, so a process outside the app that
            // also writes (a backup tool, a test) waits instead of failing half-way.
            Manager::begin(conn, Some("begin immediate".into())).await?;
        }
        // Every turn works in a savepoint of the group's transaction, so that its failure
        // leaves the turns before it alone.
        let log_end = sqlx::query_as(TURN_BEGINS).fetch_optional(conn).await?;
        Ok(WriteTx { turn, uncommitted: true, log_end: Some(log_end) })
    }

    /// A turn outside any transaction, for what SQLite refuses inside one (a checkpoint that
    /// truncates the WAL): the group before it is committed first.
    pub async fn outside_transaction(&self) -> Result<OutsideTransaction, sqlx::Error> {
        let mut turn = self.take_turn().await?;
        if Manager::get_transaction_depth(turn.connection()) > 0 {
            let members = self.gate.close_group();
            self.gate.commit_group(turn.connection(), members).await;
        }
        Ok(OutsideTransaction { turn })
    }

    /// How many wait for their turn now.
    pub fn waiting(&self) -> usize {
        self.gate.lock().waiting.len()
    }

    /// How many transactions the turns have committed since the start.
    pub fn commits(&self) -> u64 {
        self.gate.commits.load(Ordering::Relaxed)
    }

    async fn take_turn(&self) -> Result<Turn, sqlx::Error> {
        let (sender, receiver) = oneshot::channel();
        let first = {
            let mut state = self.gate.lock();
            state.waiting.push_back(sender);
            !std::mem::replace(&mut state.taken, true)
        };
        if first {
            // In a task of its own, so that a request that goes away meanwhile cannot leave
            // the gate taken with nobody holding the connection.
            let (pool, gate) = (self.pool.clone(), self.gate.clone());
            tokio::spawn(async move {
                match pool.acquire().await {
                    Ok(conn) => gate.end_turn(conn, false).await,
                    Err(error) => {
                        tracing::error!(%error, "the writer connection could not be had");
                        let mut state = gate.lock();
                        state.taken = false;
                        state.waiting.clear();
                    }
                }
            });
        }
        receiver.await.map_err(|_| sqlx::Error::PoolClosed)
    }
}

impl Gate {
    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        // The state is changed in short steps that cannot panic half-way, so a poisoned lock
        // still holds a consistent state.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn join_group(&self) -> oneshot::Receiver<bool> {
        let (sender, receiver) = oneshot::channel();
        let mut state = self.lock();
        state.group_started.get_or_insert_with(Instant::now);
        state.group.push(sender);
        receiver
    }

    fn close_group(&self) -> Vec<oneshot::Sender<bool>> {
        let mut state = self.lock();
        state.group_started = None;
        std::mem::take(&mut state.group)
    }

    /// After a turn: the connection goes to the next in line, with the transaction still open
    /// while the group may grow; otherwise the group is committed first. With nobody waiting
    /// it goes back to the pool.
    async fn end_turn(self: Arc<Self>, mut conn: PoolConnection<Sqlite>, undo: bool) {
        if undo {
            if let Err(error) = sqlx::query(TURN_UNDONE).execute(&mut *conn).await {
                // No savepoint to undo: either it was released before its caller went away
                // (then the write is whole, its audit entries with it, and stays in its group),
                // or SQLite ended the whole transaction itself (on a full disk, some I/O
                // errors). `begin` tells them apart: SQLite refuses it inside a transaction.
                if sqlx::query("begin").execute(&mut *conn).await.is_ok() {
                    tracing::error!(%error, "a failed write took its group's transaction with it");
                    self.abandon_group(&mut conn).await;
                }
            }
        }
        loop {
            let members = {
                let mut state = self.lock();
                let in_transaction = Manager::get_transaction_depth(&conn) > 0;
                let open_for = self.fixed_window.unwrap_or(state.commit_takes.min(LONGEST_GROUP));
                let group_may_grow = state.group.len() < TURNS_PER_COMMIT
                    && state.group_started.is_none_or(|started| started.elapsed() < open_for);
                if !in_transaction || group_may_grow {
                    while let Some(next) = state.waiting.pop_front() {
                        // One that stopped waiting (its request went away) is passed over.
                        match next.send(Turn { conn: Some(conn), gate: self.clone(), undo: false }) {
                            Ok(()) => return,
                            Err(mut returned) => match returned.conn.take() {
                                Some(back) => conn = back,
                                None => return,
                            },
                        }
                    }
                }
                if !in_transaction {
                    state.taken = false;
                    if !state.group.is_empty() {
                        // Their transaction is gone without a commit of ours: never leave them
                        // waiting, and never tell them it was committed.
                        tracing::error!(writes = state.group.len(), "writes found their transaction gone");
                        for member in std::mem::take(&mut state.group) {
                            let _ = member.send(false);
                        }
                    }
                    return;
                }
                state.group_started = None;
                std::mem::take(&mut state.group)
            };
            self.commit_group(&mut conn, members).await;
        }
    }

    /// Ends the transaction just begun after SQLite ended the group's own, and tells each
    /// turn in the group that its write failed.
    async fn abandon_group(&self, conn: &mut SqliteConnection) {
        // Through sqlx when it still counts the group's transaction as open, so that its count
        // is right again.
        let rolled_back = if Manager::get_transaction_depth(conn) > 0 {
            Manager::rollback(conn).await
        } else {
            sqlx::query("rollback").execute(&mut *conn).await.map(drop)
        };
        if let Err(error) = rolled_back {
            tracing::error!(%error, "the abandoned group was not rolled back");
        }
        for member in self.close_group() {
            let _ = member.send(false);
        }
    }

    /// Commits the open transaction and tells each turn in it whether its write is done.
    async fn commit_group(&self, conn: &mut SqliteConnection, members: Vec<oneshot::Sender<bool>>) {
        let started = Instant::now();
        let committed = match Manager::commit(conn).await {
            Ok(()) => {
                self.commits.fetch_add(1, Ordering::Relaxed);
                let mut state = self.lock();
                let took = started.elapsed();
                state.commit_takes =
                    if state.commit_takes.is_zero() { took } else { (state.commit_takes * 7 + took) / 8 };
                true
            }
            Err(error) => {
                tracing::error!(%error, writes = members.len(), "a group of writes was not committed");
                if let Err(error) = Manager::rollback(conn).await {
                    tracing::error!(%error, "the uncommitted group was not rolled back");
                }
                false
            }
        };
        for member in members {
            let _ = member.send(committed);
        }
    }
}

/// The writer connection while it is someone's turn. Dropped, it goes back to the gate: to
/// the next in line, or committed, or to the pool.
#[derive(Debug)]
struct Turn {
    /// Taken only when the turn ends.
    conn: Option<PoolConnection<Sqlite>>,
    gate: Arc<Gate>,
    /// What the turn wrote is to be undone before the connection goes on.
    undo: bool,
}

impl Turn {
    fn connection(&mut self) -> &mut SqliteConnection {
        self.conn.as_deref_mut().expect("a turn holds its connection until it ends")
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // A task of its own: a request that goes away while its group commits must not
            // take the connection with it.
            tokio::spawn(self.gate.clone().end_turn(conn, self.undo));
        }
    }
}

/// A write in its turn on the writer: a savepoint in its group's transaction.
#[derive(Debug)]
pub struct WriteTx {
    turn: Turn,
    /// Whether drop undoes what it wrote: until the write is done.
    uncommitted: bool,
    /// The audit log's last entry (id and hash) when the turn began, if not taken yet.
    log_end: Option<Option<(i64, String)>>,
}

impl WriteTx {
    /// Where the audit log ended when this write began, for the first append to it (which
    /// then need not read it again); none once taken. A second append reads the log itself.
    pub fn take_log_end(&mut self) -> Option<Option<(i64, String)>> {
        self.log_end.take()
    }

    /// Ends the write and waits until it is committed with its group.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.commit_after(sqlx::QueryBuilder::new("")).await
    }

    /// Ends the write with `last`, its last statements, sent with the savepoint's release in
    /// one round trip, and waits until it is committed with its group. The release runs only
    /// when all of `last` went through.
    pub async fn commit_after(mut self, mut last: sqlx::QueryBuilder<'_, Sqlite>) -> Result<(), sqlx::Error> {
        if !last.sql().is_empty() {
            last.push("; ");
        }
        last.push(TURN_ENDS);
        // Should the caller go away while this runs, drop undoes the write; when the release
        // went through first, the write stays whole with its group (see [`Gate::end_turn`]).
        last.build().execute(self.turn.connection()).await?;
        self.uncommitted = false;
        let committed = self.turn.gate.join_group();
        drop(self);
        match committed.await {
            Ok(true) => Ok(()),
            _ => Err(sqlx::Error::Io(std::io::Error::other("the commit this write was part of failed"))),
        }
    }

    /// Rolls back what this write wrote; the turns before it in its group keep theirs.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        drop(self);
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if self.uncommitted {
            self.turn.undo = true;
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        self.turn.conn.as_deref().expect("a turn holds its connection until it ends")
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.turn.connection()
    }
}

/// A turn on the writer outside any transaction; see [`Writer::outside_transaction`].
#[derive(Debug)]
pub struct OutsideTransaction {
    turn: Turn,
}

impl std::ops::Deref for OutsideTransaction {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        self.turn.conn.as_deref().expect("a turn holds its connection until it ends")
    }
}

impl std::ops::DerefMut for OutsideTransaction {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.turn.connection()
    }
}
