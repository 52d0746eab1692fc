//! The schema as later work needs it: one timestamp format, roles checked in Rust, signing
//! sessions with a channel, and evidence that does not require a staff member.

use crate::helpers::*;
use app::error::AppError;

/// Every column that holds a time: `at` and every `…_at`.
async fn time_columns(app: &TestApp) -> Vec<(String, String)> {
    let tables: Vec<String> =
        sqlx::query_scalar("select name from sqlite_master where type = 'table' and name not like '\\_%' escape '\\' and name not like 'sqlite%'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let mut columns = Vec::new();
    for table in tables {
        let names: Vec<String> = sqlx::query_scalar(&format!("select name from pragma_table_info('{table}')"))
            .fetch_all(&app.pool)
            .await
            .unwrap();
        columns.extend(names.into_iter().filter(|c| c == "at" || c.ends_with("_at")).map(|c| (table.clone(), c)));
    }
    columns
}

#[tokio::test]
async fn every_time_is_stored_in_one_format() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;
    app.upload_photo(&client, &treatment, "after", phone_photo_with_gps()).await.unwrap();
    app.call("consent/withdraw", &[("client_id", &client), ("purpose", "photos_dossier"), ("reason", "per e-mail")])
        .await
        .unwrap();
    app.call("settings/lock", &[("minutes", "5")]).await.unwrap();
    app.call("screen/lock", &[]).await.unwrap();

    let columns = time_columns(&app).await;
    assert!(columns.len() > 30, "{columns:?}");
    let mut checked = 0;
    for (table, column) in columns {
        let values: Vec<Option<String>> =
            sqlx::query_scalar(&format!("select {column} from {table}")).fetch_all(&app.pool).await.unwrap();
        for value in values.into_iter().flatten() {
            let parsed = chrono::NaiveDateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M:%S%.6fZ");
            assert!(parsed.is_ok() && value.len() == 27, "{table}.{column}: {value}");
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} times checked");
}

#[tokio::test]
async fn a_role_this_version_does_not_know_is_stored_but_signs_in_to_nothing() {
    let app = spawn_app().await;
    app.set_up().await;
    sqlx::query(
        "insert into staff_user (name, email, password_hash, role, created_at, updated_at)
         select 'Stagiair', 'stage@praktijk.test', password_hash, 'intern', created_at, updated_at
         from staff_user where id = 1",
    )
    .execute(&app.pool)
    .await
    .expect("roles are an open set in the database");
    let login = [("form[email]", "stage@praktijk.test"), ("form[password]", OWNER_PASSWORD)];
    assert_eq!(app.call("login", &login).await, Err(AppError::LoginFailed));
    assert_eq!(app.count("select count(*) from session").await, 0);
}

#[tokio::test]
async fn a_hand_over_is_a_signing_session_on_the_tablet_and_evidence_may_come_without_staff() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    grant_consent(&app, &client, "treatment").await;
    let channel: String = sqlx::query_scalar("select channel from signing_session").fetch_one(&app.pool).await.unwrap();
    assert_eq!(channel, "tablet");

    // What a link will write: a signature with no staff member present, an event nobody on the
    // staff recorded. The schema takes both; the app says which methods exist.
    let session: String = sqlx::query_scalar("select id from signing_session").fetch_one(&app.pool).await.unwrap();
    sqlx::query(
        "insert into consent_signature (id, client_id, template_id, purpose, rendered_text, text_sha256, signer_role,
             signer_name, strokes, signature_svg, staff_user_id, staff_name, handover_id, device, ip, signed_at,
             evidence_sha256, created_at, updated_at)
         select 'via-link', client_id, template_id, purpose, rendered_text, text_sha256, signer_role, signer_name, strokes,
             signature_svg, null, null, ?, device, ip, signed_at, evidence_sha256, created_at, updated_at
         from consent_signature",
    )
    .bind(&session)
    .execute(&app.pool)
    .await
    .expect("a signature without a staff member");
    sqlx::query(
        "insert into consent_event (client_id, purpose, template_id, kind, signature_id, method, recorded_by, handover_id,
                                    at, created_at, updated_at)
         select client_id, purpose, template_id, 'granted', 'via-link', 'link_signature', null, ?, at, created_at, updated_at
         from consent_event",
    )
    .bind(&session)
    .execute(&app.pool)
    .await
    .expect("an event nobody on the staff recorded");

    // The dossier shows it, naming nobody as the one who recorded it, and its copy prints
    // without a staff member present.
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    let consent = &dossier["consents"][0];
    assert_eq!((consent["status"].as_str(), consent["recorded_by"].is_null()), (Some("Granted"), true), "{consent}");
    assert_eq!(consent["signature"]["id"], "via-link");
    let copy = app.client.get(format!("{}/clients/{client}/consents/via-link/pdf", app.address)).send().await.unwrap();
    assert_eq!(copy.status(), 200);
    let text = pdf_extract::extract_text_from_mem(&copy.bytes().await.unwrap()).unwrap();
    assert!(text.contains("Kenmerk: via-link") && !text.contains("Aanwezige medewerker"), "{text}");
}

#[tokio::test]
async fn the_rebuilt_tables_keep_every_guard_they_had() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let triggers: Vec<String> =
        sqlx::query_scalar("select name from sqlite_master where type = 'trigger'").fetch_all(&app.pool).await.unwrap();
    for table in ["consent_template", "consent_signature", "consent_event"] {
        let guards: Vec<&String> = triggers.iter().filter(|name| name.starts_with(table)).collect();
        assert_eq!(guards.len(), 3, "{table}: refuses update, delete and replacement: {guards:?}");
    }
}
