//! Sign in with e-mail and password.

use crate::api::auth::Login;
use crate::components::field::{Field, FormErrors};
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let result = login.value();
    let errors = FormErrors::new(Signal::derive(move || {
        result.get().and_then(|r| r.err()).and_then(|e| e.field_errors().cloned())
    }));
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            hard_navigate("/clients");
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = Login::from_event(&ev) else { return };
        ev.prevent_default();
        match data.form.check() {
            Ok(_) => {
                errors.local.set(None);
                login.dispatch(data);
            }
            Err(found) => errors.local.set(Some(found)),
        }
    };
    let failure = move || result.get().and_then(|r| r.err()).filter(|e| e.field_errors().is_none());

    view! {
        <main class="page narrow">
            <h1 class="brand-title">{text::APP_NAME}</h1>
            <p class="tagline">{text::TAGLINE}</p>
            <h2>{text::LOGIN_TITLE}</h2>
            {move || failure().map(|error| view! { <ErrorMessage error/> })}
            <form method="post" action=Login::url() on:submit=on_submit novalidate>
                <Field field="email" name="form[email]" label=text::LOGIN_EMAIL errors input_type="email" autocomplete="username"/>
                <Field field="password" name="form[password]" label=text::PASSWORD errors input_type="password" autocomplete="current-password"/>
                <button type="submit" class="button-primary" disabled=move || login.pending().get()>
                    {text::LOGIN_SUBMIT}
                </button>
            </form>
        </main>
    }
}
