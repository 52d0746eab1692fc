//! Reads beside writes: a read is shown only once its audit entry is in, and many requests at
//! once all get their answer, none "database is locked".

use crate::helpers::*;
use app::error::AppError;

#[tokio::test]
async fn a_read_whose_audit_entry_cannot_be_written_returns_nothing() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "Onzichtbaar").await.unwrap();
    let id = id.as_str().unwrap();
    sqlx::query("create trigger audit_fails before insert on audit_event begin select raise(abort, 'disk full'); end")
        .execute(&app.pool)
        .await
        .unwrap();

    let response = app.post("clients/get", &[("id", id)]).await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(!body.contains("Onzichtbaar"), "the dossier was not sent: {body}");
    assert_eq!(app.call("clients/search", &[("query", "onzicht")]).await, Err(AppError::Internal));

    sqlx::query("drop trigger audit_fails").execute(&app.pool).await.unwrap();
    assert_eq!(app.call("clients/get", &[("id", id)]).await.unwrap()["details"]["surname"], "Onzichtbaar");
}

#[tokio::test]
async fn fifty_searches_and_twenty_writes_at_once_all_succeed() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    for n in 0..30 {
        app.create_client("Zoë", &format!("de Vries {n}")).await.unwrap();
    }
    let searches = (0..50).map(|_| app.call("clients/search", &[("query", "zoe vries")]));
    let writes = (0..20).map(|n| {
        let app = &app;
        async move { app.create_client("Noor", &format!("Jansen {n}")).await }
    });
    let (found, written) = futures::join!(futures::future::join_all(searches), futures::future::join_all(writes));
    for answer in &found {
        assert_eq!(answer.as_ref().map(|hits| hits.as_array().map(Vec::len)), Ok(Some(30)), "{answer:?}");
    }
    for answer in &written {
        assert!(answer.is_ok(), "{answer:?}");
    }
    assert_eq!(app.count("select count(*) from client").await, 50);
    let log = app.call("clients/audit", &[("id", written[0].as_ref().unwrap().as_str().unwrap())]).await.unwrap();
    assert_eq!(log["chain_intact"], true);
}

#[tokio::test]
async fn no_page_of_the_database_is_written_outside_the_data_folder() {
    let data_dir = tempfile::tempdir().unwrap();
    let (_settings, db) = database_in(data_dir.path()).await;
    // 2 is "memory": a statement's journal and any temporary table stay in the process, instead
    // of a file in the system's shared /var/tmp that outlives the rows it held.
    for pool in [db.write.pool(), &db.read] {
        let temp_store: i64 = sqlx::query_scalar("pragma temp_store").fetch_one(pool).await.unwrap();
        assert_eq!(temp_store, 2);
    }
    db.close().await;
}

#[tokio::test]
async fn the_wal_is_folded_back_beside_the_writer_not_inside_a_request_commit() {
    let data_dir = tempfile::tempdir().unwrap();
    let (settings, db) = database_in(data_dir.path()).await;
    let folds_at: i64 = sqlx::query_scalar("pragma wal_autocheckpoint").fetch_one(db.write.pool()).await.unwrap();
    assert!(
        folds_at > app::db::WAL_PAGES_TO_START_OVER,
        "a commit folds the WAL only past where the checkpointer has it start over: {folds_at}"
    );

    let mut tx = db.begin_write().await.unwrap();
    sqlx::query("create table scratch (n integer)").execute(&mut *tx).await.unwrap();
    sqlx::query("insert into scratch (n) values (1), (2), (3)").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    // What the app's own checkpointer runs every second, here on a connection of the test. The
    // app's may be folding at the same moment; then this one finds the lock taken and tries again.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", settings.database_path().display())).await.unwrap();
    let mut folded = None;
    for _ in 0..1_000 {
        folded = app::db::checkpoint(&pool).await.unwrap();
        if folded.is_some() {
            break;
        }
    }
    let folded = folded.expect("the checkpoint lock came free");
    assert!(folded.wal_pages > 0, "the commit went to the WAL: {folded:?}");
    assert_eq!(folded.folded_pages, folded.wal_pages, "and all of it into the database file");
    pool.close().await;
    db.close().await;
}

#[tokio::test]
async fn past_its_limit_a_wal_written_without_a_pause_starts_over_at_the_next_write() {
    let after = wal_after_a_fold_during_a_write(1).await;
    assert!(after.the_fold_waited_for_the_writer, "past the limit, the fold finishes in the writer's turn");
    assert!(after.wal_pages < 20, "the next write started the WAL over: {} pages", after.wal_pages);
}

#[tokio::test]
async fn below_its_limit_the_fold_never_makes_the_writer_pause() {
    let after = wal_after_a_fold_during_a_write(i64::MAX).await;
    assert!(!after.the_fold_waited_for_the_writer, "the fold ran beside a write in its turn");
    assert!(after.wal_pages >= 200, "and the WAL goes on growing: {} pages", after.wal_pages);
}

struct AfterTheFold {
    the_fold_waited_for_the_writer: bool,
    wal_pages: i64,
}

/// Writes 100 pages, then 100 more in a write whose turn lasts while the checkpointer folds
/// (as under a steady stream of writes, a commit lands during each fold), then one more
/// write; how far the WAL is then.
async fn wal_after_a_fold_during_a_write(start_over_at: i64) -> AfterTheFold {
    let data_dir = tempfile::tempdir().unwrap();
    let (settings, db) = database_in(data_dir.path()).await;
    db.close().await;
    // The same file without the app's own checkpointer, which would fold at moments of its own.
    let connect = |connections| {
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(settings.database_path());
        sqlx::sqlite::SqlitePoolOptions::new().max_connections(connections).connect_with(options)
    };
    let db = app::db::Db::new(connect(2).await.unwrap(), connect(1).await.unwrap());
    let checkpointer = connect(1).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    sqlx::query("create table scratch (page blob)").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    write_pages(&db, 100).await;

    let mut during_the_fold = db.begin_write().await.unwrap();
    sqlx::query(PAGES).bind(100).execute(&mut *during_the_fold).await.unwrap();
    let fold = {
        let (checkpointer, writer) = (checkpointer.clone(), db.write.clone());
        tokio::spawn(async move { app::db::fold_wal(&checkpointer, &writer, start_over_at).await })
    };
    while !fold.is_finished() && db.write.waiting() == 0 {
        tokio::task::yield_now().await;
    }
    let the_fold_waited_for_the_writer = !fold.is_finished();
    during_the_fold.commit().await.unwrap();
    fold.await.unwrap().unwrap();
    write_pages(&db, 1).await;

    let wal = app::db::checkpoint(&checkpointer).await.unwrap().expect("no other checkpointer");
    checkpointer.close().await;
    db.close().await;
    AfterTheFold { the_fold_waited_for_the_writer, wal_pages: wal.wal_pages }
}

/// Inserts `?` rows of about a page each.
const PAGES: &str = "with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
                     insert into scratch (page) select randomblob(3000) from n";

async fn write_pages(db: &app::db::Db, pages: i64) {
    let mut tx = db.begin_write().await.unwrap();
    sqlx::query(PAGES).bind(pages).execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// The database as the server opens it, in `data_dir`.
async fn database_in(data_dir: &std::path::Path) -> (server::config::Settings, app::db::Db) {
    let settings =
        server::config::Settings::in_folder(data_dir.to_owned(), app::server_ctx::SessionPolicy::default(), SETUP_CODE);
    let db = server::startup::open_database(&settings, &Default::default()).await.unwrap();
    (settings, db)
}
