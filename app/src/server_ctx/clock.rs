//! The server's clock. Everything that expires (sessions now; links and retention later) asks
//! this clock, not the wall clock directly, so a test moves time forward instead of waiting.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The wall clock, shifted by an offset that only [`Clock::advance`] changes. Clones share the
/// offset: the handle a test keeps moves the server's time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    /// For browser tests, which run the real binary: a file holding seconds to add, which the
    /// test rewrites to move the server's time (`ZORGVULDIG_TEST_CLOCK_FILE`).
    offset_file: Option<Arc<std::path::PathBuf>>,
}

impl Clock {
    /// A clock moved by the seconds written in `file` (none while it does not exist).
    pub fn moved_by_file(file: std::path::PathBuf) -> Self {
        Self { offset_ms: Arc::default(), offset_file: Some(Arc::new(file)) }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let from_file = self.offset_file.as_deref().map_or(0, |file| {
            std::fs::read_to_string(file).ok().and_then(|text| text.trim().parse::<i64>().ok()).unwrap_or(0)
        });
        Utc::now()
            + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
            + chrono::Duration::seconds(from_file)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, by: std::time::Duration) {
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(by, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_clock_moves_every_clone() {
        let clock = Clock::default();
        let seen_by_the_server = clock.clone();
        let before = seen_by_the_server.now();
        clock.advance(std::time::Duration::from_secs(3600));
        let moved = seen_by_the_server.now() - before;
        assert!(moved >= chrono::Duration::minutes(60) && moved < chrono::Duration::minutes(61), "{moved}");
    }

    #[test]
    fn a_browser_test_moves_the_clock_through_its_file() {
        let file = std::env::temp_dir().join(format!("zv-clock-{}", std::process::id()));
        let _ = std::fs::remove_file(&file);
        let clock = Clock::moved_by_file(file.clone());
        let before = clock.now();
        std::fs::write(&file, "90\n").unwrap();
        let moved = clock.now() - before;
        std::fs::remove_file(&file).unwrap();
        assert!(moved >= chrono::Duration::seconds(90) && moved < chrono::Duration::seconds(91), "{moved}");
    }
}
