//! A colleague's invitation, opened on their own phone: they set their own password (to join,
//! or after the owner reset it) and go on to set up their second step. The token comes after
//! `#` in the link, which the browser keeps to itself; this page reads it and sends it with
//! each request.

use crate::api::team::{open_invitation, AcceptInvitation};
use crate::api::types::InvitationInfo;
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::domain::team::InvitationPurpose;
use crate::error::AppError;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The token after `#`, once the page runs in the browser; empty on the server.
fn token_from_address() -> String {
    #[cfg(feature = "hydrate")]
    {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        hash.trim_start_matches('#').to_owned()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    view! {
        <main class="page narrow">
            <h1 class="brand-title">{text::tr!(app_name)}</h1>
            <Invitation/>
        </main>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn Invitation() -> impl IntoView {
    crate::live_part_started!();
    let token = RwSignal::new(None::<String>);
    // The address's `#` part exists only in the browser: read it once the page runs there.
    Effect::new(move |_| token.set(Some(token_from_address())));
    let info = LocalResource::new(move || {
        let token = token.get();
        async move {
            match token {
                None => None,
                Some(token) if token.is_empty() => Some(Err(AppError::InvitationInvalid)),
                Some(token) => Some(open_invitation(token).await),
            }
        }
    });
    live_view(view! {
        {move || match info.get() {
            None | Some(None) => view! { <p>{text::tr!(loading)}</p> }.into_any(),
            Some(Some(Ok(info))) => view! { <PasswordForm info token=token.get().unwrap_or_default()/> }.into_any(),
            Some(Some(Err(error))) => view! {
                <h2>{text::tr!(welcome_title_plain)}</h2>
                <ErrorMessage error/>
            }.into_any(),
        }}
    })
}

#[component]
fn PasswordForm(info: InvitationInfo, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let result = accept.value();
    let errors = FormErrors::answering(result);
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            hard_navigate("/login/code");
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = AcceptInvitation::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse()) {
            accept.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let intro = match info.purpose {
        InvitationPurpose::Join => text::tr!(
            welcome_join,
            practice = info.practice_name.clone(),
            role = text::role_label(info.role).to_lowercase()
        ),
        InvitationPurpose::Reset => text::tr!(welcome_reset).to_owned(),
    };
    view! {
        <h2>{text::tr!(welcome_title, name = info.name.clone())}</h2>
        <p>{intro}</p>
        <p class="muted">{text::tr!(invitation_valid_until)} " " {text::date_time(&info.until)}</p>
        {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
        <form method="post" action=AcceptInvitation::url() on:submit=on_submit novalidate>
            <input type="hidden" name="token" value=token/>
            <Field field="password" name="form[password]" label=text::tr!(password) hint=text::tr!(password_hint) errors input_type="password" autocomplete="new-password"/>
            <Field field="password_repeat" name="form[password_repeat]" label=text::tr!(password_repeat) errors input_type="password" autocomplete="new-password"/>
            <button type="submit" class="button-primary" disabled=move || !page_is_live() || accept.pending().get()>{text::tr!(welcome_submit)}</button>
        </form>
    }
}
