//! Colleagues: invited by the owner, joining through their own link, signing in as themselves,
//! in a role that limits what they see; reset and disabled by the owner.

use crate::helpers::*;
use app::error::AppError;
use std::time::Duration;

const COLLEAGUE_PASSWORD: &str = "een eigen lang wachtwoord";

async fn sign_in_as(app: &TestApp, email: &str, password: &str) -> (TestApp, Answer) {
    let browser = app.another_browser();
    let answer = browser.log_in_as(email, password).await;
    (browser, answer)
}

async fn actor_refs(app: &TestApp, action: &str) -> Vec<(Option<i64>, Option<String>)> {
    sqlx::query_as("select user_id, actor_ref from audit_event where action = ? order by id")
        .bind(action)
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_invited_colleague_sets_a_password_once_and_signs_in_as_herself() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let token = app.invite("Sanne Bakker", "Sanne@Praktijk.test", "practitioner").await.unwrap();

    // Before accepting there is no password that works.
    let (_, before) = sign_in_as(&app, "sanne@praktijk.test", "").await;
    assert!(before.is_err());

    let phone = app.another_browser();
    let info = phone.call("invitation", &[("token", &token)]).await.unwrap();
    assert_eq!(info["name"], "Sanne Bakker");
    assert_eq!(info["role"], "Practitioner");

    // A weak password or two different ones are refused with field messages; nothing is used up.
    let weak = [("token", token.as_str()), ("form[password]", "kort"), ("form[password_repeat]", "kort")];
    assert!(
        matches!(phone.call("invitation/accept", &weak).await, Err(AppError::Invalid(e)) if !e.get("password").is_empty())
    );
    let form = [
        ("token", token.as_str()),
        ("form[password]", COLLEAGUE_PASSWORD),
        ("form[password_repeat]", COLLEAGUE_PASSWORD),
    ];
    phone.call("invitation/accept", &form).await.unwrap();
    // Once only.
    assert_eq!(phone.call("invitation/accept", &form).await, Err(AppError::InvitationInvalid));
    assert_eq!(phone.call("invitation", &[("token", &token)]).await, Err(AppError::InvitationInvalid));

    let (sanne, answer) = sign_in_as(&app, "sanne@praktijk.test", COLLEAGUE_PASSWORD).await;
    answer.unwrap();
    let session = sanne.call("session", &[]).await.unwrap();
    assert_eq!(session["user"]["name"], "Sanne Bakker");
    assert_eq!(session["user"]["role"], "Practitioner");

    // The log names the person and the role they acted in.
    let logins = actor_refs(&app, "auth.login").await;
    let (user_id, role) = logins.last().unwrap().clone();
    assert_ne!(user_id, Some(1), "not the owner's account");
    assert_eq!(role.as_deref(), Some("practitioner"));
    let accepted = actor_refs(&app, "team.accept").await;
    assert_eq!(accepted.len(), 1);
}

#[tokio::test]
async fn an_invitation_expires_after_a_day_and_a_wrong_one_says_so() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let token = app.invite("Sanne Bakker", "sanne@praktijk.test", "reception").await.unwrap();
    let phone = app.another_browser();
    assert_eq!(phone.call("invitation", &[("token", "geraden")]).await, Err(AppError::InvitationInvalid));

    app.clock.advance(Duration::from_secs(24 * 3600 + 1));
    assert_eq!(phone.call("invitation", &[("token", &token)]).await, Err(AppError::InvitationInvalid));
    let form = [
        ("token", token.as_str()),
        ("form[password]", COLLEAGUE_PASSWORD),
        ("form[password_repeat]", COLLEAGUE_PASSWORD),
    ];
    assert_eq!(phone.call("invitation/accept", &form).await, Err(AppError::InvitationInvalid));
    assert_eq!(actor_refs(&app, "team.accept_refused").await.len(), 1, "a refused try is logged");

    // The team shows it (the owner signs in again: a day has passed), and a new invitation
    // replaces the old one.
    app.log_in(OWNER_PASSWORD).await.unwrap();
    let team = app.call("team", &[]).await.unwrap();
    let sanne = team["members"].as_array().unwrap().iter().find(|m| m["name"] == "Sanne Bakker").unwrap().clone();
    assert_eq!(sanne["status"], "InvitationExpired");
    let again = app.call("team/invite-again", &[("id", &sanne["id"].to_string())]).await.unwrap();
    phone
        .call(
            "invitation/accept",
            &[
                ("token", invitation_token(&again).as_str()),
                ("form[password]", COLLEAGUE_PASSWORD),
                ("form[password_repeat]", COLLEAGUE_PASSWORD),
            ],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_team_refuses_a_taken_email_and_keeps_an_owner() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let taken = app.invite("Iemand", OWNER_EMAIL, "practitioner").await.unwrap_err();
    assert!(matches!(taken, AppError::Invalid(errors) if errors.get("email") == [app::domain::FieldError::EmailTaken]));

    // The only owner can neither step down nor switch herself off.
    assert_eq!(app.call("team/role", &[("id", "1"), ("role", "practitioner")]).await, Err(AppError::LastOwner));
    assert_eq!(app.call("team/disable", &[("id", "1")]).await, Err(AppError::LastOwner));
    let forged = app.call("team/role", &[("id", "1"), ("role", "superuser")]).await.unwrap_err();
    assert!(matches!(forged, AppError::Invalid(_)));

    // With a second owner she can.
    app.add_colleague("Mila Jansen", "mila@praktijk.test", "owner", COLLEAGUE_PASSWORD).await;
    app.call("team/role", &[("id", "1"), ("role", "practitioner")]).await.unwrap();
    // Now a practitioner, the team is no longer hers to see.
    assert_eq!(app.call("team", &[]).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn a_disabled_colleague_is_signed_out_at_once_and_cannot_sign_in_again() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "practitioner", COLLEAGUE_PASSWORD).await;
    let (sanne, answer) = sign_in_as(&app, "sanne@praktijk.test", COLLEAGUE_PASSWORD).await;
    answer.unwrap();
    app.create_client("Zoë", "de Vries").await.unwrap();
    sanne.call("clients/search", &[("query", "zoe")]).await.unwrap();

    app.call("team/disable", &[("id", "2")]).await.unwrap();

    assert_eq!(sanne.call("clients/search", &[("query", "zoe")]).await, Err(AppError::Unauthorized));
    let (_, again) = sign_in_as(&app, "sanne@praktijk.test", COLLEAGUE_PASSWORD).await;
    assert_eq!(again, Err(AppError::LoginFailed));
    // Her name stays in the history of what she did.
    let team = app.call("team", &[]).await.unwrap();
    assert_eq!(team["members"][1]["name"], "Sanne Bakker");
    assert!(team["members"][1]["status"]["Disabled"].is_object());
}

#[tokio::test]
async fn a_reset_ends_the_old_password_and_sessions_and_a_new_link_sets_another() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "practitioner", COLLEAGUE_PASSWORD).await;
    let (sanne, answer) = sign_in_as(&app, "sanne@praktijk.test", COLLEAGUE_PASSWORD).await;
    answer.unwrap();

    let invitation = app.call("team/reset", &[("id", "2")]).await.unwrap();
    assert_eq!(sanne.call("session", &[]).await.unwrap(), serde_json::Value::Null, "signed out");
    let (_, old) = sign_in_as(&app, "sanne@praktijk.test", COLLEAGUE_PASSWORD).await;
    assert_eq!(old, Err(AppError::LoginFailed));

    let phone = app.another_browser();
    let token = invitation_token(&invitation);
    assert_eq!(phone.call("invitation", &[("token", &token)]).await.unwrap()["purpose"], "Reset");
    let new_password = "nog een ander lang wachtwoord";
    phone
        .call(
            "invitation/accept",
            &[("token", token.as_str()), ("form[password]", new_password), ("form[password_repeat]", new_password)],
        )
        .await
        .unwrap();
    sign_in_as(&app, "sanne@praktijk.test", new_password).await.1.unwrap();
    // Her own account is not the owner's to reset.
    assert_eq!(app.call("team/reset", &[("id", "1")]).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn a_new_colleague_raises_an_avg_check_that_closes_when_everything_was_done() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "reception", COLLEAGUE_PASSWORD).await;
    let team = app.call("team", &[]).await.unwrap();
    assert_eq!(team["checks"][0]["name"], "Sanne Bakker");

    let half = app.call("team/check", &[("colleague", "2"), ("done", "confidentiality")]).await.unwrap_err();
    assert!(
        matches!(half, AppError::Invalid(errors) if errors.get("done") == [app::domain::FieldError::CheckIncomplete])
    );
    app.call("team/check", &[("colleague", "2"), ("done", "confidentiality,instruction,access_checked")])
        .await
        .unwrap();
    assert!(app.call("team", &[]).await.unwrap()["checks"].as_array().unwrap().is_empty());
    assert_eq!(
        app.call("team/check", &[("colleague", "2"), ("done", "confidentiality,instruction,access_checked")]).await,
        Err(AppError::NothingChanged)
    );
    let (closed_by, done): (i64, String) =
        sqlx::query_as("select closed_by, done from colleague_check where staff_user_id = 2")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(closed_by, 1);
    assert_eq!(done, r#"["confidentiality","instruction","access_checked"]"#);
}

#[tokio::test]
async fn the_desk_gets_a_dossier_without_treatments_health_answers_or_photos() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.add_colleague("Bo de Balie", "bo@praktijk.test", "reception", COLLEAGUE_PASSWORD).await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    let (desk, answer) = sign_in_as(&app, "bo@praktijk.test", COLLEAGUE_PASSWORD).await;
    answer.unwrap();

    let seen_by_desk = desk.call("clients/get", &[("id", &client)]).await.unwrap();
    assert_eq!(seen_by_desk["details"]["surname"], "de Vries");
    assert!(seen_by_desk["care"].is_null(), "no care part for the desk: {}", seen_by_desk["care"]);
    let seen_by_owner = app.call("clients/get", &[("id", &client)]).await.unwrap();
    assert!(seen_by_owner["care"]["treatments"].is_array());
    // The desk registers and corrects; it does not treat.
    desk.create_client("Ada", "Lovelace").await.unwrap();
    assert_eq!(desk.call("treatments/types", &[]).await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn a_page_names_the_practice_and_who_is_signed_in_and_offers_only_what_their_role_may_do() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "practitioner", COLLEAGUE_PASSWORD).await;
    let (sanne, answer) = sign_in_as(&app, "sanne@praktijk.test", COLLEAGUE_PASSWORD).await;
    answer.unwrap();
    let owner_tabs = [r#"href="/treatment-types""#, r#"href="/templates""#, r#"href="/team""#, r#"href="/retention""#];

    let owners_page = app.page("/clients").await;
    assert!(owners_page.contains("Praktijk Test") && owners_page.contains("Mitzy de Groot"));
    for tab in owner_tabs {
        assert!(owners_page.contains(tab), "the owner's menu has {tab}");
    }
    let practitioners_page = sanne.page("/clients").await;
    assert!(practitioners_page.contains("Praktijk Test") && practitioners_page.contains("Sanne Bakker"));
    assert!(!practitioners_page.contains("Mitzy de Groot"));
    for tab in owner_tabs {
        assert!(!practitioners_page.contains(tab), "a practitioner's menu has no {tab}");
    }
}
