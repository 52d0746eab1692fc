//! Settings from the environment, with safe defaults for a practice's own machine.
//! cargo-leptos owns the site settings (`LEPTOS_SITE_ADDR` …); ours are `ZORGVULDIG_*`.

use app::server_ctx::SessionPolicy;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// Folder that holds the database; created on start.
    pub data_dir: PathBuf,
    pub sessions: SessionPolicy,
    /// The photo encryption key (32 bytes), created on first start. Keep it out of the data
    /// folder's backups, or on another disk, so a copied folder shows no photos.
    pub photo_key_file: PathBuf,
    /// Host names the app answers to besides the loopback names and the address it listens on
    /// (`ZORGVULDIG_HOSTS=praktijk.local,192.168.1.20`): the names the tablet and phones use.
    pub allowed_hosts: Vec<String>,
    /// The first-run setup code, fixed in advance for automated installs and tests; otherwise
    /// a random one is printed on the console at start.
    pub setup_code: Option<String>,
    /// The wall clock in production; a test keeps a clone to move time forward.
    pub clock: app::server_ctx::clock::Clock,
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
        let photo_key_file = std::env::var_os("ZORGVULDIG_PHOTO_KEY_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("photo.key"));
        let allowed_hosts = std::env::var("ZORGVULDIG_HOSTS")
            .map(|hosts| hosts.split(',').map(|h| h.trim().to_owned()).filter(|h| !h.is_empty()).collect())
            .unwrap_or_default();
        let setup_code =
            std::env::var("ZORGVULDIG_SETUP_CODE").ok().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
        let clock = match std::env::var_os("ZORGVULDIG_TEST_CLOCK_FILE") {
            Some(file) => {
                tracing::warn!("the clock is moved by ZORGVULDIG_TEST_CLOCK_FILE: for browser tests only");
                app::server_ctx::clock::Clock::moved_by_file(PathBuf::from(file))
            }
            None => Default::default(),
        };
        Self { data_dir, sessions, photo_key_file, allowed_hosts, setup_code, clock }
    }

    /// For tests: everything under one folder.
    pub fn in_folder(data_dir: PathBuf, sessions: SessionPolicy, setup_code: &str) -> Self {
        let photo_key_file = data_dir.join("photo.key");
        Self {
            data_dir,
            sessions,
            photo_key_file,
            allowed_hosts: Vec::new(),
            setup_code: Some(setup_code.to_owned()),
            clock: Default::default(),
        }
    }

    pub fn photo_dir(&self) -> PathBuf {
        self.data_dir.join("photos")
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("zorgvuldig.sqlite3")
    }
}
