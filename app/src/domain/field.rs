//! Field-level validation errors. They carry no user input, so they are safe to log and to send
//! over the wire; the UI turns each into a sentence in the reader's language (`crate::text::field_error`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Defines `FieldError` and how it crosses the wire: its variant's name and values as one text,
/// such as `TooLong:80` or `DateOutside:2026-12-05:2046-12-04`. serde's derived code reads every
/// struct variant's fields with a reader of its own: about 20 kB in the browser's module, on
/// every page (every page reads errors).
macro_rules! field_errors {
    (
        $(#[$meta:meta])*
        pub enum FieldError {
            $($(#[$variant_meta:meta])* $variant:ident $({ $($field:ident: $type:ty),+ $(,)? })?),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum FieldError {
            $($(#[$variant_meta])* $variant $({ $($field: $type),+ })?),+
        }

        impl Serialize for FieldError {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut text = String::new();
                match self {
                    $(FieldError::$variant $({ $($field),+ })? => {
                        text.push_str(stringify!($variant));
                        $($(
                            text.push(':');
                            text.push_str(&WireValue::to_wire($field));
                        )+)?
                    })+
                }
                serializer.serialize_str(&text)
            }
        }

        impl<'de> Deserialize<'de> for FieldError {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as Deserialize>::deserialize(deserializer)?;
                let mut parts = text.split(':');
                let refused = || serde::de::Error::custom("not a field error");
                let error = match parts.next().unwrap_or_default() {
                    $(stringify!($variant) => FieldError::$variant $({ $(
                        $field: WireValue::from_wire(parts.next()).ok_or_else(refused)?
                    ),+ })?,)+
                    _ => return Err(refused()),
                };
                match parts.next() {
                    None => Ok(error),
                    Some(_) => Err(refused()),
                }
            }
        }
    };
}

field_errors! {
    /// Why one field's input was refused.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum FieldError {
        Required,
        TooLong {
            max: usize,
        },
        TooShort {
            min: usize,
        },
        /// An unbroken run of characters that no screen can wrap: junk, not a readable text.
        WordTooLong {
            max: usize,
        },
        /// A 9-digit number that passes the elfproef: almost certainly a BSN, which we never store.
        LooksLikeBsn,
        InvalidCharacters,
        InvalidEmail,
        InvalidMobile,
        InvalidPostcode,
        InvalidHouseNumber,
        InvalidDate,
        /// Written as a date, but no such day exists (31 February).
        DateDoesNotExist,
        DateInFuture,
        DateTooLongAgo,
        InvalidKvk,
        InvalidProfile,
        PasswordTooShort {
            min: usize,
        },
        PasswordTooLong {
            max: usize,
        },
        PasswordsDiffer,
        /// The new password is the one it replaces.
        PasswordReused,
        /// Not six digits and not a recovery code.
        InvalidCode,
        /// The code was wrong or used before.
        WrongCode,
        /// The current password, asked again, did not match.
        WrongPassword,
        /// Part of an address was given but not all of it.
        AddressIncomplete,
        /// Neither e-mail nor mobile number: the practice cannot reach the client.
        ContactRequired,
        SignatureEmpty,
        SignatureTooSmall,
        SignatureInvalid,
        /// A choice list where at least one item must be ticked.
        NothingChosen,
        /// Another account already uses this e-mail address.
        EmailTaken,
        /// A checklist where every item must be ticked before it closes.
        CheckIncomplete,
        /// Another treatment type already has this name.
        NameTaken,
        /// A choice that is not on offer (a forged or outdated form).
        InvalidChoice,
        /// A language this app does not speak.
        InvalidLanguage,
        OutOfRange {
            min: u32,
            max: u32,
        },
        /// Fewer years than the law asks for.
        BelowLegalMinimum {
            min: u32,
        },
        /// A day outside the days on offer.
        DateOutside {
            from: chrono::NaiveDate,
            until: chrono::NaiveDate,
        },
        InvalidPin,
        PinsDiffer,
        PinTooSimple,
        /// The file is not a photo we can read (JPEG, PNG or WebP).
        ImageUnreadable,
        ImageTooLarge {
            max_mb: u32,
        },
        /// More pixels than the server decodes (a huge image, or a header that claims one).
        ImageTooManyPixels {
            max_megapixels: u32,
        },
        /// The photo stops before its end: the upload was cut off.
        ImageIncomplete,
        /// The bytes sent for this field are not valid UTF-8 text.
        UnreadableText,
        /// The one-time code for the first-run setup does not match.
        WrongSetupCode,
    }
}

/// A value a field error carries, written and read as text on the wire.
trait WireValue: Sized {
    fn to_wire(&self) -> String;
    fn from_wire(text: Option<&str>) -> Option<Self>;
}

macro_rules! number_wire_value {
    ($($number:ty),+) => {$(
        impl WireValue for $number {
            fn to_wire(&self) -> String {
                self.to_string()
            }
            fn from_wire(text: Option<&str>) -> Option<Self> {
                text?.parse().ok()
            }
        }
    )+};
}

number_wire_value!(usize, u32);

/// Read with [`parse_calendar_date`]: chrono's own reader would bring its pattern parser.
impl WireValue for chrono::NaiveDate {
    fn to_wire(&self) -> String {
        calendar_date_value(*self)
    }
    fn from_wire(text: Option<&str>) -> Option<Self> {
        parse_calendar_date(text?).ok()
    }
}

/// All refused fields of one form, keyed by the form's field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationErrors(pub BTreeMap<String, Vec<FieldError>>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// One refused field: what a server function answers when only one thing was wrong.
    pub fn one(field: &str, error: FieldError) -> Self {
        let mut errors = Self::new();
        errors.add(field, error);
        errors
    }

    pub fn add(&mut self, field: &str, error: FieldError) {
        self.0.entry(field.to_owned()).or_default().push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> &[FieldError] {
        self.0.get(field).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Records the outcome of parsing one field and hands back the value, if any.
    pub fn check<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error);
                None
            }
        }
    }

    /// `Ok(())` when nothing was refused.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

/// Trims the input and refuses it when empty, longer than `max` characters, carrying control
/// characters, or holding a BSN-like number. Every free-text field goes through here.
pub fn parse_text(input: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(FieldError::Required);
    }
    parse_optional_text(trimmed, max).map(|text| text.unwrap_or_default())
}

/// A calendar date from an `<input type="date">` (`YYYY-MM-DD`) or typed as `DD-MM-YYYY`. A day
/// that is written correctly but does not exist (31-02) is told apart from text that is no date.
pub fn parse_calendar_date(input: &str) -> Result<chrono::NaiveDate, FieldError> {
    use chrono::NaiveDate;
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::Required);
    }
    let numbers: Vec<&str> = text.split('-').collect();
    let all_digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    let (year, month, day) = match numbers.as_slice() {
        [y, m, d] if y.len() == 4 && all_digits(y) && all_digits(m) && all_digits(d) => (*y, *m, *d),
        [d, m, y] if y.len() == 4 && all_digits(y) && all_digits(m) && all_digits(d) => (*y, *m, *d),
        _ => return Err(FieldError::InvalidDate),
    };
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<i32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return Err(FieldError::InvalidDate);
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(FieldError::InvalidDate);
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(FieldError::DateDoesNotExist)
}

/// A date as an `<input type="date">` holds it: `YYYY-MM-DD`. Written out rather than with
/// chrono's `format`, whose pattern parser would ship to every page.
pub fn calendar_date_value(day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

/// Reads a date as serde writes chrono's (`YYYY-MM-DD`) with [`parse_calendar_date`]: chrono's
/// own reader brings its pattern parser to every page that reads one, and every page reads
/// errors, some of which carry dates. For `#[serde(deserialize_with = ...)]`.
pub fn calendar_date_from_wire<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<chrono::NaiveDate, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    parse_calendar_date(&text).map_err(|_| serde::de::Error::custom("not a calendar date"))
}

/// Like [`parse_text`], but empty input is `None` rather than an error.
pub fn parse_optional_text(input: &str, max: usize) -> Result<Option<String>, FieldError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::InvalidCharacters);
    }
    if crate::domain::bsn::contains_bsn_like_number(trimmed) {
        return Err(FieldError::LooksLikeBsn);
    }
    Ok(Some(trimmed.to_owned()))
}

pub const REASON_MAX: usize = 300;

/// A parsed correction form and its optional reason, refusing both at once so the user sees
/// every problem in one go.
pub fn with_reason<T>(
    parsed: Result<T, ValidationErrors>,
    reason: &str,
) -> Result<(T, Option<String>), ValidationErrors> {
    match (parsed, parse_optional_text(reason, REASON_MAX)) {
        (Ok(parsed), Ok(reason)) => Ok((parsed, reason)),
        (parsed, reason) => {
            let mut errors = parsed.err().unwrap_or_default();
            if let Err(error) = reason {
                errors.add("reason", error);
            }
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_crosses_the_wire_as_one_text_and_comes_back_the_same() {
        let day = |text| parse_calendar_date(text).unwrap();
        let errors = [
            (FieldError::Required, r#""Required""#),
            (FieldError::TooLong { max: 80 }, r#""TooLong:80""#),
            (FieldError::OutOfRange { min: 1, max: 60 }, r#""OutOfRange:1:60""#),
            (
                FieldError::DateOutside { from: day("2026-12-05"), until: day("2046-12-04") },
                r#""DateOutside:2026-12-05:2046-12-04""#,
            ),
            (FieldError::ImageTooManyPixels { max_megapixels: 50 }, r#""ImageTooManyPixels:50""#),
        ];
        for (error, wire) in errors {
            assert_eq!(serde_json::to_string(&error).unwrap(), wire);
            assert_eq!(serde_json::from_str::<FieldError>(wire).unwrap(), error);
            assert_eq!(serde_json::from_slice::<FieldError>(wire.as_bytes()).unwrap(), error);
        }
        let form = ValidationErrors::one("date_of_birth", FieldError::DateInFuture);
        let answer = crate::error::AppError::Invalid(form);
        assert_eq!(
            serde_json::from_str::<crate::error::AppError>(&serde_json::to_string(&answer).unwrap()).unwrap(),
            answer
        );
    }

    #[test]
    fn a_broken_field_error_on_the_wire_is_refused() {
        for wire in [
            r#""Unheard""#,
            r#""TooLong""#,
            r#""TooLong:veel""#,
            r#""TooLong:80:90""#,
            r#""Required:1""#,
            r#""DateOutside:2026-02-30:2046-12-04""#,
            r#""OutOfRange:-1:60""#,
            r#"{"TooLong":{"max":80}}"#,
        ] {
            assert!(serde_json::from_str::<FieldError>(wire).is_err(), "{wire}");
        }
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(parse_text("  Zoë  ", 10), Ok("Zoë".to_owned()));
        assert_eq!(parse_text("   ", 10), Err(FieldError::Required));
        assert_eq!(parse_text("abcdefghijk", 10), Err(FieldError::TooLong { max: 10 }));
        assert_eq!(parse_text("a\u{0}b", 10), Err(FieldError::InvalidCharacters));
        assert_eq!(parse_calendar_date("2024-02-29"), Ok(chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert_eq!(parse_calendar_date("31-02-2024"), Err(FieldError::DateDoesNotExist));
        assert_eq!(parse_calendar_date("2023-02-29"), Err(FieldError::DateDoesNotExist));
        assert_eq!(parse_calendar_date("2024-13-01"), Err(FieldError::InvalidDate));
        assert_eq!(parse_calendar_date("morgen"), Err(FieldError::InvalidDate));
        assert_eq!(parse_calendar_date(" "), Err(FieldError::Required));
        let leap_day = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(calendar_date_value(leap_day), "2024-02-29");
        assert_eq!(parse_calendar_date(&calendar_date_value(leap_day)), Ok(leap_day));
        let outside = FieldError::DateOutside { from: leap_day, until: leap_day.succ_opt().unwrap() };
        let wire = serde_json::to_string(&outside).unwrap();
        assert_eq!(wire, r#""DateOutside:2024-02-29:2024-03-01""#);
        assert_eq!(serde_json::from_str::<FieldError>(&wire).unwrap(), outside);
        let not_a_date = wire.replace("2024-03-01", "2024-03-xx");
        assert!(serde_json::from_str::<FieldError>(&not_a_date).is_err());
        assert_eq!(parse_optional_text(" ", 10), Ok(None));
    }

    #[test]
    fn text_with_a_bsn_is_refused() {
        assert_eq!(parse_text("BSN 111222333", 100), Err(FieldError::LooksLikeBsn));
    }

    #[test]
    fn a_reason_is_checked_together_with_its_form() {
        assert_eq!(with_reason(Ok::<_, ValidationErrors>(1), " typefout "), Ok((1, Some("typefout".into()))));
        let errors = with_reason(Ok::<_, ValidationErrors>(1), "BSN 111222333").unwrap_err();
        assert_eq!(errors.get("reason"), &[FieldError::LooksLikeBsn]);
        let mut refused = ValidationErrors::new();
        refused.add("notes", FieldError::Required);
        let errors = with_reason::<i32>(Err(refused), &"x".repeat(301)).unwrap_err();
        assert_eq!(errors.get("notes"), &[FieldError::Required]);
        assert_eq!(errors.get("reason"), &[FieldError::TooLong { max: 300 }]);
    }

    #[test]
    fn errors_collect_per_field() {
        let mut errors = ValidationErrors::new();
        assert_eq!(errors.check("a", Ok::<_, FieldError>(1)), Some(1));
        assert_eq!(errors.check::<i32>("b", Err(FieldError::Required)), None);
        assert_eq!(errors.get("b"), &[FieldError::Required]);
        assert!(errors.get("a").is_empty());
        assert!(errors.into_result().is_err());
    }
}
