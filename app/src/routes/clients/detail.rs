//! The dossier: current details and the history of corrections.

use crate::api::clients::get_dossier;
use crate::api::types::{Dossier, HistoryEntry};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::user::Permission;
use crate::routes::clients::consents::ConsentSection;
use crate::routes::clients::health::HealthSection;
use crate::routes::clients::retention::{ErasedDossier, ErasedNotice, RetentionSection};
use crate::routes::clients::treatments::TreatmentTimeline;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DossierPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    // Built again when the router moves to another dossier without leaving the page.
    move || view! { <Dossier id=id()/> }
}

/// The whole dossier is one live part: what is changed in one of its sections (a treatment, a
/// photo, a consent, retention) shows in the others.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn Dossier(id: String) -> impl IntoView {
    crate::live_part_started!();
    let dossier = Resource::new(move || id.clone(), get_dossier);
    let dossier_resource = dossier;
    let role = expect_context::<crate::domain::user::Role>();
    let erased = ErasedDossier(RwSignal::new(None));
    provide_context(erased);
    live_view(view! {
        <Show when=move || erased.0.with(Option::is_none) fallback=move || erased.0.get().map(|erased| view! { <ErasedNotice erased/> })>
            <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
                {move || Suspend::new(async move {
                    let reads_audit_log = role.may(Permission::ReadAuditLog);
                    let decides = role.may(Permission::DecideRetention);
                    match dossier.await {
                        Ok(dossier) => view! {
                            <DossierView dossier reads_audit_log decides on_change=move || dossier_resource.refetch()/>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    })
}

#[component]
fn DossierView(
    dossier: Dossier,
    reads_audit_log: bool,
    decides: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let details = dossier.details;
    let or_none = |value: Option<String>| value.unwrap_or_else(|| text::tr!(not_recorded).to_owned());
    let address =
        details.address.as_ref().map(|a| format!("{} {}, {} {}", a.street, a.house_number, a.postcode, a.city));
    let name = match &details.initials {
        Some(initials) => format!("{} ({initials}) {}", details.first_name, details.surname),
        None => details.display_name(),
    };
    let audit_href = format!("/clients/{}/audit", dossier.id);
    view! {
        <article class="dossier">
            <p class="eyebrow">{text::tr!(dossier)}</p>
            <h1>{name}</h1>
            <dl class="facts" aria-label=text::tr!(details)>
                <dt>{text::tr!(date_of_birth)}</dt>
                <dd>{text::date(details.date_of_birth)} " (" {dossier.age} " " {text::tr!(years)} ")"</dd>
                <dt>{text::tr!(email)}</dt>
                <dd>{or_none(details.email)}</dd>
                <dt>{text::tr!(mobile)}</dt>
                <dd>{or_none(details.mobile)}</dd>
                <dt>{text::tr!(section_address)}</dt>
                <dd>{or_none(address)}</dd>
                <dt>{text::tr!(referrer)}</dt>
                <dd>{or_none(details.referrer)}</dd>
            </dl>
            <p class="muted">{text::tr!(created_on)} " " {text::date_time(&dossier.created_at)}</p>
            <div class="actions">
                <a href=format!("/clients/{}/edit", dossier.id) class="button-primary">{text::tr!(correct)}</a>
                {reads_audit_log.then(|| view! { <a href=audit_href class="button-quiet">{text::tr!(audit_link)}</a> })}
            </div>
            // Only for a role that may read treatments, health answers and photos: the server
            // sends none to the desk.
            {dossier.care.map(|care| view! {
                <TreatmentTimeline
                    client_id=dossier.id.clone()
                    treatments=care.treatments
                    last_treatment_on=care.last_treatment_on
                    photo_consent=care.photo_consent
                    on_change
                />
                <HealthSection client_id=dossier.id.clone() health=care.health on_change/>
            })}
            <ConsentSection client_id=dossier.id.clone() consents=dossier.consents on_change/>
            <RetentionSection client_id=dossier.id.clone() retention=dossier.retention decides on_change/>
            <section class="history" aria-labelledby="history-title">
                <h2 id="history-title">{text::tr!(history_title)}</h2>
                {if dossier.history.is_empty() {
                    view! { <p class="muted">{text::tr!(history_empty)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="history-list">
                            {dossier.history.into_iter().map(|entry| view! { <HistoryItem entry/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
        </article>
    }
}

#[component]
pub fn HistoryItem(entry: HistoryEntry) -> impl IntoView {
    view! {
        <li class="history-item">
            <p class="muted">{text::date_time(&entry.at)} " " {text::tr!(history_by)} " " {entry.changed_by}</p>
            {entry.reason.map(|reason| view! { <p>{text::tr!(history_reason)} ": " {reason}</p> })}
            <ul>
                {entry.changes.into_iter().map(|change| view! {
                    <li>
                        <span class="field-name">{text::field_label(&change.field)}</span> ": "
                        <del>{if change.before.is_empty() { "–".to_owned() } else { change.before }}</del>
                        " → "
                        <ins>{if change.after.is_empty() { "–".to_owned() } else { change.after }}</ins>
                    </li>
                }).collect_view()}
            </ul>
        </li>
    }
}
