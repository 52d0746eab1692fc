//! Client dossiers: intake, search, view, correction. Every call leaves an audit entry.

use crate::api::types::{ClientPage, ClientSummary, Dossier};
use crate::domain::client::ClientForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Finds clients by the start of any name word, ignoring accents and case. The query travels in
/// the request body, never in a URL, and is not written to the log.
#[server(endpoint = "clients/search")]
pub async fn search_clients(query: String) -> Result<Vec<ClientSummary>, AppError> {
    use crate::db::{self, audit, Audit};
    use crate::domain::search::query_words;

    let (state, user, meta) = db::require_user().await?;
    let words = query_words(&query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = db::begin_write(&state.pool).await?;
    let hits = db::client::search(&mut tx, &words).await?;
    let detail = format!("{} resultaten", hits.len());
    audit::record(&mut tx, audit::Entry::new(Audit::ClientSearched, Some(user.id), &meta).detail(detail)).await?;
    tx.commit().await?;
    Ok(hits)
}

/// The dossiers this staff member opened last. Showing the names is itself logged.
#[server(endpoint = "clients/recent")]
pub async fn recent_clients() -> Result<Vec<ClientSummary>, AppError> {
    use crate::db::{self, audit, Audit};

    let (state, user, meta) = db::require_user().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let recent = db::client::recently_opened(&mut tx, user.id).await?;
    let detail = format!("shown={}", recent.len());
    audit::record(&mut tx, audit::Entry::new(Audit::RecentClientsShown, Some(user.id), &meta).detail(detail)).await?;
    record_names_shown(&mut tx, &recent, "recent", user.id, &meta).await?;
    tx.commit().await?;
    Ok(recent)
}

/// One page of all clients, in the chosen order (`order`: a [`ClientOrder`] code). Showing the
/// names is itself logged.
#[server(endpoint = "clients/list")]
pub async fn list_clients(page: u32, order: String) -> Result<ClientPage, AppError> {
    use crate::db::{self, audit, Audit};
    use crate::domain::client_list::{page_window, ClientOrder, PAGE_SIZE};

    let (state, user, meta) = db::require_user().await?;
    let order = ClientOrder::from_code(&order).ok_or(AppError::BadRequest)?;
    let mut tx = db::begin_write(&state.pool).await?;
    let total = u32::try_from(db::client::count(&mut tx).await?).unwrap_or(u32::MAX);
    let window = page_window(page, total);
    let clients = db::client::page(&mut tx, order, window.offset.into(), PAGE_SIZE.into()).await?;
    let detail = format!("order={};page={};pages={};shown={}", order.code(), window.page, window.pages, clients.len());
    audit::record(&mut tx, audit::Entry::new(Audit::ClientListShown, Some(user.id), &meta).detail(detail)).await?;
    record_names_shown(&mut tx, &clients, "all", user.id, &meta).await?;
    tx.commit().await?;
    Ok(ClientPage { clients, page: window.page, pages: window.pages, total })
}

/// A name on a list is a read of that dossier: each client's own log shows that, and when, her
/// name was on someone's screen (`list`: which list, as a code).
#[cfg(feature = "ssr")]
async fn record_names_shown(
    conn: &mut sqlx::SqliteConnection,
    clients: &[ClientSummary],
    list: &str,
    user_id: i64,
    meta: &crate::db::RequestMeta,
) -> Result<(), sqlx::Error> {
    use crate::db::{audit, Audit};
    for client in clients {
        audit::record(conn, audit::Entry::new(Audit::NameListed, Some(user_id), meta).client(&client.id).detail(list))
            .await?;
    }
    Ok(())
}

/// Opens a new dossier from the intake form and returns its id.
#[server(endpoint = "clients/create")]
pub async fn create_client(form: ClientForm) -> Result<String, AppError> {
    use crate::api::types::practice_today;
    use crate::db::{self, audit, Audit};
    use crate::domain::client::ClientDetails;

    let (state, user, meta) = db::require_user().await?;
    let details = ClientDetails::parse(&form, practice_today())?;
    let mut tx = db::begin_write(&state.pool).await?;
    let id = db::client::insert(&mut tx, &details, user.id).await?;
    audit::record(&mut tx, audit::Entry::new(Audit::ClientCreated, Some(user.id), &meta).client(&id)).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(id)
}

/// The dossier with its correction history. Reading it is logged.
#[server(endpoint = "clients/get")]
pub async fn get_dossier(id: String) -> Result<Dossier, AppError> {
    use crate::api::types::{local_date, local_time, practice_today, HealthRecordView, HealthView};
    use crate::db::{self, audit, revision::History, Audit};
    use crate::domain::client::changes_between;
    use crate::domain::consent::ConsentPurpose;

    let (state, user, meta) = db::require_user().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let record = db::client::get(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    let revisions = db::revision::for_client(&mut tx, History::Client, &id).await?;
    let consent_rows = db::consent::current_states(&mut tx, &id).await?;
    let treatments = treatment_timeline(&mut tx, &id).await?;
    let last_treatment_on = db::treatment::last_treatment_on(&mut tx, &id).await?;
    let health = match db::consent::in_force(&mut tx, &id, ConsentPurpose::HealthData).await? {
        false => match db::treatment::health_recorded_before(&mut tx, &id).await? {
            true => match db::consent::latest_event(&mut tx, &id, ConsentPurpose::HealthData).await? {
                Some((kind, at)) => HealthView::ConsentEnded { ended_on: local_date(at), declined: kind == "declined" },
                None => HealthView::NoConsent,
            },
            false => HealthView::NoConsent,
        },
        true => {
            HealthView::Consented(db::treatment::latest_health(&mut tx, &id).await?.map(|record| HealthRecordView {
                answers: record.answers,
                recorded_by: record.recorded_by,
                at: local_time(record.recorded_at),
            }))
        }
    };
    let photo_consent = db::consent::in_force(&mut tx, &id, ConsentPurpose::PhotosDossier).await?;
    // Special-category data shown is named in the log (NEN 7513: sensitivity of what was read).
    let mut entry = audit::Entry::new(Audit::ClientViewed, Some(user.id), &meta).client(&id);
    if matches!(health, HealthView::Consented(Some(_))) {
        entry = entry.detail("met gezondheidsgegevens");
    }
    audit::record(&mut tx, entry).await?;
    tx.commit().await?;

    let history = history_entries(&revisions, changes_between);
    let consents = consent_rows.into_iter().map(consent_state).collect();
    Ok(Dossier {
        consents,
        age: record.details.age_on(practice_today()),
        id: record.id,
        details: record.details,
        version: record.version,
        created_at: local_time(record.created_at),
        history,
        last_treatment_on: last_treatment_on.map(|day| day.format("%d-%m-%Y").to_string()),
        treatments,
        health,
        photo_consent,
    })
}

/// The client's treatments, newest first, each with its photos and its corrections.
#[cfg(feature = "ssr")]
async fn treatment_timeline(
    conn: &mut sqlx::SqliteConnection,
    client_id: &str,
) -> Result<Vec<crate::api::types::TreatmentView>, sqlx::Error> {
    use crate::api::types::{local_time, PhotoView, TreatmentView};
    use crate::db::{self, revision::History};
    use crate::domain::treatment::{treatment_changes, PhotoMoment};
    use std::collections::HashMap;

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
            let history = history_entries(&versions, |before, after| {
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
                performed_on: row.performed_on.format("%d-%m-%Y").to_string(),
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

/// The corrections of one record, newest first: each version against the one before it.
#[cfg(feature = "ssr")]
fn history_entries<T, R: std::borrow::Borrow<crate::db::revision::Revision<T>>>(
    versions: &[R],
    changes: impl Fn(&T, &T) -> Vec<crate::domain::client::FieldChange>,
) -> Vec<crate::api::types::HistoryEntry> {
    versions
        .windows(2)
        .rev()
        .map(|pair| {
            let (before, after) = (pair[0].borrow(), pair[1].borrow());
            crate::api::types::HistoryEntry {
                version: after.version,
                changed_by: after.changed_by.clone(),
                at: crate::api::types::local_time(after.created_at),
                reason: after.reason.clone(),
                changes: changes(&before.details, &after.details),
            }
        })
        .collect()
}

/// The current details for the correction form (opening it is a read, and logged as one).
#[server(endpoint = "clients/edit")]
pub async fn get_client_for_correction(id: String) -> Result<(ClientForm, i64), AppError> {
    use crate::db::{self, audit, Audit};

    let (state, user, meta) = db::require_user().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let record = db::client::get(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    audit::record(&mut tx, audit::Entry::new(Audit::ClientEditOpened, Some(user.id), &meta).client(&id)).await?;
    tx.commit().await?;
    Ok((record.details.to_form(), record.version))
}

/// Corrects a dossier (rectification, REQ-12). The previous values stay in the history; the
/// audit entry names the changed fields, not their values.
#[server(endpoint = "clients/update")]
pub async fn correct_client(id: String, version: i64, form: ClientForm, reason: String) -> Result<(), AppError> {
    use crate::api::types::practice_today;
    use crate::db::{self, audit, client::UpdateOutcome, Audit};
    use crate::domain::client::{changes_between, ClientDetails};
    use crate::domain::field::with_reason;

    let (state, user, meta) = db::require_user().await?;
    let (details, reason) = with_reason(ClientDetails::parse(&form, practice_today()), &reason)?;

    let mut tx = db::begin_write(&state.pool).await?;
    let current = db::client::get(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    let changes = changes_between(&current.details, &details);
    if changes.is_empty() {
        return Err(AppError::NothingChanged);
    }
    match db::client::update(&mut tx, &id, version, &details, reason.as_deref(), user.id).await? {
        UpdateOutcome::Updated { .. } => {}
        UpdateOutcome::NotFound => return Err(AppError::NotFound),
        UpdateOutcome::Stale => return Err(AppError::Conflict),
    }
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    let detail = format!("velden: {}", fields.join(", "));
    audit::record(&mut tx, audit::Entry::new(Audit::ClientUpdated, Some(user.id), &meta).client(&id).detail(detail))
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
fn consent_state(row: crate::db::consent::ConsentStateRow) -> crate::api::types::ConsentState {
    use crate::api::types::{local_time, ConsentState, ConsentStatus, SignatureView};
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
        signature,
    }
}
