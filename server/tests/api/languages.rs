//! Dutch and English: the texts per language, the client's choice at the tablet, what the
//! evidence and the copy record, and each staff member's own language.

use crate::helpers::*;
use app::domain::consent::{rendered_text, sha256_hex, ConsentPurpose};
use app::domain::FieldError;
use app::error::AppError;

#[tokio::test]
async fn every_consent_text_ships_in_dutch_and_english_hashed_with_its_own_closing() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "select purpose, language, title, body, closing, text_sha256 from consent_template where version = 1",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    for purpose in ConsentPurpose::ALL {
        for language in ["nl", "en"] {
            let (_, _, title, body, closing, hash) = rows
                .iter()
                .find(|row| row.0 == purpose.code() && row.1 == language)
                .unwrap_or_else(|| panic!("{} has no {language} text", purpose.code()));
            assert_eq!(hash, &sha256_hex(&rendered_text(title, body, closing)));
        }
    }
    let english = rows.iter().find(|row| row.0 == "treatment" && row.1 == "en").unwrap();
    assert!(english.4.contains("By signing I agree to"), "the intent sentence is part of the stored version");
    assert!(english.4.contains("withdraw this consent"), "and so is the right to withdraw");
}

#[tokio::test]
async fn a_client_who_chooses_english_signs_the_english_text_and_gets_an_english_copy() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Emily", "Clarke").await.unwrap();
    let id = id.as_str().unwrap();
    let kiosk = hand_over_in(&app, id, "treatment", "en").await;
    let text = kiosk["items"][0]["text"].as_str().unwrap();
    assert!(text.starts_with("Consent to the treatment\n\nI have been informed"), "{text}");
    sign_first(&app, &kiosk, ("", "")).await.unwrap();
    app.call("consent/finish", &[]).await.unwrap();
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.unwrap();

    // The evidence rests on the English version; the dossier says so, and verifies it.
    let (signature, language): (String, String) = sqlx::query_as(
        "select s.id, t.language from consent_signature s join consent_template t on t.id = s.template_id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(language, "en");
    let dossier = app.call("clients/get", &[("id", id)]).await.unwrap();
    let treatment = dossier["consents"].as_array().unwrap().iter().find(|c| c["purpose"] == "treatment").unwrap();
    assert_eq!(treatment["language"], "en");
    assert_eq!(treatment["title"], "Consent to the treatment");
    assert_eq!(app.call("consent/verify", &[("signature_id", signature.as_str())]).await.unwrap(), true);
    assert!(app.audit_actions_for(id).await.contains(&"language.choose".to_owned()));

    let url = format!("{}/clients/{id}/consents/{signature}/pdf", app.address);
    let response = app.client.get(&url).send().await.unwrap();
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("consent-"));
    let pdf = response.bytes().await.unwrap();
    let copy = pdf_extract::extract_text_from_mem(&pdf).expect("a readable PDF");
    let copy = copy.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Copy of your consent",
        "I have been informed about the treatment",
        "By signing I agree to: Consent to the treatment.",
        "Signed by: Emily Clarke",
        "Language of the text: English",
    ] {
        assert!(copy.contains(expected), "{expected:?} in {copy}");
    }
    assert!(!copy.contains("Getekend door"), "no Dutch on an English copy: {copy}");
}

#[tokio::test]
async fn the_tablet_refuses_a_language_it_does_not_speak_and_keeps_asking() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    app.call("consent/handover", &[("client_id", id.as_str().unwrap()), ("purposes", "treatment")]).await.unwrap();
    let Err(AppError::Invalid(errors)) = app.call("consent/kiosk/language", &[("language", "de")]).await else {
        panic!("German is not on offer")
    };
    assert_eq!(errors.get("language"), &[FieldError::InvalidLanguage]);
    assert_eq!(app.call("consent/kiosk", &[]).await.unwrap(), serde_json::json!("choose_language"));
}

#[tokio::test]
async fn a_staff_member_reads_the_app_and_the_log_in_her_own_language() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let Err(AppError::Invalid(errors)) = app.call("settings/language", &[("language", "fr")]).await else {
        panic!("French is not on offer")
    };
    assert_eq!(errors.get("language"), &[FieldError::InvalidLanguage]);

    app.call("settings/language", &[("language", "en")]).await.unwrap();
    assert_eq!(app.call("settings", &[]).await.unwrap()["language"], "en");
    let log = app.call("clients/audit", &[("id", id)]).await.unwrap();
    let actions: Vec<&str> = log["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"Dossier created"), "{actions:?}");
    assert!(!actions.contains(&"Dossier aangemaakt"), "{actions:?}");

    // Her pages come in English, whatever the browser prefers.
    let page =
        app.client.get(format!("{}/clients", app.address)).header("accept-language", "nl-NL").send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#), "the page is English");
    assert!(html.contains("Sign out"), "the menu is English");

    // And the choice is hers: it holds on her next sign-in, on any device.
    let other_device = app.another_browser();
    other_device.log_in(OWNER_PASSWORD).await.unwrap();
    let page = other_device.client.get(format!("{}/settings", app.address)).send().await.unwrap();
    assert!(page.text().await.unwrap().contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn the_sign_in_page_follows_the_browser_then_the_device_choice() {
    let app = spawn_app().await;
    app.set_up().await;
    let login = |language: &'static str, cookie: Option<&'static str>| {
        let app = &app;
        async move {
            let mut request = app.client.get(format!("{}/login", app.address)).header("accept-language", language);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.unwrap().text().await.unwrap()
        }
    };
    let english = login("en-GB,en;q=0.9", None).await;
    assert!(english.contains(r#"<html lang="en""#) && english.contains("Sign in"));
    let dutch = login("nl-NL,nl;q=0.9,en;q=0.8", None).await;
    assert!(dutch.contains(r#"<html lang="nl""#) && dutch.contains("Inloggen"));
    let neither = login("fr-FR,de;q=0.9", None).await;
    assert!(neither.contains(r#"<html lang="nl""#), "Dutch by default");
    let chosen = login("en-GB", Some("taal=nl")).await;
    assert!(chosen.contains(r#"<html lang="nl""#), "the device's choice outranks the browser");
}

#[tokio::test]
async fn the_owner_edits_the_english_text_without_touching_the_dutch_one() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let save = |language: &'static str| {
        let app = &app;
        async move {
            app.call(
                "consent/templates/save",
                &[
                    ("purpose", "marketing_sms"),
                    ("language", language),
                    ("form[title]", "Offers by text message"),
                    ("form[body]", "I receive offers by text message. Reply STOP to stop."),
                ],
            )
            .await
        }
    };
    let Err(AppError::Invalid(errors)) = save("de").await else { panic!("German is not on offer") };
    assert_eq!(errors.get("language"), &[FieldError::InvalidLanguage]);
    save("en").await.unwrap();

    let english = app.call("consent/templates", &[("language", "en")]).await.unwrap();
    let sms = english.as_array().unwrap().iter().find(|t| t["purpose"] == "marketing_sms").unwrap();
    assert_eq!(
        (sms["version"].as_i64(), sms["body"].as_str()),
        (Some(2), Some("I receive offers by text message. Reply STOP to stop."))
    );
    let dutch = app.call("consent/templates", &[("language", "nl")]).await.unwrap();
    let sms = dutch.as_array().unwrap().iter().find(|t| t["purpose"] == "marketing_sms").unwrap();
    assert_eq!((sms["version"].as_i64(), sms["title"].as_str()), (Some(1), Some("Aanbiedingen per sms")));
    let Err(AppError::Invalid(_)) = app.call("consent/templates", &[("language", "fr")]).await else {
        panic!("an unknown language is refused")
    };
}
