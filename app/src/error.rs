//! The one error type every server function returns. It crosses the wire as JSON and never
//! carries personal data or internal details: those stay in the server log (without PII).

use crate::domain::ValidationErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("not signed in")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(ValidationErrors),
    /// Wrong e-mail or password: one answer for both, so accounts cannot be probed.
    #[error("sign-in failed")]
    LoginFailed,
    /// The practitioner's password did not match when taking the tablet back.
    #[error("wrong password")]
    WrongPassword,
    /// The PIN or password did not open the locked screen.
    #[error("wrong PIN or password")]
    WrongSecret,
    /// The code of the second step was wrong, used before, or not a code of this account.
    #[error("wrong code")]
    WrongCode,
    /// The sign-in waiting for its second step is over (too late, too many wrong codes, or it
    /// was never started in this browser): start again with the password.
    #[error("sign-in expired")]
    SignInExpired,
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    /// Someone else changed the record since this form was opened.
    #[error("changed in the meantime")]
    Conflict,
    #[error("nothing changed")]
    NothingChanged,
    /// The tablet is in a client's hands: only that client's consents can be reached.
    #[error("handed to a client")]
    KioskLocked,
    /// The client's consent for this purpose is not in force, so this cannot be recorded.
    #[error("consent required")]
    ConsentRequired(crate::domain::consent::ConsentPurpose),
    /// The device's screen is locked: only the PIN or password opens it again.
    #[error("screen locked")]
    ScreenLocked,
    #[error("practice already set up")]
    AlreadySetUp,
    /// An invitation link that is unknown, used, replaced or expired: one answer for all.
    #[error("invitation not valid")]
    InvitationInvalid,
    /// The change would leave the practice without an owner who can sign in.
    #[error("last owner")]
    LastOwner,
    /// A legal hold stops this dossier's destruction until the owner lifts it.
    #[error("under legal hold")]
    UnderLegalHold,
    /// The dossier's term has not ended (or no longer has: something was added since the list).
    #[error("not due")]
    NotYetDue,
    /// The dossier was destroyed already.
    #[error("already destroyed")]
    AlreadyDestroyed,
    /// The request itself could not be read (wrong encoding, a missing or malformed part).
    #[error("unreadable request")]
    BadRequest,
    #[error("something went wrong")]
    Internal,
    #[error("request failed: {0}")]
    ServerFn(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value.to_string())
    }
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl AppError {
    /// The field errors, when this is a validation failure.
    pub fn field_errors(&self) -> Option<&ValidationErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status that says what kind of refusal this is; 500 only for real failures.
    /// The typed body still travels with it, so the browser shows the same message.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthorized
            | AppError::LoginFailed
            | AppError::WrongPassword
            | AppError::WrongSecret
            | AppError::WrongCode
            | AppError::SignInExpired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::KioskLocked | AppError::ScreenLocked => StatusCode::FORBIDDEN,
            AppError::NotFound | AppError::InvitationInvalid => StatusCode::NOT_FOUND,
            AppError::Conflict
            | AppError::NothingChanged
            | AppError::AlreadySetUp
            | AppError::ConsentRequired(_)
            | AppError::LastOwner
            | AppError::UnderLegalHold
            | AppError::NotYetDue => StatusCode::CONFLICT,
            AppError::AlreadyDestroyed => StatusCode::GONE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest | AppError::ServerFn(_) => StatusCode::BAD_REQUEST,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Seconds for a `Retry-After` header, when the caller must wait.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        // sqlx errors name tables and constraints, never bound values, so they are safe to log.
        tracing::error!(error.cause_chain = ?error, "database error");
        AppError::Internal
    }
}
