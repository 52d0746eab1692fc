//! Intake: open a new dossier with only what the treatment needs.

use crate::api::clients::CreateClient;
use crate::components::field::FormErrors;
use crate::components::message::ErrorMessage;
use crate::domain::client::{ClientDetails, ClientForm};
use crate::routes::clients::form::{browser_today, ClientFields};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn NewClientPage() -> impl IntoView {
    let create = ServerAction::<CreateClient>::new();
    let result = create.value();
    let errors = FormErrors::new(Signal::derive(move || {
        result.get().and_then(|r| r.err()).and_then(|e| e.field_errors().cloned())
    }));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = CreateClient::from_event(&ev) else { return };
        ev.prevent_default();
        match ClientDetails::parse(&data.form, browser_today()) {
            Ok(_) => {
                errors.local.set(None);
                create.dispatch(data);
            }
            Err(found) => errors.local.set(Some(found)),
        }
    };
    let failure = move || result.get().and_then(|r| r.err()).filter(|e| e.field_errors().is_none());

    view! {
        <h1>{text::NEW_CLIENT_TITLE}</h1>
        <p class="intro">{text::NEW_CLIENT_INTRO}</p>
        {move || failure().map(|error| view! { <ErrorMessage error/> })}
        <Show when=move || errors.any().get()>
            <p class="notice notice-error" role="alert">{text::FORM_HAS_ERRORS}</p>
        </Show>
        <form method="post" action=CreateClient::url() on:submit=on_submit novalidate>
            <ClientFields initial=ClientForm::default() errors/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { text::SAVING } else { text::CREATE_CLIENT }}
                </button>
                <a href="/clients" class="button-quiet">{text::CANCEL}</a>
            </div>
        </form>
    }
}
