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
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
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
}
