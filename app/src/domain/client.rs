//! A client's dossier data at intake: only what the treatment relationship needs (REQ-5).

use super::field::{parse_optional_text, parse_text, FieldError, ValidationErrors};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The intake form as it arrives over the wire: strings, exactly as typed.
/// Missing fields (an unticked radio button sends nothing) count as empty, so they get a field
/// message rather than a request error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientForm {
    pub first_name: String,
    pub initials: String,
    pub surname: String,
    pub date_of_birth: String,
    pub email: String,
    pub mobile: String,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub referrer: String,
}

/// A dossier's personal data after parsing: every field valid, no BSN anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetails {
    pub first_name: String,
    pub initials: Option<String>,
    pub surname: String,
    pub date_of_birth: NaiveDate,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub address: Option<Address>,
    pub referrer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
}

pub const NAME_MAX: usize = 100;
pub const REFERRER_MAX: usize = 200;
pub const OLDEST_AGE_YEARS: i32 = 125;

impl ClientDetails {
    /// Parses the whole form, collecting every refused field so the user sees them all at once.
    /// `today` is passed in so the browser and the server judge a date of birth the same way.
    pub fn parse(form: &ClientForm, today: NaiveDate) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let first_name = errors.check("first_name", parse_text(&form.first_name, NAME_MAX));
        let initials = errors.check("initials", parse_initials(&form.initials));
        let surname = errors.check("surname", parse_text(&form.surname, NAME_MAX));
        let date_of_birth = errors.check("date_of_birth", parse_date_of_birth(&form.date_of_birth, today));
        let email = errors.check("email", parse_optional_email(&form.email));
        let mobile = errors.check("mobile", parse_optional_mobile(&form.mobile));
        let address = parse_address(form, &mut errors);
        let referrer = errors.check("referrer", parse_optional_text(&form.referrer, REFERRER_MAX));

        if matches!((&email, &mobile), (Some(None), Some(None))) {
            errors.add("email", FieldError::ContactRequired);
        }
        errors.into_result()?;
        // Every `check` above succeeded, so each value is present.
        Ok(Self {
            first_name: first_name.unwrap_or_default(),
            initials: initials.flatten(),
            surname: surname.unwrap_or_default(),
            date_of_birth: date_of_birth.unwrap_or(today),
            email: email.flatten(),
            mobile: mobile.flatten(),
            address: address.flatten(),
            referrer: referrer.flatten(),
        })
    }

    /// The form that shows these details again, for the correction screen.
    pub fn to_form(&self) -> ClientForm {
        let address = self.address.clone();
        ClientForm {
            first_name: self.first_name.clone(),
            initials: self.initials.clone().unwrap_or_default(),
            surname: self.surname.clone(),
            date_of_birth: crate::domain::field::calendar_date_value(self.date_of_birth),
            email: self.email.clone().unwrap_or_default(),
            mobile: self.mobile.clone().unwrap_or_default(),
            street: address.as_ref().map(|a| a.street.clone()).unwrap_or_default(),
            house_number: address.as_ref().map(|a| a.house_number.clone()).unwrap_or_default(),
            postcode: address.as_ref().map(|a| a.postcode.clone()).unwrap_or_default(),
            city: address.map(|a| a.city).unwrap_or_default(),
            referrer: self.referrer.clone().unwrap_or_default(),
        }
    }

    /// "Zoë J. de Vries": how the practice addresses the client on screen.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.surname)
    }

    /// Whole years of age on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        age_on(self.date_of_birth, day)
    }
}

/// Whole years between `born` and `day` (0 when `day` is before `born`).
pub fn age_on(born: NaiveDate, day: NaiveDate) -> u32 {
    let mut years = day.year() - born.year();
    if (day.month(), day.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Initials such as "J.M." or "J M": letters with optional dots and spaces, normalised to "J.M.".
pub fn parse_initials(input: &str) -> Result<Option<String>, FieldError> {
    let Some(text) = parse_optional_text(input, 20)? else {
        return Ok(None);
    };
    let letters: Vec<char> = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if letters.is_empty() || !letters.iter().all(|c| c.is_alphabetic()) {
        return Err(FieldError::InvalidCharacters);
    }
    Ok(Some(letters.iter().flat_map(|c| c.to_uppercase().chain(['.'])).collect()))
}

/// A date of birth from an `<input type="date">` (`YYYY-MM-DD`), or typed as `DD-MM-YYYY`.
pub fn parse_date_of_birth(input: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::Required);
    }
    let date = super::field::parse_calendar_date(text)?;
    if date > today {
        return Err(FieldError::DateInFuture);
    }
    if age_on(date, today) > OLDEST_AGE_YEARS as u32 {
        return Err(FieldError::DateTooLongAgo);
    }
    Ok(date)
}

/// An e-mail address: one `@`, a dotted domain, no spaces; stored lower-cased.
pub fn parse_email(input: &str) -> Result<String, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(FieldError::Required);
    }
    if text.len() > 254 {
        return Err(FieldError::TooLong { max: 254 });
    }
    let (local, domain) = text.split_once('@').ok_or(FieldError::InvalidEmail)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control());
    if !(domain_ok && local_ok) {
        return Err(FieldError::InvalidEmail);
    }
    if crate::domain::bsn::contains_bsn_like_number(text) {
        return Err(FieldError::LooksLikeBsn);
    }
    Ok(text.to_lowercase())
}

pub fn parse_optional_email(input: &str) -> Result<Option<String>, FieldError> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_email(input).map(Some)
    }
}

/// A mobile number: Dutch `06…` or `+316…`, or another country's `+…`. Stored as `+31612345678`.
pub fn parse_optional_mobile(input: &str) -> Result<Option<String>, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if crate::domain::bsn::contains_bsn_like_number(text) {
        return Err(FieldError::LooksLikeBsn);
    }
    if !text.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.')) {
        return Err(FieldError::InvalidMobile);
    }
    let plus = text.starts_with('+') || text.starts_with("00");
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let international = if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("31{rest}")
    } else {
        return Err(FieldError::InvalidMobile);
    };
    let valid = match international.strip_prefix("31") {
        Some(national) => national.len() == 9 && national.starts_with('6'),
        None => (8..=15).contains(&international.len()),
    };
    if valid {
        Ok(Some(format!("+{international}")))
    } else {
        Err(FieldError::InvalidMobile)
    }
}

/// A Dutch postcode, "1234 AB" (the first digit is never 0).
pub fn parse_postcode(input: &str) -> Result<String, FieldError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let bytes = compact.as_bytes();
    let valid = bytes.len() == 6
        && bytes[0] != b'0'
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4..].iter().all(u8::is_ascii_uppercase);
    if valid {
        Ok(format!("{} {}", &compact[..4], &compact[4..]))
    } else {
        Err(FieldError::InvalidPostcode)
    }
}

fn parse_house_number(input: &str) -> Result<String, FieldError> {
    let text = parse_text(input, 12)?;
    let starts_with_digit = text.chars().next().is_some_and(|c| c.is_ascii_digit());
    if starts_with_digit && text.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-')) {
        Ok(text)
    } else {
        Err(FieldError::InvalidHouseNumber)
    }
}

/// The address is optional, but when any part is filled in all parts must be.
fn parse_address(form: &ClientForm, errors: &mut ValidationErrors) -> Option<Option<Address>> {
    let parts = [&form.street, &form.house_number, &form.postcode, &form.city];
    if parts.iter().all(|p| p.trim().is_empty()) {
        return Some(None);
    }
    let street = errors.check("street", parse_text(&form.street, 200));
    let house_number = errors.check("house_number", parse_house_number(&form.house_number));
    let postcode = errors.check("postcode", parse_postcode(&form.postcode));
    let city = errors.check("city", parse_text(&form.city, 100));
    Some(Some(Address { street: street?, house_number: house_number?, postcode: postcode?, city: city? }))
}

/// One field that changed between two versions of a dossier, for the correction history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields that differ between two versions, in form order.
pub fn changes_between(before: &ClientDetails, after: &ClientDetails) -> Vec<FieldChange> {
    let (a, b) = (before.to_form(), after.to_form());
    let pairs = [
        ("first_name", a.first_name, b.first_name),
        ("initials", a.initials, b.initials),
        ("surname", a.surname, b.surname),
        ("date_of_birth", a.date_of_birth, b.date_of_birth),
        ("email", a.email, b.email),
        ("mobile", a.mobile, b.mobile),
        ("street", a.street, b.street),
        ("house_number", a.house_number, b.house_number),
        ("postcode", a.postcode, b.postcode),
        ("city", a.city, b.city),
        ("referrer", a.referrer, b.referrer),
    ];
    changed_fields(pairs)
}

/// The (field, before, after) triples whose values differ, as changes, in the order given.
pub fn changed_fields<const N: usize>(fields: [(&str, String, String); N]) -> Vec<FieldChange> {
    fields
        .into_iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| FieldChange { field: field.to_owned(), before, after })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn valid_form() -> ClientForm {
        ClientForm {
            first_name: "Zoë".into(),
            initials: "z m".into(),
            surname: "de Vries".into(),
            date_of_birth: "1990-04-01".into(),
            email: "Zoe@Example.nl".into(),
            mobile: "06-12345678".into(),
            ..ClientForm::default()
        }
    }

    #[test]
    fn a_valid_form_parses_and_normalises() {
        let details = ClientDetails::parse(&valid_form(), today()).expect("valid");
        assert_eq!(details.initials.as_deref(), Some("Z.M."));
        assert_eq!(details.email.as_deref(), Some("zoe@example.nl"));
        assert_eq!(details.mobile.as_deref(), Some("+31612345678"));
        assert_eq!(details.address, None);
        assert_eq!(details.display_name(), "Zoë de Vries");
    }

    #[test]
    fn every_refused_field_is_reported_at_once() {
        let form = ClientForm {
            first_name: " ".into(),
            date_of_birth: "2030-01-01".into(),
            email: "nope".into(),
            ..valid_form()
        };
        let errors = ClientDetails::parse(&form, today()).unwrap_err();
        assert_eq!(errors.get("first_name"), &[FieldError::Required]);
        assert_eq!(errors.get("date_of_birth"), &[FieldError::DateInFuture]);
        assert_eq!(errors.get("email"), &[FieldError::InvalidEmail]);
    }

    #[test]
    fn a_bsn_in_any_field_is_refused() {
        for field in ["first_name", "surname", "referrer", "street", "city", "mobile", "email", "initials"] {
            let mut form = valid_form();
            form.street = "Dorpsstraat".into();
            form.house_number = "1".into();
            form.postcode = "1234AB".into();
            form.city = "Almkerk".into();
            let slot = match field {
                "first_name" => &mut form.first_name,
                "surname" => &mut form.surname,
                "referrer" => &mut form.referrer,
                "street" => &mut form.street,
                "city" => &mut form.city,
                "mobile" => &mut form.mobile,
                "email" => &mut form.email,
                _ => &mut form.initials,
            };
            *slot = if field == "email" { "111222333@example.nl".into() } else { "111222333".into() };
            let errors = ClientDetails::parse(&form, today()).unwrap_err();
            assert_eq!(errors.get(field), &[FieldError::LooksLikeBsn], "{field}");
        }
    }

    #[test]
    fn some_contact_is_required() {
        let form = ClientForm { email: String::new(), mobile: String::new(), ..valid_form() };
        let errors = ClientDetails::parse(&form, today()).unwrap_err();
        assert_eq!(errors.get("email"), &[FieldError::ContactRequired]);
    }

    #[test]
    fn a_partial_address_is_refused_field_by_field() {
        let form = ClientForm { street: "Gantelweg".into(), ..valid_form() };
        let errors = ClientDetails::parse(&form, today()).unwrap_err();
        assert_eq!(errors.get("house_number"), &[FieldError::Required]);
        assert_eq!(errors.get("postcode"), &[FieldError::InvalidPostcode]);
        assert_eq!(errors.get("city"), &[FieldError::Required]);
        assert!(errors.get("street").is_empty());
    }

    #[test]
    fn postcodes() {
        assert_eq!(parse_postcode("4286eh"), Ok("4286 EH".into()));
        assert_eq!(parse_postcode("4286 EH"), Ok("4286 EH".into()));
        for bad in ["0286EH", "428EH", "4286E", "ABCDEF", ""] {
            assert_eq!(parse_postcode(bad), Err(FieldError::InvalidPostcode), "{bad}");
        }
    }

    #[test]
    fn mobile_numbers() {
        let cases = [
            ("06 1234 5678", Ok(Some("+31612345678".to_owned()))),
            ("+31 6 12345678", Ok(Some("+31612345678".to_owned()))),
            ("0031612345678", Ok(Some("+31612345678".to_owned()))),
            ("+32 470 12 34 56", Ok(Some("+32470123456".to_owned()))),
            ("", Ok(None)),
            ("020 1234567", Err(FieldError::InvalidMobile)),
            ("06-1234", Err(FieldError::InvalidMobile)),
            ("bel me", Err(FieldError::InvalidMobile)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_optional_mobile(input), expected, "{input}");
        }
    }

    #[test]
    fn dates_of_birth() {
        assert_eq!(parse_date_of_birth("01-04-1990", today()), Ok(NaiveDate::from_ymd_opt(1990, 4, 1).unwrap()));
        assert_eq!(parse_date_of_birth("1990-02-30", today()), Err(FieldError::DateDoesNotExist));
        assert_eq!(parse_date_of_birth("negen mei", today()), Err(FieldError::InvalidDate));
        assert_eq!(parse_date_of_birth("1890-01-01", today()), Err(FieldError::DateTooLongAgo));
    }

    #[test]
    fn age_counts_whole_years() {
        let born = NaiveDate::from_ymd_opt(2010, 11, 23).unwrap();
        assert_eq!(age_on(born, today()), 15);
        assert_eq!(age_on(born, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), 16);
    }

    #[test]
    fn changes_list_only_what_differs() {
        let before = ClientDetails::parse(&valid_form(), today()).unwrap();
        let mut form = valid_form();
        form.surname = "Jansen".into();
        let after = ClientDetails::parse(&form, today()).unwrap();
        assert_eq!(
            changes_between(&before, &after),
            vec![FieldChange { field: "surname".into(), before: "de Vries".into(), after: "Jansen".into() }]
        );
    }
}
