//! Nothing kept longer than promised: when a dossier's term ends (on the server's movable
//! clock), legal holds, the dry-run command, erasure that leaves nothing readable behind, the
//! tax record, and a restored copy held to the destruction ledger.

use crate::helpers::*;
use app::domain::field::FieldError;
use app::domain::retention::years_after;
use app::error::AppError;
use app::server_ctx::SessionPolicy;
use chrono::NaiveDate;
use std::time::Duration;

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Moves the server's clock `days` days on and signs the owner in again (the session timed out).
async fn days_later(app: &TestApp, days: i64) {
    app.clock.advance(DAY * u32::try_from(days).expect("forward"));
    app.log_in(OWNER_PASSWORD).await.expect("signed in again");
}

/// The reasons a field was refused, or a panic when the answer was anything else.
fn refused_with(answer: &Answer, field: &str) -> Vec<FieldError> {
    match answer {
        Err(AppError::Invalid(errors)) => errors.get(field).to_vec(),
        other => panic!("expected a refused field, got {other:?}"),
    }
}

fn due_ids(review: &serde_json::Value) -> Vec<String> {
    review["due"].as_array().unwrap().iter().map(|d| d["client_id"].as_str().unwrap().to_owned()).collect()
}

fn kept_until(dossier: &serde_json::Value) -> NaiveDate {
    dossier["retention"]["kept_until"]["date"].as_str().unwrap().parse().unwrap()
}

async fn practice_with_client(profile: &str, first: &str, surname: &str) -> (TestApp, String) {
    let app = spawn_app().await;
    app.set_up_as(profile).await;
    app.log_in(OWNER_PASSWORD).await.expect("signed in");
    let client = app.create_client(first, surname).await.unwrap().as_str().unwrap().to_owned();
    (app, client)
}

#[tokio::test]
async fn a_beauty_dossier_is_due_two_years_after_its_last_treatment_and_not_a_day_earlier() {
    let (app, client) = practice_with_client("beauty_other", "Ilse", "Jansen").await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(&client, &facial, "").await.unwrap();
    let treated = practice_today();
    let due_on = years_after(treated, 2);
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(kept_until(&dossier), due_on);
    assert_eq!(dossier["retention"]["kept_until"]["rule"]["ground"], "PracticePolicy");

    days_later(&app, (due_on - treated).num_days() - 1).await;
    assert!(due_ids(&app.call("retention", &[]).await.unwrap()).is_empty(), "due a day early");
    let early = app.call("retention/approve", &[("client_id", &client)]).await;
    assert_eq!(early, Err(AppError::NotYetDue));

    days_later(&app, 1).await;
    let review = app.call("retention", &[]).await.unwrap();
    assert_eq!(due_ids(&review), vec![client.clone()]);
    assert_eq!(review["due"][0]["surname"], "Jansen");
    let erased = app.call("retention/approve", &[("client_id", &client)]).await.unwrap();
    assert!(erased["tax_record_until"].is_string());
    assert_eq!(app.call("clients/get", &[("id", &client)]).await, Err(AppError::NotFound));
    assert_eq!(app.call("clients/search", &[("query", "jansen")]).await.unwrap(), serde_json::json!([]));
    // Approving twice says so.
    assert_eq!(app.call("retention/approve", &[("client_id", &client)]).await, Err(AppError::AlreadyDestroyed));
    // The ledger names the id and the rule, no name; the log keeps the id with nothing behind it.
    let review = app.call("retention", &[]).await.unwrap();
    assert_eq!(review["destroyed"][0]["client_id"], client.as_str());
    assert_eq!(review["destroyed"][0]["reason"], "TermEnded");
    assert!(!review["destroyed"].to_string().contains("Jansen"));
    assert!(app.audit_actions_for(&client).await.contains(&"retention.client_erased".to_owned()));
}

#[tokio::test]
async fn a_care_dossier_runs_twenty_years_from_its_last_clinical_change_not_from_an_address_correction() {
    let (app, client) = practice_with_client("care_provider", "Noor", "Smit").await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(&client, &facial, "").await.unwrap();
    let changed = practice_today();
    let due_on = years_after(changed, 20);
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(kept_until(&dossier), due_on);
    assert_eq!(dossier["retention"]["kept_until"]["rule"]["ground"], "Wgbo");

    // Five years on, a new address: the term does not start again.
    days_later(&app, 5 * 365).await;
    let mut form = client_form("Noor", "Smit", "1990-04-01", "client@example.nl");
    let address = [
        ("form[street]", "Gantelweg"),
        ("form[house_number]", "12"),
        ("form[postcode]", "4286 AA"),
        ("form[city]", "Almkerk"),
    ];
    form.retain(|(key, _)| !address.iter().any(|(field, _)| field == key));
    form.extend(address);
    form.extend([("id", client.as_str()), ("version", "1"), ("reason", "verhuisd")]);
    app.call("clients/update", &form).await.expect("address corrected");
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(kept_until(&dossier), due_on);

    let today = changed + chrono::Duration::days(5 * 365);
    days_later(&app, (due_on - today).num_days() - 1).await;
    assert!(due_ids(&app.call("retention", &[]).await.unwrap()).is_empty());
    days_later(&app, 1).await;
    assert_eq!(due_ids(&app.call("retention", &[]).await.unwrap()), vec![client]);
}

#[tokio::test]
async fn a_legal_hold_stops_destruction_until_it_is_lifted() {
    let (app, client) = practice_with_client("beauty_wkkgz", "Fenna", "Bakker").await;
    let refused = app.call("retention/hold", &[("client_id", &client), ("reason", "boos"), ("note", "")]).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    app.call("retention/hold", &[("client_id", &client), ("reason", "complaint"), ("note", "klacht 12")])
        .await
        .expect("hold placed");
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(dossier["retention"]["hold"]["reason"], "Complaint");

    days_later(&app, 3 * 366).await;
    let review = app.call("retention", &[]).await.unwrap();
    assert_eq!(due_ids(&review), vec![client.clone()]);
    assert_eq!(review["due"][0]["held"], true);
    assert_eq!(app.call("retention/approve", &[("client_id", &client)]).await, Err(AppError::UnderLegalHold));
    let asked = app.call("retention/erase-on-request", &[("client_id", &client), ("confirmed", "yes")]).await;
    assert_eq!(asked, Err(AppError::UnderLegalHold));
    assert!(app.call("clients/get", &[("id", &client)]).await.is_ok());

    app.call("retention/lift-hold", &[("client_id", &client)]).await.expect("hold lifted");
    app.call("retention/approve", &[("client_id", &client)]).await.expect("destroyed");
    let actions = app.audit_actions_for(&client).await;
    for action in ["retention.hold_placed", "retention.hold_lifted", "retention.client_erased"] {
        assert!(actions.contains(&action.to_owned()), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn the_dry_run_command_lists_what_is_due_on_a_given_day_and_destroys_nothing() {
    let (app, client) = practice_with_client("beauty_other", "Sara", "Visser").await;
    let opened = practice_today();
    let settings = server::config::Settings::in_folder(app.data_dir(), SessionPolicy::default(), SETUP_CODE);
    let before =
        server::commands::retention_dry_run(&settings, Some(years_after(opened, 2).pred_opt().unwrap())).await.unwrap();
    assert!(before[0].contains("0 dossier"), "{before:?}");
    let due_day = years_after(opened, 2);
    let lines = server::commands::retention_dry_run(&settings, Some(due_day)).await.unwrap();
    assert!(lines[0].contains("1 dossier"), "{lines:?}");
    assert!(lines[1].contains("Sara Visser") && lines[1].contains(&client), "{lines:?}");
    assert!(lines[1].contains(&due_day.format("%d-%m-%Y").to_string()), "{lines:?}");
    assert_eq!(app.count("select count(*) from client").await, 1);
}

/// Every file the app keeps the database in, and the photo folder, as raw bytes.
fn raw_bytes_on_disk(app: &TestApp) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["zorgvuldig.sqlite3", "zorgvuldig.sqlite3-wal", "zorgvuldig.sqlite3-shm"] {
        if let Ok(file) = std::fs::read(app.data_dir().join(name)) {
            bytes.extend(file);
        }
    }
    for entry in walk(&app.data_dir().join("photos")) {
        bytes.extend(std::fs::read(entry).unwrap());
    }
    bytes
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .flat_map(|entry| if entry.path().is_dir() { walk(&entry.path()) } else { vec![entry.path()] })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn after_erasure_on_request_the_files_hold_nothing_of_the_client_but_the_tax_record_keeps_z_de_vries() {
    let app = spawn_app().await;
    app.set_up_as("beauty_wkkgz").await;
    app.log_in(OWNER_PASSWORD).await.unwrap();
    let email = "zoe.devries.uniek@example.nl";
    let client = app
        .call("clients/create", &client_form("Zoë", "de Vries", "1990-04-01", email))
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    let facial = app.type_id("Gezichtsbehandeling").await;
    let treatment =
        app.add_treatment(&client, &facial, "Kwartelkoningsbloem gebruikt").await.unwrap().as_str().unwrap().to_owned();
    grant_consent(&app, &client, "photos_dossier").await;
    app.upload_photo(&client, &treatment, "after", phone_photo_with_gps()).await.expect("photo stored");
    let strokes: String = sqlx::query_scalar("select strokes from consent_signature where client_id = ?")
        .bind(&client)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let stroke_sequence = strokes[strokes.len() / 2..strokes.len() / 2 + 40].to_owned();
    app.clock.advance(Duration::from_secs(1));
    let before = raw_bytes_on_disk(&app);
    // The name index's words of her name, as folded for the search.
    let name_words = " de devries vries zoe";
    for needle in ["de Vries", email, "Kwartelkoningsbloem", stroke_sequence.as_str(), name_words] {
        assert!(contains(&before, needle), "{needle} is on disk before");
    }
    assert_eq!(walk(&app.data_dir().join("photos")).len(), 2);

    let unconfirmed = app.call("retention/erase-on-request", &[("client_id", &client)]).await;
    assert!(matches!(unconfirmed, Err(AppError::Invalid(_))), "{unconfirmed:?}");
    let erased = app.call("retention/erase-on-request", &[("client_id", &client), ("confirmed", "yes")]).await.unwrap();
    assert_eq!(erased["photos_removed"], 1);
    let kept_until: NaiveDate = erased["tax_record_until"].as_str().unwrap().parse().unwrap();
    assert_eq!(kept_until, app::domain::retention::fiscal_kept_until(practice_today()));

    let after = raw_bytes_on_disk(&app);
    for needle in ["de Vries", "Vries", email, "Kwartelkoningsbloem", stroke_sequence.as_str(), name_words] {
        assert!(!contains(&after, needle), "{needle} is still on disk");
    }
    assert!(walk(&app.data_dir().join("photos")).is_empty());

    // The tax record, apart from any dossier: the first initial, the surname, the day and kind.
    let review = app.call("retention", &[]).await.unwrap();
    let record = &review["tax_records"][0];
    assert_eq!(record["name"], "Z. de Vries");
    assert_eq!(record["lines"], serde_json::json!([[practice_today().to_string(), "Gezichtsbehandeling"]]));
    assert_eq!(review["destroyed"][0]["reason"], "OnRequest");
    assert_eq!(review["destroyed"][0]["tax_record_kept"], true);
    // The integrity check knows these rows went by erasure.
    let findings = app::db::ledger::check(&app.pool, &Default::default()).await.unwrap();
    assert!(findings.is_empty(), "{findings:?}");
}

#[tokio::test]
async fn a_restored_copy_from_before_the_erasure_is_erased_again_at_start() {
    let (app, client) = practice_with_client("beauty_other", "Lotte", "Mulder").await;
    let kept = app.create_client("Anna", "Bos").await.unwrap().as_str().unwrap().to_owned();
    let copy = tempfile::tempdir().unwrap();
    let snapshot = copy.path().join("zorgvuldig.sqlite3");
    sqlx::query("vacuum into ?").bind(snapshot.to_string_lossy().into_owned()).execute(&app.pool).await.unwrap();
    app.call("retention/erase-on-request", &[("client_id", &client), ("confirmed", "yes")]).await.unwrap();

    // The practice restores yesterday's copy of the database; the key and the ledger beside it stay.
    let restored = std::sync::Arc::new(tempfile::tempdir().unwrap());
    std::fs::copy(&snapshot, restored.path().join("zorgvuldig.sqlite3")).unwrap();
    for kept_file in ["photo.key", "destruction-ledger.tsv"] {
        std::fs::copy(app.data_dir().join(kept_file), restored.path().join(kept_file)).unwrap();
    }
    let started = spawn_app_on(restored, SessionPolicy::default()).await;
    assert_eq!(started.count(&format!("select count(*) from client where id = '{client}'")).await, 0);
    assert_eq!(started.count(&format!("select count(*) from client where id = '{kept}'")).await, 1);
    assert_eq!(
        started
            .count(&format!(
                "select count(*) from destruction where client_id = '{client}' and reason = 'reapplied_after_restore'"
            ))
            .await,
        1
    );
    assert!(started.audit_actions_for(&client).await.contains(&"retention.reapplied".to_owned()));
}

#[tokio::test]
async fn the_daily_run_happens_once_a_day_and_destroys_tax_records_whose_term_ended() {
    let (app, client) = practice_with_client("beauty_other", "Mila", "de Boer").await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(&client, &facial, "").await.unwrap();
    app.call("retention/erase-on-request", &[("client_id", &client), ("confirmed", "yes")]).await.unwrap();
    assert_eq!(app.count("select count(*) from tax_record").await, 1);
    // The server's own loop may have run today already; after one run, none more today.
    let _ = app.daily_run().await;
    assert!(!app.daily_run().await, "twice on one day");
    assert_eq!(app.count("select count(*) from tax_record").await, 1);

    let until = app::domain::retention::fiscal_kept_until(practice_today());
    app.clock.advance(DAY * u32::try_from((until - practice_today()).num_days()).unwrap());
    assert!(app.daily_run().await);
    assert_eq!(app.count("select count(*) from tax_record").await, 0);
    assert_eq!(app.count("select count(*) from tax_record_line").await, 0);
    assert_eq!(app.count("select count(*) from retention_run").await, 2);
}

#[tokio::test]
async fn the_owner_sets_the_term_within_the_law_and_the_dossiers_follow_it() {
    let (app, client) = practice_with_client("care_provider", "Noor", "Smit").await;
    let refused = app.call("retention/policy", &[("years", "15")]).await;
    assert_eq!(refused_with(&refused, "years"), vec![FieldError::BelowLegalMinimum { min: 20 }]);
    let refused = app.call("retention/policy", &[("years", "veel")]).await;
    assert_eq!(refused_with(&refused, "years"), vec![FieldError::OutOfRange { min: 20, max: 50 }]);
    assert_eq!(app.count("select count(*) from retention_policy").await, 0, "nothing written when refused");
    let opened = practice_today();
    assert_eq!(kept_until(&app.call("clients/get", &[("id", &client)]).await.unwrap()), years_after(opened, 20));

    let policy = app.call("retention/policy", &[("years", "25")]).await.unwrap();
    assert_eq!(policy["rule"]["years"], 25);
    assert_eq!(policy["automatic"], false);
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(kept_until(&dossier), years_after(opened, 25));
    assert_eq!(dossier["retention"]["kept_until"]["rule"]["ground"], "Wgbo");
    assert_eq!(app.call("retention/policy", &[("years", "25")]).await, Err(AppError::NothingChanged));
    let review = app.call("retention", &[]).await.unwrap();
    assert_eq!((review["policy"]["rule"]["years"].as_u64(), review["default_years"].as_u64()), (Some(25), Some(20)));
    assert_eq!(app.count("select count(*) from audit_event where action = 'retention.policy_set'").await, 1);

    // A beauty practice chooses its own term, from one year up.
    let (salon, client) = practice_with_client("beauty_other", "Ilse", "Jansen").await;
    salon.call("retention/policy", &[("years", "1")]).await.unwrap();
    let dossier = salon.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(kept_until(&dossier), years_after(practice_today(), 1));
    let refused = salon.call("retention/policy", &[("years", "0")]).await;
    assert_eq!(refused_with(&refused, "years"), vec![FieldError::OutOfRange { min: 1, max: 20 }]);
}

#[tokio::test]
async fn a_decision_to_keep_a_care_dossier_longer_holds_it_until_its_review_day() {
    let (app, client) = practice_with_client("care_provider", "Noor", "Smit").await;
    let facial = app.type_id("Gezichtsbehandeling").await;
    app.add_treatment(&client, &facial, "").await.unwrap();
    let treated = practice_today();
    let term = years_after(treated, 20);
    let review_on = years_after(treated, 23);
    let decide = |reason: &'static str, day: String| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call(
                "retention/keep-longer",
                &[
                    ("client_id", &client),
                    ("reason", reason),
                    ("review_on", &day),
                    ("note", "nazorg na littekenbehandeling"),
                ],
            )
            .await
        }
    };
    // Refused: no reason, a day within the term, a day too far, a day that is no day.
    assert_eq!(refused_with(&decide("", review_on.to_string()).await, "reason"), vec![FieldError::Required]);
    // Both at once are both answered, so the form shows every message on the first try.
    let neither = decide("", String::new()).await;
    assert_eq!(
        (refused_with(&neither, "reason"), refused_with(&neither, "review_on")),
        (vec![FieldError::Required], vec![FieldError::Required])
    );
    let outside = FieldError::DateOutside { from: term.succ_opt().unwrap(), until: years_after(term, 20) };
    assert_eq!(refused_with(&decide("good_care", term.to_string()).await, "review_on"), vec![outside]);
    let too_far = years_after(term, 21).to_string();
    assert_eq!(refused_with(&decide("good_care", too_far).await, "review_on"), vec![outside]);
    let no_day = "2050-02-30".to_owned();
    assert_eq!(refused_with(&decide("good_care", no_day).await, "review_on"), vec![FieldError::InvalidDate]);
    assert_eq!(app.count("select count(*) from keep_longer").await, 0);

    decide("good_care", review_on.to_string()).await.expect("decision recorded");
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(kept_until(&dossier), review_on);
    let kept = &dossier["retention"]["kept_until"];
    assert_eq!(kept["term_ends"], term.to_string());
    assert_eq!(kept["kept_longer"]["reason"], "GoodCare");
    assert_eq!(dossier["retention"]["keep_longer_note"], "nazorg na littekenbehandeling");
    assert!(app.audit_actions_for(&client).await.contains(&"retention.keep_longer".to_owned()));

    // Past the term it is not due, and cannot be approved, until the review day.
    days_later(&app, (term - treated).num_days()).await;
    assert!(due_ids(&app.call("retention", &[]).await.unwrap()).is_empty());
    assert_eq!(app.call("retention/approve", &[("client_id", &client)]).await, Err(AppError::NotYetDue));
    days_later(&app, (review_on - term).num_days()).await;
    assert_eq!(due_ids(&app.call("retention", &[]).await.unwrap()), vec![client.clone()]);
    // Erasure takes the decision with it, past its append-only guard.
    app.call("retention/approve", &[("client_id", &client)]).await.expect("destroyed");
    assert_eq!(app.count("select count(*) from keep_longer").await, 0);
}

#[tokio::test]
async fn a_beauty_dossier_takes_no_keep_longer_decision_and_the_decisions_stay_as_written() {
    let (app, client) = practice_with_client("beauty_other", "Ilse", "Jansen").await;
    let later = years_after(practice_today(), 3).to_string();
    let refused = app
        .call(
            "retention/keep-longer",
            &[("client_id", &client), ("reason", "good_care"), ("review_on", &later), ("note", "")],
        )
        .await;
    assert_eq!(refused_with(&refused, "reason"), vec![FieldError::InvalidChoice]);
    app.call("retention/policy", &[("years", "3")]).await.unwrap();
    let altered = sqlx::query("update retention_policy set years = 1").execute(&app.pool).await;
    assert!(altered.unwrap_err().to_string().contains("append-only"));
    let removed = sqlx::query("delete from retention_policy").execute(&app.pool).await;
    assert!(removed.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn with_automatic_destruction_the_daily_run_destroys_what_is_due_except_under_a_hold() {
    let (app, due) = practice_with_client("beauty_other", "Mila", "de Boer").await;
    let held = app.create_client("Fenna", "Bakker").await.unwrap().as_str().unwrap().to_owned();
    app.call("retention/hold", &[("client_id", &held), ("reason", "claim"), ("note", "")]).await.unwrap();
    let policy = app.call("retention/policy", &[("years", "2"), ("automatic", "yes")]).await.unwrap();
    assert_eq!(policy["automatic"], true);
    let _ = app.daily_run().await;
    assert_eq!(app.count("select count(*) from client").await, 2, "nothing is due yet");

    app.clock.advance(DAY * 731);
    assert!(app.daily_run().await);
    assert_eq!(app.count(&format!("select count(*) from client where id = '{due}'")).await, 0);
    assert_eq!(app.count(&format!("select count(*) from client where id = '{held}'")).await, 1);
    app.log_in(OWNER_PASSWORD).await.unwrap();
    let review = app.call("retention", &[]).await.unwrap();
    assert_eq!(review["destroyed"][0]["client_id"], due.as_str());
    assert_eq!(review["destroyed"][0]["automatic"], true);
    assert_eq!(review["destroyed"][0]["approved_by"], serde_json::Value::Null);
    assert_eq!(due_ids(&review), vec![held]);
    let ledger = std::fs::read_to_string(app.data_dir().join("destruction-ledger.tsv")).unwrap();
    assert!(ledger.contains(&due));
    let by_the_run = format!(
        "select count(*) from audit_event where client_id = '{due}' and action = 'retention.client_erased'
            and actor_kind = 'system'"
    );
    assert_eq!(app.count(&by_the_run).await, 1);
}

#[tokio::test]
async fn the_proof_of_a_withdrawn_marketing_consent_goes_five_years_after_its_last_use() {
    let (app, client) = practice_with_client("care_provider", "Sara", "Kok").await;
    grant_consent(&app, &client, "treatment").await;
    grant_consent(&app, &client, "marketing_email").await;
    app.call(
        "consent/withdraw",
        &[("client_id", &client), ("purpose", "marketing_email"), ("reason", "wil geen nieuwsbrief meer")],
    )
    .await
    .expect("withdrawn");
    let marketing = "select count(*) from consent_signature where purpose = 'marketing_email'";
    let withdrawn_on = practice_today();
    let _ = app.daily_run().await;

    let until = app::domain::retention::marketing_proof_kept_until(withdrawn_on);
    app.clock.advance(DAY * u32::try_from((until - withdrawn_on).num_days() - 1).unwrap());
    assert!(app.daily_run().await);
    assert_eq!(app.count(marketing).await, 1, "kept until its fifth year is over");
    app.clock.advance(DAY);
    assert!(app.daily_run().await);
    assert_eq!(app.count(marketing).await, 0);
    assert_eq!(app.count("select count(*) from consent_event where purpose = 'marketing_email'").await, 0);
    // The treatment consent, still in use, stays; so does the dossier; the chain stays whole.
    assert_eq!(app.count("select count(*) from consent_signature where purpose = 'treatment'").await, 1);
    assert!(app.audit_actions_for(&client).await.contains(&"retention.consent_proof_destroyed".to_owned()));
    let findings = app::db::ledger::check(&app.pool, &Default::default()).await.unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    app.log_in(OWNER_PASSWORD).await.unwrap();
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    let purposes: Vec<_> = dossier["consents"].as_array().unwrap().iter().map(|c| c["purpose"].clone()).collect();
    assert_eq!(purposes, vec![serde_json::json!("treatment")], "no trace of the marketing consent on the card");
}
