//! Add a treatment from the phone: the date is today, one tap picks the type, then notes.

use crate::api::treatments::AddTreatment;
use crate::app::page_is_live;
use crate::components::field::{form_failure, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::domain::field::calendar_date_value;
use crate::domain::treatment::{TreatmentDetails, TreatmentForm};
use crate::routes::clients::form::browser_today;
use crate::routes::clients::treatment_form::TreatmentFields;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewTreatmentPage() -> impl IntoView {
    let params = use_params_map();
    let client_id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let today = calendar_date_value(practice_today());
    view! {
        <h1>{text::tr!(treatment_new_title)}</h1>
        <NewTreatmentForm client_id today/>
    }
}

/// The day at the practice by the server's clock, which writes the page (and which tests can
/// move): not the server machine's own zone, and not the browser's, which may differ from both.
fn practice_today() -> chrono::NaiveDate {
    #[cfg(feature = "ssr")]
    if let Ok(state) = crate::server_ctx::state() {
        return crate::api::types::local_date(state.clock.now());
    }
    // In the browser of the whole-page build, which runs this page too.
    browser_today()
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn NewTreatmentForm(client_id: String, today: String) -> impl IntoView {
    crate::live_part_started!();
    let add = ServerAction::<AddTreatment>::new();
    let result = add.value();
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = AddTreatment::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(TreatmentDetails::parse(&data.form, browser_today())) {
            add.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let initial = TreatmentForm { performed_on: today, ..TreatmentForm::default() };
    let back = format!("/clients/{client_id}");

    live_view(view! {
        <FormNotices errors failure/>
        <form method="post" action=AddTreatment::url() on:submit=on_submit novalidate class="treatment-form">
            <input type="hidden" name="client_id" value=client_id/>
            <TreatmentFields initial errors/>
            <div class="actions sticky-actions">
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || add.pending().get()>
                    {move || if add.pending().get() { text::tr!(saving) } else { text::tr!(treatment_save) }}
                </button>
                <a href=back class="button-quiet">{text::tr!(cancel)}</a>
            </div>
        </form>
    })
}
