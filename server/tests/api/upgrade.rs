//! An update of the app on a practice's machine: the database it finds was written by the
//! previous release, with clients and signed consents in it.

use crate::helpers::*;
use app::server_ctx::SessionPolicy;

/// The data folder a release left (`fixtures/release-NNNN`, written by that release itself with
/// `write_release_fixture`), copied into a fresh folder.
fn release_folder(release: &str) -> std::sync::Arc<tempfile::TempDir> {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(release);
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(folder.path().join("photos")).unwrap();
    for file in ["zorgvuldig.sqlite3", "photo.key"] {
        std::fs::copy(fixture.join(file), folder.path().join(file)).unwrap();
    }
    for photo in std::fs::read_dir(fixture.join("photos")).unwrap() {
        let photo = photo.unwrap();
        std::fs::copy(photo.path(), folder.path().join("photos").join(photo.file_name())).unwrap();
    }
    // From release 0013 on, everyone has a second step: what their apps know comes along.
    if let Ok(apps) = std::fs::read_to_string(fixture.join("authenticators")) {
        let authenticators = Authenticators(folder.path().to_owned());
        for line in apps.lines() {
            let (email, secret) = line.split_once(' ').expect("e-mail and secret");
            authenticators.remember(email, secret);
        }
    }
    std::sync::Arc::new(folder)
}

#[tokio::test]
async fn an_upgrade_keeps_a_copy_and_the_evidence_and_the_log_still_verify() {
    let app = spawn_app_on(release_folder("release-0006"), SessionPolicy::default()).await;
    let copies = copies_in(&app);
    assert_eq!(copies.len(), 1, "one copy from before the upgrade: {copies:?}");
    assert!(copies[0].contains("before-upgrade-from-0006"), "{}", copies[0]);
    let copy =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", app.data_dir().join(&copies[0]).display())).await.unwrap();
    let copied_clients: i64 = sqlx::query_scalar("select count(*) from client").fetch_one(&copy).await.unwrap();
    let copied_version: i64 =
        sqlx::query_scalar("select max(version) from _sqlx_migrations").fetch_one(&copy).await.unwrap();
    assert_eq!((copied_clients, copied_version), (2, 6), "the copy is the database as it was");

    let broken_references: Vec<(String, i64, String, i64)> =
        sqlx::query_as("pragma foreign_key_check").fetch_all(&app.pool).await.unwrap();
    assert!(broken_references.is_empty(), "{broken_references:?}");

    app.log_in(OWNER_PASSWORD).await.unwrap();
    let clients = evidence_and_log_verify(&app).await;

    // Rows written by the previous release read as they did: who, what, and the detail in words.
    let log = app.call("clients/audit", &[("id", &clients[0])]).await.unwrap();
    let lines: Vec<(String, String, String)> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |key: &str| e[key].as_str().unwrap_or_default().to_owned();
            (text("who"), text("action"), text("detail"))
        })
        .collect();
    let owner = "Mitzy de Groot".to_owned();
    for expected in [
        (owner.clone(), "Gegevens gecorrigeerd".to_owned(), "e-mailadres".to_owned()),
        (owner.clone(), "Toestemming ingetrokken".to_owned(), "Foto's in mijn dossier".to_owned()),
        (owner.clone(), "Foto's gemarkeerd voor verwijdering".to_owned(), "1 foto".to_owned()),
        (owner.clone(), "Foto toegevoegd".to_owned(), "vóór de behandeling".to_owned()),
    ] {
        assert!(lines.contains(&expected), "{expected:?} in {lines:?}");
    }
    let old_rows = app.count("select count(*) from audit_event where format = 1").await;
    let new_rows = app.count("select count(*) from audit_event where format = 2").await;
    assert!(old_rows >= 30 && new_rows > 0, "old rows kept, new rows typed: {old_rows}, {new_rows}");

    // Every text version from before renders, from what it stores, to exactly the text it hashed;
    // and a consent can be signed on it today.
    let versions: Vec<(String, String, String, String)> =
        sqlx::query_as("select title, body, closing, text_sha256 from consent_template")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert!(versions.len() >= 4);
    for (title, body, closing, hash) in &versions {
        let text = app::domain::consent::rendered_text(title, body, closing);
        assert_eq!(&app::domain::consent::sha256_hex(&text), hash, "{title}");
    }
    let kiosk = hand_over(&app, &clients[0], "marketing_email").await;
    sign_first(&app, &kiosk, ("", "")).await.expect("signed on a text from the previous release");
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();

    // The photo from before still decrypts, and the dossier reads.
    let photo: String = sqlx::query_scalar("select id from photo").fetch_one(&app.pool).await.unwrap();
    let thumb = app.client.get(format!("{}/photos/{photo}/thumb", app.address)).send().await.unwrap();
    assert_eq!(thumb.status(), 200);
    let dossier = app.call("clients/get", &[("id", &clients[0])]).await.unwrap();
    assert_eq!(dossier["details"]["email"], "zoe@example.nl");

    // Started again on the upgraded database, nothing more is copied, and all still verifies.
    let again = spawn_app_on(app.data_folder(), SessionPolicy::default()).await;
    assert_eq!(copies_in(&again).len(), 1);
    again.log_in(OWNER_PASSWORD).await.unwrap();
    let log = again.call("clients/audit", &[("id", &clients[1])]).await.unwrap();
    assert_eq!(log["chain_intact"], true, "{log}");
}

/// The release before languages: its staff read on in Dutch, its Dutch texts and what was signed
/// on them stay as they were, and every purpose gains an English text to sign.
#[tokio::test]
async fn the_release_before_languages_upgrades_with_its_evidence_intact() {
    let app = signed_in_after_upgrading_from("release-0008").await;
    let clients = evidence_and_log_verify(&app).await;
    assert_eq!(app.call("settings", &[]).await.unwrap()["language"], "nl");
    assert_eq!(app.count("select count(*) from consent_template where language = 'en' and version = 1").await, 8);
    let dutch_versions_signed =
        app.count("select count(*) from consent_signature s join consent_template t on t.id = s.template_id where t.language = 'nl'").await;
    assert_eq!(dutch_versions_signed, 4, "what was signed rests on the Dutch versions it was signed on");

    let kiosk = hand_over_in(&app, &clients[0], "marketing_email", "en").await;
    assert!(kiosk["items"][0]["text"].as_str().unwrap().starts_with("Newsletter and offers by e-mail"));
    sign_first(&app, &kiosk, ("", "")).await.expect("signed in English on the upgraded database");
}

/// The release before the search index: its clients are indexed at the first start, and are
/// found as before; the parent's signature on an English text still verifies.
#[tokio::test]
async fn the_release_before_the_search_index_upgrades_and_its_clients_are_found() {
    let app = signed_in_after_upgrading_from("release-0009").await;
    evidence_and_log_verify(&app).await;
    let english = app
        .count(
            "select count(*) from consent_signature s join consent_template t on t.id = s.template_id
             where t.language = 'en'",
        )
        .await;
    assert_eq!(english, 1, "the parent's signature on the English text");
    let hits = app.call("clients/search", &[("query", "zoe vries")]).await.unwrap();
    assert_eq!(hits[0]["surname"], "de Vries");
    let hits = app.call("clients/search", &[("query", "noor")]).await.unwrap();
    assert_eq!(hits[0]["surname"], "Jansen");
}

/// The release before one entry per list: the entries it wrote one per name stay in each
/// client's log, beside the single entry of a search made after the upgrade.
#[tokio::test]
async fn the_release_before_one_entry_per_list_upgrades_and_each_log_keeps_its_names() {
    let app = signed_in_after_upgrading_from("release-0010").await;
    let clients = evidence_and_log_verify(&app).await;
    let zoe = &clients[0];
    let listed = |actions: Vec<String>| actions.iter().filter(|action| *action == "client.listed").count();
    assert_eq!(listed(app.audit_actions_for(zoe).await), 1, "the release's own search for her");

    app.call("clients/search", &[("query", "zoe")]).await.unwrap();
    assert_eq!(listed(app.audit_actions_for(zoe).await), 2);
    let log = app.call("clients/audit", &[("id", zoe)]).await.unwrap();
    assert_eq!(log["chain_intact"], true, "{log}");
    let shown = log["entries"].as_array().unwrap().iter().filter(|e| e["detail"] == "zoekresultaten").count();
    assert_eq!(shown, 2, "both read the same in her log: {log}");
}

/// The release before colleagues: its owner signs in as before, as the only member of the team.
#[tokio::test]
async fn the_release_before_colleagues_upgrades_with_its_owner_as_the_team() {
    let app = signed_in_after_upgrading_from("release-0011").await;
    evidence_and_log_verify(&app).await;
    let team = app.call("team", &[]).await.unwrap();
    let members = team["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["role"], "Owner");
    assert_eq!(members[0]["status"], "Active");
}

/// The release before two-step verification: everyone signs in with their password as before,
/// and then sets up their second step before they get in.
#[tokio::test]
async fn the_release_before_second_steps_asks_everyone_to_set_one_up() {
    let app = spawn_app_on(release_folder("release-0012"), SessionPolicy::default()).await;
    for (email, password) in [(OWNER_EMAIL, OWNER_PASSWORD), ("sanne@praktijk.test", "een eigen lang wachtwoord")] {
        let browser = app.another_browser();
        let step = browser.call("login", &[("form[email]", email), ("form[password]", password)]).await.unwrap();
        assert_eq!(step, "SetUp", "{email}");
        assert_eq!(browser.call("session", &[]).await.unwrap(), serde_json::Value::Null, "not in before it is set up");
        browser.second_step(email).await.expect("set up");
        assert!(browser.call("session", &[]).await.unwrap().is_object(), "{email} is in");
    }
    app.log_in(OWNER_PASSWORD).await.unwrap();
    evidence_and_log_verify(&app).await;
}

#[tokio::test]
async fn the_release_before_retention_upgrades_and_its_dossiers_can_be_erased_through_their_histories() {
    let app = signed_in_after_upgrading_from("release-0013").await;
    let clients = evidence_and_log_verify(&app).await;
    let dossier = app.call("clients/get", &[("id", &clients[0])]).await.unwrap();
    assert_eq!(dossier["retention"]["kept_until"]["rule"]["ground"], "Wgbo", "the fixture is a care provider");
    // The oldest client has treatments, photos, health answers, signed and withdrawn consents.
    let erased =
        app.call("retention/erase-on-request", &[("client_id", &clients[0]), ("confirmed", "yes")]).await.unwrap();
    assert_eq!(erased["photos_removed"], 1);
    assert!(erased["tax_record_until"].is_string());
    for table in [
        "client_revision",
        "consent_signature",
        "consent_event",
        "health_answers",
        "photo",
        "treatment",
        "treatment_revision",
    ] {
        let left = app.count(&format!("select count(*) from {table} where {}", owned_by(table, &clients[0]))).await;
        assert_eq!(left, 0, "{table}");
    }
    assert!(app::db::ledger::check(&app.pool, &Default::default()).await.unwrap().is_empty());
}

fn owned_by(table: &str, client: &str) -> String {
    if table == "treatment_revision" {
        format!("treatment_id in (select id from treatment where client_id = '{client}')")
    } else {
        format!("client_id = '{client}'")
    }
}

#[tokio::test]
async fn the_release_before_retention_decisions_upgrades_and_its_free_pages_are_rewritten_once() {
    let app = signed_in_after_upgrading_from("release-0014").await;
    let clients = evidence_and_log_verify(&app).await;
    let done = "select count(*) from maintenance where task = 'vacuum_after_secure_delete'";
    assert_eq!(app.count(done).await, 1);
    let dossier = app.call("clients/get", &[("id", &clients[0])]).await.unwrap();
    assert_eq!(dossier["retention"]["kept_until"]["rule"]["years"], 20, "the profile's term until the owner sets one");
    assert_eq!(dossier["retention"]["kept_until"]["kept_longer"], serde_json::Value::Null);
}

#[tokio::test]
async fn the_release_before_names_were_filed_after_upgrades_with_every_name_it_had_filed() {
    let app = signed_in_after_upgrading_from("release-0016").await;
    let clients = evidence_and_log_verify(&app).await;
    // That release filed a list's names with its entry: the mark starts past all of them.
    let filed_up_to: i64 =
        sqlx::query_scalar("select up_to_event_id from audit_names_filed").fetch_one(&app.pool).await.unwrap();
    let listed_before: i64 = app.count("select max(event_id) from audit_name_listed").await;
    assert!(filed_up_to >= listed_before, "{filed_up_to} < {listed_before}");
    assert!(app.audit_actions_for(&clients[0]).await.contains(&"client.listed".to_owned()), "the search in it");
    assert!(app::db::ledger::check(&app.pool, &Default::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_release_before_lists_read_from_few_pages_upgrades_and_lists_every_client_as_stored() {
    let app = signed_in_after_upgrading_from("release-0017").await;
    let clients = evidence_and_log_verify(&app).await;
    // That release left its search's names unfiled: the start-up filed them.
    assert!(app.audit_actions_for(&clients[0]).await.contains(&"client.listed".to_owned()), "the search in it");
    assert!(app::db::ledger::check(&app.pool, &Default::default()).await.unwrap().is_empty());
    let list = app.call("clients/list", &[("page", "1"), ("order", "newest")]).await.unwrap();
    assert_eq!(list["total"].as_u64(), Some(clients.len() as u64), "the count starts from the clients it had");
    every_client_is_found_by_all_her_names(&app).await;
}

#[tokio::test]
async fn the_release_before_words_checked_on_the_row_upgrades_and_finds_every_client_by_all_her_names() {
    let app = signed_in_after_upgrading_from("release-0018").await;
    evidence_and_log_verify(&app).await;
    assert!(app::db::ledger::check(&app.pool, &Default::default()).await.unwrap().is_empty());
    every_client_is_found_by_all_her_names(&app).await;
}

/// A search for first name and surname together finds each stored client, as stored.
async fn every_client_is_found_by_all_her_names(app: &TestApp) {
    let stored: Vec<(String, String, String, String)> =
        sqlx::query_as("select id, first_name, surname, date_of_birth from client order by created_at")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    for (id, first_name, surname, date_of_birth) in stored {
        let hits = app.call("clients/search", &[("query", &format!("{first_name} {surname}"))]).await.unwrap();
        let hit = hits.as_array().unwrap().iter().find(|hit| hit["id"] == id.as_str());
        let hit = hit.unwrap_or_else(|| panic!("{hits}"));
        assert_eq!((&hit["first_name"], &hit["surname"]), (&first_name.into(), &surname.into()));
        assert_eq!(hit["date_of_birth"], date_of_birth.as_str());
    }
}

/// The folder this release writes, kept for the next migration's upgrade test, opens as it was
/// left: nothing to upgrade, so no copy, and everything verifies.
#[tokio::test]
async fn this_releases_own_folder_opens_as_it_was_left() {
    let app = spawn_app_on(release_folder("release-0019"), SessionPolicy::default()).await;
    assert!(copies_in(&app).is_empty());
    app.log_in(OWNER_PASSWORD).await.unwrap();
    let clients = evidence_and_log_verify(&app).await;
    let dossier = app.call("clients/get", &[("id", &clients[0])]).await.unwrap();
    assert_eq!(dossier["retention"]["kept_until"]["rule"]["years"], 25);
    assert_eq!(dossier["retention"]["kept_until"]["kept_longer"]["reason"], "GoodCare");
}

/// The app started on `release`'s folder, which it upgrades once, keeping one copy from before
/// named after that release's last migration; signed in as the owner.
async fn signed_in_after_upgrading_from(release: &str) -> TestApp {
    let app = spawn_app_on(release_folder(release), SessionPolicy::default()).await;
    let copies = copies_in(&app);
    let from = release.trim_start_matches("release-");
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].contains(&format!("before-upgrade-from-{from}")), "{}", copies[0]);
    app.log_in(OWNER_PASSWORD).await.unwrap();
    app
}

/// Every signature of a release's folder (four) still verifies, and each client's log reads
/// as intact; the clients, oldest first.
async fn evidence_and_log_verify(app: &TestApp) -> Vec<String> {
    let signatures: Vec<String> =
        sqlx::query_scalar("select id from consent_signature").fetch_all(&app.pool).await.unwrap();
    assert_eq!(signatures.len(), 4);
    for signature in &signatures {
        assert_eq!(app.call("consent/verify", &[("signature_id", signature)]).await, Ok(serde_json::Value::Bool(true)));
    }
    let clients: Vec<String> =
        sqlx::query_scalar("select id from client order by created_at").fetch_all(&app.pool).await.unwrap();
    for client in &clients {
        let log = app.call("clients/audit", &[("id", client)]).await.unwrap();
        assert_eq!(log["chain_intact"], true, "{log}");
    }
    clients
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
/// `ZORGVULDIG_FIXTURE_DIR=$PWD/server/tests/fixtures/release-0019 cargo test -p server --test api -- --ignored write_release_fixture`
#[tokio::test]
#[ignore = "writes a fixture; run by hand when a release is made"]
async fn write_release_fixture() {
    let target = std::path::PathBuf::from(std::env::var("ZORGVULDIG_FIXTURE_DIR").expect("ZORGVULDIG_FIXTURE_DIR"));
    let app = spawn_app().await;
    let (adult, treatment) = client_with_treatment(&app).await;
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "reception", "een eigen lang wachtwoord").await;
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
    let mut correction = vec![("id", adult.as_str()), ("version", version.as_str()), ("reason", "nieuw e-mailadres")];
    correction.extend(client_form("Zoë", "de Vries", "1990-04-01", "zoe@example.nl"));
    app.call("clients/update", &correction).await.expect("correction");
    app.call("consent/withdraw", &[("client_id", &adult), ("purpose", "photos_dossier"), ("reason", "per e-mail")])
        .await
        .expect("withdrawal");
    let child = app.create_client_born("Noor", "Jansen", "2015-06-01").await.unwrap().as_str().unwrap().to_owned();
    let kiosk = hand_over_in(&app, &child, "treatment", "en").await;
    sign_first(&app, &kiosk, ("Eva Jansen", "mother")).await.expect("parent signs, in English");
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();
    app.call("clients/get", &[("id", &child)]).await.unwrap();
    app.call("clients/search", &[("query", "zoe")]).await.unwrap();
    app.call("retention/policy", &[("years", "25")]).await.expect("a longer term");
    let review_on = app::domain::retention::years_after(practice_today(), 30).to_string();
    app.call(
        "retention/keep-longer",
        &[("client_id", &adult), ("reason", "good_care"), ("review_on", &review_on), ("note", "littekens")],
    )
    .await
    .expect("kept longer");

    std::fs::create_dir_all(target.join("photos")).unwrap();
    let database = target.join("zorgvuldig.sqlite3");
    let _ = std::fs::remove_file(&database);
    sqlx::query("vacuum into ?").bind(database.to_string_lossy().into_owned()).execute(&app.pool).await.unwrap();
    std::fs::copy(app.data_dir().join("photo.key"), target.join("photo.key")).unwrap();
    for photo in std::fs::read_dir(app.data_dir().join("photos")).unwrap() {
        let photo = photo.unwrap();
        std::fs::copy(photo.path(), target.join("photos").join(photo.file_name())).unwrap();
    }
    let apps: String = [OWNER_EMAIL, "sanne@praktijk.test"]
        .map(|email| format!("{email} {}\n", app.authenticators.secret(email).expect("set up")))
        .concat();
    std::fs::write(target.join("authenticators"), apps).unwrap();
}
