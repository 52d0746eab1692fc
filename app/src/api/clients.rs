//! Client dossiers: intake, search, view, correction. Each is a staff member's request for a
//! use case in `service::dossier`, which leaves its audit entry.

use crate::api::types::{ClientPage, ClientSummary, Dossier};
use crate::domain::client::ClientForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Finds clients by the start of any name word, ignoring accents and case. The query travels in
/// the request body, never in a URL, and is not written to the log.
#[server(endpoint = "clients/search")]
pub async fn search_clients(query: String) -> Result<Vec<ClientSummary>, AppError> {
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::FindClients).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let hits = dossier::search(&mut work, &query).await?;
    work.commit().await?;
    Ok(hits)
}

/// The dossiers this staff member opened last. Showing the names is itself logged.
#[server(endpoint = "clients/recent")]
pub async fn recent_clients() -> Result<Vec<ClientSummary>, AppError> {
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::FindClients).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let recent = dossier::recently_opened(&mut work).await?;
    work.commit().await?;
    Ok(recent)
}

/// One page of all clients, in the chosen order (`order`: a [`ClientOrder`] code). Showing the
/// names is itself logged.
///
/// [`ClientOrder`]: crate::domain::client_list::ClientOrder
#[server(endpoint = "clients/list")]
pub async fn list_clients(page: u32, order: String) -> Result<ClientPage, AppError> {
    use crate::domain::client_list::ClientOrder;
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::FindClients).await?;
    let order = ClientOrder::from_code(&order).ok_or(AppError::BadRequest)?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let clients = dossier::list(&mut work, page, order).await?;
    work.commit().await?;
    Ok(clients)
}

/// Opens a new dossier from the intake form and returns its id.
#[server(endpoint = "clients/create")]
pub async fn create_client(form: ClientForm) -> Result<String, AppError> {
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::KeepClientCards).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let id = dossier::create(&mut work, &form).await?;
    work.commit().await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(id)
}

/// The dossier with its histories. Reading it is logged.
#[server(endpoint = "clients/get")]
pub async fn get_dossier(id: String) -> Result<Dossier, AppError> {
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::FindClients).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let dossier = dossier::view(&mut work, &id, dossier::Reading::for_user(&user)).await?;
    work.commit().await?;
    Ok(dossier)
}

/// The current details for the correction form (opening it is a read, and logged as one).
#[server(endpoint = "clients/edit")]
pub async fn get_client_for_correction(id: String) -> Result<(ClientForm, i64), AppError> {
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::KeepClientCards).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let form = dossier::correction_form(&mut work, &id).await?;
    work.commit().await?;
    Ok(form)
}

/// Corrects a dossier (rectification, REQ-12). The previous values stay in the history; the
/// audit entry names the changed fields, not their values.
#[server(endpoint = "clients/update")]
pub async fn correct_client(id: String, version: i64, form: ClientForm, reason: String) -> Result<(), AppError> {
    use crate::service::{dossier, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::KeepClientCards).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    dossier::correct(&mut work, &id, version, &form, &reason).await?;
    work.commit().await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(())
}
