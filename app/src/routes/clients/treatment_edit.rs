//! Correct a treatment: the earlier text stays in its history.

use crate::api::treatments::{get_treatment_for_correction, CorrectTreatment};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::treatment::{TreatmentDetails, TreatmentForm};
use crate::routes::clients::form::browser_today;
use crate::routes::clients::treatment_form::TreatmentFields;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CorrectTreatmentPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || params.with(|p| (p.get("id").unwrap_or_default(), p.get("treatment_id").unwrap_or_default()));
    let current = Resource::new(ids, |(client_id, treatment_id)| get_treatment_for_correction(client_id, treatment_id));
    view! {
        <h1>{text::tr!(treatment_edit_title)}</h1>
        <p class="intro">{text::tr!(treatment_edit_intro)}</p>
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                let (client_id, treatment_id) = ids();
                match current.await {
                    Ok((form, version)) => view! { <CorrectionForm client_id treatment_id form version/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn CorrectionForm(client_id: String, treatment_id: String, form: TreatmentForm, version: i64) -> impl IntoView {
    crate::live_part_started!();
    let correct = ServerAction::<CorrectTreatment>::new();
    let result = correct.value();
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = CorrectTreatment::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(TreatmentDetails::parse(&data.form, browser_today())) {
            correct.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let back = format!("/clients/{client_id}");

    live_view(view! {
        <FormNotices errors failure/>
        <form method="post" action=CorrectTreatment::url() on:submit=on_submit novalidate class="treatment-form">
            <input type="hidden" name="client_id" value=client_id/>
            <input type="hidden" name="treatment_id" value=treatment_id/>
            <input type="hidden" name="version" value=version.to_string()/>
            <TreatmentFields initial=form errors/>
            <Field field="reason" name="reason" label=text::tr!(edit_reason) errors optional=true hint=text::tr!(edit_reason_hint)/>
            <div class="actions sticky-actions">
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || correct.pending().get()>
                    {move || if correct.pending().get() { text::tr!(saving) } else { text::tr!(save) }}
                </button>
                <a href=back class="button-quiet">{text::tr!(cancel)}</a>
            </div>
        </form>
    })
}
