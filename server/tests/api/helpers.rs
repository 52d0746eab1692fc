use app::db::SessionPolicy;
use app::error::AppError;
use leptos::prelude::LeptosOptions;
use server::config::Settings;
use server::startup::Application;
use sqlx::SqlitePool;
use std::time::Duration;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: SqlitePool,
    _data_dir: tempfile::TempDir,
}

pub const OWNER_EMAIL: &str = "eigenaar@praktijk.test";
pub const OWNER_PASSWORD: &str = "een lang en geheim wachtwoord";

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SessionPolicy::default()).await
}

pub async fn spawn_app_with(sessions: SessionPolicy) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings { data_dir: data_dir.path().to_owned(), sessions };
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
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    TestApp { address, client, pool, _data_dir: data_dir }
}

/// What a server function answered: its value, or the typed error.
pub type Answer = Result<serde_json::Value, AppError>;

impl TestApp {
    /// Calls a server function the way the app's own page does (same origin).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Answer {
        let response = self
            .client
            .post(format!("{}/api/{endpoint}", self.address))
            .header("origin", &self.address)
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        let body = response.text().await.expect("body");
        if status.is_success() {
            Ok(serde_json::from_str(&body).unwrap_or(serde_json::Value::Null))
        } else {
            Err(serde_json::from_str::<AppError>(&body).unwrap_or_else(|_| panic!("{status}: {body}")))
        }
    }

    pub async fn set_up(&self) {
        self.call(
            "setup",
            &[
                ("form[practice_name]", "Praktijk Test"),
                ("form[address]", "Gantelweg 12, Almkerk"),
                ("form[kvk]", ""),
                ("form[profile]", "care_provider"),
                ("form[owner_name]", "Mitzy de Groot"),
                ("form[owner_email]", OWNER_EMAIL),
                ("form[password]", OWNER_PASSWORD),
                ("form[password_repeat]", OWNER_PASSWORD),
            ],
        )
        .await
        .expect("setup succeeds");
    }

    pub async fn log_in(&self, password: &str) -> Answer {
        self.call("login", &[("form[email]", OWNER_EMAIL), ("form[password]", password)]).await
    }

    pub async fn set_up_and_log_in(&self) {
        self.set_up().await;
        self.log_in(OWNER_PASSWORD).await.expect("login succeeds");
    }

    pub async fn create_client(&self, first_name: &str, surname: &str) -> Answer {
        self.call(
            "clients/create",
            &[
                ("form[first_name]", first_name),
                ("form[initials]", ""),
                ("form[surname]", surname),
                ("form[date_of_birth]", "1990-04-01"),
                ("form[email]", "client@example.nl"),
                ("form[mobile]", "0612345678"),
                ("form[street]", ""),
                ("form[house_number]", ""),
                ("form[postcode]", ""),
                ("form[city]", ""),
                ("form[referrer]", ""),
            ],
        )
        .await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.expect("count query")
    }

    pub async fn audit_actions_for(&self, client_id: &str) -> Vec<String> {
        sqlx::query_scalar("select action from audit_event where client_id = ? order by id")
            .bind(client_id)
            .fetch_all(&self.pool)
            .await
            .expect("audit query")
    }
}
