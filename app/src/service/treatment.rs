//! Treatments on a dossier and the health questionnaire.

use super::work::{Entry, Work};
use crate::api::types::{local_time, PhotoView, TreatmentView};
use crate::db::{self, revision::History};
use crate::domain::audit::{AuditAction, AuditDetail};
use crate::domain::consent::ConsentPurpose;
use crate::domain::treatment::{
    needs_avg_check, treatment_changes, HealthAnswers, HealthForm, PhotoMoment, TreatmentDetails, TreatmentForm,
};
use crate::domain::{FieldError, ValidationErrors};
use crate::error::AppError;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// The client's treatments, newest first, each with its photos and its corrections.
pub(crate) async fn timeline(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<TreatmentView>, sqlx::Error> {
    let rows = db::treatment::for_client(&mut *conn, client_id).await?;
    let revisions = db::revision::for_client(&mut *conn, History::Treatment, client_id).await?;
    let photos = db::photo::for_client(&mut *conn, client_id).await?;
    let type_names: HashMap<String, String> =
        db::treatment::types(&mut *conn).await?.into_iter().map(|t| (t.id.to_string(), t.name)).collect();
    let type_name = |id: String| type_names.get(&id).cloned().unwrap_or(id);

    Ok(rows
        .into_iter()
        .map(|row| {
            let versions: Vec<_> = revisions.iter().filter(|r| r.record_id == row.id).collect();
            let history = super::history_entries(&versions, |before, after| {
                treatment_changes(before, after)
                    .into_iter()
                    .map(|mut change| {
                        if change.field == "type_id" {
                            change.before = type_name(change.before);
                            change.after = type_name(change.after);
                        }
                        change
                    })
                    .collect()
            });
            let photos = photos
                .iter()
                .filter(|p| p.treatment_id == row.id)
                .map(|p| PhotoView {
                    id: p.id.clone(),
                    moment: PhotoMoment::from_code(&p.moment).unwrap_or(PhotoMoment::After),
                    taken_at: local_time(p.created_at),
                    flagged_for_deletion: p.flagged_for_deletion_at.is_some(),
                })
                .collect();
            TreatmentView {
                performed_on: row.performed_on,
                id: row.id,
                type_name: row.type_name,
                products: row.products,
                skin_analysis: row.skin_analysis,
                notes: row.notes,
                created_by: row.created_by,
                history,
                photos,
            }
        })
        .collect())
}

/// Adds a treatment to a dossier; its id. The first use of a type that records health data
/// raises an AVG-check reminder for the owner, in the same transaction.
pub async fn add(work: &mut Work, client_id: &str, form: &TreatmentForm) -> Result<String, AppError> {
    let now = work.now();
    let details = TreatmentDetails::parse(form, work.today())?;
    let staff_id = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let conn = work.dossier(client_id);
    db::client::get(&mut *conn, client_id).await?.ok_or(AppError::NotFound)?;
    let kind = usable_type(&mut *conn, details.type_id).await?;
    let id = db::treatment::insert(&mut *conn, client_id, &details, staff_id, now).await?;
    let first_use = db::treatment::mark_type_used(&mut *conn, kind.id, now).await?;
    if needs_avg_check(kind.records_health_data, !first_use) {
        db::treatment::raise_avg_check(&mut *conn, kind.id, staff_id, now).await?;
    }
    work.audit(Entry::new(AuditAction::TreatmentAdded).client(client_id));
    Ok(id)
}

/// A treatment's current values for the correction form: opening it is a read, and logged.
pub async fn correction_form(
    work: &mut Work,
    client_id: &str,
    treatment_id: &str,
) -> Result<(TreatmentForm, i64), AppError> {
    let row = db::treatment::get(work.dossier(client_id), client_id, treatment_id).await?.ok_or(AppError::NotFound)?;
    work.audit(Entry::new(AuditAction::TreatmentEditOpened).client(client_id));
    Ok((row.details().to_form(), row.version))
}

/// Corrects a treatment. The earlier version stays in its history; the entry names the changed
/// fields, not their values.
pub async fn correct(
    work: &mut Work,
    client_id: &str,
    treatment_id: &str,
    version: i64,
    form: &TreatmentForm,
    reason: &str,
) -> Result<(), AppError> {
    let now = work.now();
    use crate::db::treatment::UpdateOutcome;
    use crate::domain::field::with_reason;

    let (details, reason) = with_reason(TreatmentDetails::parse(form, work.today()), reason)?;
    let staff_id = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let conn = work.dossier(client_id);
    let current = db::treatment::get(&mut *conn, client_id, treatment_id).await?.ok_or(AppError::NotFound)?;
    let changes = treatment_changes(&current.details(), &details);
    if changes.is_empty() {
        return Err(AppError::NothingChanged);
    }
    if details.type_id != current.treatment_type_id {
        usable_type(&mut *conn, details.type_id).await?;
    }
    if let UpdateOutcome::Stale =
        db::treatment::update(&mut *conn, treatment_id, version, &details, reason.as_deref(), staff_id, now).await?
    {
        return Err(AppError::Conflict);
    }
    let fields = changes.into_iter().map(|change| change.field).collect();
    work.audit(Entry::new(AuditAction::TreatmentUpdated).client(client_id).detail(AuditDetail::Fields { fields }));
    Ok(())
}

/// What recording the health questionnaire came to: the refusal is logged and committed too.
pub enum HealthOutcome {
    Recorded,
    /// The consent for health data is not in force: nothing was stored.
    ConsentRequired,
}

/// Records the health questionnaire: special-category data, so only while the client's consent
/// for health data is in force. A refusal is logged too, without the answers.
pub async fn record_health(work: &mut Work, client_id: &str, form: &HealthForm) -> Result<HealthOutcome, AppError> {
    let now = work.now();
    let answers = HealthAnswers::parse(form)?;
    let staff_id = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let conn = work.dossier(client_id);
    db::client::get(&mut *conn, client_id).await?.ok_or(AppError::NotFound)?;
    let Some(grant) = db::consent::grant_in_force(&mut *conn, client_id, ConsentPurpose::HealthData).await? else {
        work.audit(Entry::new(AuditAction::HealthRefused).client(client_id));
        return Ok(HealthOutcome::ConsentRequired);
    };
    db::treatment::insert_health(&mut *conn, client_id, &answers, grant, staff_id, now).await?;
    work.audit(Entry::new(AuditAction::HealthRecorded).client(client_id));
    Ok(HealthOutcome::Recorded)
}

/// The type chosen on a form, if it exists and is still in use.
pub(crate) async fn usable_type(
    conn: &mut SqliteConnection,
    type_id: i64,
) -> Result<crate::db::treatment::TypeRow, AppError> {
    match db::treatment::type_by_id(conn, type_id).await? {
        Some(kind) if kind.active => Ok(kind),
        _ => {
            let mut errors = ValidationErrors::new();
            errors.add("type_id", FieldError::InvalidChoice);
            Err(errors.into())
        }
    }
}
