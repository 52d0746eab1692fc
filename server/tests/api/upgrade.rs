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

/// Writes the data folder of a practice as this release leaves it (clients, signed and withdrawn
/// consents, a parent's signature, a correction, treatments, health answers and a photo) to
/// `ZORGVULDIG_FIXTURE_DIR`. Run once per release, by hand, to keep the previous release's
/// database for the upgrade tests:
/// `ZORGVULDIG_FIXTURE_DIR=server/tests/fixtures/release-0006 cargo test -p server --test api -- --ignored write_release_fixture`
#[tokio::test]
#[ignore = "writes a fixture; run by hand when a release is made"]
async fn write_release_fixture() {
    let target = std::path::PathBuf::from(std::env::var("ZORGVULDIG_FIXTURE_DIR").expect("ZORGVULDIG_FIXTURE_DIR"));
    let app = spawn_app().await;
    let (adult, treatment) = client_with_treatment(&app).await;
    for purpose in ["treatment", "photos_dossier", "health_data"] {
        grant_consent(&app, &adult, purpose).await;
    }
    app.upload_photo(&adult, &treatment, "before", phone_photo_with_gps()).await.expect("photo");
    app.call(
        "health/record",
        &[
            ("client_id", adult.as_str()),
            ("form[allergies]", "Noten"),
            ("form[medication]", ""),
            ("form[pregnancy]", "no"),
            ("form[skin_conditions]", ""),
        ],
    )
    .await
    .expect("health answers");
    let edit = app.call("clients/edit", &[("id", &adult)]).await.unwrap();
    let version = edit[1].to_string();
    app.call(
        "clients/update",
        &[
            ("id", adult.as_str()),
            ("version", version.as_str()),
            ("form[first_name]", "Zoë"),
            ("form[initials]", ""),
            ("form[surname]", "de Vries"),
            ("form[date_of_birth]", "1990-04-01"),
            ("form[email]", "zoe@example.nl"),
            ("form[mobile]", "0612345678"),
            ("form[street]", ""),
            ("form[house_number]", ""),
            ("form[postcode]", ""),
            ("form[city]", ""),
            ("form[referrer]", ""),
            ("reason", "nieuw e-mailadres"),
        ],
    )
    .await
    .expect("correction");
    app.call("consent/withdraw", &[("client_id", &adult), ("purpose", "photos_dossier"), ("reason", "per e-mail")])
        .await
        .expect("withdrawal");
    let child = app.create_client_born("Noor", "Jansen", "2015-06-01").await.unwrap().as_str().unwrap().to_owned();
    let kiosk = hand_over(&app, &child, "treatment").await;
    sign_first(&app, &kiosk, ("Eva Jansen", "moeder")).await.expect("parent signs");
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    app.call("clients/get", &[("id", &child)]).await.unwrap();
    app.call("clients/search", &[("query", "zoe")]).await.unwrap();

    std::fs::create_dir_all(target.join("photos")).unwrap();
    let database = target.join("zorgvuldig.sqlite3");
    let _ = std::fs::remove_file(&database);
    sqlx::query("vacuum into ?").bind(database.to_string_lossy().into_owned()).execute(&app.pool).await.unwrap();
    std::fs::copy(app.data_dir().join("photo.key"), target.join("photo.key")).unwrap();
    for photo in std::fs::read_dir(app.data_dir().join("photos")).unwrap() {
        let photo = photo.unwrap();
        std::fs::copy(photo.path(), target.join("photos").join(photo.file_name())).unwrap();
    }
}
