//! Consent events on a dossier: an answer at the tablet, a withdrawal, and what follows when a
//! consent ends.

use super::work::{Entry, Work};
use crate::api::types::{local_time, ConsentState, ConsentStatus, SignatureView};
use crate::db::{self, consent};
use crate::domain::audit::{AuditAction, AuditDetail};
use crate::domain::consent::{parse_withdrawal_reason, ConsentPurpose, EventMethod};
use crate::domain::ValidationErrors;
use crate::error::AppError;

/// A consent as the dossier shows it: where it stands, and the signature it rests on.
pub(crate) fn consent_state(row: consent::ConsentStateRow) -> ConsentState {
    use base64::Engine;
    let signature = match (row.signature_id, row.signer_name, row.signature_svg) {
        (Some(id), Some(name), Some(svg)) => Some(SignatureView {
            id,
            signer: match row.guardian_relationship {
                Some(relationship) => format!("{name} ({relationship})"),
                None => name,
            },
            image: format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg)),
        }),
        _ => None,
    };
    ConsentState {
        status: ConsentStatus::from_kind(&row.kind),
        since: local_time(row.at),
        signed_at: row.signed_at.map(local_time),
        reason: row.reason,
        title: row.title,
        purpose: row.purpose,
        recorded_by: row.recorded_by,
        template_version: row.template_version,
        language: crate::domain::language::Language::from_code(&row.text_language).unwrap_or_default(),
        signature,
    }
}

/// What follows when a consent ends (withdrawn, or refused at a later hand-over), in the same
/// unit of work as the event that ended it. Ended photo consent: the client's photos are
/// flagged for deletion and no new ones are accepted. Ended health consent needs nothing
/// stored: the dossier reads the consent's state and stops showing the answers.
pub async fn consent_ended(work: &mut Work, client_id: &str, purpose: ConsentPurpose) -> Result<(), AppError> {
    let now = work.now();
    if purpose != ConsentPurpose::PhotosDossier {
        return Ok(());
    }
    let flagged = db::photo::flag_for_deletion(work.dossier(client_id), client_id, now).await?;
    if flagged > 0 {
        let count = u32::try_from(flagged).unwrap_or(u32::MAX);
        work.audit(Entry::new(AuditAction::PhotosFlagged).client(client_id).detail(AuditDetail::Photos { count }));
    }
    Ok(())
}

/// The client's answer to one question of a hand-over: a grant (with the signature's evidence id)
/// or a refusal. Appends the consent event and its entry.
pub async fn record_answer(
    work: &mut Work,
    handover: &consent::HandoverRow,
    template: &consent::TemplateRow,
    signature_id: Option<&str>,
) -> Result<(), AppError> {
    let now = work.now();
    let (kind, method, action) = match signature_id {
        Some(_) => (ConsentStatus::Granted, EventMethod::TabletSignature, AuditAction::ConsentSigned),
        None => (ConsentStatus::Declined, EventMethod::TabletDeclined, AuditAction::ConsentDeclined),
    };
    let recorded_by = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let purpose = ConsentPurpose::from_code(&template.purpose).ok_or(AppError::Internal)?;
    consent::insert_event(
        work.dossier(&handover.client_id),
        consent::NewEvent {
            client_id: &handover.client_id,
            purpose: purpose.code(),
            template_id: template.id,
            kind,
            signature_id,
            method,
            recorded_by,
            handover_id: Some(&handover.id),
            reason: None,
        },
        now,
    )
    .await?;
    if signature_id.is_none() {
        consent_ended(work, &handover.client_id, purpose).await?;
    }
    work.audit(Entry::new(action).client(&handover.client_id).detail(AuditDetail::purpose(purpose)));
    Ok(())
}

/// Withdraws a consent (REQ-26): a new event with why and how it was asked for; the signed
/// evidence stays.
pub async fn withdraw(work: &mut Work, client_id: &str, purpose: ConsentPurpose, reason: &str) -> Result<(), AppError> {
    let now = work.now();
    let mut errors = ValidationErrors::new();
    let reason = errors.check("reason", parse_withdrawal_reason(reason));
    errors.into_result()?;
    let recorded_by = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let conn = work.dossier(client_id);
    if !consent::in_force(&mut *conn, client_id, purpose).await? {
        return Err(AppError::Conflict);
    }
    let template_id = consent::latest_template_for(&mut *conn, client_id, purpose).await?.ok_or(AppError::NotFound)?;
    consent::insert_event(
        &mut *conn,
        consent::NewEvent {
            client_id,
            purpose: purpose.code(),
            template_id,
            kind: ConsentStatus::Withdrawn,
            signature_id: None,
            method: EventMethod::StaffRecorded,
            recorded_by,
            handover_id: None,
            reason: reason.as_deref(),
        },
        now,
    )
    .await?;
    consent_ended(work, client_id, purpose).await?;
    work.audit(Entry::new(AuditAction::ConsentWithdrawn).client(client_id).detail(AuditDetail::purpose(purpose)));
    Ok(())
}

/// Recomputes a signature's evidence hash: `true` when nothing in the record changed since it
/// was signed.
pub async fn verify(work: &mut Work, signature_id: &str) -> Result<bool, AppError> {
    let signature = consent::signature(work.conn(), signature_id).await?.ok_or(AppError::NotFound)?;
    work.dossier(&signature.client_id);
    let intact = signature.is_intact();
    let detail = AuditDetail::Evidence { intact };
    work.audit(Entry::new(AuditAction::ConsentVerified).client(&signature.client_id).detail(detail));
    Ok(intact)
}
