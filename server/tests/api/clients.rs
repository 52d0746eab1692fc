use crate::helpers::*;
use app::domain::FieldError;
use app::error::AppError;

#[tokio::test]
async fn intake_creates_a_dossier_found_by_an_accent_free_prefix() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "van den Berg").await.unwrap();

    for query in ["zoe", "ZO", "berg", "vandenb", "zoë van"] {
        let hits = app.call("clients/search", &[("query", query)]).await.unwrap();
        let ids: Vec<_> = hits.as_array().unwrap().iter().map(|h| h["id"].clone()).collect();
        assert_eq!(ids, vec![id.clone()], "query {query:?}");
    }
    let none = app.call("clients/search", &[("query", "jansen")]).await.unwrap();
    assert!(none.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_server_refuses_a_bsn_even_when_the_browser_check_is_skipped() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let answer = app.create_client("Zoë", "111222333").await;
    let Err(AppError::Invalid(errors)) = answer else { panic!("expected a validation error, got {answer:?}") };
    assert_eq!(errors.get("surname"), &[FieldError::LooksLikeBsn]);
    assert_eq!(app.count("select count(*) from client").await, 0, "nothing half-written");
    assert_eq!(app.count("select count(*) from client_revision").await, 0);
}

#[tokio::test]
async fn a_correction_keeps_the_old_values_in_the_history() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let app = &app;
    let correct = |version: &'static str, mobile: &'static str| async move {
        app.call(
            "clients/update",
            &[
                ("id", id),
                ("version", version),
                ("form[first_name]", "Zoë"),
                ("form[initials]", ""),
                ("form[surname]", "de Vries"),
                ("form[date_of_birth]", "1990-04-01"),
                ("form[email]", "client@example.nl"),
                ("form[mobile]", mobile),
                ("form[street]", ""),
                ("form[house_number]", ""),
                ("form[postcode]", ""),
                ("form[city]", ""),
                ("form[referrer]", ""),
                ("reason", "nieuw nummer"),
            ],
        )
        .await
    };

    correct("1", "0687654321").await.unwrap();
    let dossier = app.call("clients/get", &[("id", id)]).await.unwrap();
    assert_eq!(dossier["details"]["mobile"], "+31687654321");
    let change = &dossier["history"][0];
    assert_eq!(change["reason"], "nieuw nummer");
    assert_eq!(change["changes"][0]["field"], "mobile");
    assert_eq!(change["changes"][0]["before"], "+31612345678");
    assert_eq!(change["changes"][0]["after"], "+31687654321");

    // A form opened before that correction may not overwrite it.
    assert_eq!(correct("1", "0611111111").await, Err(AppError::Conflict));
    assert_eq!(correct("2", "0687654321").await, Err(AppError::NothingChanged));
    assert_eq!(app.count("select count(*) from client_revision").await, 2);
}

#[tokio::test]
async fn a_search_shows_the_name_and_birth_date_as_corrected() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let id = app.create_client("Zoë", "de Vries").await.unwrap();
    let id = id.as_str().unwrap();
    let mut form = client_form("Zoë", "Bakker", "1991-05-02", "client@example.nl");
    form.extend([("id", id), ("version", "1"), ("reason", "getrouwd; geboortedatum verkeerd overgenomen")]);
    app.call("clients/update", &form).await.unwrap();

    let hits = app.call("clients/search", &[("query", "zoe")]).await.unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["surname"], "Bakker");
    assert_eq!(hits[0]["date_of_birth"], "1991-05-02");
    let old_name = app.call("clients/search", &[("query", "vries")]).await.unwrap();
    assert_eq!(old_name, serde_json::json!([]), "the old surname finds her no more");
}

#[tokio::test]
async fn an_unknown_dossier_is_not_found() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    assert_eq!(app.call("clients/get", &[("id", "bestaat-niet")]).await, Err(AppError::NotFound));
}

#[tokio::test]
async fn a_date_that_does_not_exist_is_named_as_such() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let cases = [
        ("2024-02-31", FieldError::DateDoesNotExist),
        ("31-02-2024", FieldError::DateDoesNotExist),
        ("gisteren", FieldError::InvalidDate),
    ];
    for (typed, expected) in cases {
        let answer = app.create_client_born("Zoë", "de Vries", typed).await;
        let Err(AppError::Invalid(errors)) = answer else { panic!("{typed}: expected a validation error") };
        assert_eq!(errors.get("date_of_birth"), &[expected], "{typed}");
    }
    assert_eq!(app.count("select count(*) from client").await, 0);
}
