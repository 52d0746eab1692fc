//! Colleagues: adding one, the invitation that lets them set their own password, and the AVG
//! check their start raises for the owner.

use super::field::{parse_text, FieldError, ValidationErrors};
use super::user::Role;
use serde::{Deserialize, Serialize};

/// How long an invitation link works after the owner made it.
pub const INVITATION_HOURS: i64 = 24;

/// The owner's form for a new colleague, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColleagueForm {
    pub name: String,
    pub email: String,
    pub role: String,
}

/// A new colleague, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewColleague {
    pub name: String,
    pub email: String,
    pub role: Role,
}

impl NewColleague {
    pub fn parse(form: &ColleagueForm) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("name", parse_text(&form.name, 200));
        let email = errors.check("email", super::client::parse_email(&form.email));
        let role = errors.check("role", parse_role(&form.role));
        match (name, email, role) {
            (Some(name), Some(email), Some(role)) => Ok(Self { name, email: email.to_lowercase(), role }),
            _ => Err(errors),
        }
    }
}

pub fn parse_role(code: &str) -> Result<Role, FieldError> {
    if code.trim().is_empty() {
        return Err(FieldError::Required);
    }
    Role::from_code(code.trim()).ok_or(FieldError::InvalidChoice)
}

/// Why an invitation was made: a colleague joins, or sets a new password after the owner reset it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationPurpose {
    Join,
    Reset,
}

impl InvitationPurpose {
    pub fn code(self) -> &'static str {
        match self {
            Self::Join => "join",
            Self::Reset => "reset",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Join, Self::Reset].into_iter().find(|purpose| purpose.code() == code)
    }
}

/// A colleague's new password, typed twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    pub password: String,
    pub password_repeat: String,
}

impl NewPasswordForm {
    pub fn parse(&self) -> Result<String, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let password = errors.check("password", super::user::parse_new_password(&self.password));
        if password.is_some() && self.password != self.password_repeat {
            errors.add("password_repeat", FieldError::PasswordsDiffer);
        }
        errors.into_result()?;
        password.ok_or_else(|| ValidationErrors::one("password", FieldError::Required))
    }
}

/// What the AVG check for a new colleague asks the owner to have done (seed 000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColleagueCheckItem {
    /// The colleague signed a confidentiality statement.
    Confidentiality,
    /// The colleague was instructed in how the practice handles personal data.
    Instruction,
    /// The colleague's role gives access to the data their work needs, no more.
    AccessChecked,
}

impl ColleagueCheckItem {
    pub const ALL: [ColleagueCheckItem; 3] = [Self::Confidentiality, Self::Instruction, Self::AccessChecked];

    pub fn code(self) -> &'static str {
        match self {
            Self::Confidentiality => "confidentiality",
            Self::Instruction => "instruction",
            Self::AccessChecked => "access_checked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|item| item.code() == code)
    }
}

/// The ticked items of a check, as sent by the form (a comma-separated list of codes). The
/// check closes only when every item was done.
pub fn parse_check_done(input: &str) -> Result<Vec<ColleagueCheckItem>, ValidationErrors> {
    let mut done = Vec::new();
    for code in input.split(',').map(str::trim).filter(|code| !code.is_empty()) {
        let item = ColleagueCheckItem::from_code(code)
            .ok_or_else(|| ValidationErrors::one("done", FieldError::InvalidChoice))?;
        if !done.contains(&item) {
            done.push(item);
        }
    }
    if done.len() < ColleagueCheckItem::ALL.len() {
        return Err(ValidationErrors::one("done", FieldError::CheckIncomplete));
    }
    done.sort();
    Ok(done)
}

/// Whether changing `target` (now `current`, an active owner or not) to `new_role`, or
/// disabling it (`new_role` none), leaves at least one active owner, given `active_owners`.
pub fn leaves_an_owner(active_owners: usize, target_is_active_owner: bool, new_role: Option<Role>) -> bool {
    if !target_is_active_owner || new_role == Some(Role::Owner) {
        return true;
    }
    active_owners > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, role: &str) -> ColleagueForm {
        ColleagueForm { name: name.into(), email: email.into(), role: role.into() }
    }

    #[test]
    fn a_colleague_needs_a_name_an_email_and_a_known_role() {
        let ok = NewColleague::parse(&form("Sanne Bakker", " Sanne@Praktijk.nl ", "reception")).unwrap();
        assert_eq!(ok.email, "sanne@praktijk.nl");
        assert_eq!(ok.role, Role::Reception);

        let errors = NewColleague::parse(&form("", "geen adres", "")).unwrap_err();
        assert_eq!(errors.get("name"), &[FieldError::Required]);
        assert_eq!(errors.get("email"), &[FieldError::InvalidEmail]);
        assert_eq!(errors.get("role"), &[FieldError::Required]);

        let forged = NewColleague::parse(&form("Sanne", "s@p.nl", "superuser")).unwrap_err();
        assert_eq!(forged.get("role"), &[FieldError::InvalidChoice]);
    }

    #[test]
    fn a_new_password_is_long_enough_and_typed_twice_alike() {
        let form = |p: &str, r: &str| NewPasswordForm { password: p.into(), password_repeat: r.into() };
        assert_eq!(form("een lang wachtwoord", "een lang wachtwoord").parse().unwrap(), "een lang wachtwoord");
        assert!(form("kort", "kort")
            .parse()
            .unwrap_err()
            .get("password")
            .contains(&FieldError::PasswordTooShort { min: super::super::user::PASSWORD_MIN }));
        assert_eq!(
            form("een lang wachtwoord", "een ander wachtwoord").parse().unwrap_err().get("password_repeat"),
            &[FieldError::PasswordsDiffer]
        );
    }

    #[test]
    fn the_check_closes_only_when_everything_was_done() {
        assert_eq!(
            parse_check_done("instruction,confidentiality,access_checked,instruction").unwrap(),
            ColleagueCheckItem::ALL.to_vec()
        );
        assert_eq!(parse_check_done("instruction").unwrap_err().get("done"), &[FieldError::CheckIncomplete]);
        assert_eq!(parse_check_done("").unwrap_err().get("done"), &[FieldError::CheckIncomplete]);
        assert_eq!(parse_check_done("instruction,bribe").unwrap_err().get("done"), &[FieldError::InvalidChoice]);
    }

    #[test]
    fn the_last_owner_cannot_be_demoted_or_disabled() {
        assert!(!leaves_an_owner(1, true, Some(Role::Practitioner)));
        assert!(!leaves_an_owner(1, true, None));
        assert!(leaves_an_owner(1, true, Some(Role::Owner)));
        assert!(leaves_an_owner(2, true, None));
        assert!(leaves_an_owner(1, false, None), "a colleague who is no owner can always go");
    }

    #[test]
    fn codes_round_trip() {
        for purpose in [InvitationPurpose::Join, InvitationPurpose::Reset] {
            assert_eq!(InvitationPurpose::from_code(purpose.code()), Some(purpose));
        }
        for item in ColleagueCheckItem::ALL {
            assert_eq!(ColleagueCheckItem::from_code(item.code()), Some(item));
        }
    }
}
