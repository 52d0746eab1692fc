//! Slows down password and code guessing before any hashing happens: per account (or link, or
//! code) and per network address, each failure past a free allowance doubles the wait (capped at
//! 15 minutes). The counts live in the database, so a restart forgives nothing; their keys are
//! hashed, so no e-mail or IP address is kept for this.

use super::clock::Clock;
use crate::db::{self, Db};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use std::time::Duration;

const FREE_FAILURES_PER_ACCOUNT: u32 = 5;
const FREE_FAILURES_PER_ADDRESS: u32 = 20;
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures older than this are forgotten.
const MEMORY: Duration = Duration::from_secs(24 * 60 * 60);

/// How long to wait after `count` counted attempts of which `free` cost nothing.
fn wait_after(count: u32, free: u32) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let doublings = (count - free).min(10);
    Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT)
}

/// What is still to wait, at `now`, for a key with `count` attempts, the last at `last`.
fn remaining_wait(count: u32, free: u32, last: DateTime<Utc>, now: DateTime<Utc>) -> Option<Duration> {
    let since = (now - last).to_std().unwrap_or_default();
    wait_after(count, free).checked_sub(since).filter(|wait| !wait.is_zero())
}

#[derive(Clone)]
pub struct LoginThrottle {
    db: Db,
    clock: Clock,
}

impl LoginThrottle {
    pub fn new(db: Db, clock: Clock) -> Self {
        Self { db, clock }
    }

    fn keys(subject: &str, address: Option<&str>) -> [(String, u32); 2] {
        [
            (db::session::hash_token(&format!("subject:{subject}")), FREE_FAILURES_PER_ACCOUNT),
            (db::session::hash_token(&format!("address:{}", address.unwrap_or("unknown"))), FREE_FAILURES_PER_ADDRESS),
        ]
    }

    /// Counts one attempt for `subject` (an account, a link, a code) and the address, before any
    /// secret is hashed; refused (and nothing counted) when the caller must wait first. Checking
    /// and counting happen in one write transaction: the writer takes them one at a time, so a
    /// burst of simultaneous guesses cannot all slip past the check.
    pub async fn attempt(&self, subject: &str, address: Option<&str>) -> Result<(), AppError> {
        let now = self.clock.now();
        let keys = Self::keys(subject, address);
        let mut tx = self.db.begin_write().await?;
        db::throttle::forget_before(&mut tx, now - MEMORY).await?;
        let mut wait = None;
        for (key, free) in &keys {
            if let Some((count, last)) = db::throttle::failures(&mut tx, key).await? {
                wait = wait.max(remaining_wait(count, *free, last, now));
            }
        }
        if let Some(wait) = wait {
            tx.rollback().await?;
            return Err(AppError::TooManyAttempts { retry_after_secs: wait.as_secs().max(1) });
        }
        for (key, _) in &keys {
            db::throttle::count_failure(&mut tx, key, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The attempt begun for `subject` was right: it starts afresh and the address gets its
    /// attempt back. A wrong attempt needs nothing more: it was counted when it began.
    pub async fn succeeded(&self, subject: &str, address: Option<&str>) -> Result<(), AppError> {
        let [(subject_key, _), (address_key, _)] = Self::keys(subject, address);
        let mut tx = self.db.begin_write().await?;
        db::throttle::forget(&mut tx, &subject_key).await?;
        db::throttle::give_back(&mut tx, &address_key).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    #[test]
    fn five_attempts_are_free_then_waits_grow() {
        for count in 0..5 {
            assert_eq!(remaining_wait(count, 5, at(0), at(0)), None);
        }
        assert_eq!(remaining_wait(5, 5, at(0), at(0)), Some(Duration::from_secs(1)));
        assert_eq!(remaining_wait(5, 5, at(0), at(1)), None, "the sixth after waiting");
        assert_eq!(remaining_wait(6, 5, at(1), at(1)), Some(Duration::from_secs(2)));
        assert_eq!(remaining_wait(8, 5, at(0), at(3)), Some(Duration::from_secs(5)));
    }

    #[test]
    fn waits_are_capped() {
        assert_eq!(wait_after(100, 5), LONGEST_WAIT);
        assert_eq!(remaining_wait(100, 5, at(0), at(15 * 60)), None);
    }

    #[test]
    fn a_clock_that_went_back_waits_the_whole_time_and_no_more() {
        assert_eq!(remaining_wait(5, 5, at(10), at(0)), Some(Duration::from_secs(1)));
    }

    #[test]
    fn keys_name_neither_the_account_nor_the_address() {
        let [(subject, _), (address, _)] = LoginThrottle::keys("jindra@praktijk.nl", Some("192.168.1.20"));
        assert!(!subject.contains("jindra") && !address.contains("192.168"));
        assert_ne!(subject, LoginThrottle::keys("iemand@praktijk.nl", None)[0].0);
    }
}
