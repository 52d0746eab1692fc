//! Correct a dossier (rectification): the old values stay in the history.

use crate::api::clients::{get_client_for_correction, CorrectClient};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::client::{ClientDetails, ClientForm};
use crate::routes::clients::form::{browser_today, ClientFields};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CorrectClientPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let current = Resource::new(id, get_client_for_correction);
    view! {
        <h1>{text::tr!(edit_title)}</h1>
        <p class="intro">{text::tr!(edit_intro)}</p>
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                match current.await {
                    Ok((form, version)) => view! { <CorrectionForm id=id() form version/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn CorrectionForm(id: String, form: ClientForm, version: i64) -> impl IntoView {
    crate::live_part_started!();
    let correct = ServerAction::<CorrectClient>::new();
    let result = correct.value();
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = CorrectClient::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(ClientDetails::parse(&data.form, browser_today())) {
            correct.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let back = format!("/clients/{id}");

    live_view(view! {
        <FormNotices errors failure/>
        <form method="post" action=CorrectClient::url() on:submit=on_submit novalidate>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version.to_string()/>
            <ClientFields initial=form errors/>
            <fieldset>
                <legend>{text::tr!(edit_reason)}</legend>
                <Field field="reason" name="reason" label=text::tr!(edit_reason) errors optional=true hint=text::tr!(edit_reason_hint)/>
            </fieldset>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || correct.pending().get()>
                    {move || if correct.pending().get() { text::tr!(saving) } else { text::tr!(save) }}
                </button>
                <a href=back class="button-quiet">{text::tr!(cancel)}</a>
            </div>
        </form>
    })
}
