//! The second step of signing in: set up once, asked every time, never accepting a code twice;
//! recovery codes that work once; waits for guessing that survive a restart; one's own security
//! page; and the command that resets a lost second step on the server machine.

use crate::helpers::*;
use app::domain::{FieldError, ValidationErrors};
use app::error::AppError;
use app::server_ctx::SessionPolicy;
use std::time::Duration;

/// Sends the password from a new browser; the browser, waiting for its second step.
async fn password_only(app: &TestApp, email: &str, password: &str) -> TestApp {
    let browser = app.another_browser();
    browser.call("login", &[("form[email]", email), ("form[password]", password)]).await.expect("password accepted");
    browser
}

async fn code(browser: &TestApp, code: &str) -> Answer {
    browser.call("sign-in/code", &[("form[code]", code)]).await
}

/// The owner, signed in once, and the ten recovery codes her set-up showed.
async fn owner_with_recovery_codes() -> (TestApp, Vec<String>) {
    let app = spawn_app().await;
    app.set_up().await;
    let codes = app.log_in(OWNER_PASSWORD).await.expect("set up");
    let codes: Vec<String> = codes.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
    (app, codes)
}

#[tokio::test]
async fn the_password_alone_opens_nothing_and_a_code_is_never_accepted_twice() {
    let (app, codes) = owner_with_recovery_codes().await;
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 14 && c.matches('-').count() == 2), "{codes:?}");

    // The code just used opens no second sign-in, not even in the same 30 seconds.
    let secret = app.authenticators.secret(OWNER_EMAIL).unwrap();
    let used = totp_code(&secret, app.clock.now().timestamp());
    let phone = password_only(&app, OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(phone.call("clients/recent", &[]).await, Err(AppError::Unauthorized), "waiting is not signed in");
    assert_eq!(code(&phone, &used).await, Err(AppError::WrongCode), "a replayed code is refused");
    assert_eq!(code(&phone, "000000").await.err(), Some(AppError::WrongCode));

    // The next step's code works: the same browser is then signed in.
    let fresh = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    assert_eq!(code(&phone, &fresh).await.unwrap()["recovery_codes_left"], serde_json::Value::Null);
    assert!(phone.call("clients/recent", &[]).await.is_ok());
    let failures = app.count("select count(*) from audit_event where action = 'auth.code_failed'").await;
    assert_eq!(failures, 2, "both wrong codes are in the log");
}

#[tokio::test]
async fn a_recovery_code_works_once_and_not_twice() {
    let (app, codes) = owner_with_recovery_codes().await;
    let phone = password_only(&app, OWNER_EMAIL, OWNER_PASSWORD).await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let signed_in = code(&phone, &typed).await.expect("a recovery code, typed loosely");
    assert_eq!(signed_in["recovery_codes_left"], 9);

    let again = password_only(&app, OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(code(&again, &codes[3]).await, Err(AppError::WrongCode), "used up");
    assert!(code(&again, &codes[4]).await.is_ok(), "another one still works");
    assert_eq!(app.count("select count(*) from audit_event where action = 'auth.recovery_code'").await, 2);
}

#[tokio::test]
async fn five_wrong_codes_end_the_waiting_sign_in() {
    let (app, _) = owner_with_recovery_codes().await;
    let phone = password_only(&app, OWNER_EMAIL, OWNER_PASSWORD).await;
    for _ in 0..4 {
        assert_eq!(code(&phone, "123456").await, Err(AppError::WrongCode));
    }
    assert_eq!(code(&phone, "123456").await, Err(AppError::SignInExpired));
    // Even the right code no longer helps: start again with the password.
    let right = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    assert!(matches!(code(&phone, &right).await, Err(AppError::SignInExpired | AppError::TooManyAttempts { .. })));
    assert_eq!(phone.call("sign-in/waiting", &[]).await, Err(AppError::SignInExpired));
}

#[tokio::test]
async fn a_waiting_sign_in_expires_after_ten_minutes() {
    let (app, _) = owner_with_recovery_codes().await;
    let phone = password_only(&app, OWNER_EMAIL, OWNER_PASSWORD).await;
    app.clock.advance(Duration::from_secs(10 * 60));
    let right = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    assert_eq!(code(&phone, &right).await, Err(AppError::SignInExpired));
}

#[tokio::test]
async fn the_setup_needs_a_right_code_and_a_bad_one_keeps_it_unset() {
    let app = spawn_app().await;
    app.set_up().await;
    assert_eq!(
        app.call("login", &[("form[email]", OWNER_EMAIL), ("form[password]", OWNER_PASSWORD)]).await,
        Ok("SetUp".into())
    );
    let secret = app.call("sign-in/secret", &[]).await.unwrap();
    assert!(secret["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let refused = app.call("sign-in/set-up", &[("form[code]", "12345")]).await;
    assert_eq!(refused, Err(ValidationErrors::one("code", FieldError::InvalidCode).into()));
    assert_eq!(app.call("sign-in/set-up", &[("form[code]", "000000")]).await, Err(AppError::WrongCode));
    assert_eq!(app.count("select count(*) from staff_second_step where confirmed_at is not null").await, 0);
    app.authenticators.remember(OWNER_EMAIL, secret["text"].as_str().unwrap());
    let right = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    assert!(app.call("sign-in/set-up", &[("form[code]", right.as_str())]).await.is_ok());
    assert_eq!(app.count("select count(*) from audit_event where action = 'auth.second_step_setup'").await, 1);
    // The secret is sealed: its text is nowhere in the database.
    let plain = secret["text"].as_str().unwrap().replace(' ', "");
    let stored: Vec<u8> =
        sqlx::query_scalar("select secret_sealed from staff_second_step").fetch_one(&app.pool).await.unwrap();
    assert!(!stored.windows(plain.len()).any(|w| w == plain.as_bytes()));
}

#[tokio::test]
async fn waits_for_wrong_passwords_and_codes_hold_after_a_restart() {
    let app = spawn_app().await;
    app.set_up().await;
    for _ in 0..5 {
        let wrong = app.call("login", &[("form[email]", OWNER_EMAIL), ("form[password]", "niet het wachtwoord")]).await;
        assert_eq!(wrong, Err(AppError::LoginFailed));
    }
    // A new server on the same folder starts with nothing in memory: the count is in the database.
    let restarted = spawn_app_on(app.data_folder(), SessionPolicy::default()).await;
    let refused = restarted.call("login", &[("form[email]", OWNER_EMAIL), ("form[password]", OWNER_PASSWORD)]).await;
    assert!(matches!(refused, Err(AppError::TooManyAttempts { .. })), "{refused:?}");
    // No address or e-mail address is kept for the count.
    let keys: Vec<String> =
        sqlx::query_scalar("select key_hash from sign_in_throttle").fetch_all(&app.pool).await.unwrap();
    assert!(!keys.is_empty() && keys.iter().all(|k| k.len() == 64 && !k.contains('@') && !k.contains("127.0")));
    // After the wait, the right password gets through.
    restarted.clock.advance(Duration::from_secs(2));
    assert!(restarted.log_in(OWNER_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn the_reset_command_lets_the_owner_set_up_a_new_second_step_and_is_logged() {
    let (app, _) = owner_with_recovery_codes().await;
    let settings = server::config::Settings::in_folder(app.data_dir(), SessionPolicy::default(), SETUP_CODE);
    server::commands::reset_second_step(&settings, "Eigenaar@Praktijk.test").await.expect("reset");

    assert_eq!(app.call("clients/recent", &[]).await, Err(AppError::Unauthorized), "her sessions ended");
    assert_eq!(app.count("select count(*) from staff_recovery_code").await, 0, "old recovery codes are gone");
    let (kind, actor): (String, String) =
        sqlx::query_as("select actor_kind, actor_ref from audit_event where action = 'auth.second_step_reset'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((kind.as_str(), actor.as_str()), ("system", "command"));

    let browser = app.another_browser();
    let step = browser.call("login", &[("form[email]", OWNER_EMAIL), ("form[password]", OWNER_PASSWORD)]).await;
    assert_eq!(step, Ok("SetUp".into()));
    assert!(browser.second_step(OWNER_EMAIL).await.is_ok(), "a new app, set up");

    let unknown = server::commands::reset_second_step(&settings, "niemand@praktijk.test").await;
    assert!(unknown.unwrap_err().to_string().contains("Geen actief account"));
}

#[tokio::test]
async fn a_new_password_needs_the_current_one_and_a_code_and_ends_the_other_sessions() {
    let (app, _) = owner_with_recovery_codes().await;
    let tablet = app.another_browser();
    tablet.log_in(OWNER_PASSWORD).await.unwrap();
    let new_password = "een nieuw lang wachtwoord";
    let change = |current: &str, code: &str| {
        [
            ("form[current]", current.to_owned()),
            ("form[password]", new_password.to_owned()),
            ("form[password_repeat]", new_password.to_owned()),
            ("form[code]", code.to_owned()),
        ]
    };
    let call = |form: [(&'static str, String); 4]| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("account/password", &form).await
        }
    };
    let wrong_current = call(change("niet het wachtwoord", "123456")).await;
    assert_eq!(wrong_current, Err(ValidationErrors::one("current", FieldError::WrongPassword).into()));
    let wrong_code = call(change(OWNER_PASSWORD, "000000")).await;
    assert_eq!(wrong_code, Err(ValidationErrors::one("code", FieldError::WrongCode).into()));
    let fresh = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    call(change(OWNER_PASSWORD, &fresh)).await.expect("changed");

    assert!(app.call("clients/recent", &[]).await.is_ok(), "this session goes on");
    assert_eq!(tablet.call("clients/recent", &[]).await, Err(AppError::Unauthorized), "the other one ended");
    let old =
        app.another_browser().call("login", &[("form[email]", OWNER_EMAIL), ("form[password]", OWNER_PASSWORD)]).await;
    assert_eq!(old, Err(AppError::LoginFailed));
    assert!(app.another_browser().log_in(new_password).await.is_ok());
}

#[tokio::test]
async fn one_sees_ones_own_sessions_and_ends_another_one() {
    let (app, _) = owner_with_recovery_codes().await;
    let tablet = app.another_browser();
    tablet.log_in(OWNER_PASSWORD).await.unwrap();
    let overview = app.call("account/security", &[]).await.unwrap();
    let sessions = overview["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(overview["recovery_codes_left"], 10);
    let this: Vec<bool> = sessions.iter().map(|s| s["this_device"].as_bool().unwrap()).collect();
    assert_eq!(this.iter().filter(|t| **t).count(), 1);
    let other = sessions.iter().find(|s| s["this_device"] == false).unwrap()["id"].as_str().unwrap().to_owned();
    let mine = sessions.iter().find(|s| s["this_device"] == true).unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(app.call("account/end-session", &[("id", &mine)]).await, Err(AppError::Forbidden), "sign out instead");

    app.call("account/end-session", &[("id", &other)]).await.expect("ended");
    assert_eq!(tablet.call("clients/recent", &[]).await, Err(AppError::Unauthorized));
    assert_eq!(app.call("account/end-session", &[("id", &other)]).await, Err(AppError::NotFound));
    // Someone else's session is not one's own to end.
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "practitioner", "een eigen lang wachtwoord").await;
    let hers: String = sqlx::query_scalar("select s.token_hash from session s join staff_user u on u.id = s.user_id where u.email = 'sanne@praktijk.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.call("account/end-session", &[("id", &hers)]).await, Err(AppError::NotFound));
}

#[tokio::test]
async fn new_recovery_codes_replace_the_old_ones() {
    let (app, old) = owner_with_recovery_codes().await;
    let fresh = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    let new = app.call("account/recovery-codes", &[("form[code]", fresh.as_str())]).await.unwrap();
    assert_eq!(new.as_array().unwrap().len(), 10);
    let phone = password_only(&app, OWNER_EMAIL, OWNER_PASSWORD).await;
    assert_eq!(code(&phone, &old[0]).await, Err(AppError::WrongCode), "the old ones stopped working");
    assert!(code(&phone, new[0].as_str().unwrap()).await.is_ok());
}

#[tokio::test]
async fn a_reset_password_comes_with_a_new_second_step() {
    let (app, _) = owner_with_recovery_codes().await;
    app.add_colleague("Sanne Bakker", "sanne@praktijk.test", "practitioner", "een eigen lang wachtwoord").await;
    let id: i64 = sqlx::query_scalar("select id from staff_user where email = 'sanne@praktijk.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let reset = app.call("team/reset", &[("id", &id.to_string())]).await.unwrap();
    let phone = app.another_browser();
    let password = "haar tweede lange wachtwoord";
    let form = [
        ("token", invitation_token(&reset)),
        ("form[password]", password.into()),
        ("form[password_repeat]", password.into()),
    ];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    phone.call("invitation/accept", &form).await.expect("accepted");
    let waiting = phone.call("sign-in/waiting", &[]).await.unwrap();
    assert_eq!((waiting["name"].as_str(), waiting["step"].as_str()), (Some("Sanne Bakker"), Some("SetUp")));
}
