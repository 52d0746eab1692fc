//! What is kept and destroyed: the owner's list of dossiers whose term has ended, approving
//! their destruction, legal holds, and erasure at a client's request.

use crate::api::types::{Erased, RetentionReview};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "retention")]
pub async fn retention_overview() -> Result<RetentionReview, AppError> {
    use crate::domain::user::Permission;
    use crate::service::{retention, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::DecideRetention).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let review = retention::review(&mut work, &state.secrets).await?;
    work.commit().await?;
    Ok(review)
}

/// Destroys a dossier whose term has ended, on the owner's approval.
#[server(endpoint = "retention/approve")]
pub async fn approve_destruction(client_id: String) -> Result<Erased, AppError> {
    use crate::domain::retention::Destruction;
    erase(client_id, Destruction::TermEnded).await
}

/// Erases a dossier at the client's request, as far as the law lets it: what must be kept (the
/// tax record) is kept and said.
#[server(endpoint = "retention/erase-on-request")]
pub async fn erase_on_request(client_id: String, confirmed: Option<String>) -> Result<Erased, AppError> {
    use crate::domain::field::FieldError;
    use crate::domain::retention::Destruction;
    use crate::domain::ValidationErrors;

    if confirmed.as_deref() != Some("yes") {
        return Err(ValidationErrors::one("confirmed", FieldError::Required).into());
    }
    erase(client_id, Destruction::OnRequest).await
}

#[cfg(feature = "ssr")]
async fn erase(client_id: String, reason: crate::domain::retention::Destruction) -> Result<Erased, AppError> {
    use crate::domain::user::Permission;
    use crate::service::{retention, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::DecideRetention).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let erasure = retention::erase(&mut work, &state.secrets, &client_id, reason).await?;
    work.commit().await?;
    Ok(erasure.finish(&state.db, &state.photos, &state.destruction_ledger).await)
}

#[server(endpoint = "retention/hold")]
pub async fn place_legal_hold(client_id: String, reason: String, note: String) -> Result<(), AppError> {
    use crate::domain::field::{parse_optional_text, FieldError};
    use crate::domain::retention::HoldReason;
    use crate::domain::user::Permission;
    use crate::domain::ValidationErrors;
    use crate::service::{retention, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::DecideRetention).await?;
    let mut errors = ValidationErrors::new();
    let reason = errors.check("reason", HoldReason::from_code(reason.trim()).ok_or(FieldError::Required));
    let note = errors.check("note", parse_optional_text(&note, 500));
    errors.into_result()?;
    let (Some(reason), Some(note)) = (reason, note) else { return Err(AppError::BadRequest) };
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    retention::place_hold(&mut work, &client_id, reason, note.as_deref().unwrap_or_default()).await?;
    work.commit().await
}

#[server(endpoint = "retention/lift-hold")]
pub async fn lift_legal_hold(client_id: String) -> Result<(), AppError> {
    use crate::domain::user::Permission;
    use crate::service::{retention, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::DecideRetention).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    retention::lift_hold(&mut work, &client_id).await?;
    work.commit().await
}

/// The owner sets the practice's term and whether the daily run destroys what is due by itself.
#[server(endpoint = "retention/policy")]
pub async fn set_retention_policy(
    years: String,
    automatic: Option<String>,
) -> Result<crate::domain::retention::RetentionPolicy, AppError> {
    use crate::domain::user::Permission;
    use crate::service::{retention, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::DecideRetention).await?;
    // A checkbox sends its value only when ticked.
    let automatic = matches!(automatic.as_deref(), Some("on" | "yes" | "true"));
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let policy = retention::set_policy(&mut work, &years, automatic).await?;
    work.commit().await?;
    Ok(policy)
}

/// A documented decision to keep a care dossier past its term, with a reason and a review day.
#[server(endpoint = "retention/keep-longer")]
pub async fn keep_dossier_longer(
    client_id: String,
    reason: String,
    review_on: String,
    note: String,
) -> Result<(), AppError> {
    use crate::domain::field::{parse_optional_text, FieldError};
    use crate::domain::retention::{KeepLonger, KeepLongerReason};
    use crate::domain::user::Permission;
    use crate::domain::ValidationErrors;
    use crate::service::{retention, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::DecideRetention).await?;
    let mut errors = ValidationErrors::new();
    let reason = errors.check("reason", KeepLongerReason::from_code(reason.trim()).ok_or(FieldError::Required));
    let review_on = errors.check("review_on", KeepLonger::parse_review_on(&review_on));
    let note = errors.check("note", parse_optional_text(&note, 500));
    errors.into_result()?;
    let (Some(reason), Some(review_on), Some(note)) = (reason, review_on, note) else {
        return Err(AppError::BadRequest);
    };
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    retention::keep_longer(&mut work, &client_id, reason, review_on, note.as_deref().unwrap_or_default()).await?;
    work.commit().await
}
