//! Settings from the environment, with safe defaults for a practice's own machine.
//! cargo-leptos owns the site settings (`LEPTOS_SITE_ADDR` …); ours are `ZORGVULDIG_*`.

use app::db::SessionPolicy;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// Folder that holds the database; created on start.
    pub data_dir: PathBuf,
    pub sessions: SessionPolicy,
}

impl Settings {
    pub fn from_env() -> Self {
        let data_dir =
            std::env::var_os("ZORGVULDIG_DATA_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("data"));
        let minutes = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse::<u64>().ok())
                .map(|m| Duration::from_secs(m * 60))
                .unwrap_or(Duration::from_secs(default * 60))
        };
        let sessions = SessionPolicy {
            idle_timeout: minutes("ZORGVULDIG_SESSION_IDLE_MINUTES", 15),
            absolute_lifetime: minutes("ZORGVULDIG_SESSION_MAX_MINUTES", 12 * 60),
            secure_cookie: std::env::var("ZORGVULDIG_SECURE_COOKIE").is_ok_and(|v| v == "1" || v == "true"),
        };
        Self { data_dir, sessions }
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("zorgvuldig.sqlite3")
    }
}
