//! The writer's turns against a real SQLite file: writes that arrive together share a commit,
//! and each is still all or nothing on its own.

use app::db::writer::Writer;
use std::time::Duration;

/// A writer on a fresh database file with one table, and a reader beside it.
async fn writer_on_a_file() -> (tempfile::TempDir, Writer, sqlx::SqlitePool) {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
    let folder = tempfile::tempdir().unwrap();
    let file = SqliteConnectOptions::new()
        .filename(folder.path().join("writes.sqlite3"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(file.clone()).await.unwrap();
    sqlx::query("create table note (id integer primary key, text text not null unique)").execute(&pool).await.unwrap();
    // Each turn reads where the audit log ends as it begins.
    sqlx::query("create table audit_event (id integer primary key, hash text not null)").execute(&pool).await.unwrap();
    let reader = SqlitePoolOptions::new().max_connections(2).connect_with(file.read_only(true)).await.unwrap();
    // Commits on a test's disk are quick; the groups stay open long enough to be seen.
    (folder, Writer::with_group_window(pool, Duration::from_secs(10)), reader)
}

async fn write_note(writer: &Writer, text: &str) -> Result<(), sqlx::Error> {
    let mut tx = writer.begin().await?;
    sqlx::query("insert into note (text) values (?)").bind(text).execute(&mut *tx).await?;
    tx.commit().await
}

async fn notes(reader: &sqlx::SqlitePool) -> Vec<String> {
    sqlx::query_scalar("select text from note order by id").fetch_all(reader).await.unwrap()
}

/// Waits until `count` writes wait for their turn, so that the test knows they form one group.
async fn until_waiting(writer: &Writer, count: usize) {
    tokio::time::timeout(Duration::from_secs(10), async {
        while writer.waiting() < count {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the writes queue up");
}

#[tokio::test]
async fn twenty_writes_at_once_share_commits_and_each_is_committed_when_its_caller_hears_so() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    let before = writer.commits();
    let writes: Vec<_> = (0..20)
        .map(|n| {
            let (writer, reader) = (writer.clone(), reader.clone());
            tokio::spawn(async move {
                write_note(&writer, &format!("note {n}")).await.unwrap();
                // Done means on disk for everyone: a reader sees it at once.
                let seen: i64 = sqlx::query_scalar("select count(*) from note where text = ?")
                    .bind(format!("note {n}"))
                    .fetch_one(&reader)
                    .await
                    .unwrap();
                assert_eq!(seen, 1, "note {n} is committed once its write says so");
            })
        })
        .collect();
    for write in writes {
        write.await.unwrap();
    }
    assert_eq!(notes(&reader).await.len(), 20);
    let commits = writer.commits() - before;
    assert!(commits < 20, "writes that came together shared commits: {commits} commits for 20 writes");
}

#[tokio::test]
async fn a_write_that_fails_in_a_group_takes_nothing_of_the_writes_before_or_after_it_with_it() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    let mut first = writer.begin().await.unwrap();
    sqlx::query("insert into note (text) values ('first')").execute(&mut *first).await.unwrap();

    // Behind it: one that writes and then fails on a duplicate, and one that writes after it.
    let failing = tokio::spawn({
        let writer = writer.clone();
        async move {
            let mut tx = writer.begin().await.unwrap();
            sqlx::query("insert into note (text) values ('half-written')").execute(&mut *tx).await.unwrap();
            let duplicate = sqlx::query("insert into note (text) values ('first')").execute(&mut *tx).await;
            assert!(duplicate.is_err(), "the duplicate is refused");
            // Dropped without a commit, as a use case that returns its error.
        }
    });
    until_waiting(&writer, 1).await;
    let last = tokio::spawn({
        let writer = writer.clone();
        async move { write_note(&writer, "last").await }
    });
    until_waiting(&writer, 2).await;

    let before = writer.commits();
    first.commit().await.unwrap();
    failing.await.unwrap();
    last.await.unwrap().unwrap();
    assert_eq!(notes(&reader).await, ["first", "last"], "nothing of the failed write, all of the others");
    assert_eq!(writer.commits() - before, 1, "the three turns were one group");
}

#[tokio::test]
async fn when_the_first_write_of_a_group_fails_the_next_one_begins_afresh() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    let mut first = writer.begin().await.unwrap();
    sqlx::query("insert into note (text) values ('rolled back')").execute(&mut *first).await.unwrap();
    let next = tokio::spawn({
        let writer = writer.clone();
        async move { write_note(&writer, "kept").await }
    });
    until_waiting(&writer, 1).await;
    first.rollback().await.unwrap();
    next.await.unwrap().unwrap();
    assert_eq!(notes(&reader).await, ["kept"]);
}

#[tokio::test]
async fn a_request_that_goes_away_while_it_waits_or_writes_does_not_stop_the_writes_after_it() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    let first = writer.begin().await.unwrap();
    // One gives up while it waits for its turn, one in the middle of its write.
    let gave_up_waiting = tokio::spawn({
        let writer = writer.clone();
        async move { write_note(&writer, "never").await }
    });
    until_waiting(&writer, 1).await;
    gave_up_waiting.abort();
    let (holding, release) = tokio::sync::oneshot::channel::<()>();
    let gave_up_writing = tokio::spawn({
        let writer = writer.clone();
        async move {
            let mut tx = writer.begin().await.unwrap();
            sqlx::query("insert into note (text) values ('half-written')").execute(&mut *tx).await.unwrap();
            let _ = holding.send(());
            std::future::pending::<()>().await;
            tx.commit().await
        }
    });
    // The one that gave up still stands in the queue until its turn comes and is passed over.
    until_waiting(&writer, 2).await;
    // The first write's commit waits for its group, which the one in the middle of its write
    // has joined: it is done only once that one is gone.
    let first_committed = tokio::spawn(first.commit());
    release.await.unwrap();
    gave_up_writing.abort();
    first_committed.await.unwrap().unwrap();

    tokio::time::timeout(Duration::from_secs(10), write_note(&writer, "after"))
        .await
        .expect("the writer is free again")
        .unwrap();
    assert_eq!(notes(&reader).await, ["after"]);
}

#[tokio::test]
async fn a_turn_outside_any_transaction_commits_the_group_before_it() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    let first = writer.begin().await.unwrap();
    let outside = tokio::spawn({
        let writer = writer.clone();
        async move {
            let mut turn = writer.outside_transaction().await.unwrap();
            // SQLite refuses this inside a transaction.
            sqlx::query("pragma wal_checkpoint(truncate)").execute(&mut *turn).await.map(drop)
        }
    });
    until_waiting(&writer, 1).await;
    let committed = tokio::spawn(async move { write_note_in(first, "before the checkpoint").await });
    outside.await.unwrap().unwrap();
    committed.await.unwrap().unwrap();
    assert_eq!(notes(&reader).await, ["before the checkpoint"]);
}

async fn write_note_in(mut tx: app::db::writer::WriteTx, text: &str) -> Result<(), sqlx::Error> {
    sqlx::query("insert into note (text) values (?)").bind(text).execute(&mut *tx).await?;
    tx.commit().await
}

#[tokio::test]
async fn when_sqlite_rolls_back_the_whole_group_every_write_in_it_hears_it_failed_and_the_next_write_works() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    // What SQLite does by itself on a full disk or some I/O errors: end the whole transaction.
    sqlx::query(
        "create trigger note_ends_everything before insert on note when new.text = 'ends everything'
         begin select raise(rollback, 'the transaction is gone'); end",
    )
    .execute(writer.pool())
    .await
    .unwrap();
    let first = writer.begin().await.unwrap();
    let breaking = tokio::spawn({
        let writer = writer.clone();
        async move {
            let mut tx = writer.begin().await.unwrap();
            let gone = sqlx::query("insert into note (text) values ('ends everything')").execute(&mut *tx).await;
            assert!(gone.is_err(), "the insert is refused");
        }
    });
    until_waiting(&writer, 1).await;
    let first_heard = write_note_in(first, "in the lost group").await;
    breaking.await.unwrap();

    assert!(first_heard.is_err(), "a write whose group was lost does not hear that it was committed");
    write_note(&writer, "after").await.unwrap();
    assert_eq!(notes(&reader).await, ["after"], "nothing of the lost group, and the writer goes on");
}

#[tokio::test]
async fn a_write_whose_caller_goes_away_just_after_its_release_went_through_stays_whole_in_its_group() {
    let (_folder, writer, reader) = writer_on_a_file().await;
    let first = writer.begin().await.unwrap();
    let released = tokio::spawn({
        let writer = writer.clone();
        async move {
            let mut tx = writer.begin().await.unwrap();
            sqlx::query("insert into note (text) values ('released')").execute(&mut *tx).await.unwrap();
            // What the last round trip of a commit ends with (the turn's savepoint is `turn`);
            // its caller goes away before it hears back, so the write is dropped uncommitted.
            sqlx::query("release turn").execute(&mut *tx).await.unwrap();
            drop(tx);
        }
    });
    until_waiting(&writer, 1).await;
    // The first write hands its open transaction on, and its commit waits for the group.
    write_note_in(first, "first").await.expect("the group the released write stayed in is committed");
    released.await.unwrap();

    write_note(&writer, "after").await.unwrap();
    assert_eq!(notes(&reader).await, ["first", "released", "after"], "the released write is whole, and kept");
}
