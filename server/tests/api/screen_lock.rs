use crate::helpers::*;
use app::domain::FieldError;
use app::error::AppError;

#[tokio::test]
async fn a_locked_screen_gets_no_client_data_until_the_password_is_given() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let client = client.as_str().unwrap();

    app.call("screen/lock", &[]).await.unwrap();
    assert_eq!(app.call("clients/get", &[("id", client)]).await, Err(AppError::ScreenLocked));
    assert_eq!(app.call("clients/search", &[("query", "zoe")]).await, Err(AppError::ScreenLocked));
    let session = app.call("session", &[]).await.unwrap();
    assert_eq!(session["screen_locked"], true);
    assert_eq!(session["lock_minutes"], 2, "two minutes unless the owner changes it");

    assert_eq!(app.call("screen/unlock", &[("secret", "niet mijn wachtwoord")]).await, Err(AppError::WrongSecret));
    app.call("screen/unlock", &[("secret", OWNER_PASSWORD)]).await.unwrap();
    app.call("clients/get", &[("id", client)]).await.unwrap();
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_event order by id").fetch_all(&app.pool).await.unwrap();
    for action in ["screen.lock", "screen.unlock_failed", "screen.unlock"] {
        assert!(actions.iter().any(|a| a == action), "{action} missing");
    }
}

#[tokio::test]
async fn a_page_loaded_while_the_screen_is_locked_is_only_the_unlock_form() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let dossier = format!("/clients/{}", client.as_str().unwrap());
    app.call("screen/lock", &[]).await.unwrap();

    let locked = app.page(&dossier).await;
    assert!(locked.contains(r#"id="lock-title""#), "the unlock form");
    assert!(!locked.contains("Zoë"), "no dossier under the lock");
    assert_eq!(app.audit_actions_for(client.as_str().unwrap()).await, ["client.create"], "nothing read");

    app.call("screen/unlock", &[("secret", OWNER_PASSWORD)]).await.unwrap();
    let open = app.page(&dossier).await;
    assert!(open.contains("Zoë de Vries") && !open.contains(r#"id="lock-title""#));
}

#[tokio::test]
async fn a_pin_opens_the_screen_and_five_wrong_tries_end_the_session() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;

    let simple = app
        .call("settings/pin", &[("password", OWNER_PASSWORD), ("pin", "11111"), ("pin_repeat", "11111")])
        .await
        .unwrap_err();
    assert_eq!(simple.field_errors().unwrap().get("pin"), &[FieldError::PinTooSimple]);
    let wrong_password =
        app.call("settings/pin", &[("password", "fout"), ("pin", "27184"), ("pin_repeat", "27184")]).await;
    assert_eq!(wrong_password, Err(AppError::WrongPassword));
    app.call("settings/pin", &[("password", OWNER_PASSWORD), ("pin", "27184"), ("pin_repeat", "27184")]).await.unwrap();

    app.call("screen/lock", &[]).await.unwrap();
    app.call("screen/unlock", &[("secret", "27184")]).await.unwrap();
    app.call("clients/search", &[("query", "zoe")]).await.unwrap();

    app.call("screen/lock", &[]).await.unwrap();
    for _ in 0..4 {
        assert_eq!(app.call("screen/unlock", &[("secret", "99999")]).await, Err(AppError::WrongSecret));
    }
    assert_eq!(app.call("screen/unlock", &[("secret", "99999")]).await, Err(AppError::Unauthorized));
    assert_eq!(app.call("screen/unlock", &[("secret", "27184")]).await, Err(AppError::Unauthorized));
    assert_eq!(app.count("select count(*) from session").await, 0, "the session is gone: sign in again");
}

#[tokio::test]
async fn the_owner_sets_the_lock_time_within_limits() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;

    let refused = app.call("settings/lock", &[("minutes", "0")]).await.unwrap_err();
    assert_eq!(refused.field_errors().unwrap().get("minutes"), &[FieldError::OutOfRange { min: 1, max: 30 }]);
    app.call("settings/lock", &[("minutes", "5")]).await.unwrap();
    assert_eq!(app.call("session", &[]).await.unwrap()["lock_minutes"], 5);
}

#[tokio::test]
async fn a_locked_screen_gets_no_photos_either() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.call("screen/lock", &[]).await.unwrap();
    let response = app.client.get(format!("{}/photos/anything", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn a_locked_screen_gets_no_consent_copy_either() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    let client = client.as_str().unwrap();
    grant_consent(&app, client, "treatment").await;
    let signature: String = sqlx::query_scalar("select id from consent_signature").fetch_one(&app.pool).await.unwrap();
    let copy = format!("{}/clients/{client}/consents/{signature}/pdf", app.address);
    assert_eq!(app.client.get(&copy).send().await.unwrap().status(), 200);

    app.call("screen/lock", &[]).await.unwrap();
    assert_eq!(app.client.get(&copy).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn the_tablet_is_taken_back_with_the_pin_too() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.call("settings/pin", &[("password", OWNER_PASSWORD), ("pin", "48213"), ("pin_repeat", "48213")]).await.unwrap();
    let client = app.create_client("Zoë", "de Vries").await.unwrap();
    hand_over(&app, client.as_str().unwrap(), "treatment").await;
    assert_eq!(app.call("consent/unlock", &[("password", "11111")]).await, Err(AppError::WrongSecret));
    assert_eq!(app.call("consent/unlock", &[("password", "fout wachtwoord")]).await, Err(AppError::WrongPassword));
    assert_eq!(app.call("consent/unlock", &[("password", "48213")]).await.unwrap(), client);
}
