//! Staff accounts and sign-in input.

use super::field::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;

/// What a staff member may do. The owner answers to the Autoriteit Persoonsgegevens and reads the
/// audit log; a practitioner works in dossiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Owner,
    Practitioner,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Practitioner => "practitioner",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "owner" => Some(Role::Owner),
            "practitioner" => Some(Role::Practitioner),
            _ => None,
        }
    }
}

/// The signed-in staff member, as the browser sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The language this person reads the app in.
    pub language: crate::domain::language::Language,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerAccount {
    pub name: String,
    pub email: String,
    pub password: String,
}

/// Length is what makes a password strong; no composition rules (NIST SP 800-63B).
pub fn parse_new_password(input: &str) -> Result<String, FieldError> {
    let length = input.chars().count();
    if length < PASSWORD_MIN {
        Err(FieldError::PasswordTooShort { min: PASSWORD_MIN })
    } else if length > PASSWORD_MAX {
        Err(FieldError::PasswordTooLong { max: PASSWORD_MAX })
    } else {
        Ok(input.to_owned())
    }
}

/// The sign-in form as typed. Only presence is checked: a wrong password gets one answer for
/// every reason, so that the form does not tell which e-mail addresses have accounts.
/// Missing fields (an unticked radio button sends nothing) count as empty, so they get a field
/// message rather than a request error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
}

impl LoginForm {
    pub fn check(&self) -> Result<(String, String), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if self.email.trim().is_empty() {
            errors.add("email", FieldError::Required);
        }
        if self.password.is_empty() {
            errors.add("password", FieldError::Required);
        }
        if self.password.chars().count() > PASSWORD_MAX {
            errors.add("password", FieldError::PasswordTooLong { max: PASSWORD_MAX });
        }
        errors.into_result()?;
        Ok((self.email.trim().to_lowercase(), self.password.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_length_only() {
        assert!(parse_new_password("kort").is_err());
        assert_eq!(parse_new_password("twaalf tekens"), Ok("twaalf tekens".into()));
        assert!(parse_new_password(&"x".repeat(PASSWORD_MAX + 1)).is_err());
    }

    #[test]
    fn login_needs_both_fields() {
        let errors = LoginForm::default().check().unwrap_err();
        assert_eq!(errors.get("email"), &[FieldError::Required]);
        assert_eq!(errors.get("password"), &[FieldError::Required]);
        let ok = LoginForm { email: " A@B.nl ".into(), password: "x".into() }.check().unwrap();
        assert_eq!(ok.0, "a@b.nl");
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Owner, Role::Practitioner] {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
    }
}
