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
    use crate::db::{self, consent, session};
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::consent::{ConsentPurpose, SigningChannel};
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let mut chosen: Vec<ConsentPurpose> =
        purposes.split(',').filter_map(|code| ConsentPurpose::from_code(code.trim())).collect();
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() {
        let mut errors = ValidationErrors::new();
        errors.add("purposes", FieldError::NothingChosen);
        return Err(errors.into());
    }
    let token = meta.session_token.clone().ok_or(AppError::Unauthorized)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let conn = work.dossier(&client_id);
    db::client::get(&mut *conn, &client_id).await?.ok_or(AppError::NotFound)?;
    let handover_id =
        consent::create_handover(&mut *conn, &client_id, &chosen, SigningChannel::Tablet, user.id, now).await?;
    session::set_handover(&mut *conn, &token, Some(&handover_id)).await?;
    let detail = AuditDetail::Purposes { purposes: chosen };
    work.audit(Entry::new(AuditAction::HandoverStarted).client(&client_id).detail(detail));
    work.commit().await
}

/// What the client sees on the tablet: their name, and only the consents asked for; once they
/// are done, nothing but "finished".
#[server(endpoint = "consent/kiosk")]
pub async fn load_kiosk() -> Result<KioskView, AppError> {
    use crate::api::types::{ConsentStatus, KioskItem, KioskQuestions};
    use crate::db::{self, consent};
    use crate::domain::audit::AuditAction;
    use crate::domain::consent::needs_guardian;
    use crate::service::{Entry, Work};

    let (state, user, meta, handover_id) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let handover = consent::handover(work.conn(), &handover_id).await?.ok_or(AppError::NotFound)?;
    if handover.finished_at.is_some() {
        return Ok(KioskView::Finished);
    }
    let conn = work.dossier(&handover.client_id);
    let client = db::client::get(&mut *conn, &handover.client_id).await?.ok_or(AppError::NotFound)?;
    let asked = handover.purposes();
    let answers = consent::answers(&mut *conn, &handover_id).await?;
    let templates = consent::current_templates(&mut *conn).await?;
    // One entry per hand-over: a reloading tablet reads the same consents again, and that is
    // covered by the entry of its first showing.
    let first_showing = consent::mark_first_shown(&mut *conn, &handover_id, now).await?;
    work.audit(Entry::new(AuditAction::KioskViewed).client(&client.id));
    let today = work.today();
    if first_showing {
        work.commit().await?;
    }

    let items = templates
        .into_iter()
        .filter(|t| asked.contains(&t.purpose))
        .map(|t| KioskItem {
            answer: answers.iter().find(|(id, _)| *id == t.id).map(|(_, kind)| ConsentStatus::from_kind(kind)),
            text: t.rendered_text(),
            template_id: t.id,
            title: t.title,
        })
        .collect();
    Ok(KioskView::Open(KioskQuestions {
        client_name: client.details.display_name(),
        guardian_required: needs_guardian(client.details.age_on(today)),
        items,
    }))
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
    use crate::db::{self, consent};
    use crate::domain::consent::{needs_guardian, EvidenceFields, Signer};
    use crate::domain::signature::Signature;
    use crate::domain::ValidationErrors;
    use crate::service::{self, Work};

    let (state, user, meta, handover_id) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let (handover, template) = open_question(work.conn(), &handover_id, template_id).await?;
    if text_sha256 != template.text_sha256 {
        return Err(AppError::Conflict);
    }
    let client =
        db::client::get(work.dossier(&handover.client_id), &handover.client_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    let signer = if needs_guardian(client.details.age_on(work.today())) {
        match guardian.parse() {
            Ok(signer) => Some(signer),
            Err(found) => {
                errors.0.extend(found.0);
                None
            }
        }
    } else {
        Some(Signer::Client { name: client.details.display_name() })
    };
    let signature = errors.check("signature", Signature::parse_json(&strokes).map_err(Into::into));
    errors.into_result()?;
    let (Some(signer), Some(signature)) = (signer, signature) else { return Err(AppError::Internal) };

    let evidence_id = uuid::Uuid::new_v4().simple().to_string();
    let signed_at = db::timestamp(work.now());
    let (strokes_json, svg, text) = (signature.to_json(), signature.to_svg(), template.rendered_text());
    let evidence = EvidenceFields {
        evidence_id: &evidence_id,
        client_id: &client.id,
        template_id: template.id,
        template_version: template.version,
        purpose: &template.purpose,
        rendered_text: &text,
        text_sha256: &template.text_sha256,
        signer_role: signer.role_code(),
        signer_name: signer.name(),
        guardian_relationship: signer.relationship(),
        strokes_json: &strokes_json,
        signature_svg: &svg,
        staff_user_id: user.id,
        staff_name: &user.name,
        handover_id: &handover_id,
        device: meta.user_agent.as_deref().unwrap_or("onbekend"),
        ip: meta.ip.as_deref().unwrap_or("onbekend"),
        signed_at: &signed_at,
    };
    consent::insert_signature(work.dossier(&client.id), &evidence, now).await?;
    service::consent::record_answer(&mut work, &handover, &template, Some(&evidence_id)).await?;
    work.commit().await
}

/// Records that the client said no to one consent.
#[server(endpoint = "consent/decline")]
pub async fn decline_consent(template_id: i64) -> Result<(), AppError> {
    use crate::service::{self, Work};

    let (state, user, meta, handover_id) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let (handover, template) = open_question(work.conn(), &handover_id, template_id).await?;
    service::consent::record_answer(&mut work, &handover, &template, None).await?;
    work.commit().await
}

/// The hand-over and template for a question still open in this hand-over.
#[cfg(feature = "ssr")]
async fn open_question(
    conn: &mut sqlx::SqliteConnection,
    handover_id: &str,
    template_id: i64,
) -> Result<(crate::db::consent::HandoverRow, crate::db::consent::TemplateRow), AppError> {
    use crate::db::consent;
    let handover = consent::handover(conn, handover_id).await?.ok_or(AppError::NotFound)?;
    if handover.finished_at.is_some() {
        return Err(AppError::KioskLocked);
    }
    let template = consent::template(conn, template_id).await?.ok_or(AppError::NotFound)?;
    let current = consent::current_templates(conn).await?;
    let is_current = current.iter().any(|t| t.id == template.id);
    if !is_current || !handover.purposes().contains(&template.purpose) {
        return Err(AppError::Forbidden);
    }
    if consent::answers(conn, handover_id).await?.iter().any(|(id, _)| *id == template_id) {
        return Err(AppError::Conflict);
    }
    Ok((handover, template))
}

/// The client is done: the tablet shows the lock screen, with no client data, until the
/// practitioner unlocks it.
#[server(endpoint = "consent/finish")]
pub async fn finish_handover() -> Result<(), AppError> {
    use crate::db::consent;
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, user, meta, handover_id) = crate::server_ctx::require_kiosk().await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let handover = consent::handover(work.conn(), &handover_id).await?.ok_or(AppError::NotFound)?;
    consent::mark_handover(work.conn(), &handover_id, consent::HandoverMark::Finished, now).await?;
    work.audit(Entry::new(AuditAction::HandoverFinished).client(&handover.client_id));
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
    use crate::db::consent;
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let signature = consent::signature(work.conn(), &signature_id).await?.ok_or(AppError::NotFound)?;
    work.dossier(&signature.client_id);
    let intact = signature.is_intact();
    let detail = AuditDetail::Evidence { intact };
    work.audit(Entry::new(AuditAction::ConsentVerified).client(&signature.client_id).detail(detail));
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

    let (state, user, meta) = crate::server_ctx::require_user().await?;
    let purpose = ConsentPurpose::from_code(&purpose).ok_or(AppError::NotFound)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    service::consent::withdraw(&mut work, &client_id, purpose, &reason).await?;
    work.commit().await
}

/// The current text of every consent, for the owner to edit.
#[server(endpoint = "consent/templates")]
pub async fn list_templates() -> Result<Vec<TemplateView>, AppError> {
    use crate::api::types::{local_time, TemplateVersionView};
    use crate::db::consent;
    let (state, _, _) = crate::server_ctx::require_owner().await?;
    let mut conn = state.pool.acquire().await?;
    let templates = consent::current_templates(&mut conn).await?;
    let versions = consent::template_versions(&mut conn).await?;
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

/// Saves an edited text as a new version; what was signed before keeps its own version.
#[server(endpoint = "consent/templates/save")]
pub async fn save_template(purpose: String, form: TemplateForm) -> Result<(), AppError> {
    use crate::db::consent;
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::consent::ConsentPurpose;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require_owner().await?;
    let purpose = ConsentPurpose::from_code(&purpose).ok_or(AppError::NotFound)?;
    let (title, body) = form.parse()?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let current = consent::current_templates(work.conn()).await?;
    if current.iter().any(|t| t.purpose == purpose.code() && t.title == title && t.body == body) {
        return Err(AppError::NothingChanged);
    }
    consent::insert_version(work.conn(), purpose.code(), &title, &body, Some(user.id), now).await?;
    work.audit(Entry::new(AuditAction::TemplateChanged).detail(AuditDetail::purpose(purpose)));
    work.commit().await
}
