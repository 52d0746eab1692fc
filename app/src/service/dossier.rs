//! A client's dossier: intake, finding it, reading it, correcting it. Each use case takes its
//! unit of work, so a staff member's request, a client's own link or a scheduled job runs the
//! same code and leaves the same kind of entry in the log.

use super::work::{Entry, Work};
use crate::api::types::{
    local_date, local_time, Care, ClientPage, ClientSummary, ConsentStatus, Dossier, HealthRecordView, HealthView,
};
use crate::db::{self, revision::History};
use crate::domain::audit::{AuditAction, AuditDetail, NameList};
use crate::domain::client::{changes_between, ClientDetails, ClientForm};
use crate::domain::client_list::{page_window, ClientOrder, PAGE_SIZE};
use crate::domain::consent::ConsentPurpose;
use crate::domain::search::query_words;
use crate::error::AppError;

/// Clients whose name has a word starting with each word of `query` (accents and case
/// ignored). The query itself is not logged; how many were found is.
pub async fn search(work: &mut Work, query: &str) -> Result<Vec<ClientSummary>, AppError> {
    let words = query_words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let hits: Vec<ClientSummary> = db::client::search(work.conn(), &words).await?.into_iter().map(summary).collect();
    let count = u32::try_from(hits.len()).unwrap_or(u32::MAX);
    work.audit(Entry::new(AuditAction::ClientSearched).detail(AuditDetail::Results { count }));
    names_shown(work, &hits, NameList::Search);
    Ok(hits)
}

/// The dossiers a staff member opened last. Showing the names is itself logged.
pub async fn recently_opened(work: &mut Work) -> Result<Vec<ClientSummary>, AppError> {
    let staff_id = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let recent: Vec<ClientSummary> =
        db::client::recently_opened(work.conn(), staff_id).await?.into_iter().map(summary).collect();
    let count = u32::try_from(recent.len()).unwrap_or(u32::MAX);
    work.audit(Entry::new(AuditAction::RecentClientsShown).detail(AuditDetail::NamesShown { count }));
    names_shown(work, &recent, NameList::Recent);
    Ok(recent)
}

/// One page of all clients in `order`. Showing the names is itself logged.
pub async fn list(work: &mut Work, page: u32, order: ClientOrder) -> Result<ClientPage, AppError> {
    let total = u32::try_from(db::client::count(work.conn()).await?).unwrap_or(u32::MAX);
    let window = page_window(page, total);
    let clients: Vec<ClientSummary> = db::client::page(work.conn(), order, window.offset.into(), PAGE_SIZE.into())
        .await?
        .into_iter()
        .map(summary)
        .collect();
    let shown = u32::try_from(clients.len()).unwrap_or(u32::MAX);
    work.audit(Entry::new(AuditAction::ClientListShown).detail(AuditDetail::ClientListPage {
        order,
        page: window.page,
        pages: window.pages,
        shown,
    }));
    names_shown(work, &clients, NameList::All);
    Ok(ClientPage { clients, page: window.page, pages: window.pages, total })
}

fn summary(row: db::client::NameRow) -> ClientSummary {
    ClientSummary { id: row.id, first_name: row.first_name, surname: row.surname, date_of_birth: row.date_of_birth }
}

/// A name on a list is a read of that dossier: each client's own log shows that, and when, her
/// name was on someone's screen. One entry names them all (fifty rows a search would cost the
/// log fifty times the writing of one).
fn names_shown(work: &mut Work, clients: &[ClientSummary], list: NameList) {
    names_listed(work, clients.iter().map(|client| client.id.clone()), list);
}

/// The entry for a list of names on someone's screen: one entry naming every client on it.
pub(crate) fn names_listed(work: &mut Work, clients: impl IntoIterator<Item = String>, list: NameList) {
    let clients: Vec<String> = clients.into_iter().collect();
    if !clients.is_empty() {
        work.audit(Entry::new(AuditAction::NameListed).detail(AuditDetail::Listed { list, clients }));
    }
}

/// Opens a new dossier from the intake form; its id.
pub async fn create(work: &mut Work, form: &ClientForm) -> Result<String, AppError> {
    let now = work.now();
    let details = ClientDetails::parse(form, work.today())?;
    let created_by = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let id = db::client::insert(work.conn(), &details, created_by, now).await?;
    work.dossier(&id);
    work.audit(Entry::new(AuditAction::ClientCreated).client(&id));
    Ok(id)
}

/// Which parts of a dossier a reader sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The card, consents and history, and the treatments, health answers and photos.
    WithCare,
    /// The card, consents and history only: the desk's view.
    CardOnly,
}

impl Reading {
    pub fn for_user(user: &crate::domain::user::CurrentUser) -> Self {
        if user.may(crate::domain::user::Permission::ReadCare) {
            Reading::WithCare
        } else {
            Reading::CardOnly
        }
    }
}

/// The dossier with its histories; reading it is logged, and naming the health answers when
/// they were part of what was read.
pub async fn view(work: &mut Work, id: &str, reading: Reading) -> Result<Dossier, AppError> {
    let conn = work.dossier(id);
    let record = db::client::get(&mut *conn, id).await?.ok_or(AppError::NotFound)?;
    let revisions = db::revision::for_client(&mut *conn, History::Client, id).await?;
    let consent_rows = db::consent::current_states(&mut *conn, id).await?;
    let retention = super::retention::of_dossier(&mut *conn, id).await?;
    let care = match reading {
        Reading::WithCare => Some(Care {
            treatments: super::treatment::timeline(&mut *conn, id).await?,
            last_treatment_on: db::treatment::last_treatment_on(&mut *conn, id).await?,
            health: health_view(&mut *conn, id).await?,
            photo_consent: db::consent::in_force(&mut *conn, id, ConsentPurpose::PhotosDossier).await?,
        }),
        Reading::CardOnly => None,
    };
    let mut entry = Entry::new(AuditAction::ClientViewed).client(id);
    if matches!(&care, Some(Care { health: HealthView::Consented(Some(_)), .. })) {
        entry = entry.detail(AuditDetail::HealthDataShown);
    }
    work.audit(entry);

    let history = super::history_entries(&revisions, changes_between);
    let consents = consent_rows.into_iter().map(super::consent::consent_state).collect();
    Ok(Dossier {
        consents,
        age: record.details.age_on(work.today()),
        id: record.id,
        details: record.details,
        version: record.version,
        created_at: local_time(record.created_at),
        history,
        care,
        retention,
    })
}

/// The health answers as far as the consent for health data allows: the answers while it is in
/// force; after it ended, only that answers were recorded and when the consent ended.
async fn health_view(conn: &mut sqlx::SqliteConnection, id: &str) -> Result<HealthView, AppError> {
    if db::consent::in_force(&mut *conn, id, ConsentPurpose::HealthData).await? {
        let latest = db::treatment::latest_health(&mut *conn, id).await?;
        return Ok(HealthView::Consented(latest.map(|record| HealthRecordView {
            answers: record.answers,
            recorded_by: record.recorded_by,
            at: local_time(record.recorded_at),
        })));
    }
    if !db::treatment::health_recorded_before(&mut *conn, id).await? {
        return Ok(HealthView::NoConsent);
    }
    Ok(match db::consent::latest_event(&mut *conn, id, ConsentPurpose::HealthData).await? {
        Some((kind, at)) => HealthView::ConsentEnded {
            ended_on: local_date(at),
            declined: ConsentStatus::from_kind(&kind) == ConsentStatus::Declined,
        },
        None => HealthView::NoConsent,
    })
}

/// The current details for the correction form: opening it is a read, and logged as one.
pub async fn correction_form(work: &mut Work, id: &str) -> Result<(ClientForm, i64), AppError> {
    let record = db::client::get(work.dossier(id), id).await?.ok_or(AppError::NotFound)?;
    work.audit(Entry::new(AuditAction::ClientEditOpened).client(id));
    Ok((record.details.to_form(), record.version))
}

/// Corrects a dossier (rectification, REQ-12). The previous values stay in the history; the
/// entry names the changed fields, not their values.
pub async fn correct(work: &mut Work, id: &str, version: i64, form: &ClientForm, reason: &str) -> Result<(), AppError> {
    let now = work.now();
    use crate::db::client::UpdateOutcome;
    use crate::domain::field::with_reason;

    let (details, reason) = with_reason(ClientDetails::parse(form, work.today()), reason)?;
    let changed_by = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let conn = work.dossier(id);
    let current = db::client::get(&mut *conn, id).await?.ok_or(AppError::NotFound)?;
    let changes = changes_between(&current.details, &details);
    if changes.is_empty() {
        return Err(AppError::NothingChanged);
    }
    match db::client::update(&mut *conn, id, version, &details, reason.as_deref(), changed_by, now).await? {
        UpdateOutcome::Updated { .. } => {}
        UpdateOutcome::NotFound => return Err(AppError::NotFound),
        UpdateOutcome::Stale => return Err(AppError::Conflict),
    }
    let fields = changes.into_iter().map(|change| change.field).collect();
    work.audit(Entry::new(AuditAction::ClientUpdated).client(id).detail(AuditDetail::Fields { fields }));
    Ok(())
}
