//! The practice itself, set up once on first run (REQ-1).

use super::field::{parse_text, FieldError, ValidationErrors};
use super::user::{parse_new_password, OwnerAccount};
use serde::{Deserialize, Serialize};

/// How the practice classifies itself in law. It drives later defaults (retention, minors,
/// lawful basis); the classification is the practice's own legal judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PracticeProfile {
    /// (a) therapy or skin-therapy practice: a care provider under the WGBO and Wkkgz.
    CareProvider,
    /// (b) beauty practice whose treatments fall under the Wkkgz, not the WGBO.
    BeautyWkkgz,
    /// (c) beauty practice outside the Wkkgz (cleansing, masks, make-up, waxing …).
    BeautyOther,
}

impl PracticeProfile {
    pub const ALL: [PracticeProfile; 3] = [Self::CareProvider, Self::BeautyWkkgz, Self::BeautyOther];

    pub fn code(self) -> &'static str {
        match self {
            Self::CareProvider => "care_provider",
            Self::BeautyWkkgz => "beauty_wkkgz",
            Self::BeautyOther => "beauty_other",
        }
    }

    pub fn from_code(code: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|p| p.code() == code).ok_or(FieldError::InvalidProfile)
    }
}

/// The first-run form: the practice and its owner's account, as typed.
/// Missing fields (an unticked radio button sends nothing) count as empty, so they get a field
/// message rather than a request error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    pub practice_name: String,
    pub address: String,
    pub kvk: String,
    pub profile: String,
    pub owner_name: String,
    pub owner_email: String,
    pub password: String,
    pub password_repeat: String,
    /// The one-time code the server printed on its console; the server checks it.
    pub setup_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPractice {
    pub name: String,
    pub address: String,
    pub kvk: Option<String>,
    pub profile: PracticeProfile,
    pub owner: OwnerAccount,
}

impl NewPractice {
    pub fn parse(form: &SetupForm) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("practice_name", parse_text(&form.practice_name, 200));
        let address = errors.check("address", parse_text(&form.address, 300));
        let kvk = errors.check("kvk", parse_optional_kvk(&form.kvk));
        let profile = errors.check("profile", PracticeProfile::from_code(form.profile.trim()));
        let owner_name = errors.check("owner_name", parse_text(&form.owner_name, 200));
        let owner_email = errors.check("owner_email", super::client::parse_email(&form.owner_email));
        let password = errors.check("password", parse_new_password(&form.password));
        if password.is_some() && form.password != form.password_repeat {
            errors.add("password_repeat", FieldError::PasswordsDiffer);
        }
        if form.setup_code.trim().is_empty() {
            errors.add("setup_code", FieldError::Required);
        }
        errors.into_result()?;
        match (name, address, kvk, profile, owner_name, owner_email, password) {
            (Some(name), Some(address), Some(kvk), Some(profile), Some(owner_name), Some(email), Some(password)) => {
                Ok(Self { name, address, kvk, profile, owner: OwnerAccount { name: owner_name, email, password } })
            }
            _ => unreachable!("every field was checked above"),
        }
    }
}

/// A KvK (Chamber of Commerce) number: eight digits; optional.
pub fn parse_optional_kvk(input: &str) -> Result<Option<String>, FieldError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    if crate::domain::bsn::contains_bsn_like_number(&compact) {
        return Err(FieldError::LooksLikeBsn);
    }
    if compact.len() == 8 && compact.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(compact))
    } else {
        Err(FieldError::InvalidKvk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SetupForm {
        SetupForm {
            practice_name: "Huidverzorgingspraktijk Jindra".into(),
            address: "Dorpsstraat 1, Julianadorp".into(),
            kvk: "".into(),
            profile: "beauty_other".into(),
            owner_name: "Jindra Venneker".into(),
            owner_email: "jindra@example.nl".into(),
            password: "correct horse battery".into(),
            password_repeat: "correct horse battery".into(),
            setup_code: "4821 0937".into(),
        }
    }

    #[test]
    fn a_complete_setup_parses() {
        let practice = NewPractice::parse(&form()).unwrap();
        assert_eq!(practice.profile, PracticeProfile::BeautyOther);
        assert_eq!(practice.kvk, None);
    }

    #[test]
    fn refusals() {
        let bad = SetupForm {
            kvk: "1234".into(),
            profile: "hospital".into(),
            password_repeat: "other".into(),
            setup_code: " ".into(),
            ..form()
        };
        let errors = NewPractice::parse(&bad).unwrap_err();
        assert_eq!(errors.get("setup_code"), &[FieldError::Required]);
        assert_eq!(errors.get("kvk"), &[FieldError::InvalidKvk]);
        assert_eq!(errors.get("profile"), &[FieldError::InvalidProfile]);
        assert_eq!(errors.get("password_repeat"), &[FieldError::PasswordsDiffer]);
    }

    #[test]
    fn kvk_numbers() {
        assert_eq!(parse_optional_kvk("1234 5678"), Ok(Some("12345678".into())));
        assert_eq!(parse_optional_kvk("111222333"), Err(FieldError::LooksLikeBsn));
    }

    #[test]
    fn profile_codes_round_trip() {
        for profile in PracticeProfile::ALL {
            assert_eq!(PracticeProfile::from_code(profile.code()), Ok(profile));
        }
    }
}
