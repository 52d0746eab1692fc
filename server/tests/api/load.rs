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
    assert!(folds_at >= 10_000, "a commit folds the WAL only when it has grown very large: {folds_at}");

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

/// The database as the server opens it, in `data_dir`.
async fn database_in(data_dir: &std::path::Path) -> (server::config::Settings, app::db::Db) {
    let settings =
        server::config::Settings::in_folder(data_dir.to_owned(), app::server_ctx::SessionPolicy::default(), SETUP_CODE);
    let db = server::startup::open_database(&settings, &Default::default()).await.unwrap();
    (settings, db)
}
