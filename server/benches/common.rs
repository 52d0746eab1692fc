//! What the benchmarks share: a release app on a free port, set up and signed in.

use app::domain::client::ClientDetails;
use app::server_ctx::SessionPolicy;
use chrono::NaiveDate;
use leptos::prelude::LeptosOptions;
use server::config::Settings;
use server::startup::Application;

/// A practice's server, running, with its owner signed in.
pub struct Practice {
    pub base: String,
    /// The session cookie, as `name=value`.
    pub cookie: String,
    pub settings: Settings,
    /// The app's writer, whose commits the load benchmark counts (the search one does not).
    #[allow(dead_code)]
    pub writer: app::db::writer::Writer,
    _data_dir: tempfile::TempDir,
}

/// Starts the release app on a fresh data folder, sets the practice up and signs in.
pub async fn start() -> Practice {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings::in_folder(data_dir.path().to_owned(), SessionPolicy::default(), "bench");
    let options = LeptosOptions::builder()
        .output_name("zorgvuldig")
        // `cargo bench` runs in server/; the static files are the workspace's release build.
        .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"))
        .site_addr("127.0.0.1:0".parse::<std::net::SocketAddr>().expect("address"))
        .build();
    let app = Application::build(settings.clone(), options).await.expect("app");
    let base = format!("http://{}", app.address());
    let writer = app.writer();
    tokio::spawn(app.run());

    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let post = |path: &str, form: Vec<(&str, String)>| {
        http.post(format!("{base}/api/{path}")).header("origin", &base).form(&form).send()
    };
    let password = "benchmark wachtwoord lang genoeg".to_owned();
    let setup = vec![
        ("form[practice_name]", "Bench".to_owned()),
        ("form[address]", "Straat 1".to_owned()),
        ("form[profile]", "beauty_other".to_owned()),
        ("form[owner_name]", "Eigenaar".to_owned()),
        ("form[owner_email]", "bench@example.nl".to_owned()),
        ("form[password]", password.clone()),
        ("form[password_repeat]", password.clone()),
        ("form[setup_code]", "bench".to_owned()),
    ];
    ok(post("setup", setup).await, "setup");
    // Signing in takes two steps: the password, then (the first time) setting up the
    // authenticator app with a code computed from the secret the page shows.
    let login = ok(
        post("login", vec![("form[email]", "bench@example.nl".into()), ("form[password]", password)]).await,
        "login",
    );
    let sign_in = cookie_named(&login, app::server_ctx::SIGN_IN_COOKIE);
    let with_sign_in = |path: &str, form: Vec<(&str, String)>| {
        http.post(format!("{base}/api/{path}")).header("origin", &base).header("cookie", &sign_in).form(&form).send()
    };
    let secret: serde_json::Value =
        ok(with_sign_in("sign-in/secret", vec![]).await, "second-step secret").json().await.expect("secret as JSON");
    let secret: String = secret["text"].as_str().expect("the secret as text").split_whitespace().collect();
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(&secret).expect("a base32 secret"))
        .build()
        .expect("an RFC 6238 secret");
    let code = totp.generate(chrono::Utc::now().timestamp() as u64).to_string();
    let signed_in = ok(with_sign_in("sign-in/set-up", vec![("form[code]", code)]).await, "second step");
    let cookie = cookie_named(&signed_in, app::server_ctx::SESSION_COOKIE);
    Practice { base, cookie, settings, writer, _data_dir: data_dir }
}

/// The response of a request that must succeed for the benchmark to mean anything.
fn ok(response: reqwest::Result<reqwest::Response>, what: &str) -> reqwest::Response {
    let response = response.unwrap_or_else(|error| panic!("{what}: {error}"));
    assert!(response.status().is_success(), "{what}: {}", response.status());
    response
}

/// The cookie `name` that `response` sets, as `name=value`.
fn cookie_named(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

const FIRST_NAMES: [&str; 20] = [
    "Zoë", "Anouk", "Fleur", "Sanne", "Noël", "Eva", "Lotte", "Iris", "Chloë", "Daan", "Sem", "Lieke", "Anaïs", "Mila",
    "Björn", "Renée", "Thijs", "Fenna", "Jeroen", "Inès",
];
const SURNAMES: [&str; 20] = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Müller",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
];

/// The `i`th client of a benchmark's practice: twenty first names and twenty surnames, each
/// surname numbered, so names repeat as in life but no two clients are the same.
pub fn client(i: usize) -> ClientDetails {
    ClientDetails {
        first_name: FIRST_NAMES[i % FIRST_NAMES.len()].to_owned(),
        initials: None,
        surname: format!("{} {}", SURNAMES[(i / FIRST_NAMES.len()) % SURNAMES.len()], i),
        date_of_birth: NaiveDate::from_ymd_opt(1950 + (i % 60) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
            .expect("date"),
        email: Some(format!("client{i}@example.nl")),
        mobile: None,
        address: None,
        referrer: None,
    }
}
