//! Who may call what: every server function and every non-page route, asked by each kind of
//! caller, with its expected answer. A new endpoint without a row here fails the first test.

use crate::helpers::*;
use app::error::AppError;

/// The guard an endpoint stands behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// Before sign-in: setting up, signing in and out, asking whether there is a session.
    Open,
    /// A signed-in staff member whose screen is unlocked and whose tablet is not handed over.
    Staff,
    /// The same, in a role that treats clients: treatments, health answers, photos.
    Care,
    /// The same, and the practice owner.
    Owner,
    /// Only while the tablet is in a client's hands.
    Kiosk,
    /// The page frame, locking and unlocking: a session even while its screen is locked.
    Frame,
    /// "Is there a session?": no session is an answer (none), not a refusal.
    SessionProbe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Nobody,
    /// The owner's session while the tablet is handed to a client.
    Kiosk,
    /// The owner's session with its screen locked.
    Locked,
    /// A colleague who treats clients but does not own the practice.
    Practitioner,
    /// A colleague at the desk: no treatments, health answers or photos.
    Reception,
    Owner,
}

const CALLERS: [Caller; 6] =
    [Caller::Nobody, Caller::Kiosk, Caller::Locked, Caller::Practitioner, Caller::Reception, Caller::Owner];

const PRACTITIONER_EMAIL: &str = "behandelaar@praktijk.test";
const RECEPTION_EMAIL: &str = "balie@praktijk.test";

/// A refusal that says who may not call: anything else (a field error, "not found", a wrong
/// password) means the guard let the call through.
fn refusal_of(answer: &Answer) -> Option<AppError> {
    match answer {
        Err(
            error @ (AppError::Unauthorized | AppError::Forbidden | AppError::KioskLocked | AppError::ScreenLocked),
        ) => Some(error.clone()),
        _ => None,
    }
}

fn expected(guard: Guard, caller: Caller) -> Option<AppError> {
    use Caller as C;
    use Guard as G;
    match (guard, caller) {
        (G::Open, _) | (G::SessionProbe, C::Nobody | C::Locked | C::Practitioner | C::Reception | C::Owner) => None,
        (G::SessionProbe, C::Kiosk) => Some(AppError::KioskLocked),
        (G::Staff | G::Care | G::Owner | G::Kiosk | G::Frame, C::Nobody) => Some(AppError::Unauthorized),
        (G::Staff | G::Care | G::Owner | G::Frame, C::Kiosk) => Some(AppError::KioskLocked),
        (G::Staff | G::Care | G::Owner, C::Locked) => Some(AppError::ScreenLocked),
        (G::Kiosk, C::Locked | C::Practitioner | C::Reception | C::Owner)
        | (G::Owner, C::Practitioner | C::Reception)
        | (G::Care, C::Reception) => Some(AppError::Forbidden),
        (G::Kiosk, C::Kiosk)
        | (G::Frame, C::Locked | C::Practitioner | C::Reception | C::Owner)
        | (G::Staff, C::Practitioner | C::Reception)
        | (G::Care, C::Practitioner)
        | (G::Staff | G::Care | G::Owner, C::Owner) => None,
    }
}

/// An endpoint, its guard, and arguments that pass deserialisation, so the guard is what answers.
type Row = (&'static str, Guard, Vec<(&'static str, String)>);

fn matrix(client_id: &str) -> Vec<Row> {
    let id = || client_id.to_owned();
    let s = |v: &str| v.to_owned();
    let client_form = || {
        [
            "first_name",
            "initials",
            "surname",
            "date_of_birth",
            "email",
            "mobile",
            "street",
            "house_number",
            "postcode",
            "city",
            "referrer",
        ]
        .map(|field| (Box::leak(format!("form[{field}]").into_boxed_str()) as &'static str, String::new()))
        .to_vec()
    };
    let with = |mut base: Vec<(&'static str, String)>, more: Vec<(&'static str, String)>| {
        base.extend(more);
        base
    };
    use Guard::*;
    vec![
        ("setup", Open, vec![("form[practice_name]", s(""))]),
        ("setup/status", Open, vec![]),
        ("login", Open, vec![("form[email]", s("iemand@example.nl")), ("form[password]", s("fout"))]),
        ("logout", Open, vec![]),
        // The second step acts on a sign-in waiting in the browser, not on a session: without
        // one it answers "start again", which is no refusal of who is asking.
        ("sign-in/waiting", Open, vec![]),
        ("sign-in/secret", Open, vec![]),
        ("sign-in/set-up", Open, vec![("form[code]", s("123456"))]),
        ("sign-in/code", Open, vec![("form[code]", s("123456"))]),
        ("session", SessionProbe, vec![]),
        ("account/security", Staff, vec![]),
        ("account/end-session", Staff, vec![("id", s("onbekend"))]),
        ("account/password", Staff, vec![("form[current]", s(""))]),
        ("account/recovery-codes", Staff, vec![("form[code]", s(""))]),
        ("clients/search", Staff, vec![("query", s("zoe"))]),
        ("clients/recent", Staff, vec![]),
        ("clients/list", Staff, vec![("page", s("1")), ("order", s("surname"))]),
        ("clients/create", Staff, client_form()),
        ("clients/get", Staff, vec![("id", id())]),
        ("clients/edit", Staff, vec![("id", id())]),
        ("clients/update", Staff, with(client_form(), vec![("id", id()), ("version", s("1")), ("reason", s("x"))])),
        ("clients/audit", Owner, vec![("id", id())]),
        ("consent/handover", Staff, vec![("client_id", id()), ("purposes", s("treatment"))]),
        ("consent/kiosk", Kiosk, vec![]),
        ("consent/kiosk/language", Kiosk, vec![("language", s("en"))]),
        ("consent/sign", Kiosk, vec![("template_id", s("1")), ("text_sha256", s("0")), ("strokes", s("{}"))]),
        ("consent/decline", Kiosk, vec![("template_id", s("999"))]),
        ("consent/finish", Kiosk, vec![]),
        ("consent/unlock", Kiosk, vec![("password", s("niet het wachtwoord"))]),
        ("consent/verify", Staff, vec![("signature_id", s("onbekend"))]),
        ("consent/withdraw", Staff, vec![("client_id", id()), ("purpose", s("treatment")), ("reason", s(""))]),
        ("consent/templates", Owner, vec![("language", s("nl"))]),
        (
            "consent/templates/save",
            Owner,
            vec![("purpose", s("treatment")), ("language", s("en")), ("form[title]", s(""))],
        ),
        ("photos/delete", Care, vec![("photo_id", s("onbekend"))]),
        ("settings", Staff, vec![]),
        ("settings/lock", Owner, vec![("minutes", s("5"))]),
        ("settings/language", Staff, vec![("language", s("nl"))]),
        ("settings/pin", Staff, vec![("password", s("fout")), ("pin", s("")), ("pin_repeat", s(""))]),
        ("screen/lock", Frame, vec![]),
        ("screen/unlock", Frame, vec![("secret", s("99999"))]),
        ("treatments/types", Care, vec![]),
        ("treatments/types/overview", Owner, vec![]),
        ("treatments/types/add", Owner, vec![("form[name]", s(""))]),
        ("treatments/types/change", Owner, vec![("id", s("999")), ("form[name]", s(""))]),
        ("treatments/types/active", Owner, vec![("id", s("999")), ("active", s("false"))]),
        ("treatments/reminders/resolve", Owner, vec![("id", s("999"))]),
        ("treatments/add", Care, vec![("client_id", id()), ("form[notes]", s(""))]),
        ("treatments/edit", Care, vec![("client_id", id()), ("treatment_id", s("onbekend"))]),
        (
            "treatments/update",
            Care,
            vec![
                ("client_id", id()),
                ("treatment_id", s("onbekend")),
                ("version", s("1")),
                ("form[notes]", s("")),
                ("reason", s("x")),
            ],
        ),
        ("health/record", Care, vec![("client_id", id()), ("form[allergies]", s(""))]),
        ("team", Owner, vec![]),
        ("team/invite", Owner, vec![("form[name]", s(""))]),
        ("team/invite-again", Owner, vec![("id", s("999"))]),
        ("team/role", Owner, vec![("id", s("999")), ("role", s("reception"))]),
        ("team/disable", Owner, vec![("id", s("999"))]),
        ("team/reset", Owner, vec![("id", s("999"))]),
        ("team/check", Owner, vec![("colleague", s("999")), ("done", s(""))]),
        ("retention", Owner, vec![]),
        ("retention/approve", Owner, vec![("client_id", s("onbekend"))]),
        ("retention/erase-on-request", Owner, vec![("client_id", s("onbekend")), ("confirmed", s("yes"))]),
        ("retention/hold", Owner, vec![("client_id", s("onbekend")), ("reason", s("")), ("note", s(""))]),
        ("retention/lift-hold", Owner, vec![("client_id", s("onbekend"))]),
        ("retention/policy", Owner, vec![("years", s(""))]),
        (
            "retention/keep-longer",
            Owner,
            vec![("client_id", s("onbekend")), ("reason", s("")), ("review_on", s("")), ("note", s(""))],
        ),
        ("invitation", Open, vec![("token", s("onbekend"))]),
        ("invitation/accept", Open, vec![("token", s("onbekend")), ("form[password]", s(""))]),
        // A multipart form; sent by `upload_as` below.
        ("photos/upload", Care, vec![]),
    ]
}

/// A browser of its own (its own cookies), brought into the state `caller` describes.
async fn browser_as(app: &TestApp, caller: Caller, client_id: &str) -> TestApp {
    let browser = app.another_browser();
    match caller {
        Caller::Nobody => {}
        Caller::Practitioner | Caller::Reception => {
            let email = if caller == Caller::Reception { RECEPTION_EMAIL } else { PRACTITIONER_EMAIL };
            browser.log_in_as(email, OWNER_PASSWORD).await.expect("colleague signed in");
        }
        _ => {
            browser.log_in(OWNER_PASSWORD).await.expect("signed in");
        }
    }
    match caller {
        Caller::Kiosk => {
            browser.call("consent/handover", &[("client_id", client_id), ("purposes", "treatment")]).await.unwrap();
        }
        Caller::Locked => {
            browser.call("screen/lock", &[]).await.unwrap();
        }
        Caller::Nobody | Caller::Practitioner | Caller::Reception | Caller::Owner => {}
    }
    browser
}

/// A practice with its owner signed in, a practitioner and a receptionist, and one client.
async fn practice_with_a_colleague() -> (TestApp, String) {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    app.add_colleague("Sanne Bakker", PRACTITIONER_EMAIL, "practitioner", OWNER_PASSWORD).await;
    app.add_colleague("Bo de Balie", RECEPTION_EMAIL, "reception", OWNER_PASSWORD).await;
    let client_id = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    (app, client_id)
}

#[tokio::test]
async fn every_endpoint_answers_each_kind_of_caller_as_its_guard_says() {
    let (app, client_id) = practice_with_a_colleague().await;
    let rows = matrix(&client_id);

    // Every server function the app registers has a row, and every row is a real endpoint.
    let mut registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    registered.sort();
    let mut listed: Vec<String> = rows.iter().map(|(endpoint, _, _)| (*endpoint).to_owned()).collect();
    listed.sort();
    assert_eq!(registered, listed, "each server function needs a row in the access matrix");

    let mut wrong = Vec::new();
    for caller in CALLERS {
        for (endpoint, guard, args) in &rows {
            let browser = browser_as(&app, caller, &client_id).await;
            let answer = if *endpoint == "photos/upload" {
                browser.upload_photo(&client_id, "onbekend", "before", phone_photo_with_gps()).await
            } else {
                let form: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                browser.call(endpoint, &form).await
            };
            if matches!(answer, Err(AppError::ServerFn(_)) | Err(AppError::BadRequest)) && *guard != Guard::Open {
                wrong.push(format!("{endpoint} as {caller:?}: the arguments did not reach the guard: {answer:?}"));
                continue;
            }
            let (got, want) = (refusal_of(&answer), expected(*guard, caller));
            if got != want {
                wrong.push(format!("{endpoint} as {caller:?}: expected {want:?}, got {answer:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn every_endpoint_and_route_refuses_a_cross_site_request() {
    let app = spawn_app().await;
    app.set_up_and_log_in().await;
    let client_id = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    for (endpoint, _, args) in matrix(&client_id) {
        let response = app
            .client
            .post(format!("{}/api/{endpoint}", app.address))
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .form(&args)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{endpoint}");
    }
    // The non-page routes are GETs that change nothing; a stranger gets nothing from them.
    let stranger = app.another_browser().client;
    for route in [
        "/photos/onbekend".to_owned(),
        "/photos/onbekend/thumb".to_owned(),
        format!("/clients/{client_id}/consents/onbekend/pdf"),
    ] {
        let response = stranger.get(format!("{}{route}", app.address)).send().await.unwrap();
        // A photo answers 401; the copy's address is under a page path, so it sends the stranger
        // to sign in first.
        let status = response.status().as_u16();
        let to_sign_in = response.headers().get("location").is_some_and(|l| l == "/login");
        assert!(status == 401 || (status == 303 && to_sign_in), "{route}: {status}");
    }
}

#[tokio::test]
async fn every_non_page_route_answers_each_kind_of_caller_as_its_guard_says() {
    let (app, client_id) = practice_with_a_colleague().await;
    let routes = [
        "/photos/onbekend".to_owned(),
        "/photos/onbekend/thumb".to_owned(),
        format!("/clients/{client_id}/consents/onbekend/pdf"),
    ];
    let mut wrong = Vec::new();
    for caller in CALLERS {
        let browser = browser_as(&app, caller, &client_id).await;
        for route in &routes {
            let response = browser.client.get(format!("{}{route}", app.address)).send().await.unwrap();
            let status = response.status().as_u16();
            let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
            // The copy lives under a page's path, so the page gate answers for it: to sign in, or a
            // handed-over tablet back to its own screen. Past the guard, an unknown photo or copy
            // is simply not found.
            // Photos are care; the consent copy is for anyone who handles consents.
            let is_copy = route.ends_with("/pdf");
            let guard = if is_copy { Guard::Staff } else { Guard::Care };
            let as_expected = match (expected(guard, caller), is_copy) {
                (Some(AppError::Unauthorized), false) => status == 401,
                (Some(AppError::Unauthorized), true) => status == 303 && location.as_deref() == Some("/login"),
                (Some(AppError::KioskLocked), true) => status == 303 && location.as_deref() == Some("/kiosk"),
                (Some(refusal), _) => status == refusal.status().as_u16(),
                (None, _) => status == 404,
            };
            if !as_expected {
                wrong.push(format!("{route} as {caller:?}: {status}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
