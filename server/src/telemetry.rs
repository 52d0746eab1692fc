//! Logging. Server functions log no personal data: names, notes and form input never reach a
//! log line; errors log their cause chain (table and constraint names, not values).

use tracing_subscriber::{fmt, EnvFilter};

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
