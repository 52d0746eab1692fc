//! The unit of work: any actor runs the same use case, and none reads or changes a dossier
//! without its entry in the log.

use crate::helpers::*;
use app::db::audit::AuditCheckpoint;
use app::domain::audit::{Actor, SystemJob};
use app::domain::consent::ConsentPurpose;
use app::error::AppError;
use app::service::{self, Origin, Work};

async fn city_of(app: &TestApp, client: &str) -> Option<String> {
    sqlx::query_scalar("select city from client where id = ?").bind(client).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn a_dossier_use_case_without_an_audit_entry_cannot_commit() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    let entries_before = app.count("select count(*) from audit_event").await;

    // A change to the dossier that forgets its entry: refused, and nothing of it is kept.
    let mut work = Work::write(
        &app.db(),
        &app.clock,
        Actor::Staff { id: 1, role: Some(app::domain::user::Role::Owner) },
        Origin::this_machine(),
    )
    .await
    .unwrap();
    sqlx::query("update client set city = 'Almkerk' where id = ?")
        .bind(&client)
        .execute(work.dossier(&client))
        .await
        .unwrap();
    assert_eq!(work.commit().await, Err(AppError::Internal));
    assert_eq!(city_of(&app, &client).await, None, "the change was not committed");

    // A read that forgets its entry is refused too.
    let mut work = Work::read(
        &app.db(),
        &app.clock,
        Actor::Staff { id: 1, role: Some(app::domain::user::Role::Owner) },
        Origin::this_machine(),
    )
    .await
    .unwrap();
    app::db::client::get(work.dossier(&client), &client).await.unwrap();
    assert_eq!(work.commit().await, Err(AppError::Internal));
    assert_eq!(app.count("select count(*) from audit_event").await, entries_before, "nothing was logged either");

    // An entry about another dossier does not count for this one.
    let other = app.create_client("Noor", "Jansen").await.unwrap().as_str().unwrap().to_owned();
    let mut work = Work::read(
        &app.db(),
        &app.clock,
        Actor::Staff { id: 1, role: Some(app::domain::user::Role::Owner) },
        Origin::this_machine(),
    )
    .await
    .unwrap();
    app::db::client::get(work.dossier(&client), &client).await.unwrap();
    work.audit(service::Entry::new(app::domain::audit::AuditAction::ClientViewed).client(&other));
    assert_eq!(work.commit().await, Err(AppError::Internal));
}

/// An entry's action, actor kind, actor reference and staff id, as stored.
type StoredActor = (String, Option<String>, Option<String>, Option<i64>);

#[tokio::test]
async fn a_client_link_and_a_scheduled_job_act_and_the_log_names_them() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;
    app.upload_photo(&client, &treatment, "before", phone_photo_with_gps()).await.unwrap();

    // The client reads her own dossier through her link: the same use case staff use.
    let link = Actor::ClientLink("link-7f3a".into());
    let origin = Origin { ip: Some("192.0.2.10".into()), device: Some("Mozilla/5.0 (iPhone)".into()) };
    let mut work = Work::read(&app.db(), &app.clock, link, origin).await.unwrap();
    let dossier = service::dossier::view(&mut work, &client, service::dossier::Reading::WithCare).await.unwrap();
    work.commit().await.unwrap();
    assert_eq!(dossier.details.first_name, "Zoë");

    // The nightly job acts on an ended consent: the photos are flagged, under its own name.
    let job = Actor::System(SystemJob::Retention);
    let mut work = Work::write(&app.db(), &app.clock, job, Origin::this_machine()).await.unwrap();
    service::consent::consent_ended(&mut work, &client, ConsentPurpose::PhotosDossier).await.unwrap();
    work.commit().await.unwrap();

    let rows: Vec<StoredActor> = sqlx::query_as(
        "select action, actor_kind, actor_ref, user_id from audit_event where client_id = ? order by id desc limit 2",
    )
    .bind(&client)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        [
            ("photo.flag".into(), Some("system".into()), Some("retention".into()), None),
            ("client.view".into(), Some("client_link".into()), Some("link-7f3a".into()), None),
        ]
    );

    let log = app.call("clients/audit", &[("id", &client)]).await.unwrap();
    let who: Vec<&str> = log["entries"].as_array().unwrap().iter().map(|e| e["who"].as_str().unwrap()).collect();
    // Staff are named with the role they acted in.
    assert_eq!(who[..3], ["Mitzy de Groot (eigenaar)", "Systeem (bewaartermijnen)", "Cliënt, via een eigen link"]);
    assert_eq!(log["entries"][1]["detail"], "1 foto");
    assert_eq!(log["chain_intact"], true);
}

#[tokio::test]
async fn entries_are_stamped_by_the_clock_the_test_moves() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    app.clock.advance(std::time::Duration::from_secs(40 * 24 * 3600));
    // A session would have ended by now; staff sign in again, forty days later.
    app.log_in(OWNER_PASSWORD).await.unwrap();
    app.call("clients/get", &[("id", &client)]).await.unwrap();
    let times: Vec<String> = sqlx::query_scalar("select at from audit_event where client_id = ? order by id")
        .bind(&client)
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let parse = |at: &str| chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let gap = parse(&times[1]) - parse(&times[0]);
    assert!(gap >= chrono::Duration::days(40) && gap < chrono::Duration::days(41), "{gap}");

    // What a use case stores is stamped by the same clock: a treatment added now, forty days on.
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(&client, &facial, "").await.unwrap();
    let (client_created, treatment_created): (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) =
        sqlx::query_as("select c.created_at, t.created_at from client c join treatment t on t.client_id = c.id")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let gap = treatment_created - client_created;
    assert!(gap >= chrono::Duration::days(40) && gap < chrono::Duration::days(41), "{gap}");
}

#[tokio::test]
async fn the_audit_check_reads_only_what_came_after_its_checkpoint() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    let checkpoint = AuditCheckpoint::default();
    let mut conn = app.pool.acquire().await.unwrap();
    // The walk checks the names lists showed once they are filed, and goes on from there.
    app.file_names_listed().await;
    let total = app.count("select count(*) from audit_event").await;
    let first = app::db::audit::walk_chain(&mut conn, &checkpoint).await.unwrap();
    assert!(first.links_intact);
    assert_eq!((first.rows_read, first.length), (total, total));

    app.call("clients/get", &[("id", &client)]).await.unwrap();
    app.file_names_listed().await;
    let second = app::db::audit::walk_chain(&mut conn, &checkpoint).await.unwrap();
    assert!(second.links_intact);
    assert_eq!((second.rows_read, second.length), (1, total + 1), "only the new entry is read");

    // Someone with the file alters a row after the checkpoint: found.
    app.call("clients/get", &[("id", &client)]).await.unwrap();
    app.file_names_listed().await;
    sqlx::query("drop trigger audit_event_is_append_only_update").execute(&app.pool).await.unwrap();
    sqlx::query("update audit_event set detail = 'x' where id = (select max(id) from audit_event)")
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(!app::db::audit::walk_chain(&mut conn, &checkpoint).await.unwrap().links_intact);

    // Put back as it was, the chain is whole again: read from the start, since the broken walk
    // left no checkpoint.
    sqlx::query("update audit_event set detail = null where id = (select max(id) from audit_event)")
        .execute(&app.pool)
        .await
        .unwrap();
    let whole = app::db::audit::walk_chain(&mut conn, &checkpoint).await.unwrap();
    assert!(whole.links_intact);
    assert_eq!(whole.rows_read, total + 2);

    // The row the checkpoint stands on, removed: the whole log is read again and comes up short.
    sqlx::query("drop trigger audit_event_is_append_only_delete").execute(&app.pool).await.unwrap();
    sqlx::query("delete from audit_event where id = (select max(id) from audit_event)")
        .execute(&app.pool)
        .await
        .unwrap();
    drop(conn);
    let findings = app::db::ledger::check(&app.pool, &checkpoint).await.unwrap();
    assert_eq!(findings, [app::domain::integrity::Finding::AuditTailMissing]);
}
