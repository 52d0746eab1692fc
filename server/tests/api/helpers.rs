use app::error::AppError;
use app::server_ctx::SessionPolicy;
use leptos::prelude::LeptosOptions;
use server::config::Settings;
use server::startup::Application;
use sqlx::SqlitePool;
use std::time::Duration;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: SqlitePool,
    /// The server's clock: moving it moves the server's time.
    pub clock: app::server_ctx::clock::Clock,
    /// What each account's authenticator app knows, shared by every browser of this server.
    pub authenticators: Authenticators,
    _data_dir: std::sync::Arc<tempfile::TempDir>,
}

pub const OWNER_EMAIL: &str = "eigenaar@praktijk.test";
pub const OWNER_PASSWORD: &str = "een lang en geheim wachtwoord";
/// The first-run code, fixed in advance as `ZORGVULDIG_SETUP_CODE` does for automated installs.
pub const SETUP_CODE: &str = "1357 2468";

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SessionPolicy::default()).await
}

pub async fn spawn_app_with(sessions: SessionPolicy) -> TestApp {
    spawn_app_on(std::sync::Arc::new(tempfile::tempdir().expect("temp dir")), sessions).await
}

/// A server on a data folder that may already hold a database, as after an update.
pub async fn spawn_app_on(data_dir: std::sync::Arc<tempfile::TempDir>, sessions: SessionPolicy) -> TestApp {
    let settings = Settings::in_folder(data_dir.path().to_owned(), sessions, SETUP_CODE);
    let leptos_options = LeptosOptions::builder()
        .output_name("zorgvuldig")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr("127.0.0.1:0".parse::<std::net::SocketAddr>().expect("address"))
        .build();
    let app = Application::build(settings.clone(), leptos_options).await.expect("app builds");
    let address = format!("http://{}", app.address());
    tokio::spawn(app.run());
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", settings.database_path().display()))
        .await
        .expect("test pool");
    let client = browser();
    TestApp {
        address,
        client,
        pool,
        clock: settings.clock.clone(),
        authenticators: Authenticators(data_dir.path().to_owned()),
        _data_dir: data_dir,
    }
}

/// The authenticator apps of the test's people: for each account of a data folder (which
/// outlives a restart of its server), the secret as the set-up page showed it and the last time
/// step a code was taken from it.
#[derive(Clone)]
pub struct Authenticators(pub std::path::PathBuf);

type Apps = std::collections::HashMap<(std::path::PathBuf, String), (String, i64)>;
static APPS: std::sync::LazyLock<std::sync::Mutex<Apps>> = std::sync::LazyLock::new(Default::default);

impl Authenticators {
    fn key(&self, email: &str) -> (std::path::PathBuf, String) {
        (self.0.clone(), email.to_lowercase())
    }

    pub fn remember(&self, email: &str, secret_text: &str) {
        let secret: String = secret_text.split_whitespace().collect();
        APPS.lock().unwrap().insert(self.key(email), (secret, 0));
    }

    pub fn secret(&self, email: &str) -> Option<String> {
        APPS.lock().unwrap().get(&self.key(email)).map(|(secret, _)| secret.clone())
    }

    /// The code the app shows now. A code is accepted once per 30-second step, so when the last
    /// code of this account came from the current step, the server's clock is moved on to the
    /// next step first, as a person would wait for the next code.
    pub fn fresh_code(&self, email: &str, clock: &app::server_ctx::clock::Clock) -> String {
        let mut apps = APPS.lock().unwrap();
        let (secret, last_step) = apps.get_mut(&self.key(email)).expect("this account's app was set up");
        let current = clock.now().timestamp() / 30;
        if current <= *last_step {
            clock.advance(Duration::from_secs(30 * (*last_step - current + 1) as u64));
        }
        let now = clock.now().timestamp();
        *last_step = now / 30;
        totp_code(secret, now)
    }
}

/// The six digits an authenticator app shows for `secret` (base32) at `unix_time`.
pub fn totp_code(secret: &str, unix_time: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).expect("a base32 secret");
    let totp = totp_rs::Builder::new().with_secret(secret).build().expect("an RFC 6238 secret");
    totp.generate(unix_time as u64).to_string()
}

/// A browser of its own: its own cookies, no redirects followed.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

/// The token after `#` in an invitation's link.
pub fn invitation_token(invitation: &serde_json::Value) -> String {
    let link = invitation["link"].as_str().expect("a link");
    link.split_once("/welcome#").expect("the invitation page").1.to_owned()
}

/// What a server function answered: its value, or the typed error.
pub type Answer = Result<serde_json::Value, AppError>;

/// A server function's JSON value, or its typed error.
pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let body = response.text().await.expect("body");
    if status.is_success() {
        Ok(serde_json::from_str(&body).unwrap_or(serde_json::Value::Null))
    } else {
        Err(serde_json::from_str::<AppError>(&body).unwrap_or_else(|_| panic!("{status}: {body}")))
    }
}

impl TestApp {
    /// The test's own connections as the app's reader and writer, for running use cases
    /// directly, as a scheduled job does.
    pub fn db(&self) -> app::db::Db {
        app::db::Db::new(self.pool.clone(), self.pool.clone())
    }

    /// The daily retention run, as the server's own loop runs it; whether it ran (once a day).
    pub async fn daily_run(&self) -> bool {
        use app::service::retention::{daily_run, Destroyer, DestructionLedger};
        let data_dir = self._data_dir.path();
        let key_file = data_dir.join("photo.key");
        let sealer = app::media::seal::Sealer::from_key_file(&key_file).expect("the server's key");
        let photos = app::media::photo_store::PhotoStore::open(&data_dir.join("photos"), &key_file).expect("photos");
        let ledger = DestructionLedger::in_folder(data_dir);
        let destroyer = Destroyer { sealer: &sealer, photos: &photos, ledger: &ledger };
        daily_run(&self.db(), &self.clock, destroyer).await.expect("the daily run")
    }

    /// The same server and database, seen from another browser (no session yet).
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: browser(),
            pool: self.pool.clone(),
            clock: self.clock.clone(),
            authenticators: self.authenticators.clone(),
            _data_dir: self._data_dir.clone(),
        }
    }

    /// Calls a server function the way the app's own page does (same origin).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Answer {
        answer(self.post(endpoint, form).await).await
    }

    /// The same call, answering the raw response (to look at its status and headers).
    pub async fn post(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.address))
            .header("origin", &self.address)
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .expect("request sent")
    }

    /// A server function called with a body exactly as given, e.g. bytes a browser would never send.
    pub async fn post_body(&self, endpoint: &str, content_type: &str, body: Vec<u8>) -> reqwest::Response {
        self.client
            .post(format!("{}/api/{endpoint}", self.address))
            .header("origin", &self.address)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// A page as this browser gets it: its HTML, after checking it came.
    pub async fn page(&self, path: &str) -> String {
        let response = self.client.get(format!("{}{path}", self.address)).send().await.expect("page");
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.expect("page body")
    }

    pub async fn set_up(&self) {
        self.set_up_as("care_provider").await;
    }

    /// Sets up a practice of the given kind (`care_provider`, `beauty_wkkgz`, `beauty_other`).
    pub async fn set_up_as(&self, profile: &str) {
        self.call(
            "setup",
            &[
                ("form[practice_name]", "Praktijk Test"),
                ("form[address]", "Gantelweg 12, Almkerk"),
                ("form[kvk]", ""),
                ("form[profile]", profile),
                ("form[owner_name]", "Mitzy de Groot"),
                ("form[owner_email]", OWNER_EMAIL),
                ("form[password]", OWNER_PASSWORD),
                ("form[password_repeat]", OWNER_PASSWORD),
                ("form[setup_code]", SETUP_CODE),
            ],
        )
        .await
        .expect("setup succeeds");
    }

    /// Signs the owner in: the password, then the second step (set up the first time).
    pub async fn log_in(&self, password: &str) -> Answer {
        self.log_in_as(OWNER_EMAIL, password).await
    }

    /// Signs in with e-mail and password, then gives the second step: a fresh code from the
    /// account's app, or (the first time) sets the app up.
    pub async fn log_in_as(&self, email: &str, password: &str) -> Answer {
        self.call("login", &[("form[email]", email), ("form[password]", password)]).await?;
        self.second_step(email).await
    }

    /// The second step of the sign-in waiting in this browser.
    pub async fn second_step(&self, email: &str) -> Answer {
        let waiting = self.call("sign-in/waiting", &[]).await?;
        if waiting["step"] == "SetUp" {
            let secret = self.call("sign-in/secret", &[]).await?;
            self.authenticators.remember(email, secret["text"].as_str().expect("the secret as text"));
            let code = self.authenticators.fresh_code(email, &self.clock);
            return self.call("sign-in/set-up", &[("form[code]", code.as_str())]).await;
        }
        let code = self.authenticators.fresh_code(email, &self.clock);
        self.call("sign-in/code", &[("form[code]", code.as_str())]).await
    }

    pub async fn set_up_and_log_in(&self) {
        self.set_up().await;
        self.log_in(OWNER_PASSWORD).await.expect("login succeeds");
    }

    /// The owner (signed in here) invites a colleague, who sets `password` through the link from
    /// a browser of their own: the way every colleague joins.
    pub async fn add_colleague(&self, name: &str, email: &str, role: &str, password: &str) {
        let token = self.invite(name, email, role).await.expect("invited");
        let phone = self.another_browser();
        let form = [("token", token.as_str()), ("form[password]", password), ("form[password_repeat]", password)];
        phone.call("invitation/accept", &form).await.expect("invitation accepted");
        phone.second_step(email).await.expect("second step set up");
    }

    /// Invites a colleague; the token from the invitation link.
    pub async fn invite(&self, name: &str, email: &str, role: &str) -> Result<String, AppError> {
        let invitation =
            self.call("team/invite", &[("form[name]", name), ("form[email]", email), ("form[role]", role)]).await?;
        Ok(invitation_token(&invitation))
    }

    pub async fn create_client(&self, first_name: &str, surname: &str) -> Answer {
        self.create_client_born(first_name, surname, "1990-04-01").await
    }

    /// The intake form with a date of birth as typed.
    pub async fn create_client_born(&self, first_name: &str, surname: &str, date_of_birth: &str) -> Answer {
        self.call("clients/create", &client_form(first_name, surname, date_of_birth, "client@example.nl")).await
    }

    pub fn data_folder(&self) -> std::sync::Arc<tempfile::TempDir> {
        self._data_dir.clone()
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self._data_dir.path().to_owned()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.expect("count query")
    }

    /// Files the names that lists showed under each client now, as the server does every second.
    pub async fn file_names_listed(&self) {
        app::db::audit::file_names_listed(
            &app::db::writer::Writer::new(self.pool.clone()),
            app::db::audit::UNTIL_ALL_FILED,
        )
        .await
        .expect("names filed");
    }

    /// The actions in a client's log, oldest first, once the names listed so far are filed.
    pub async fn audit_actions_for(&self, client_id: &str) -> Vec<String> {
        self.file_names_listed().await;
        sqlx::query_scalar(
            "select action from audit_event
             where client_id = ?1 or id in (select event_id from audit_name_listed where client_id = ?1) order by id",
        )
        .bind(client_id)
        .fetch_all(&self.pool)
        .await
        .expect("audit query")
    }
}

/// The intake (and correction) form's fields as the browser sends them, with the values a test
/// cares about and the rest empty.
pub fn client_form<'a>(
    first_name: &'a str,
    surname: &'a str,
    date_of_birth: &'a str,
    email: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("form[first_name]", first_name),
        ("form[initials]", ""),
        ("form[surname]", surname),
        ("form[date_of_birth]", date_of_birth),
        ("form[email]", email),
        ("form[mobile]", "0612345678"),
        ("form[street]", ""),
        ("form[house_number]", ""),
        ("form[postcode]", ""),
        ("form[city]", ""),
        ("form[referrer]", ""),
    ]
}

/// A plausible handwritten signature as the pad sends it: two strokes of touch samples.
pub fn strokes_json() -> String {
    let stroke = |offset: f32, t0: f64| {
        let samples: Vec<String> = (0..60)
            .map(|i| {
                let f = i as f32 / 60.0;
                format!(
                    r#"{{"x":{:.1},"y":{:.1},"t":{:.1},"p":0.5}}"#,
                    100.0 + offset + f * 300.0,
                    200.0 + (f * 9.0).sin() * 60.0,
                    t0 + i as f64 * 8.0
                )
            })
            .collect();
        format!(r#"{{"pointer":"touch","samples":[{}]}}"#, samples.join(","))
    };
    format!(r#"{{"strokes":[{},{}]}}"#, stroke(0.0, 0.0), stroke(350.0, 900.0))
}

/// Hands the tablet over; the client chooses Dutch and sees the questions (the open kiosk's
/// questions are returned).
pub async fn hand_over(app: &TestApp, client_id: &str, purposes: &str) -> serde_json::Value {
    hand_over_in(app, client_id, purposes, "nl").await
}

pub async fn hand_over_in(app: &TestApp, client_id: &str, purposes: &str, language: &str) -> serde_json::Value {
    app.call("consent/handover", &[("client_id", client_id), ("purposes", purposes)]).await.expect("hand-over starts");
    let first = app.call("consent/kiosk", &[]).await.expect("kiosk loads");
    assert_eq!(first, serde_json::json!("choose_language"), "the client first chooses a language");
    app.call("consent/kiosk/language", &[("language", language)]).await.expect("language chosen");
    let kiosk = app.call("consent/kiosk", &[]).await.expect("kiosk loads");
    kiosk.get("open").cloned().unwrap_or_else(|| panic!("the kiosk shows questions, not {kiosk}"))
}

pub async fn sign_first(app: &TestApp, kiosk: &serde_json::Value, guardian: (&str, &str)) -> Answer {
    let item = &kiosk["items"][0];
    let text_hash = app::domain::consent::sha256_hex(item["text"].as_str().unwrap());
    let template_id = item["template_id"].to_string();
    app.call(
        "consent/sign",
        &[
            ("template_id", template_id.as_str()),
            ("text_sha256", text_hash.as_str()),
            ("strokes", strokes_json().as_str()),
            ("guardian[name]", guardian.0),
            ("guardian[relationship]", guardian.1),
        ],
    )
    .await
}

/// Gives one consent the way a client does at the tablet, then takes the tablet back.
pub async fn grant_consent(app: &TestApp, client_id: &str, purpose: &str) {
    let kiosk = hand_over(app, client_id, purpose).await;
    sign_first(app, &kiosk, ("", "")).await.expect("consent signed");
    app.call("consent/finish", &[]).await.expect("hand-over finished");
    app.call("consent/unlock", &[("password", OWNER_PASSWORD)]).await.expect("tablet taken back");
}

impl TestApp {
    /// Sends a photo the way the treatment screen does: a multipart form.
    pub async fn upload_photo(&self, client_id: &str, treatment_id: &str, moment: &str, photo: Vec<u8>) -> Answer {
        let form = reqwest::multipart::Form::new()
            .text("client_id", client_id.to_owned())
            .text("treatment_id", treatment_id.to_owned())
            .text("moment", moment.to_owned())
            .part(
                "photo",
                reqwest::multipart::Part::bytes(photo).file_name("IMG_0001.jpg").mime_str("image/jpeg").unwrap(),
            );
        let response = self
            .client
            .post(format!("{}/api/photos/upload", self.address))
            .header("origin", &self.address)
            .header("sec-fetch-site", "same-origin")
            .multipart(form)
            .send()
            .await
            .expect("upload sent");
        answer(response).await
    }

    pub async fn add_treatment(&self, client_id: &str, type_id: &str, notes: &str) -> Answer {
        let today = practice_today().to_string();
        self.call(
            "treatments/add",
            &[
                ("client_id", client_id),
                ("form[performed_on]", &today),
                ("form[type_id]", type_id),
                ("form[products]", ""),
                ("form[skin_analysis]", ""),
                ("form[notes]", notes),
            ],
        )
        .await
    }

    /// The id of a treatment type shipped with the app.
    pub async fn type_id(&self, name: &str) -> String {
        let id: i64 = sqlx::query_scalar("select id from treatment_type where name = ?")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .expect("type exists");
        id.to_string()
    }
}

/// A signed-in practice with one client and one treatment.
pub async fn client_with_treatment(app: &TestApp) -> (String, String) {
    app.set_up_and_log_in().await;
    let client = app.create_client("Zoë", "de Vries").await.unwrap().as_str().unwrap().to_owned();
    let facial = app.type_id("Gezichtsbehandeling").await;
    let treatment = app.add_treatment(&client, &facial, "").await.unwrap().as_str().unwrap().to_owned();
    (client, treatment)
}

/// A 40×20 phone photo that says "rotate 90° clockwise" and where it was taken (GPS), in EXIF:
/// what a phone camera sends.
pub fn phone_photo_with_gps() -> Vec<u8> {
    let image = image::RgbImage::from_fn(40, 20, |x, y| image::Rgb([(x * 6) as u8, (y * 12) as u8, 128]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&image::DynamicImage::ImageRgb8(image))
        .expect("test JPEG encodes");
    let exif = exif_with_orientation_and_gps();
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    app1.extend_from_slice(&exif);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// "Exif\0\0" and a little-endian TIFF block: IFD0 with Orientation = 6 and a GPS IFD holding
/// 51°55'N 4°28'E.
fn exif_with_orientation_and_gps() -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_le_bytes());
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    const RATIONAL: u16 = 5;
    // Layout: header (8) | IFD0: 2 entries (2 + 24 + 4 = 30) at 8 | GPS IFD: 4 entries (2 + 48 + 4 = 54) at 38
    // | latitude rationals (24) at 92 | longitude rationals (24) at 116.
    let (ifd0, gps_ifd, latitude, longitude) = (8u32, 38u32, 92u32, 116u32);
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&ifd0.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend(entry(0x0112, SHORT, 1, 6));
    tiff.extend(entry(0x8825, LONG, 1, gps_ifd));
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend(entry(0x0001, ASCII, 2, u32::from_le_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, RATIONAL, 3, latitude));
    tiff.extend(entry(0x0003, ASCII, 2, u32::from_le_bytes(*b"E\0\0\0")));
    tiff.extend(entry(0x0004, RATIONAL, 3, longitude));
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (degrees, minutes) in [(51u32, 55u32), (4, 28)] {
        for (numerator, denominator) in [(degrees, 1u32), (minutes, 1), (0, 1)] {
            tiff.extend_from_slice(&numerator.to_le_bytes());
            tiff.extend_from_slice(&denominator.to_le_bytes());
        }
    }
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend(tiff);
    exif
}

/// Whether a file carries any EXIF block at all.
pub fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)).is_ok()
}

pub fn has_gps(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok_and(|exif| exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some())
}

/// Today where the practice is, by the wall clock (tests that move the server's clock say so).
pub fn practice_today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}
