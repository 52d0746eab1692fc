//! The holes found by probing the release build from outside (issue 9): races, a kiosk that
//! still told, a stalled pool, DNS rebinding, blanket 500s, panics, unbounded input and gaps in
//! append-only. Each test sends what the probe sent and checks what a user would notice.

use crate::helpers::*;
use app::domain::integrity::{Finding, SealedRecords};
use app::domain::FieldError;
use app::error::AppError;
use futures::future::join_all;

fn count_of(answers: &[Answer], expected: &Answer) -> usize {
    answers.iter().filter(|a| *a == expected).count()
}

fn too_many(answer: &Answer) -> bool {
    matches!(answer, Err(AppError::TooManyAttempts { .. }))
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_no_more_hashed_than_the_allowance() {
    let app = spawn_app().await;
    app.set_up().await;

    // Arrange/act: 30 wrong passwords for one account, all at once.
    let burst = (0..30).map(|_| app.log_in("niet het wachtwoord"));
    let answers = join_all(burst).await;

    // Only the five free attempts were checked (each hashed and logged); the rest had to wait.
    assert_eq!(count_of(&answers, &Err(AppError::LoginFailed)), 5, "{answers:?}");
    assert_eq!(answers.iter().filter(|a| too_many(a)).count(), 25, "{answers:?}");
    assert_eq!(app.count("select count(*) from audit_event where action = 'auth.login_failed'").await, 5);
}

#[tokio::test]
async fn the_tablet_unlock_and_the_pin_setting_are_throttled_under_a_burst_too() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let pin_burst = (0..12).map(|_| {
        app.call("settings/pin", &[("password", "fout wachtwoord"), ("pin", "48213"), ("pin_repeat", "48213")])
    });
    let answers = join_all(pin_burst).await;
    assert_eq!(count_of(&answers, &Err(AppError::WrongPassword)), 5, "{answers:?}");
    assert_eq!(answers.iter().filter(|a| too_many(a)).count(), 7, "{answers:?}");

    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    hand_over(&app, client.as_str().unwrap(), "treatment").await;
    let unlock_burst = (0..12).map(|_| app.call("consent/unlock", &[("password", "fout wachtwoord")]));
    let answers = join_all(unlock_burst).await;
    assert_eq!(count_of(&answers, &Err(AppError::WrongPassword)), 5, "{answers:?}");
    assert_eq!(answers.iter().filter(|a| too_many(a)).count(), 7, "{answers:?}");
}

#[tokio::test]
async fn a_burst_of_screen_unlocks_answers_cleanly_and_logs_no_unlock_after_the_session_ended() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.call("settings/pin", &[("password", OWNER_PASSWORD), ("pin", "48213"), ("pin_repeat", "48213")]).await.unwrap();
    app.call("screen/lock", &[]).await.unwrap();

    let mut burst: Vec<_> = (0..10).map(|_| app.call("screen/unlock", &[("secret", "11111")])).collect();
    burst.insert(4, app.call("screen/unlock", &[("secret", "48213")]));
    let answers = join_all(burst).await;

    for answer in &answers {
        assert!(
            matches!(answer, Ok(_) | Err(AppError::WrongSecret) | Err(AppError::Unauthorized)),
            "no failure, only answers: {answer:?}"
        );
    }
    let failures = app.count("select count(*) from audit_event where action = 'screen.unlock_failed'").await;
    assert!(failures <= 5, "at most five tries are checked, {failures} were");
    // The fifth wrong try ends the session in the same commit as its log entry: no unlock may be
    // logged after it.
    let ended_at: Option<i64> = sqlx::query_scalar(
        "select id from audit_event where action = 'screen.unlock_failed' order by id limit 1 offset 4",
    )
    .fetch_optional(&app.pool)
    .await
    .unwrap();
    if let Some(ended_at) = ended_at {
        let later_unlocks = app
            .count(&format!("select count(*) from audit_event where action = 'screen.unlock' and id > {ended_at}"))
            .await;
        assert_eq!(later_unlocks, 0, "an unlock was logged for a session that no longer existed");
        assert_eq!(app.count("select count(*) from session").await, 0);
    }
}

#[tokio::test]
async fn a_finished_kiosk_gives_nothing_but_finished() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "Geheimnaam").await.unwrap();
    let kiosk = hand_over(&app, client.as_str().unwrap(), "treatment").await;
    let text = kiosk["items"][0]["text"].as_str().unwrap().to_owned();
    assert!(serde_json::to_string(&kiosk).unwrap().contains("Geheimnaam"), "the client sees their name");
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/finish", &[]).await.unwrap();

    // The next person to pick up the tablet.
    let after = app.call("consent/kiosk", &[]).await.unwrap();
    assert_eq!(after, serde_json::json!("finished"));
    let page = app.client.get(format!("{}/kiosk", app.address)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(!html.contains("Geheimnaam"), "the page carries no name");
    let first_line = text.lines().next().unwrap();
    assert!(!html.contains(first_line), "nor the consent text");
}

#[tokio::test]
async fn simultaneous_pdf_copies_and_page_loads_do_not_stall_each_other() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let client = client.as_str().unwrap();
    grant_consent(&app, client, "treatment").await;
    let signature: String = sqlx::query_scalar("select id from consent_signature").fetch_one(&app.pool).await.unwrap();
    let copy_url = format!("{}/clients/{client}/consents/{signature}/pdf", app.address);

    let copies = (0..32).map(|_| app.client.get(&copy_url).send());
    let pages = (0..20).map(|_| app.client.get(format!("{}/clients", app.address)).send());
    let (copies, pages) = tokio::join!(join_all(copies), join_all(pages));

    for response in copies {
        assert_eq!(response.unwrap().status(), 200, "every copy is made");
    }
    for response in pages {
        let response = response.unwrap();
        assert_eq!(response.status(), 200, "nobody is sent to sign in: {:?}", response.headers().get("location"));
    }
    assert_eq!(app.count("select count(*) from audit_event where action = 'consent.pdf'").await, 32);
}

#[tokio::test]
async fn a_database_failure_at_the_page_gate_is_unavailable_not_signed_out() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    sqlx::query("alter table session rename to session_gone").execute(&app.pool).await.unwrap();
    let response = app.client.get(format!("{}/clients", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().get("location").is_none());
}

#[tokio::test]
async fn a_foreign_host_name_is_not_served() {
    let app = spawn_app().await;
    // A page elsewhere whose own name now points at this machine (DNS rebinding): to the browser
    // it is same-origin, so only the Host header gives it away.
    let rebound = app
        .client
        .post(format!("{}/api/setup", app.address))
        .header("host", "zorgvuldig.evil.example")
        .header("origin", "http://zorgvuldig.evil.example")
        .header("sec-fetch-site", "same-origin")
        .form(&[("form[practice_name]", "Overgenomen"), ("form[setup_code]", SETUP_CODE)])
        .send()
        .await
        .unwrap();
    assert_eq!(rebound.status(), 421);
    let page = app.client.get(format!("{}/login", app.address)).header("host", "evil.example:3000").send().await;
    assert_eq!(page.unwrap().status(), 421);
    assert_eq!(app.count("select count(*) from practice").await, 0);

    let local = app.client.get(format!("{}/setup", app.address)).header("host", "localhost:3000").send().await;
    assert_eq!(local.unwrap().status(), 200, "the loopback names are ours");
}

#[tokio::test]
async fn the_first_run_setup_needs_the_code_from_the_console() {
    let app = spawn_app().await;
    let form = |code: &'static str| {
        vec![
            ("form[practice_name]", "Praktijk Test"),
            ("form[address]", "Gantelweg 12, Almkerk"),
            ("form[profile]", "care_provider"),
            ("form[owner_name]", "Mitzy de Groot"),
            ("form[owner_email]", OWNER_EMAIL),
            ("form[password]", OWNER_PASSWORD),
            ("form[password_repeat]", OWNER_PASSWORD),
            ("form[setup_code]", code),
        ]
    };
    let field = |answer: Answer| match answer {
        Err(AppError::Invalid(errors)) => errors.get("setup_code").to_vec(),
        other => panic!("a field error, not {other:?}"),
    };
    assert_eq!(field(app.call("setup", &form("")).await), vec![FieldError::Required]);
    assert_eq!(field(app.call("setup", &form("0000 0000")).await), vec![FieldError::WrongSetupCode]);
    assert_eq!(app.count("select count(*) from practice").await, 0);
    for _ in 0..4 {
        app.call("setup", &form("9999 9999")).await.unwrap_err();
    }
    assert!(too_many(&app.call("setup", &form(SETUP_CODE)).await), "guessing is throttled");
    assert_eq!(app.count("select count(*) from practice").await, 0);

    let fresh = spawn_app().await;
    fresh.call("setup", &form("13572468")).await.expect("the right code, however it is spaced");
    assert_eq!(fresh.count("select count(*) from practice").await, 1);
}

#[tokio::test]
async fn each_refusal_answers_with_its_own_status_and_typed_body() {
    let app = spawn_app().await;
    app.set_up().await;

    let anonymous = app.post("clients/get", &[("id", "abc")]).await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(answer(anonymous).await, Err(AppError::Unauthorized));

    app.log_in(OWNER_PASSWORD).await.unwrap();
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16);
    let cases: Vec<Case> = vec![
        ("clients/get", vec![("id", "bestaat-niet")], 404),
        ("consent/kiosk", vec![], 403),
        ("clients/search", vec![], 400),
        (
            "clients/create",
            vec![
                ("form[first_name]", ""),
                ("form[initials]", ""),
                ("form[surname]", ""),
                ("form[date_of_birth]", ""),
                ("form[email]", ""),
                ("form[mobile]", ""),
                ("form[street]", ""),
                ("form[house_number]", ""),
                ("form[postcode]", ""),
                ("form[city]", ""),
                ("form[referrer]", ""),
            ],
            422,
        ),
    ];
    for (endpoint, form, status) in cases {
        let response = app.post(endpoint, &form).await;
        assert_eq!(response.status(), status, "{endpoint}");
        assert!(answer(response).await.is_err(), "{endpoint} keeps its typed body");
    }
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let conflict = app
        .post(
            "consent/withdraw",
            &[("client_id", client.as_str().unwrap()), ("purpose", "treatment"), ("reason", "per e-mail")],
        )
        .await;
    assert_eq!(conflict.status(), 409, "nothing in force to withdraw");

    for _ in 0..5 {
        app.log_in("fout").await.unwrap_err();
    }
    let throttled = app.post("login", &[("form[email]", OWNER_EMAIL), ("form[password]", "fout")]).await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert!(too_many(&answer(throttled).await));
}

#[tokio::test]
async fn a_form_post_to_the_photo_upload_is_refused_without_a_panic() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    let form = format!("client_id={client}&treatment_id={treatment}&moment=before&photo=abc");
    let refused = app.post_body("photos/upload", "application/x-www-form-urlencoded", form.into_bytes()).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(answer(refused).await, Err(AppError::BadRequest));
    let no_boundary = app.post_body("photos/upload", "multipart/form-data", b"--x\r\n".to_vec()).await;
    assert_eq!(no_boundary.status(), 400);
    assert!(app.call("clients/get", &[("id", &client)]).await.is_ok(), "the server carries on");
}

#[tokio::test]
async fn a_stroke_time_out_of_bounds_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let kiosk = hand_over(&app, client.as_str().unwrap(), "treatment").await;
    let item = &kiosk["items"][0];
    let forged = strokes_json().replacen(r#""t":8.0"#, r#""t":1e308"#, 1);
    assert_ne!(forged, strokes_json());
    let answer = app
        .call(
            "consent/sign",
            &[
                ("template_id", item["template_id"].to_string().as_str()),
                ("text_sha256", app::domain::consent::sha256_hex(item["text"].as_str().unwrap()).as_str()),
                ("strokes", forged.as_str()),
            ],
        )
        .await;
    let Err(AppError::Invalid(errors)) = answer else { panic!("refused as input: {answer:?}") };
    assert_eq!(errors.get("signature"), &[FieldError::SignatureInvalid]);
    assert_eq!(app.count("select count(*) from consent_signature").await, 0);
}

#[tokio::test]
async fn a_copy_whose_strokes_cannot_be_read_is_refused_rather_than_drawn_empty() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let client = client.as_str().unwrap();
    grant_consent(&app, client, "treatment").await;
    // A record as the old code could store it: a time that became null.
    sqlx::query(
        "insert into consent_signature
         select 'broken', client_id, template_id, purpose, rendered_text, text_sha256, signer_role, signer_name,
                guardian_relationship,
                '{\"strokes\":[{\"pointer\":\"touch\",\"samples\":[{\"x\":10,\"y\":10,\"t\":null,\"p\":0.5}]}]}',
                signature_svg, staff_user_id, staff_name, handover_id, device, ip, signed_at, evidence_sha256,
                created_at, updated_at
         from consent_signature",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let url = format!("{}/clients/{client}/consents/broken/pdf", app.address);
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 500);
    assert_ne!(response.headers().get("content-type").map(|v| v.to_str().unwrap()), Some("application/pdf"));
}

#[tokio::test]
async fn bytes_that_are_not_utf8_are_refused_with_a_field_message() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let body = "form%5Bfirst_name%5D=Zo%C3%AB&form%5Binitials%5D=&form%5Bsurname%5D=de+Vri%FFes\
                &form%5Bdate_of_birth%5D=1990-04-01&form%5Bemail%5D=zoe%40example.nl&form%5Bmobile%5D=\
                &form%5Bstreet%5D=&form%5Bhouse_number%5D=&form%5Bpostcode%5D=&form%5Bcity%5D=\
                &form%5Breferrer%5D=";
    let response = app.post_body("clients/create", "application/x-www-form-urlencoded", body.into()).await;
    assert_eq!(response.status(), 422);
    let Err(AppError::Invalid(errors)) = answer(response).await else { panic!("a field error") };
    assert_eq!(errors.get("surname"), &[FieldError::UnreadableText]);
    assert_eq!(app.count("select count(*) from client").await, 0, "nothing half-written");
}

#[tokio::test]
async fn a_photo_cut_off_or_claiming_too_many_pixels_is_refused() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;
    let photo = phone_photo_with_gps();

    let cut = app.upload_photo(&client, &treatment, "before", photo[..photo.len() * 2 / 3].to_vec()).await;
    let Err(AppError::Invalid(errors)) = cut else { panic!("refused as input: {cut:?}") };
    assert_eq!(errors.get("photo"), &[FieldError::ImageIncomplete]);

    let mut giant = photo.clone();
    let frame = giant.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame header");
    giant[frame + 5..frame + 9].copy_from_slice(&[0x2E, 0xE0, 0x2E, 0xE0]); // 12000 × 12000
    let huge = app.upload_photo(&client, &treatment, "before", giant).await;
    let Err(AppError::Invalid(errors)) = huge else { panic!("refused as input: {huge:?}") };
    assert_eq!(errors.get("photo"), &[FieldError::ImageTooManyPixels { max_megapixels: 50 }]);
    assert_eq!(app.count("select count(*) from photo").await, 0);
}

#[tokio::test]
async fn append_only_tables_refuse_replacement_and_revisions_refuse_delete() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    grant_consent(&app, client.as_str().unwrap(), "treatment").await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(client.as_str().unwrap(), &facial, "notitie").await.unwrap();
    app.call("clients/search", &[("query", "zoe")]).await.unwrap();

    for table in [
        "client_revision",
        "treatment_revision",
        "consent_signature",
        "consent_event",
        "audit_event",
        "consent_template",
        "record_chain",
    ] {
        let replaced = sqlx::query(&format!("insert or replace into {table} select * from {table} limit 1"))
            .execute(&app.pool)
            .await;
        assert!(replaced.is_err(), "{table} refuses insert or replace");
    }
    // Its rows are all key: a replacement writes back the same row. Taking one out is refused.
    app.file_names_listed().await;
    let deleted = sqlx::query("delete from audit_name_listed").execute(&app.pool).await;
    assert!(deleted.is_err(), "audit_name_listed refuses delete");
    let deleted = sqlx::query("delete from client_revision").execute(&app.pool).await;
    assert!(deleted.is_err(), "client_revision refuses delete");
    assert_eq!(app.count("select count(*) from client_revision").await, 1);
}

/// The owner's own check, as the audit page shows it.
async fn findings(app: &TestApp, client: &str) -> Vec<Finding> {
    let log = app.call("clients/audit", &[("id", client)]).await.unwrap();
    serde_json::from_value(log["findings"].clone()).unwrap()
}

/// What someone with the database file and the sqlite3 tool can do on a stopped server.
async fn drop_append_only_triggers(app: &TestApp) {
    let triggers: Vec<String> =
        sqlx::query_scalar("select name from sqlite_master where type = 'trigger'").fetch_all(&app.pool).await.unwrap();
    for trigger in triggers {
        sqlx::query(&format!("drop trigger {trigger}")).execute(&app.pool).await.unwrap();
    }
}

#[tokio::test]
async fn a_deleted_withdrawal_an_inserted_event_and_a_cut_audit_tail_are_reported() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let client = client.as_str().unwrap();
    grant_consent(&app, client, "marketing_email").await;
    app.call(
        "consent/withdraw",
        &[("client_id", client), ("purpose", "marketing_email"), ("reason", "op verzoek van de cliënt per e-mail")],
    )
    .await
    .unwrap();
    assert_eq!(findings(&app, client).await, vec![], "as written, nothing is found");

    drop_append_only_triggers(&app).await;
    // Deleting the withdrawal makes the consent read as granted again.
    sqlx::query("delete from consent_event where kind = 'withdrawn'").execute(&app.pool).await.unwrap();
    let found = findings(&app, client).await;
    assert!(found.contains(&Finding::RecordsMissing { records: SealedRecords::ConsentEvent, count: 1 }), "{found:?}");

    sqlx::query(
        "insert into consent_event (id, client_id, purpose, template_id, kind, signature_id, method, recorded_by, at,
                                    created_at, updated_at)
         select 1000, client_id, 'health_data', template_id, kind, signature_id, method, recorded_by, at, created_at,
                updated_at
         from consent_event where kind = 'granted'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let found = findings(&app, client).await;
    assert!(found.contains(&Finding::RecordsUnsealed { records: SealedRecords::ConsentEvent, count: 1 }), "{found:?}");
    assert!(found.contains(&Finding::RecordsMissing { records: SealedRecords::ConsentEvent, count: 1 }), "{found:?}");

    let before_cut = findings(&app, client).await;
    assert!(!before_cut.contains(&Finding::AuditTailMissing));
    sqlx::query("delete from audit_event where id > (select max(id) - 3 from audit_event)")
        .execute(&app.pool)
        .await
        .unwrap();
    let after_cut: Vec<Finding> = serde_json::from_value(
        serde_json::to_value(app::db::ledger::check(&app.pool, &Default::default()).await.unwrap()).unwrap(),
    )
    .unwrap();
    assert!(after_cut.contains(&Finding::AuditTailMissing), "{after_cut:?}");
    assert!(!after_cut.contains(&Finding::AuditChainBroken), "the links alone cannot tell: {after_cut:?}");
}

#[tokio::test]
async fn an_altered_revision_is_reported() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let client = client.as_str().unwrap();
    drop_append_only_triggers(&app).await;
    sqlx::query("update client_revision set reason = 'anders'").execute(&app.pool).await.unwrap();
    let found = findings(&app, client).await;
    assert_eq!(found, vec![Finding::RecordsAltered { records: SealedRecords::ClientRevision, count: 1 }]);
}
