//! Treatment types (the owner's list, with AVG-check reminders), treatments and their
//! corrections, and the health questionnaire. Every call leaves an audit entry.

use crate::api::types::{TreatmentTypeView, TreatmentTypesOverview};
use crate::domain::treatment::{HealthForm, TreatmentForm, TreatmentTypeForm};
use crate::error::AppError;
use leptos::prelude::*;

/// The types a practitioner can choose from when adding a treatment (active ones only).
#[server(endpoint = "treatments/types")]
pub async fn active_treatment_types() -> Result<Vec<TreatmentTypeView>, AppError> {
    use crate::db;

    let (state, _user, _meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let mut conn = state.db.read.acquire().await?;
    let types = db::treatment::types(&mut conn).await?;
    Ok(types.into_iter().filter(|t| t.active).map(type_view).collect())
}

/// Every type and the open AVG-check reminders, for the owner.
#[server(endpoint = "treatments/types/overview")]
pub async fn load_treatment_types() -> Result<TreatmentTypesOverview, AppError> {
    use crate::api::types::{local_time, ReminderView};
    use crate::db;

    let (state, _user, _meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let mut conn = state.db.read.acquire().await?;
    let types = db::treatment::types(&mut conn).await?.into_iter().map(type_view).collect();
    let reminders = db::treatment::open_reminders(&mut conn)
        .await?
        .into_iter()
        .map(|r| ReminderView { id: r.id, type_name: r.type_name, raised_by: r.raised_by, at: local_time(r.raised_at) })
        .collect();
    Ok(TreatmentTypesOverview { types, reminders })
}

#[server(endpoint = "treatments/types/add")]
pub async fn add_treatment_type(form: TreatmentTypeForm) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let new = form.parse()?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    if db::treatment::type_name_taken(work.conn(), &new.name, None).await? {
        return Err(ValidationErrors::one("name", FieldError::NameTaken).into());
    }
    db::treatment::insert_type(work.conn(), &new, user.id, now).await?;
    let detail = AuditDetail::TypeAdded { records_health_data: new.records_health_data };
    work.audit(Entry::new(AuditAction::TreatmentTypeAdded).detail(detail));
    work.commit().await
}

/// Renames a type or changes whether it records health data. A type already in use that now
/// records health data asks for the AVG check at once.
#[server(endpoint = "treatments/types/change")]
pub async fn change_treatment_type(id: i64, form: TreatmentTypeForm) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::{AuditAction, AuditDetail, TypeChange};
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let changed = form.parse()?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    let current = db::treatment::type_by_id(work.conn(), id).await?.ok_or(AppError::NotFound)?;
    if current.name == changed.name && current.records_health_data == changed.records_health_data {
        return Err(AppError::NothingChanged);
    }
    if db::treatment::type_name_taken(work.conn(), &changed.name, Some(id)).await? {
        return Err(ValidationErrors::one("name", FieldError::NameTaken).into());
    }
    db::treatment::update_type(work.conn(), id, &changed, now).await?;
    let now_records_health = changed.records_health_data && !current.records_health_data;
    if now_records_health && current.first_used_at.is_some() {
        db::treatment::raise_avg_check(work.conn(), id, user.id, now).await?;
    }
    let change = match (current.name != changed.name, now_records_health) {
        (true, true) => TypeChange::RenamedNowRecordsHealth,
        (true, false) if changed.records_health_data == current.records_health_data => TypeChange::Renamed,
        (true, false) => TypeChange::RenamedNoLongerRecordsHealth,
        (false, true) => TypeChange::NowRecordsHealth,
        (false, false) => TypeChange::NoLongerRecordsHealth,
    };
    work.audit(Entry::new(AuditAction::TreatmentTypeChanged).detail(AuditDetail::TypeChanged { change }));
    work.commit().await
}

/// Retires a type (it stays on earlier treatments) or brings it back.
#[server(endpoint = "treatments/types/active")]
pub async fn set_treatment_type_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::{AuditAction, AuditDetail, TypeChange};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    if !db::treatment::set_type_active(work.conn(), id, active, now).await? {
        return Err(AppError::NotFound);
    }
    let change = if active { TypeChange::InUseAgain } else { TypeChange::Retired };
    work.audit(Entry::new(AuditAction::TreatmentTypeChanged).detail(AuditDetail::TypeChanged { change }));
    work.commit().await
}

/// The owner has done the AVG check for a type's first use.
#[server(endpoint = "treatments/reminders/resolve")]
pub async fn resolve_avg_check(id: i64) -> Result<(), AppError> {
    use crate::db;
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ManagePractice).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let now = work.now();
    if !db::treatment::resolve_reminder(work.conn(), id, user.id, now).await? {
        return Err(AppError::NothingChanged);
    }
    work.audit(Entry::new(AuditAction::AvgCheckDone));
    work.commit().await
}

/// Adds a treatment to a dossier. The first use of a type that records health data raises an
/// AVG-check reminder for the owner, in the same transaction.
#[server(endpoint = "treatments/add")]
pub async fn add_treatment(client_id: String, form: TreatmentForm) -> Result<String, AppError> {
    use crate::service::{treatment, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let id = treatment::add(&mut work, &client_id, &form).await?;
    work.commit().await?;
    leptos_axum::redirect(&format!("/clients/{client_id}"));
    Ok(id)
}

/// A treatment's current values for the correction form (opening it is a read, and logged).
#[server(endpoint = "treatments/edit")]
pub async fn get_treatment_for_correction(
    client_id: String,
    treatment_id: String,
) -> Result<(TreatmentForm, i64), AppError> {
    use crate::service::{treatment, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let form = treatment::correction_form(&mut work, &client_id, &treatment_id).await?;
    work.commit().await?;
    Ok(form)
}

/// Corrects a treatment. The earlier version stays in its history; the audit entry names the
/// changed fields, not their values.
#[server(endpoint = "treatments/update")]
pub async fn correct_treatment(
    client_id: String,
    treatment_id: String,
    version: i64,
    form: TreatmentForm,
    reason: String,
) -> Result<(), AppError> {
    use crate::service::{treatment, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    treatment::correct(&mut work, &client_id, &treatment_id, version, &form, &reason).await?;
    work.commit().await?;
    leptos_axum::redirect(&format!("/clients/{client_id}"));
    Ok(())
}

/// Records the health questionnaire: special-category data, so only while the client's consent
/// for health data is in force. A refusal is logged too, without the answers.
#[server(endpoint = "health/record")]
pub async fn record_health(client_id: String, form: HealthForm) -> Result<(), AppError> {
    use crate::domain::consent::ConsentPurpose;
    use crate::service::treatment::{self, HealthOutcome};
    use crate::service::Work;

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let outcome = treatment::record_health(&mut work, &client_id, &form).await?;
    work.commit().await?;
    match outcome {
        HealthOutcome::Recorded => Ok(()),
        HealthOutcome::ConsentRequired => Err(AppError::ConsentRequired(ConsentPurpose::HealthData)),
    }
}

#[cfg(feature = "ssr")]
fn type_view(row: crate::db::treatment::TypeRow) -> TreatmentTypeView {
    TreatmentTypeView {
        id: row.id,
        name: row.name,
        records_health_data: row.records_health_data,
        active: row.active,
        used: row.first_used_at.is_some(),
    }
}
