use crate::helpers::*;
use app::error::AppError;

#[tokio::test]
async fn every_dossier_read_and_change_leaves_an_audit_row() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();

    app.call("clients/get", &[("id", id)]).await.unwrap();
    app.call("clients/get", &[("id", id)]).await.unwrap();
    app.call("clients/edit", &[("id", id)]).await.unwrap();

    assert_eq!(app.audit_actions_for(id).await, ["client.create", "client.view", "client.view", "client.edit_view"]);
    let searches_before = app.count("select count(*) from audit_event where action = 'client.search'").await;
    app.call("clients/search", &[("query", "zoe")]).await.unwrap();
    assert_eq!(app.count("select count(*) from audit_event where action = 'client.search'").await, searches_before + 1);

    // Who, when and from where are recorded; the searched name is not.
    let (user, ip): (Option<i64>, Option<String>) =
        sqlx::query_as("select user_id, ip from audit_event where client_id = ? and action = 'client.view'")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(user.is_some());
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    let leaked = app.count("select count(*) from audit_event where detail like '%zoe%' or detail like '%Vries%'").await;
    assert_eq!(leaked, 0, "no personal data in the audit detail");
}

#[tokio::test]
async fn audit_rows_cannot_be_changed_or_removed() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let update = sqlx::query("update audit_event set action = 'nothing'").execute(&app.pool).await;
    let delete = sqlx::query("delete from audit_event").execute(&app.pool).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn the_owner_reads_the_log_and_sees_a_broken_chain() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();

    let log = app.call("clients/audit", &[("id", id)]).await.unwrap();
    assert_eq!(log["chain_intact"], true);
    let actions: Vec<_> =
        log["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions, ["Log ingezien", "Dossier aangemaakt"]);

    // Someone with file access slips a row in by hand: the chain no longer adds up.
    sqlx::query(
        "insert into audit_event (at, action, prev_hash, hash, created_at, updated_at) values ('2026-01-01', 'client.view', 'x', 'y', '2026-01-01', '2026-01-01')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let log = app.call("clients/audit", &[("id", id)]).await.unwrap();
    assert_eq!(log["chain_intact"], false);
}

#[tokio::test]
async fn a_practitioner_account_may_not_read_the_log() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    sqlx::query("update staff_user set role = 'practitioner'").execute(&app.pool).await.unwrap();
    assert_eq!(app.call("clients/audit", &[("id", id.as_str().unwrap())]).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn opening_a_page_logs_one_read_however_the_server_renders_it() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    for page in [format!("/clients/{id}"), format!("/clients/{id}/audit")] {
        let response = app.client.get(format!("{}{page}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{page}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Zoë de Vries"), "{page} shows the dossier");
    }
    assert_eq!(app.audit_actions_for(id).await, ["client.create", "client.view", "audit.view"]);
}
