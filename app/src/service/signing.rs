//! A signing session: a client (or a parent) reads the consents asked for and signs or declines
//! each, on the practice's tablet now and through a link later. The session's channel decides
//! how the signer got there; these use cases are the same for both.

use super::work::{Entry, Work};
use crate::api::types::{ConsentStatus, KioskItem, KioskQuestions, KioskView};
use crate::db::{self, consent};
use crate::domain::audit::{AuditAction, AuditDetail};
use crate::domain::consent::{needs_guardian, ConsentPurpose, EvidenceFields, GuardianForm, Signer, SigningChannel};
use crate::domain::language::Language;
use crate::domain::signature::Signature;
use crate::domain::user::CurrentUser;
use crate::domain::{FieldError, ValidationErrors};
use crate::error::AppError;
use sqlx::SqliteConnection;

/// Starts a session for the consents in `purposes` (comma-separated codes); its id.
pub async fn start(
    work: &mut Work,
    client_id: &str,
    purposes: &str,
    channel: SigningChannel,
) -> Result<String, AppError> {
    let mut chosen: Vec<ConsentPurpose> =
        purposes.split(',').filter_map(|code| ConsentPurpose::from_code(code.trim())).collect();
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(ValidationErrors::one("purposes", FieldError::NothingChosen).into());
    }
    let started_by = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let now = work.now();
    let conn = work.dossier(client_id);
    db::client::get(&mut *conn, client_id).await?.ok_or(AppError::NotFound)?;
    let session_id = consent::create_handover(&mut *conn, client_id, &chosen, channel, started_by, now).await?;
    let detail = AuditDetail::Purposes { purposes: chosen };
    work.audit(Entry::new(AuditAction::HandoverStarted).client(client_id).detail(detail));
    Ok(session_id)
}

/// What the signer sees: their name and only the consents asked for; once they are done,
/// nothing but "finished".
pub async fn questions(work: &mut Work, session_id: &str) -> Result<KioskView, AppError> {
    let now = work.now();
    let session = consent::handover(work.conn(), session_id).await?.ok_or(AppError::NotFound)?;
    if session.finished_at.is_some() {
        return Ok(KioskView::Finished);
    }
    if session.language.is_none() {
        return Ok(KioskView::ChooseLanguage);
    }
    // One entry per session: a reloading tablet reads the same consents again, and that is
    // covered by the entry of its first showing.
    let first_showing = consent::mark_first_shown(work.conn(), session_id, now).await?;
    let conn = if first_showing { work.dossier(&session.client_id) } else { work.conn() };
    let client = db::client::get(&mut *conn, &session.client_id).await?.ok_or(AppError::NotFound)?;
    let answers = consent::answers(&mut *conn, session_id).await?;
    let templates = consent::current_templates(&mut *conn, session.language()).await?;
    if first_showing {
        work.audit(Entry::new(AuditAction::KioskViewed).client(&client.id));
    }
    let asked = session.purposes();
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
        guardian_required: needs_guardian(client.details.age_on(work.today())),
        items,
    }))
}

/// The signer chooses the language of the texts, before reading them.
pub async fn choose_language(work: &mut Work, session_id: &str, language: &str) -> Result<(), AppError> {
    let language = Language::parse(language).map_err(|error| ValidationErrors::one("language", error))?;
    let now = work.now();
    let session = consent::handover(work.conn(), session_id).await?.ok_or(AppError::NotFound)?;
    if session.finished_at.is_some() {
        return Err(AppError::KioskLocked);
    }
    consent::set_session_language(work.dossier(&session.client_id), session_id, language, now).await?;
    let detail = AuditDetail::Language { language };
    work.audit(Entry::new(AuditAction::LanguageChosen).client(&session.client_id).detail(detail));
    Ok(())
}

/// What the signer was shown and drew, as the signing screen sends it.
pub struct Signing<'a> {
    pub template_id: i64,
    /// The hash of the text the screen displayed: it must equal the template's, so the record
    /// proves what the signer saw.
    pub text_sha256: &'a str,
    pub strokes: &'a str,
    pub guardian: &'a GuardianForm,
}

/// Records a signed consent as evidence, with `present`, the staff member who handed over the
/// tablet.
pub async fn sign(
    work: &mut Work,
    session_id: &str,
    signing: Signing<'_>,
    present: &CurrentUser,
) -> Result<(), AppError> {
    let now = work.now();
    let (session, template) = open_question(work.conn(), session_id, signing.template_id).await?;
    if signing.text_sha256 != template.text_sha256 {
        return Err(AppError::Conflict);
    }
    let client =
        db::client::get(work.dossier(&session.client_id), &session.client_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    let signer = if needs_guardian(client.details.age_on(work.today())) {
        match signing.guardian.parse() {
            Ok(signer) => Some(signer),
            Err(found) => {
                errors.0.extend(found.0);
                None
            }
        }
    } else {
        Some(Signer::Client { name: client.details.display_name() })
    };
    let signature = errors.check("signature", Signature::parse_json(signing.strokes).map_err(Into::into));
    errors.into_result()?;
    let (Some(signer), Some(signature)) = (signer, signature) else { return Err(AppError::Internal) };

    let evidence_id = uuid::Uuid::new_v4().simple().to_string();
    let signed_at = db::timestamp(now);
    let (strokes_json, svg, text) = (signature.to_json(), signature.to_svg(), template.rendered_text());
    let origin = work.origin().clone();
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
        staff_user_id: Some(present.id),
        staff_name: Some(&present.name),
        handover_id: session_id,
        device: origin.device.as_deref().unwrap_or("onbekend"),
        ip: origin.ip.as_deref().unwrap_or("onbekend"),
        signed_at: &signed_at,
    };
    consent::insert_signature(work.dossier(&client.id), &evidence, now).await?;
    super::consent::record_answer(work, &session, &template, Some(&evidence_id)).await
}

/// Records that the signer said no to one consent.
pub async fn decline(work: &mut Work, session_id: &str, template_id: i64) -> Result<(), AppError> {
    let (session, template) = open_question(work.conn(), session_id, template_id).await?;
    super::consent::record_answer(work, &session, &template, None).await
}

/// The signer is done: from now on the session shows nothing of the client.
pub async fn finish(work: &mut Work, session_id: &str) -> Result<(), AppError> {
    let now = work.now();
    let session = consent::handover(work.conn(), session_id).await?.ok_or(AppError::NotFound)?;
    consent::mark_handover(work.conn(), session_id, consent::HandoverMark::Finished, now).await?;
    work.audit(Entry::new(AuditAction::HandoverFinished).client(&session.client_id));
    Ok(())
}

/// The session and template of a question still open in it.
async fn open_question(
    conn: &mut SqliteConnection,
    session_id: &str,
    template_id: i64,
) -> Result<(consent::HandoverRow, consent::TemplateRow), AppError> {
    let session = consent::handover(conn, session_id).await?.ok_or(AppError::NotFound)?;
    if session.finished_at.is_some() {
        return Err(AppError::KioskLocked);
    }
    let template = consent::template(conn, template_id).await?.ok_or(AppError::NotFound)?;
    let current = consent::current_templates(conn, session.language()).await?;
    let is_current = current.iter().any(|t| t.id == template.id);
    if !is_current || !session.purposes().contains(&template.purpose) {
        return Err(AppError::Forbidden);
    }
    if consent::answers(conn, session_id).await?.iter().any(|(id, _)| *id == template_id) {
        return Err(AppError::Conflict);
    }
    Ok((session, template))
}
