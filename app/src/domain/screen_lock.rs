//! The screen lock: after a few idle minutes every signed-in device hides personal data until
//! the PIN or password is entered again.

use super::field::FieldError;

pub const DEFAULT_LOCK_MINUTES: u32 = 2;
pub const LOCK_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=30;
pub const PIN_LENGTH: std::ops::RangeInclusive<usize> = 5..=8;
/// Wrong PINs or passwords before the session is ended and a full sign-in is needed.
pub const MAX_UNLOCK_FAILURES: i64 = 5;

pub fn parse_lock_minutes(input: &str) -> Result<u32, FieldError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(FieldError::Required);
    }
    let (min, max) = (*LOCK_MINUTES_RANGE.start(), *LOCK_MINUTES_RANGE.end());
    match input.parse::<u32>() {
        Ok(minutes) if LOCK_MINUTES_RANGE.contains(&minutes) => Ok(minutes),
        _ => Err(FieldError::OutOfRange { min, max }),
    }
}

/// A PIN of 5 to 8 digits that is not one digit repeated or a plain run like 12345.
pub fn parse_pin(input: &str) -> Result<String, FieldError> {
    let pin = input.trim();
    if pin.is_empty() {
        return Err(FieldError::Required);
    }
    if !PIN_LENGTH.contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::InvalidPin);
    }
    let steps: Vec<i16> = pin.as_bytes().windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    let guessable = steps.iter().all(|s| *s == 0) || steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1);
    if guessable {
        return Err(FieldError::PinTooSimple);
    }
    Ok(pin.to_owned())
}

/// Whether a device has been idle long enough to lock.
pub fn idle_long_enough(last_input_ms: f64, now_ms: f64, lock_minutes: u32) -> bool {
    now_ms - last_input_ms >= f64::from(lock_minutes) * 60_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_minutes_stay_within_reason() {
        assert_eq!(parse_lock_minutes("2"), Ok(2));
        assert_eq!(parse_lock_minutes(" 30 "), Ok(30));
        assert_eq!(parse_lock_minutes("0"), Err(FieldError::OutOfRange { min: 1, max: 30 }));
        assert_eq!(parse_lock_minutes("60"), Err(FieldError::OutOfRange { min: 1, max: 30 }));
        assert_eq!(parse_lock_minutes("twee"), Err(FieldError::OutOfRange { min: 1, max: 30 }));
        assert_eq!(parse_lock_minutes(""), Err(FieldError::Required));
    }

    #[test]
    fn a_pin_is_five_to_eight_digits_and_not_guessable() {
        assert_eq!(parse_pin("27184"), Ok("27184".into()));
        assert_eq!(parse_pin("1234"), Err(FieldError::InvalidPin));
        assert_eq!(parse_pin("12a45"), Err(FieldError::InvalidPin));
        assert_eq!(parse_pin("123456789"), Err(FieldError::InvalidPin));
        assert_eq!(parse_pin("11111"), Err(FieldError::PinTooSimple));
        assert_eq!(parse_pin("12345"), Err(FieldError::PinTooSimple));
        assert_eq!(parse_pin("98765"), Err(FieldError::PinTooSimple));
    }

    #[test]
    fn the_device_locks_after_the_idle_minutes() {
        assert!(!idle_long_enough(0.0, 119_999.0, 2));
        assert!(idle_long_enough(0.0, 120_000.0, 2));
    }
}
