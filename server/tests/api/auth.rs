use crate::helpers::*;
use app::error::AppError;
use app::server_ctx::SessionPolicy;
use std::time::Duration;

#[tokio::test]
async fn a_server_function_without_a_session_is_refused() {
    let app = spawn_app().await;
    app.set_up().await;
    for (endpoint, form) in [
        ("clients/search", vec![("query", "zoe")]),
        ("clients/get", vec![("id", "whatever")]),
        ("clients/audit", vec![("id", "whatever")]),
    ] {
        assert_eq!(app.call(endpoint, &form).await, Err(AppError::Unauthorized), "{endpoint}");
    }
    assert_eq!(app.create_client("Zoë", "de Vries").await, Err(AppError::Unauthorized));
    assert_eq!(app.count("select count(*) from client").await, 0);
}

#[tokio::test]
async fn the_practice_can_be_set_up_only_once() {
    let app = spawn_app().await;
    app.set_up().await;
    let again = app
        .call(
            "setup",
            &[
                ("form[practice_name]", "Tweede"),
                ("form[address]", "Ergens 2"),
                ("form[profile]", "beauty_other"),
                ("form[owner_name]", "Iemand"),
                ("form[owner_email]", "iemand@example.nl"),
                ("form[password]", "nog een lang wachtwoord"),
                ("form[password_repeat]", "nog een lang wachtwoord"),
            ],
        )
        .await;
    assert_eq!(again, Err(AppError::AlreadySetUp));
    assert_eq!(app.count("select count(*) from staff_user").await, 1);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_repeated_failures_are_throttled() {
    let app = spawn_app().await;
    app.set_up().await;
    for attempt in 1..=5 {
        assert_eq!(app.log_in("fout wachtwoord").await, Err(AppError::LoginFailed), "attempt {attempt}");
    }
    // Even the right password must wait now: the throttle answers before any hashing.
    assert!(matches!(app.log_in(OWNER_PASSWORD).await, Err(AppError::TooManyAttempts { .. })));
    assert_eq!(app.count("select count(*) from session").await, 0);
    assert_eq!(app.count("select count(*) from audit_event where action = 'auth.login_failed'").await, 5);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_strict() {
    let app = spawn_app().await;
    app.set_up().await;
    let response = app.post("login", &[("form[email]", OWNER_EMAIL), ("form[password]", OWNER_PASSWORD)]).await;
    let waiting = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(waiting.starts_with("zv_sign_in=") && waiting.contains("HttpOnly"), "{waiting}");
    assert!(waiting.contains("SameSite=Strict") && waiting.contains("Max-Age=600"), "{waiting}");
    assert_eq!(app.count("select count(*) from session").await, 0, "the password alone starts no session");

    let secret = app.call("sign-in/secret", &[]).await.unwrap();
    app.authenticators.remember(OWNER_EMAIL, secret["text"].as_str().unwrap());
    let code = app.authenticators.fresh_code(OWNER_EMAIL, &app.clock);
    let response = app.post("sign-in/set-up", &[("form[code]", code.as_str())]).await;
    assert_eq!(response.status(), 200);
    let cookies: Vec<String> =
        response.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap().to_owned()).collect();
    let session = cookies.iter().find(|c| c.starts_with("zv_session=")).expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"), "{session}");
    assert!(cookies.iter().any(|c| c.starts_with("zv_sign_in=;") && c.contains("Max-Age=0")), "{cookies:?}");
    let stored: String = sqlx::query_scalar("select token_hash from session").fetch_one(&app.pool).await.unwrap();
    let token = session.split(';').next().unwrap().split_once('=').unwrap().1;
    assert_ne!(stored, token, "only a hash of the token is stored");
    assert_eq!(app.count("select count(*) from sign_in_pending").await, 0, "the waiting sign-in is over");
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    app.call("logout", &[]).await.unwrap();
    assert_eq!(app.count("select count(*) from session").await, 0);
    assert_eq!(app.call("clients/get", &[("id", id.as_str().unwrap())]).await, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    assert!(app.call("clients/search", &[("query", "a")]).await.is_ok());
    app.clock.advance(SessionPolicy::default().idle_timeout + Duration::from_secs(1));
    assert_eq!(app.call("clients/search", &[("query", "a")]).await, Err(AppError::Unauthorized));
}

#[tokio::test]
async fn a_session_in_use_still_ends_after_its_lifetime() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let policy = SessionPolicy::default();
    let step = policy.idle_timeout / 2;
    let mut used = Duration::ZERO;
    while used + step < policy.absolute_lifetime {
        assert!(app.call("clients/search", &[("query", "a")]).await.is_ok(), "in use after {used:?}");
        app.clock.advance(step);
        used += step;
    }
    app.clock.advance(step);
    assert_eq!(app.call("clients/search", &[("query", "a")]).await, Err(AppError::Unauthorized));
}
