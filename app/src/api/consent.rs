//! Consent at reception: hand the tablet to a client, sign or decline each consent, take the
//! tablet back; then verify, withdraw and edit texts from the dossier side.

use crate::api::types::{KioskView, TemplateView};
use crate::domain::consent::{GuardianForm, TemplateForm};
use crate::error::AppError;
use leptos::prelude::*;

/// Locks this session to one client's consents (`purposes`: comma-separated purpose codes).
/// From now on the device shows only the hand-over; leaving needs the practitioner's password.
#[server(endpoint = "consent/handover")]
pub async fn start_handover(client_id: String, purposes: String) -> Result<(), AppError> {
    use crate::domain::consent::SigningChannel;
    use crate::service::{signing, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::HandleConsents).await?;
    let token = meta.session_token.clone().ok_or(AppError::Unauthorized)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let signing_session = signing::start(&mut work, &client_id, &purposes, SigningChannel::Tablet).await?;
    crate::db::session::set_handover(work.conn(), &token, Some(&signing_session)).await?;
    work.commit().await
}

/// What the client sees on the tablet: their name, and only the consents asked for; once they
/// are done, nothing but "finished".
#[server(endpoint = "consent/kiosk")]
pub async fn load_kiosk() -> Result<KioskView, AppError> {
    use crate::service::{signing, Work};

    let (state, user, meta, signing_session) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let view = signing::questions(&mut work, &signing_session).await?;
    work.commit().await?;
    Ok(view)
}

/// The client chose the language of the texts at the tablet.
#[server(endpoint = "consent/kiosk/language")]
pub async fn choose_kiosk_language(language: String) -> Result<(), AppError> {
    use crate::service::{signing, Work};

    let (state, user, meta, signing_session) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    signing::choose_language(&mut work, &signing_session, &language).await?;
    work.commit().await
}

/// Records a signed consent as evidence. `text_sha256` is the hash of the text the tablet
/// displayed; it must equal the template's, so the record proves what the signer saw.
#[server(endpoint = "consent/sign")]
pub async fn sign_consent(
    template_id: i64,
    text_sha256: String,
    strokes: String,
    #[server(default)] guardian: GuardianForm,
) -> Result<(), AppError> {
    use crate::service::signing::{self, Signing};
    use crate::service::Work;

    let (state, user, meta, signing_session) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let signing = Signing { template_id, text_sha256: &text_sha256, strokes: &strokes, guardian: &guardian };
    signing::sign(&mut work, &signing_session, signing, &user).await?;
    work.commit().await
}

/// Records that the client said no to one consent.
#[server(endpoint = "consent/decline")]
pub async fn decline_consent(template_id: i64) -> Result<(), AppError> {
    use crate::service::{signing, Work};

    let (state, user, meta, signing_session) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    signing::decline(&mut work, &signing_session, template_id).await?;
    work.commit().await
}

/// The client is done: the tablet shows the lock screen, with no client data, until the
/// practitioner unlocks it.
#[server(endpoint = "consent/finish")]
pub async fn finish_handover() -> Result<(), AppError> {
    use crate::service::{signing, Work};

    let (state, user, meta, signing_session) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    signing::finish(&mut work, &signing_session).await?;
    work.commit().await
}

/// The practitioner takes the tablet back with their PIN or password; returns the client's id
/// so the app can open the dossier. Every try is throttled like a sign-in attempt.
#[server(endpoint = "consent/unlock")]
pub async fn end_handover(password: String) -> Result<String, AppError> {
    use crate::db::{consent, session};
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, user, meta, handover_id) = crate::server_ctx::require_kiosk().await?;
    crate::server_ctx::password::confirm_pin_or_password(&state, &user, &meta, password).await?;
    let token = meta.session_token.clone().ok_or(AppError::Unauthorized)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let handover = consent::handover(work.conn(), &handover_id).await?.ok_or(AppError::NotFound)?;
    consent::mark_handover(work.conn(), &handover_id, consent::HandoverMark::Finished, now).await?;
    consent::mark_handover(work.conn(), &handover_id, consent::HandoverMark::Ended, now).await?;
    session::set_handover(work.conn(), &token, None).await?;
    work.audit(Entry::new(AuditAction::HandoverEnded).client(&handover.client_id));
    work.commit().await?;
    Ok(handover.client_id)
}

/// Recomputes the evidence hash: `true` when nothing in the record changed since signing.
#[server(endpoint = "consent/verify")]
pub async fn verify_consent(signature_id: String) -> Result<bool, AppError> {
    use crate::service::{self, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::HandleConsents).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let intact = service::consent::verify(&mut work, &signature_id).await?;
    work.commit().await?;
    Ok(intact)
}

/// Withdraws a consent (REQ-26): a new event with why and how it was asked for; the signed
/// evidence stays.
#[server(endpoint = "consent/withdraw")]
pub async fn withdraw_consent(
    client_id: String,
    purpose: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::domain::consent::ConsentPurpose;
    use crate::service::{self, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::HandleConsents).await?;
    let purpose = ConsentPurpose::from_code(&purpose).ok_or(AppError::NotFound)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    service::consent::withdraw(&mut work, &client_id, purpose, &reason).await?;
    work.commit().await
}

/// The current text of every consent in `language`, for the owner to edit.
#[server(endpoint = "consent/templates")]
pub async fn list_templates(language: String) -> Result<Vec<TemplateView>, AppError> {
    use crate::api::types::{local_time, TemplateVersionView};
    use crate::db::consent;
    let (state, _, _) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let language = crate::domain::language::Language::parse(&language)
        .map_err(|error| crate::domain::ValidationErrors::one("language", error))?;
    let mut conn = state.db.read.acquire().await?;
    let templates = consent::current_templates(&mut conn, language).await?;
    let versions = consent::template_versions(&mut conn, language).await?;
    Ok(templates
        .into_iter()
        .map(|t| TemplateView {
            versions: versions
                .iter()
                .filter(|v| v.purpose == t.purpose)
                .map(|v| TemplateVersionView {
                    version: v.version,
                    since: local_time(v.created_at),
                    text_sha256: v.text_sha256.clone(),
                    signed: v.signed,
                })
                .collect(),
            purpose: t.purpose,
            version: t.version,
            title: t.title,
            body: t.body,
            text_sha256: t.text_sha256,
        })
        .collect())
}

/// Saves an edited text in `language` as a new version; what was signed before keeps its own
/// version.
#[server(endpoint = "consent/templates/save")]
pub async fn save_template(purpose: String, language: String, form: TemplateForm) -> Result<(), AppError> {
    use crate::db::consent;
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::consent::ConsentPurpose;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let purpose = ConsentPurpose::from_code(&purpose).ok_or(AppError::NotFound)?;
    let language = crate::domain::language::Language::parse(&language)
        .map_err(|error| crate::domain::ValidationErrors::one("language", error))?;
    let (title, body) = form.parse()?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let current = consent::current_templates(work.conn(), language).await?;
    if current.iter().any(|t| t.purpose == purpose.code() && t.title == title && t.body == body) {
        return Err(AppError::NothingChanged);
    }
    consent::insert_version(work.conn(), purpose.code(), language, &title, &body, Some(user.id), now).await?;
    work.audit(Entry::new(AuditAction::TemplateChanged).detail(AuditDetail::purpose(purpose)));
    work.commit().await
}
