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

    let (state, _user, _meta) = db::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    let types = db::treatment::types(&mut conn).await?;
    Ok(types.into_iter().filter(|t| t.active).map(type_view).collect())
}

/// Every type and the open AVG-check reminders, for the owner.
#[server(endpoint = "treatments/types/overview")]
pub async fn load_treatment_types() -> Result<TreatmentTypesOverview, AppError> {
    use crate::api::types::{local_time, ReminderView};
    use crate::db;

    let (state, _user, _meta) = db::require_owner().await?;
    let mut conn = state.pool.acquire().await?;
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
    use crate::db::{self, audit, Audit};
    use crate::domain::{FieldError, ValidationErrors};

    let (state, user, meta) = db::require_owner().await?;
    let new = form.parse()?;
    let mut tx = db::begin_write(&state.pool).await?;
    if db::treatment::type_name_taken(&mut tx, &new.name, None).await? {
        let mut errors = ValidationErrors::new();
        errors.add("name", FieldError::NameTaken);
        return Err(errors.into());
    }
    db::treatment::insert_type(&mut tx, &new, user.id).await?;
    let detail = if new.records_health_data { "met gezondheidsgegevens" } else { "zonder gezondheidsgegevens" };
    audit::record(&mut tx, audit::Entry::new(Audit::TreatmentTypeAdded, Some(user.id), &meta).detail(detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Renames a type or changes whether it records health data. A type already in use that now
/// records health data asks for the AVG check at once.
#[server(endpoint = "treatments/types/change")]
pub async fn change_treatment_type(id: i64, form: TreatmentTypeForm) -> Result<(), AppError> {
    use crate::db::{self, audit, Audit};
    use crate::domain::{FieldError, ValidationErrors};

    let (state, user, meta) = db::require_owner().await?;
    let changed = form.parse()?;
    let mut tx = db::begin_write(&state.pool).await?;
    let current = db::treatment::type_by_id(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if current.name == changed.name && current.records_health_data == changed.records_health_data {
        return Err(AppError::NothingChanged);
    }
    if db::treatment::type_name_taken(&mut tx, &changed.name, Some(id)).await? {
        let mut errors = ValidationErrors::new();
        errors.add("name", FieldError::NameTaken);
        return Err(errors.into());
    }
    db::treatment::update_type(&mut tx, id, &changed).await?;
    let now_records_health = changed.records_health_data && !current.records_health_data;
    if now_records_health && current.first_used_at.is_some() {
        db::treatment::raise_avg_check(&mut tx, id, user.id).await?;
    }
    let detail = match (current.name != changed.name, now_records_health) {
        (true, true) => "naam gewijzigd, legt nu gezondheidsgegevens vast",
        (true, false) if changed.records_health_data == current.records_health_data => "naam gewijzigd",
        (true, false) => "naam gewijzigd, legt geen gezondheidsgegevens meer vast",
        (false, true) => "legt nu gezondheidsgegevens vast",
        (false, false) => "legt geen gezondheidsgegevens meer vast",
    };
    audit::record(&mut tx, audit::Entry::new(Audit::TreatmentTypeChanged, Some(user.id), &meta).detail(detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Retires a type (it stays on earlier treatments) or brings it back.
#[server(endpoint = "treatments/types/active")]
pub async fn set_treatment_type_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::db::{self, audit, Audit};

    let (state, user, meta) = db::require_owner().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    if !db::treatment::set_type_active(&mut tx, id, active).await? {
        return Err(AppError::NotFound);
    }
    let detail = if active { "weer in gebruik" } else { "uit gebruik" };
    audit::record(&mut tx, audit::Entry::new(Audit::TreatmentTypeChanged, Some(user.id), &meta).detail(detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// The owner has done the AVG check for a type's first use.
#[server(endpoint = "treatments/reminders/resolve")]
pub async fn resolve_avg_check(id: i64) -> Result<(), AppError> {
    use crate::db::{self, audit, Audit};

    let (state, user, meta) = db::require_owner().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    if !db::treatment::resolve_reminder(&mut tx, id, user.id).await? {
        return Err(AppError::NothingChanged);
    }
    audit::record(&mut tx, audit::Entry::new(Audit::AvgCheckDone, Some(user.id), &meta)).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a treatment to a dossier. The first use of a type that records health data raises an
/// AVG-check reminder for the owner, in the same transaction.
#[server(endpoint = "treatments/add")]
pub async fn add_treatment(client_id: String, form: TreatmentForm) -> Result<String, AppError> {
    use crate::api::types::practice_today;
    use crate::db::{self, audit, Audit};
    use crate::domain::treatment::{needs_avg_check, TreatmentDetails};

    let (state, user, meta) = db::require_user().await?;
    let details = TreatmentDetails::parse(&form, practice_today())?;
    let mut tx = db::begin_write(&state.pool).await?;
    db::client::get(&mut tx, &client_id).await?.ok_or(AppError::NotFound)?;
    let kind = usable_type(&mut tx, details.type_id).await?;
    let id = db::treatment::insert(&mut tx, &client_id, &details, user.id).await?;
    let first_use = db::treatment::mark_type_used(&mut tx, kind.id).await?;
    if needs_avg_check(kind.records_health_data, !first_use) {
        db::treatment::raise_avg_check(&mut tx, kind.id, user.id).await?;
    }
    audit::record(&mut tx, audit::Entry::new(Audit::TreatmentAdded, Some(user.id), &meta).client(&client_id)).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/clients/{client_id}"));
    Ok(id)
}

/// A treatment's current values for the correction form (opening it is a read, and logged).
#[server(endpoint = "treatments/edit")]
pub async fn get_treatment_for_correction(
    client_id: String,
    treatment_id: String,
) -> Result<(TreatmentForm, i64), AppError> {
    use crate::db::{self, audit, Audit};

    let (state, user, meta) = db::require_user().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = db::treatment::get(&mut tx, &client_id, &treatment_id).await?.ok_or(AppError::NotFound)?;
    audit::record(&mut tx, audit::Entry::new(Audit::TreatmentEditOpened, Some(user.id), &meta).client(&client_id))
        .await?;
    tx.commit().await?;
    Ok((row.details().to_form(), row.version))
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
    use crate::api::types::practice_today;
    use crate::db::{self, audit, treatment::UpdateOutcome, Audit};
    use crate::domain::field::with_reason;
    use crate::domain::treatment::{treatment_changes, TreatmentDetails};

    let (state, user, meta) = db::require_user().await?;
    let (details, reason) = with_reason(TreatmentDetails::parse(&form, practice_today()), &reason)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let current = db::treatment::get(&mut tx, &client_id, &treatment_id).await?.ok_or(AppError::NotFound)?;
    let changes = treatment_changes(&current.details(), &details);
    if changes.is_empty() {
        return Err(AppError::NothingChanged);
    }
    if details.type_id != current.treatment_type_id {
        usable_type(&mut tx, details.type_id).await?;
    }
    if let UpdateOutcome::Stale =
        db::treatment::update(&mut tx, &treatment_id, version, &details, reason.as_deref(), user.id).await?
    {
        return Err(AppError::Conflict);
    }
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    let detail = format!("velden: {}", fields.join(", "));
    audit::record(
        &mut tx,
        audit::Entry::new(Audit::TreatmentUpdated, Some(user.id), &meta).client(&client_id).detail(detail),
    )
    .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/clients/{client_id}"));
    Ok(())
}

/// Records the health questionnaire: special-category data, so only while the client's consent
/// for health data is in force. A refusal is logged too, without the answers.
#[server(endpoint = "health/record")]
pub async fn record_health(client_id: String, form: HealthForm) -> Result<(), AppError> {
    use crate::db::{self, audit, consent, Audit};
    use crate::domain::consent::ConsentPurpose;
    use crate::domain::treatment::HealthAnswers;

    let (state, user, meta) = db::require_user().await?;
    let answers = HealthAnswers::parse(&form)?;
    let mut tx = db::begin_write(&state.pool).await?;
    db::client::get(&mut tx, &client_id).await?.ok_or(AppError::NotFound)?;
    let entry = |action| audit::Entry::new(action, Some(user.id), &meta).client(&client_id);
    let Some(grant) = consent::grant_in_force(&mut tx, &client_id, ConsentPurpose::HealthData).await? else {
        audit::record(&mut tx, entry(Audit::HealthRefused)).await?;
        tx.commit().await?;
        return Err(AppError::ConsentRequired(ConsentPurpose::HealthData));
    };
    db::treatment::insert_health(&mut tx, &client_id, &answers, grant, user.id).await?;
    audit::record(&mut tx, entry(Audit::HealthRecorded)).await?;
    tx.commit().await?;
    Ok(())
}

/// The type chosen on a form, if it exists and is still in use.
#[cfg(feature = "ssr")]
async fn usable_type(
    conn: &mut sqlx::SqliteConnection,
    type_id: i64,
) -> Result<crate::db::treatment::TypeRow, AppError> {
    use crate::domain::{FieldError, ValidationErrors};
    match crate::db::treatment::type_by_id(conn, type_id).await? {
        Some(kind) if kind.active => Ok(kind),
        _ => {
            let mut errors = ValidationErrors::new();
            errors.add("type_id", FieldError::InvalidChoice);
            Err(errors.into())
        }
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
