//! Slows down password guessing before any hashing happens: per account and per network address,
//! each failure past a free allowance doubles the wait (capped at 15 minutes).

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

    /// `Err(wait)` when the caller must wait before trying again.
    pub fn check(&self, account: &str, address: Option<&str>, now: Instant) -> Result<(), Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let wait = Self::keys(account, address)
            .iter()
            .filter_map(|(key, free)| {
                let entry = failures.get(key)?;
                let until = entry.last + wait_after(entry.count, *free);
                until.checked_duration_since(now)
            })
            .max();
        match wait {
            Some(wait) if !wait.is_zero() => Err(wait),
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, account: &str, address: Option<&str>, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.retain(|_, f| now.saturating_duration_since(f.last) < MEMORY);
        for (key, _) in Self::keys(account, address) {
            let entry = failures.entry(key).or_insert(Failures { count: 0, last: now });
            entry.count += 1;
            entry.last = now;
        }
    }

    /// A correct password clears the account's failures (not the address's).
    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_are_free_then_waits_grow() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..5 {
            assert!(throttle.check("a@b.nl", Some("1.2.3.4"), start).is_ok());
            throttle.record_failure("a@b.nl", Some("1.2.3.4"), start);
        }
        assert_eq!(throttle.check("a@b.nl", Some("1.2.3.4"), start), Err(Duration::from_secs(1)));
        throttle.record_failure("a@b.nl", Some("1.2.3.4"), start);
        assert_eq!(throttle.check("a@b.nl", Some("1.2.3.4"), start), Err(Duration::from_secs(2)));
        assert!(throttle.check("a@b.nl", Some("1.2.3.4"), start + Duration::from_secs(3)).is_ok());
        // Another account from elsewhere is not affected.
        assert!(throttle.check("c@d.nl", Some("5.6.7.8"), start).is_ok());
    }

    #[test]
    fn the_address_is_throttled_across_accounts() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..FREE_FAILURES_PER_ADDRESS {
            throttle.record_failure(&format!("user{i}@b.nl"), Some("9.9.9.9"), now);
        }
        assert!(throttle.check("new@b.nl", Some("9.9.9.9"), now).is_err());
    }

    #[test]
    fn success_clears_the_account() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..6 {
            throttle.record_failure("a@b.nl", Some("1.1.1.1"), now);
        }
        throttle.record_success("a@b.nl");
        assert!(throttle.check("a@b.nl", Some("2.2.2.2"), now).is_ok());
    }

    #[test]
    fn waits_are_capped() {
        assert_eq!(wait_after(100, 5), LONGEST_WAIT);
    }
}
