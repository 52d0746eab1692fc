//! Intake: open a new dossier with only what the treatment needs.

use crate::api::clients::CreateClient;
use crate::components::field::{form_failure, FormErrors, FormNotices};
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
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = CreateClient::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(ClientDetails::parse(&data.form, browser_today())) {
            create.dispatch(data);
        }
    };
    let failure = form_failure(result);

    view! {
        <h1>{text::NEW_CLIENT_TITLE}</h1>
        <p class="intro">{text::NEW_CLIENT_INTRO}</p>
        <FormNotices errors failure/>
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
