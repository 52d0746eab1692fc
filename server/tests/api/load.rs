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
