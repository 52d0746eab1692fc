//! Staff accounts and sign-in input.

use super::field::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;

/// A staff member's place in the practice. What each may do is [`Role::may`]'s table: the
/// least each needs for their work (REQ-45).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Answers to the Autoriteit Persoonsgegevens: everything, the audit log and the team too.
    Owner,
    /// Treats clients: dossiers, treatments, health answers, photos, consents.
    Practitioner,
    /// The desk: registers clients, corrects their card, hands the tablet over for consents.
    Reception,
}

/// Something a server function or a page does on someone's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Search, the recent dossiers, the list of all clients; open a client's card and consents.
    FindClients,
    /// Register a new client and correct a client's card (name, birth date, contact details).
    KeepClientCards,
    /// Read treatments, health answers and photos.
    ReadCare,
    /// Record and correct treatments, health answers and photos.
    RecordCare,
    /// Hand the tablet to a client for consent, check a signature, copy it, record a withdrawal.
    HandleConsents,
    /// The audit log of a dossier.
    ReadAuditLog,
    /// The consent texts, treatment types, screen-lock time and their reminders.
    ManagePractice,
    /// Colleagues: invite, change a role, reset, disable.
    ManageTeam,
    /// What is kept and destroyed: the review list, legal holds, erasure on request.
    DecideRetention,
}

impl Permission {
    pub const ALL: [Permission; 9] = [
        Permission::FindClients,
        Permission::KeepClientCards,
        Permission::ReadCare,
        Permission::RecordCare,
        Permission::HandleConsents,
        Permission::ReadAuditLog,
        Permission::ManagePractice,
        Permission::ManageTeam,
        Permission::DecideRetention,
    ];
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Practitioner, Role::Reception];

    pub fn code(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Practitioner => "practitioner",
            Role::Reception => "reception",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    /// The access table. Everything not listed is refused.
    pub fn may(self, permission: Permission) -> bool {
        use Permission as P;
        match self {
            Role::Owner => true,
            Role::Practitioner => matches!(
                permission,
                P::FindClients | P::KeepClientCards | P::ReadCare | P::RecordCare | P::HandleConsents
            ),
            Role::Reception => matches!(permission, P::FindClients | P::KeepClientCards | P::HandleConsents),
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

impl CurrentUser {
    pub fn may(&self, permission: Permission) -> bool {
        self.role.may(permission)
    }
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
    /// The e-mail address as accounts are found by, and the password.
    pub fn check(&self) -> Result<(String, String), ValidationErrors> {
        self.problems()?;
        Ok((self.email.trim().to_lowercase(), self.password.clone()))
    }

    /// What is wrong with the fields as typed; all the sign-in page checks before sending.
    pub fn problems(&self) -> Result<(), ValidationErrors> {
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
        errors.into_result()
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
        // The browser checks the same without the lowercasing.
        assert_eq!(LoginForm::default().problems().unwrap_err(), errors);
        assert_eq!(LoginForm { email: " A@B.nl ".into(), password: "x".into() }.problems(), Ok(()));
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("intern"), None, "a role of a newer version is no role here");
    }

    #[test]
    fn the_owner_may_everything() {
        assert!(Permission::ALL.iter().all(|p| Role::Owner.may(*p)));
    }

    #[test]
    fn a_practitioner_treats_but_does_not_run_the_practice() {
        let may = |p| Role::Practitioner.may(p);
        assert!(may(Permission::ReadCare) && may(Permission::RecordCare) && may(Permission::HandleConsents));
        assert!(!may(Permission::ReadAuditLog) && !may(Permission::ManagePractice) && !may(Permission::ManageTeam));
    }

    #[test]
    fn reception_never_sees_care() {
        let may = |p| Role::Reception.may(p);
        assert!(may(Permission::FindClients) && may(Permission::KeepClientCards) && may(Permission::HandleConsents));
        assert!(!may(Permission::ReadCare), "no treatment notes, health answers or photos");
        assert!(!may(Permission::RecordCare));
        assert!(!may(Permission::ReadAuditLog) && !may(Permission::ManagePractice) && !may(Permission::ManageTeam));
    }
}
