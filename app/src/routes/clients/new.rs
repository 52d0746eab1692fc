//! Intake: open a new dossier with only what the treatment needs.

use crate::api::clients::CreateClient;
use crate::app::page_is_live;
use crate::components::field::{form_failure, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::domain::client::{ClientDetails, ClientForm};
use crate::routes::clients::form::{browser_today, ClientFields};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn NewClientPage() -> impl IntoView {
    view! {
        <h1>{text::tr!(new_client_title)}</h1>
        <p class="intro">{text::tr!(new_client_intro)}</p>
        <NewClientForm/>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn NewClientForm() -> impl IntoView {
    crate::live_part_started!();
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

    live_view(view! {
        <FormNotices errors failure/>
        <form method="post" action=CreateClient::url() on:submit=on_submit novalidate>
            <ClientFields initial=ClientForm::default() errors/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || create.pending().get()>
                    {move || if create.pending().get() { text::tr!(saving) } else { text::tr!(create_client) }}
                </button>
                <a href="/clients" class="button-quiet">{text::tr!(cancel)}</a>
            </div>
        </form>
    })
}
