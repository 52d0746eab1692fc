use crate::helpers::*;
use app::domain::FieldError;
use app::error::AppError;

/// The owner saves a changed treatment consent text: version 2.
async fn save_treatment_text(app: &TestApp) {
    app.call(
        "consent/templates/save",
        &[
            ("purpose", "treatment"),
            ("language", "nl"),
            ("form[title]", "Toestemming behandeling"),
            ("form[body]", "Nieuwe tekst voor de behandeling, uitgebreider."),
        ],
    )
    .await
    .unwrap();
}

async fn signature_id(app: &TestApp) -> String {
    sqlx::query_scalar("select id from consent_signature").fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn a_signed_consent_is_evidence_that_verifies() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let kiosk = hand_over(&app, id, "photos_dossier,treatment").await;
    assert_eq!(kiosk["items"].as_array().unwrap().len(), 2, "only the consents asked for");

    // While the tablet is handed over, nothing else can be reached.
    assert_eq!(app.call("clients/search", &[("query", "zoe")]).await, Err(AppError::KioskLocked));
    assert_eq!(app.call("clients/get", &[("id", id)]).await, Err(AppError::KioskLocked));

    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    let hand_over_steps = app.audit_actions_for(id).await;
    for step in ["consent.handover_start", "consent.sign", "consent.handover_finish", "consent.handover_end"] {
        assert!(hand_over_steps.iter().any(|a| a == step), "{step} missing from {hand_over_steps:?}");
    }

    let dossier = app.call("clients/get", &[("id", id)]).await.unwrap();
    let consent = &dossier["consents"][0];
    assert_eq!(consent["status"], "Granted");
    assert_eq!(consent["signature"]["signer"], "Zoë de Vries");
    let signature = signature_id(&app).await;
    assert_eq!(app.call("consent/verify", &[("signature_id", &signature)]).await, Ok(serde_json::Value::Bool(true)));

    // The owner's log names the consent in Dutch.
    let log = app.call("clients/audit", &[("id", id)]).await.unwrap();
    let signed = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "Toestemming getekend")
        .expect("signing is logged");
    assert_eq!(signed["detail"], "Toestemming voor de behandeling");
}

#[tokio::test]
async fn evidence_rows_refuse_update_and_delete() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let kiosk = hand_over(&app, id.as_str().unwrap(), "treatment").await;
    sign_first(&app, &kiosk, ("", "")).await.unwrap();

    for sql in [
        "update consent_signature set signer_name = 'Iemand anders'",
        "delete from consent_signature",
        "update consent_event set kind = 'withdrawn'",
        "delete from consent_event",
        "update consent_template set body = 'andere tekst'",
    ] {
        let error = sqlx::query(sql).execute(&app.pool).await.expect_err(sql).to_string();
        assert!(error.contains("append-only") || error.contains("immutable"), "{sql}: {error}");
    }
}

#[tokio::test]
async fn a_tampered_stroke_makes_verification_fail() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let kiosk = hand_over(&app, id.as_str().unwrap(), "treatment").await;
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    let signature = signature_id(&app).await;

    // Someone with access to the database file drops the guard and moves one point.
    sqlx::query("drop trigger consent_signature_is_append_only_update").execute(&app.pool).await.unwrap();
    sqlx::query("update consent_signature set strokes = replace(strokes, '\"x\":100.0', '\"x\":101.0')")
        .execute(&app.pool)
        .await
        .unwrap();

    assert_eq!(app.call("consent/verify", &[("signature_id", &signature)]).await, Ok(serde_json::Value::Bool(false)));
}

#[tokio::test]
async fn a_client_under_sixteen_cannot_sign_without_a_guardian() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let minor = app
        .call(
            "clients/create",
            &[
                ("form[first_name]", "Mila"),
                ("form[surname]", "Jansen"),
                ("form[date_of_birth]", "2014-05-01"),
                ("form[mobile]", "0612345678"),
            ],
        )
        .await
        .unwrap();
    let kiosk = hand_over(&app, minor.as_str().unwrap(), "photos_publication").await;
    assert_eq!(kiosk["guardian_required"], true);

    let Err(AppError::Invalid(errors)) = sign_first(&app, &kiosk, ("", "")).await else {
        panic!("guardian must be required")
    };
    assert_eq!(errors.get("guardian_name"), &[FieldError::Required]);
    assert_eq!(app.count("select count(*) from consent_signature").await, 0, "nothing half-written");

    sign_first(&app, &kiosk, ("Eva Jansen", "moeder")).await.unwrap();
    let (role, name, relationship): (String, String, String) =
        sqlx::query_as("select signer_role, signer_name, guardian_relationship from consent_signature")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((role.as_str(), name.as_str(), relationship.as_str()), ("guardian", "Eva Jansen", "moeder"));
}

#[tokio::test]
async fn a_signature_for_another_text_or_without_ink_is_refused() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let kiosk = hand_over(&app, id.as_str().unwrap(), "treatment").await;
    let template_id = kiosk["items"][0]["template_id"].to_string();
    let other_text = app::domain::consent::sha256_hex("een andere tekst");
    let wrong_text = app
        .call(
            "consent/sign",
            &[("template_id", &template_id), ("text_sha256", &other_text), ("strokes", &strokes_json())],
        )
        .await;
    assert_eq!(wrong_text, Err(AppError::Conflict));

    let right_text = app::domain::consent::sha256_hex(kiosk["items"][0]["text"].as_str().unwrap());
    let empty = app
        .call(
            "consent/sign",
            &[("template_id", &template_id), ("text_sha256", &right_text), ("strokes", r#"{"strokes":[]}"#)],
        )
        .await;
    let Err(AppError::Invalid(errors)) = empty else { panic!("{empty:?}") };
    assert_eq!(errors.get("signature"), &[FieldError::SignatureEmpty]);
    assert_eq!(app.count("select count(*) from consent_event").await, 0);
}

#[tokio::test]
async fn withdrawal_is_a_new_event_and_the_evidence_stays() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let kiosk = hand_over(&app, id, "photos_dossier").await;
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    assert_eq!(
        app.call(
            "consent/withdraw",
            &[("client_id", id), ("purpose", "photos_dossier"), ("reason", "op verzoek van de cliënt per e-mail")]
        )
        .await,
        Err(AppError::KioskLocked)
    );
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();

    app.call(
        "consent/withdraw",
        &[("client_id", id), ("purpose", "photos_dossier"), ("reason", "op verzoek van de cliënt per e-mail")],
    )
    .await
    .unwrap();
    let dossier = app.call("clients/get", &[("id", id)]).await.unwrap();
    assert_eq!(dossier["consents"][0]["status"], "Withdrawn");
    assert_eq!(app.count("select count(*) from consent_event").await, 2);
    assert_eq!(app.count("select count(*) from consent_signature").await, 1);
}

#[tokio::test]
async fn unlocking_the_tablet_needs_the_practitioners_password() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    hand_over(&app, id.as_str().unwrap(), "treatment").await;
    assert_eq!(app.call("consent/unlock", &[("password", "geraden")]).await, Err(AppError::WrongPassword));
    assert_eq!(app.call("clients/search", &[("query", "zoe")]).await, Err(AppError::KioskLocked));
    assert!(app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.is_ok());
    assert!(app.call("clients/search", &[("query", "zoe")]).await.is_ok());
}

#[tokio::test]
async fn editing_a_text_makes_a_new_version_and_keeps_the_old_one() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let before = app.count("select count(*) from consent_template where purpose = 'treatment'").await;
    save_treatment_text(&app).await;
    assert_eq!(app.count("select count(*) from consent_template where purpose = 'treatment'").await, before + 1);
    let templates = app.call("consent/templates", &[("language", "nl")]).await.unwrap();
    let treatment = templates.as_array().unwrap().iter().find(|t| t["purpose"] == "treatment").unwrap();
    assert_eq!(treatment["version"], 2);
}

#[tokio::test]
async fn the_pdf_copy_holds_the_text_and_the_signers_name() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let kiosk = hand_over(&app, id, "treatment").await;
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    let signature = signature_id(&app).await;
    let url = format!("{}/clients/{id}/consents/{signature}/pdf", app.address);

    let response = app.client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).expect("a readable PDF");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Toestemming voor de behandeling"), "{text}");
    assert!(text.contains("Door te tekenen ga ik akkoord met"), "{text}");
    assert!(text.contains("Getekend door: Zoë de Vries"), "{text}");
    assert_eq!(app.count("select count(*) from audit_event where action = 'consent.pdf'").await, 1);

    // Without a session there is no copy.
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let refused = anonymous.get(&url).send().await.unwrap();
    assert!(refused.status().is_redirection() || refused.status() == 401, "{}", refused.status());
}

#[tokio::test]
async fn the_copy_of_a_withdrawn_consent_says_it_was_withdrawn_and_when() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    grant_consent(&app, id, "marketing_email").await;
    let signature = signature_id(&app).await;
    let url = format!("{}/clients/{id}/consents/{signature}/pdf", app.address);
    let text_of = |pdf: &[u8]| {
        let text = pdf_extract::extract_text_from_mem(pdf).expect("a readable PDF");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let before = app.client.get(&url).send().await.unwrap().bytes().await.unwrap();
    assert!(!text_of(&before).contains("INGETROKKEN"), "in force, it says nothing of the kind");

    app.call(
        "consent/withdraw",
        &[("client_id", id), ("purpose", "marketing_email"), ("reason", "op verzoek van de cliënt per e-mail")],
    )
    .await
    .unwrap();
    let after = app.client.get(&url).send().await.unwrap().bytes().await.unwrap();
    let text = text_of(&after);
    let today = practice_today().format("%d-%m-%Y").to_string();
    assert!(text.contains(&format!("INGETROKKEN op {today}")), "{text}");
    assert!(text.contains("Ingetrokken op:"), "{text}");
    assert!(text.contains("vastgelegd door Mitzy de Groot"), "{text}");
}

#[tokio::test]
async fn the_template_list_shows_every_version_with_its_date_hash_and_signatures() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let kiosk = hand_over(&app, id.as_str().unwrap(), "treatment").await;
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    save_treatment_text(&app).await;

    let templates = app.call("consent/templates", &[("language", "nl")]).await.unwrap();
    let treatment = templates.as_array().unwrap().iter().find(|t| t["purpose"] == "treatment").unwrap();
    let versions = treatment["versions"].as_array().unwrap();
    assert_eq!(versions.iter().map(|v| v["version"].as_i64().unwrap()).collect::<Vec<_>>(), [2, 1], "newest first");
    assert_eq!(versions[0]["signed"], 0);
    assert_eq!(versions[1]["signed"], 1, "the version the client signed");
    assert_eq!(versions[0]["text_sha256"], treatment["text_sha256"]);
    assert_ne!(versions[0]["text_sha256"], versions[1]["text_sha256"]);
    let since = versions[1]["since"]["at"].as_str().unwrap_or_default();
    assert!(since.starts_with(&practice_today().to_string()), "today, where the practice is: {}", versions[1]["since"]);
    assert!(["CET", "CEST"].contains(&versions[1]["since"]["zone"].as_str().unwrap_or_default()));
}

#[tokio::test]
async fn a_consent_text_is_a_readable_page_at_most() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let save = |body: String| {
        let app = &app;
        async move {
            app.call(
                "consent/templates/save",
                &[
                    ("purpose", "marketing_email"),
                    ("language", "nl"),
                    ("form[title]", "Nieuwsbrief"),
                    ("form[body]", body.as_str()),
                ],
            )
            .await
        }
    };
    let junk = "qwerty uiop ".repeat(1_000);
    let Err(AppError::Invalid(errors)) = save(junk).await else { panic!("10,000 characters are refused") };
    assert_eq!(errors.get("body"), &[FieldError::TooLong { max: 4_000 }]);
    let Err(AppError::Invalid(errors)) = save(format!("Ik ontvang {}", "x".repeat(200))).await else {
        panic!("an unbroken run of characters is refused")
    };
    assert_eq!(errors.get("body"), &[FieldError::WordTooLong { max: 60 }]);
    assert_eq!(
        app.count("select count(*) from consent_template where purpose = 'marketing_email' and language = 'nl'").await,
        1
    );
}

#[tokio::test]
async fn a_reloading_tablet_leaves_one_shown_entry_per_hand_over() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    hand_over(&app, id, "treatment").await;
    for _ in 0..5 {
        app.call("consent/kiosk", &[]).await.unwrap();
    }
    let shown = |app: &TestApp| {
        let id = id.to_owned();
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "select count(*) from audit_event where client_id = ? and action = 'consent.kiosk_view'",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(shown(&app).await, 1);

    // The next hand-over is a new showing.
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    hand_over(&app, id, "marketing_email").await;
    assert_eq!(shown(&app).await, 2);
}

#[tokio::test]
async fn a_long_consent_text_runs_over_pages_and_nothing_falls_off() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    // Close to the longest text the editor accepts, ending in a sentence to look for.
    let sentence = "Ik weet wat de behandeling inhoudt en welke risico's erbij horen. ";
    let mut body = sentence.repeat(3_900 / sentence.len());
    body.push_str("Dit is de laatste zin van de tekst.");
    app.call(
        "consent/templates/save",
        &[
            ("purpose", "treatment"),
            ("language", "nl"),
            ("form[title]", "Toestemming voor de behandeling"),
            ("form[body]", body.as_str()),
        ],
    )
    .await
    .unwrap();
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let kiosk = hand_over(&app, id, "treatment").await;
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    let signature = signature_id(&app).await;

    let pdf = app
        .client
        .get(format!("{}/clients/{id}/consents/{signature}/pdf", app.address))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).expect("a readable PDF");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Dit is de laatste zin van de tekst."), "the end of the text is on the copy");
    assert!(text.contains("Ik kan deze toestemming altijd intrekken"), "and the sentence after it");
    assert!(text.contains("Getekend door: Zoë de Vries"), "and the evidence after the signature");
    assert!(text.contains("pagina 2 van 2"), "on a second page: {}", &text[text.len().saturating_sub(400)..]);
}
