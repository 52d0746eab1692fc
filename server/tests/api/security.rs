use crate::helpers::*;

#[tokio::test]
async fn a_cross_site_post_to_a_server_function_is_refused() {
    // Arrange
    let app = spawn_app().await;
    let evil_forms = [
        vec![("origin", "https://evil.example".to_owned())],
        vec![("sec-fetch-site", "cross-site".to_owned())],
        vec![],
    ];
    for headers in evil_forms {
        // Act: the first-run form, posted from another site (or by a script with no origin).
        let mut request = app.client.post(format!("{}/api/setup", app.address)).form(&[
            ("form[practice_name]", "Overgenomen"),
            ("form[address]", "Ergens 1"),
            ("form[profile]", "beauty_other"),
            ("form[owner_name]", "Aanvaller"),
            ("form[owner_email]", "aanvaller@example.com"),
            ("form[password]", "aanvaller wachtwoord"),
            ("form[password_repeat]", "aanvaller wachtwoord"),
        ]);
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.unwrap();

        // Assert
        assert_eq!(response.status(), 403, "headers {headers:?}");
    }
    assert_eq!(app.count("select count(*) from practice").await, 0, "nothing was written");
}

#[tokio::test]
async fn pages_send_a_strict_content_security_policy_without_other_origins() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/setup", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(!csp.contains("http"), "no other origin is allowed: {csp}");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    assert!(!html.contains("https://"), "the page loads nothing from elsewhere");
}

#[tokio::test]
async fn pages_redirect_to_setup_first_and_to_sign_in_after() {
    let app = spawn_app().await;
    let page = |path: &str| app.client.get(format!("{}{path}", app.address)).send();

    let before = page("/clients").await.unwrap();
    assert_eq!(before.headers()["location"], "/setup");

    app.set_up().await;
    let after = page("/clients/abc").await.unwrap();
    assert!(after.status().is_redirection());
    assert_eq!(after.headers()["location"], "/login");
    let setup_again = page("/setup").await.unwrap();
    assert_eq!(setup_again.headers()["location"], "/login", "the setup screen is gone for good");
}

#[tokio::test]
async fn responses_are_compressed_for_browsers_that_accept_it() {
    let app = spawn_app().await;
    let response =
        app.client.get(format!("{}/setup", app.address)).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
}
