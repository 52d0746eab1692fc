use crate::helpers::*;
use app::domain::audit::AuditDetail;
use app::domain::consent::ConsentPurpose;
use app::domain::FieldError;
use app::error::AppError;

async fn new_client(app: &TestApp) -> String {
    app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_treatment_appears_on_the_timeline_and_sets_the_last_treatment_date() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let facial = app.type_id("Gezichtsbehandeling").await;

    app.add_treatment(&client, &facial, "Huid rustig, geen roodheid.").await.unwrap();

    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    let treatment = &dossier["care"]["treatments"][0];
    assert_eq!(treatment["type_name"], "Gezichtsbehandeling");
    assert_eq!(treatment["notes"], "Huid rustig, geen roodheid.");
    // A date, not a sentence: the interface writes it in the reader's language.
    assert_eq!(dossier["care"]["last_treatment_on"], practice_today().to_string());
    assert!(app.audit_actions_for(&client).await.contains(&"treatment.add".to_owned()));
}

#[tokio::test]
async fn a_bsn_in_the_notes_or_a_future_date_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let facial = app.type_id("Gezichtsbehandeling").await;

    let refused = app.add_treatment(&client, &facial, "BSN van cliënt: 111222333").await.unwrap_err();
    assert_eq!(refused.field_errors().unwrap().get("notes"), &[FieldError::LooksLikeBsn]);
    let future = app
        .call(
            "treatments/add",
            &[("client_id", &client), ("form[performed_on]", "2999-01-01"), ("form[type_id]", &facial)],
        )
        .await
        .unwrap_err();
    assert_eq!(future.field_errors().unwrap().get("performed_on"), &[FieldError::DateInFuture]);
    let unknown_type = app.add_treatment(&client, "9999", "").await.unwrap_err();
    assert_eq!(unknown_type.field_errors().unwrap().get("type_id"), &[FieldError::InvalidChoice]);
    assert_eq!(app.count("select count(*) from treatment").await, 0);
    assert_eq!(app.count("select count(*) from treatment_revision").await, 0);
}

#[tokio::test]
async fn the_first_use_of_a_type_with_health_data_asks_the_owner_for_an_avg_check() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let (ipl, massage) = (app.type_id("IPL").await, app.type_id("Massage").await);

    app.add_treatment(&client, &massage, "").await.unwrap();
    app.add_treatment(&client, &ipl, "").await.unwrap();
    app.add_treatment(&client, &ipl, "").await.unwrap();

    let overview = app.call("treatments/types/overview", &[]).await.unwrap();
    let reminders = overview["reminders"].as_array().unwrap();
    assert_eq!(reminders.len(), 1, "one reminder, for the first use of IPL only: {reminders:?}");
    assert_eq!(reminders[0]["type_name"], "IPL");

    let id = reminders[0]["id"].to_string();
    app.call("treatments/reminders/resolve", &[("id", &id)]).await.unwrap();
    let overview = app.call("treatments/types/overview", &[]).await.unwrap();
    assert!(overview["reminders"].as_array().unwrap().is_empty());
    assert_eq!(app.call("treatments/reminders/resolve", &[("id", &id)]).await, Err(AppError::NothingChanged));
}

#[tokio::test]
async fn the_owner_adds_and_retires_types_and_a_retired_type_cannot_be_chosen() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;

    app.call("treatments/types/add", &[("form[name]", "Microneedling"), ("form[records_health_data]", "on")])
        .await
        .unwrap();
    let duplicate = app.call("treatments/types/add", &[("form[name]", "microneedling")]).await.unwrap_err();
    assert_eq!(duplicate.field_errors().unwrap().get("name"), &[FieldError::NameTaken]);

    let id = app.type_id("Microneedling").await;
    app.call("treatments/types/active", &[("id", &id), ("active", "false")]).await.unwrap();
    let offered = app.call("treatments/types", &[]).await.unwrap();
    assert!(offered.as_array().unwrap().iter().all(|t| t["name"] != "Microneedling"));
    let refused = app.add_treatment(&client, &id, "").await.unwrap_err();
    assert_eq!(refused.field_errors().unwrap().get("type_id"), &[FieldError::InvalidChoice]);
}

#[tokio::test]
async fn a_correction_keeps_the_earlier_text_and_refuses_a_stale_form() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    let treatment = app.add_treatment(&client, &facial, "Eerste versie.").await.unwrap();
    let treatment = treatment.as_str().unwrap();
    let today = practice_today().to_string();
    let correct = |version: &'static str, notes: &'static str| {
        let fields = [
            ("client_id", client.clone()),
            ("treatment_id", treatment.to_owned()),
            ("version", version.to_owned()),
            ("form[performed_on]", today.clone()),
            ("form[type_id]", facial.clone()),
            ("form[notes]", notes.to_owned()),
            ("reason", "typefout".to_owned()),
        ];
        let app = &app;
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("treatments/update", &fields).await
        }
    };

    correct("1", "Tweede versie.").await.unwrap();
    assert_eq!(correct("1", "Derde versie.").await, Err(AppError::Conflict));
    assert_eq!(correct("2", "Tweede versie.").await, Err(AppError::NothingChanged));

    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    let item = &dossier["care"]["treatments"][0];
    assert_eq!(item["notes"], "Tweede versie.");
    let change = &item["history"][0]["changes"][0];
    assert_eq!((change["field"].as_str(), change["before"].as_str()), (Some("notes"), Some("Eerste versie.")));
    assert_eq!(item["history"][0]["reason"], "typefout");
    assert!(app.audit_actions_for(&client).await.contains(&"treatment.update".to_owned()));
}

#[tokio::test]
async fn the_health_questionnaire_needs_the_health_data_consent() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let answers = [
        ("client_id", client.as_str()),
        ("form[allergies]", "Noten"),
        ("form[medication]", ""),
        ("form[pregnancy]", "no"),
        ("form[skin_conditions]", "Rosacea"),
    ];

    assert_eq!(app.call("health/record", &answers).await, Err(AppError::ConsentRequired(ConsentPurpose::HealthData)));
    assert_eq!(app.count("select count(*) from health_answers").await, 0);
    assert!(app.audit_actions_for(&client).await.contains(&"health.refused".to_owned()));
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(dossier["care"]["health"], "NoConsent");

    grant_consent(&app, &client, "health_data").await;
    app.call("health/record", &answers).await.unwrap();
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(dossier["care"]["health"]["Consented"]["answers"]["allergies"], "Noten");
    assert_eq!(dossier["care"]["health"]["Consented"]["answers"]["pregnancy"], "No");
    let shown: Option<String> = sqlx::query_scalar(
        "select detail from audit_event where client_id = ? and action = 'client.view' order by id desc limit 1",
    )
    .bind(&client)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        shown.as_deref().and_then(AuditDetail::from_stored),
        Some(AuditDetail::HealthDataShown),
        "reading health data is named in the log, as a code"
    );
    let log = app.call("clients/audit", &[("id", &client)]).await.unwrap();
    let read = log["entries"].as_array().unwrap().iter().find(|entry| entry["action"] == "Dossier ingezien").unwrap();
    assert_eq!(read["detail"], "met gezondheidsgegevens", "and the owner reads it in words");

    // Withdrawn: recording stops, and the answers are no longer shown; the dossier says instead
    // that answers were recorded and when the consent ended (issue 10), never that there are none.
    app.call(
        "consent/withdraw",
        &[("client_id", &client), ("purpose", "health_data"), ("reason", "op verzoek van de cliënt per e-mail")],
    )
    .await
    .unwrap();
    assert_eq!(app.call("health/record", &answers).await, Err(AppError::ConsentRequired(ConsentPurpose::HealthData)));
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    let today = practice_today().to_string();
    assert_eq!(dossier["care"]["health"], serde_json::json!({ "ConsentEnded": { "ended_on": today } }));
    assert!(!dossier.to_string().contains("Noten"), "the answers themselves are not sent");
}

#[tokio::test]
async fn treatment_history_and_health_answers_refuse_update_and_delete() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(&client, &facial, "Huid rustig.").await.unwrap();
    grant_consent(&app, &client, "health_data").await;
    let answers = [
        ("client_id", client.as_str()),
        ("form[allergies]", "Noten"),
        ("form[medication]", ""),
        ("form[pregnancy]", "no"),
        ("form[skin_conditions]", ""),
    ];
    app.call("health/record", &answers).await.unwrap();

    for sql in [
        "update treatment_revision set details = '{}'",
        "delete from treatment_revision",
        "update health_answers set allergies = 'geen'",
        "delete from health_answers",
    ] {
        let error = sqlx::query(sql).execute(&app.pool).await.expect_err(sql).to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
}

#[tokio::test]
async fn the_owner_renames_a_type_and_a_used_type_that_now_records_health_data_asks_for_the_check() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = new_client(&app).await;
    let massage = app.type_id("Massage").await;
    app.add_treatment(&client, &massage, "").await.unwrap();

    app.call("treatments/types/change", &[("id", &massage), ("form[name]", "Ontspanningsmassage")]).await.unwrap();
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(
        dossier["care"]["treatments"][0]["type_name"], "Ontspanningsmassage",
        "earlier treatments follow the new name"
    );
    let taken = app.call("treatments/types/change", &[("id", &massage), ("form[name]", "ipl")]).await.unwrap_err();
    assert_eq!(taken.field_errors().unwrap().get("name"), &[FieldError::NameTaken]);
    let same = app.call("treatments/types/change", &[("id", &massage), ("form[name]", "Ontspanningsmassage")]).await;
    assert_eq!(same, Err(AppError::NothingChanged));

    let overview = app.call("treatments/types/overview", &[]).await.unwrap();
    assert!(overview["reminders"].as_array().unwrap().is_empty());
    app.call(
        "treatments/types/change",
        &[("id", &massage), ("form[name]", "Ontspanningsmassage"), ("form[records_health_data]", "on")],
    )
    .await
    .unwrap();
    let overview = app.call("treatments/types/overview", &[]).await.unwrap();
    assert_eq!(overview["reminders"][0]["type_name"], "Ontspanningsmassage");
}

#[tokio::test]
async fn health_answers_hidden_after_a_later_refusal_are_said_to_be_refused_not_withdrawn() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    grant_consent(&app, &client, "health_data").await;
    let answers = [
        ("client_id", client.as_str()),
        ("form[allergies]", "Noten"),
        ("form[medication]", ""),
        ("form[pregnancy]", "no"),
        ("form[skin_conditions]", ""),
    ];
    app.call("health/record", &answers).await.unwrap();

    // Asked again at a later hand-over, the client says no.
    let kiosk = hand_over(&app, &client, "health_data").await;
    let template_id = kiosk["items"][0]["template_id"].to_string();
    app.call("consent/decline", &[("template_id", template_id.as_str())]).await.unwrap();
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();

    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(dossier["care"]["health"]["ConsentEnded"]["declined"], true);
    assert!(!dossier.to_string().contains("Noten"));
}
