//! Slows down password and code guessing before any hashing happens: per account and per network
//! address, each attempt past a free allowance doubles the wait (capped at 15 minutes).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FREE_FAILURES_PER_ACCOUNT: u32 = 5;
const FREE_FAILURES_PER_ADDRESS: u32 = 20;
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures older than this are forgotten.
const MEMORY: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
}

#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

fn wait_after(count: u32, free: u32) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let doublings = (count - free).min(10);
    Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT)
}

impl LoginThrottle {
    fn keys(account: &str, address: Option<&str>) -> [(String, u32); 2] {
        [
            (format!("account:{account}"), FREE_FAILURES_PER_ACCOUNT),
            (format!("address:{}", address.unwrap_or("unknown")), FREE_FAILURES_PER_ADDRESS),
        ]
    }

    /// Counts one attempt for the account and the address, before any password is hashed;
    /// `Err(wait)` (and nothing counted) when the caller must wait first. Checking and counting
    /// happen under one lock, so a burst of simultaneous guesses cannot all slip past the check.
    pub fn begin(&self, account: &str, address: Option<&str>, now: Instant) -> Result<(), Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.retain(|_, f| now.saturating_duration_since(f.last) < MEMORY);
        let keys = Self::keys(account, address);
        let wait = keys
            .iter()
            .filter_map(|(key, free)| {
                let entry = failures.get(key)?;
                (entry.last + wait_after(entry.count, *free)).checked_duration_since(now)
            })
            .filter(|wait| !wait.is_zero())
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for (key, _) in keys {
            let entry = failures.entry(key).or_insert(Failures { count: 0, last: now });
            entry.count += 1;
            entry.last = now;
        }
        Ok(())
    }

    /// [`Self::begin`], answering a refusal as the error the caller returns.
    pub fn attempt(&self, account: &str, address: Option<&str>) -> Result<(), crate::error::AppError> {
        self.begin(account, address, Instant::now())
            .map_err(|wait| crate::error::AppError::TooManyAttempts { retry_after_secs: wait.as_secs().max(1) })
    }

    /// The attempt begun for this account was right: the account starts afresh and the address
    /// gets its attempt back. A wrong attempt needs nothing more: it was counted when it began.
    pub fn succeeded(&self, account: &str, address: Option<&str>) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let [(account_key, _), (address_key, _)] = Self::keys(account, address);
        failures.remove(&account_key);
        if let Some(entry) = failures.get_mut(&address_key) {
            entry.count = entry.count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_attempts_are_free_then_waits_grow() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..5 {
            assert!(throttle.begin("a@b.nl", Some("1.2.3.4"), start).is_ok());
        }
        assert_eq!(throttle.begin("a@b.nl", Some("1.2.3.4"), start), Err(Duration::from_secs(1)));
        let later = start + Duration::from_secs(1);
        assert!(throttle.begin("a@b.nl", Some("1.2.3.4"), later).is_ok(), "the sixth after waiting");
        assert_eq!(throttle.begin("a@b.nl", Some("1.2.3.4"), later), Err(Duration::from_secs(2)));
        // Another account from elsewhere is not affected.
        assert!(throttle.begin("c@d.nl", Some("5.6.7.8"), start).is_ok());
    }

    #[test]
    fn a_refused_attempt_is_not_counted() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..5 {
            throttle.begin("a@b.nl", None, start).unwrap();
        }
        for _ in 0..50 {
            assert!(throttle.begin("a@b.nl", None, start).is_err());
        }
        assert!(throttle.begin("a@b.nl", None, start + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn the_address_is_throttled_across_accounts() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..FREE_FAILURES_PER_ADDRESS {
            throttle.begin(&format!("user{i}@b.nl"), Some("9.9.9.9"), now).unwrap();
        }
        assert!(throttle.begin("new@b.nl", Some("9.9.9.9"), now).is_err());
    }

    #[test]
    fn success_clears_the_account_and_returns_the_address_attempt() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..5 {
            throttle.begin("a@b.nl", Some("1.1.1.1"), now).unwrap();
        }
        throttle.succeeded("a@b.nl", Some("1.1.1.1"));
        assert!(throttle.begin("a@b.nl", Some("2.2.2.2"), now).is_ok());
        for i in 0..(FREE_FAILURES_PER_ADDRESS - 5) {
            throttle.begin(&format!("other{i}@b.nl"), Some("1.1.1.1"), now).unwrap();
        }
        assert!(throttle.begin("last@b.nl", Some("1.1.1.1"), now).is_ok(), "the right one gave one back");
    }

    #[test]
    fn waits_are_capped() {
        assert_eq!(wait_after(100, 5), LONGEST_WAIT);
    }
}
