//! An update of the app on a practice's machine: the database it finds was written by the
//! previous release, with clients and signed consents in it.

use crate::helpers::*;
use app::db::SessionPolicy;

/// Takes the newest migration back out, as the previous release left the database: its
/// indexes and column removed and its history row gone.
async fn as_before_the_latest_migration(app: &TestApp) {
    for statement in [
        "drop index client_by_name_idx",
        "drop index client_by_created_idx",
        "drop index audit_event_user_action_idx",
        "alter table handover drop column first_shown_at",
        "delete from _sqlx_migrations where version = 6",
    ] {
        sqlx::query(statement).execute(&app.pool).await.expect(statement);
    }
}

#[tokio::test]
async fn an_upgrade_keeps_a_copy_and_the_evidence_and_the_log_still_verify() {
    let before = spawn_app().await;
    before.set_up_and_log_in().await;
    let client = before.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    grant_consent(&before, &client, "treatment").await;
    as_before_the_latest_migration(&before).await;
    assert!(copies_in(&before).is_empty(), "a new database gets no copy");

    let after = spawn_app_on(before.data_folder(), SessionPolicy::default()).await;
    let copies = copies_in(&after);
    assert_eq!(copies.len(), 1, "one copy from before the upgrade: {copies:?}");
    assert!(copies[0].contains("before-upgrade-from-0005"), "{}", copies[0]);
    let copy =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", after.data_dir().join(&copies[0]).display())).await.unwrap();
    let copied_clients: i64 = sqlx::query_scalar("select count(*) from client").fetch_one(&copy).await.unwrap();
    let copied_version: i64 =
        sqlx::query_scalar("select max(version) from _sqlx_migrations").fetch_one(&copy).await.unwrap();
    assert_eq!((copied_clients, copied_version), (1, 5), "the copy is the database as it was");

    after.log_in(OWNER_PASSWORD).await.unwrap();
    let signature: String =
        sqlx::query_scalar("select id from consent_signature").fetch_one(&after.pool).await.unwrap();
    assert_eq!(after.call("consent/verify", &[("signature_id", &signature)]).await, Ok(serde_json::Value::Bool(true)));
    let log = after.call("clients/audit", &[("id", &client)]).await.unwrap();
    assert_eq!(log["chain_intact"], true, "{log}");

    // Started again on the upgraded database, nothing more is copied.
    let again = spawn_app_on(after.data_folder(), SessionPolicy::default()).await;
    assert_eq!(copies_in(&again).len(), 1);
}

fn copies_in(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.data_dir())
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.contains("before-upgrade"))
        .collect()
}
