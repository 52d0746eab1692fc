use crate::helpers::*;
use app::domain::consent::ConsentPurpose;
use app::domain::FieldError;
use app::error::AppError;

fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(app.data_dir().join("photos")) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn the_test_photo_really_carries_gps_and_orientation() {
    let photo = phone_photo_with_gps();
    assert!(has_gps(&photo));
    assert!(image::load_from_memory(&photo).is_ok());
    let browser_fixture = std::fs::read("../end2end/fixtures/phone-photo-with-gps.jpg").unwrap();
    assert!(has_gps(&browser_fixture), "the browser test uploads a photo with GPS too");
}

#[tokio::test]
async fn a_photo_is_refused_without_photo_consent_and_nothing_is_written() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;

    let refused = app.upload_photo(&client, &treatment, "before", phone_photo_with_gps()).await;
    assert_eq!(refused, Err(AppError::ConsentRequired(ConsentPurpose::PhotosDossier)));
    assert_eq!(app.count("select count(*) from photo").await, 0);
    assert!(stored_files(&app).is_empty());
    assert!(app.audit_actions_for(&client).await.contains(&"photo.refused".to_owned()));
}

#[tokio::test]
async fn a_stored_photo_is_encrypted_and_served_upright_without_exif() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;

    let id = app.upload_photo(&client, &treatment, "after", phone_photo_with_gps()).await.unwrap();
    let id = id.as_str().unwrap();

    // On disk: two files, neither of them a JPEG, neither holding the GPS block.
    let files = stored_files(&app);
    assert_eq!(files.len(), 2, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(image::load_from_memory(&bytes).is_err(), "{file:?} is readable as an image");
        assert!(!bytes.starts_with(&[0xFF, 0xD8]));
        assert!(!has_exif(&bytes));
    }

    // Served: a JPEG without any EXIF, turned upright (the 40×20 photo said "rotate 90°").
    let response = app.client.get(format!("{}/photos/{id}", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert!(response.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let served = response.bytes().await.unwrap();
    assert!(!has_exif(&served), "the served photo still has EXIF");
    let image = image::load_from_memory(&served).unwrap();
    assert_eq!((image.width(), image.height()), (20, 40));

    let thumb = app.client.get(format!("{}/photos/{id}/thumb", app.address)).send().await.unwrap();
    assert_eq!(thumb.status(), 200);
    assert!(!has_exif(&thumb.bytes().await.unwrap()));

    let views = app.audit_actions_for(&client).await.iter().filter(|a| *a == "photo.view").count();
    assert_eq!(views, 2, "every view is in the audit log");
    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(dossier["care"]["treatments"][0]["photos"][0]["id"], id);
}

#[tokio::test]
async fn a_photo_request_without_a_session_is_refused() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;
    let id = app.upload_photo(&client, &treatment, "before", phone_photo_with_gps()).await.unwrap();
    let id = id.as_str().unwrap();

    let stranger = reqwest::Client::new();
    for path in [format!("/photos/{id}"), format!("/photos/{id}/thumb")] {
        let response = stranger.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let body = response.bytes().await.unwrap();
        assert!(image::load_from_memory(&body).is_err());
        // Opened on its own, the address says in Dutch where the photo can be seen.
        assert!(String::from_utf8_lossy(&body).contains("alleen te zien in het dossier"), "{path}");
    }
    let unknown = app.client.get(format!("{}/photos/doesnotexist", app.address)).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn withdrawing_photo_consent_flags_the_photos_and_refuses_new_ones() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;
    app.upload_photo(&client, &treatment, "before", phone_photo_with_gps()).await.unwrap();

    app.call(
        "consent/withdraw",
        &[("client_id", &client), ("purpose", "photos_dossier"), ("reason", "op verzoek van de cliënt per e-mail")],
    )
    .await
    .unwrap();

    let dossier = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(dossier["care"]["treatments"][0]["photos"][0]["flagged_for_deletion"], true);
    assert_eq!(dossier["care"]["photo_consent"], false);
    let refused = app.upload_photo(&client, &treatment, "after", phone_photo_with_gps()).await;
    assert_eq!(refused, Err(AppError::ConsentRequired(ConsentPurpose::PhotosDossier)));
    assert!(app.audit_actions_for(&client).await.contains(&"photo.flag".to_owned()));
}

#[tokio::test]
async fn only_a_photo_flagged_for_deletion_can_be_deleted_and_then_it_is_gone() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;
    let id = app.upload_photo(&client, &treatment, "before", phone_photo_with_gps()).await.unwrap();
    let id = id.as_str().unwrap();

    assert_eq!(app.call("photos/delete", &[("photo_id", id)]).await, Err(AppError::Forbidden));
    assert_eq!(stored_files(&app).len(), 2);

    app.call(
        "consent/withdraw",
        &[("client_id", &client), ("purpose", "photos_dossier"), ("reason", "op verzoek van de cliënt per e-mail")],
    )
    .await
    .unwrap();
    app.call("photos/delete", &[("photo_id", id)]).await.unwrap();
    assert!(stored_files(&app).is_empty(), "the encrypted files are gone");
    assert_eq!(app.count("select count(*) from photo").await, 0);
    let gone = app.client.get(format!("{}/photos/{id}", app.address)).send().await.unwrap();
    assert_eq!(gone.status(), 404);
    assert!(app.audit_actions_for(&client).await.contains(&"photo.delete".to_owned()));
}

#[tokio::test]
async fn a_file_that_is_not_a_photo_gets_a_field_message_and_leaves_nothing_behind() {
    let app = spawn_app().await;
    let (client, treatment) = client_with_treatment(&app).await;
    grant_consent(&app, &client, "photos_dossier").await;

    let refused = app.upload_photo(&client, &treatment, "before", b"%PDF-1.7 a scan".to_vec()).await.unwrap_err();
    assert_eq!(refused.field_errors().unwrap().get("photo"), &[FieldError::ImageUnreadable]);
    assert_eq!(app.count("select count(*) from photo").await, 0);
    assert!(stored_files(&app).is_empty());
}
