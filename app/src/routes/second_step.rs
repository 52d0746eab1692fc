//! The second step of signing in, after the password (or after accepting an invitation): a code
//! from the authenticator app or a recovery code; or, the first time, setting the app up by
//! scanning a QR code (or typing its key) and proving it with its first code.

use crate::api::auth::{new_second_step_secret, sign_in_waiting, ConfirmSecondStep, SignInCode};
use crate::api::types::{SignInStep, WaitingSignIn};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::components::recovery_codes::RecoveryCodes;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SecondStepPage() -> impl IntoView {
    view! {
        <main class="page narrow">
            <h1 class="brand-title">{text::tr!(app_name)}</h1>
            <SecondStep/>
        </main>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SecondStep() -> impl IntoView {
    crate::live_part_started!();
    // Asked from the browser only: the answer depends on a cookie that is gone after use.
    let waiting = LocalResource::new(sign_in_waiting);
    live_view(view! {
        {move || match waiting.get() {
            None => view! { <p>{text::tr!(loading)}</p> }.into_any(),
            Some(Ok(WaitingSignIn { name, step: SignInStep::EnterCode })) => view! { <EnterCode name/> }.into_any(),
            Some(Ok(WaitingSignIn { name, step: SignInStep::SetUp })) => view! { <SetUp name/> }.into_any(),
            Some(Err(error)) => view! {
                <h2>{text::tr!(second_step_title)}</h2>
                <ErrorMessage error/>
            }.into_any(),
        }}
    })
}

#[component]
fn EnterCode(name: String) -> impl IntoView {
    let sign_in = ServerAction::<SignInCode>::new();
    let result = sign_in.value();
    let errors = FormErrors::answering(result);
    let failure = form_failure(result);
    Effect::new(move |_| {
        if let Some(Ok(signed_in)) = result.get() {
            if signed_in.recovery_codes_left.is_none() {
                hard_navigate("/clients");
            }
        }
    });
    // A memo, so that a refused code does not build the form again (and empty what was typed).
    let recovery_used =
        Memo::new(move |_| result.get().and_then(|r| r.ok()).and_then(|signed_in| signed_in.recovery_codes_left));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = SignInCode::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse()) {
            sign_in.dispatch(data);
        }
    };
    view! {
        <h2>{text::tr!(second_step_title)}</h2>
        {move || match recovery_used.get() {
            // Signed in with a recovery code: say how many are left before going on.
            Some(left) => view! {
                <div class="notice notice-warning" role="status">
                    <p>{text::tr!(recovery_code_used, left = left.to_string())}</p>
                </div>
                <button type="button" class="button-primary" on:click=move |_| hard_navigate("/clients")>
                    {text::tr!(continue_to_app)}
                </button>
            }.into_any(),
            None => view! {
                <p>{text::tr!(second_step_enter, name = name.clone())}</p>
                {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
                <form method="post" action=SignInCode::url() on:submit=on_submit novalidate>
                    <Field field="code" name="form[code]" label=text::tr!(second_step_code) hint=text::tr!(second_step_code_hint)
                        errors autocomplete="one-time-code"/>
                    <button type="submit" class="button-primary" disabled=move || !page_is_live() || sign_in.pending().get()>
                        {text::tr!(second_step_submit)}
                    </button>
                </form>
                <p><a href="/login" rel="external">{text::tr!(second_step_start_again)}</a></p>
            }.into_any(),
        }}
    }
}

#[component]
fn SetUp(name: String) -> impl IntoView {
    let secret = LocalResource::new(new_second_step_secret);
    let confirm = ServerAction::<ConfirmSecondStep>::new();
    let result = confirm.value();
    let errors = FormErrors::answering(result);
    let failure = form_failure(result);
    let codes = Memo::new(move |_| result.get().and_then(|r| r.ok()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = ConfirmSecondStep::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse_app_code()) {
            confirm.dispatch(data);
        }
    };
    view! {
        <h2>{text::tr!(second_step_set_up_title)}</h2>
        {move || match codes.get() {
            Some(codes) => view! {
                <p class="notice notice-success" role="status">{text::tr!(second_step_set_up_done)}</p>
                <RecoveryCodes codes/>
                <button type="button" class="button-primary" on:click=move |_| hard_navigate("/clients")>
                    {text::tr!(recovery_codes_kept)}
                </button>
            }.into_any(),
            None => view! {
                <p>{text::tr!(second_step_set_up_intro, name = name.clone())}</p>
                {move || match secret.get() {
                    None => view! { <p>{text::tr!(loading)}</p> }.into_any(),
                    Some(Err(error)) => view! { <ErrorMessage error/> }.into_any(),
                    Some(Ok(secret)) => view! {
                        <ol class="steps">
                            <li>{text::tr!(second_step_install_app)}</li>
                            <li>
                                {text::tr!(second_step_scan)}
                                <div class="qr" inner_html=secret.qr_svg role="img" aria-label=text::tr!(second_step_qr)></div>
                                <p>{text::tr!(second_step_or_type)}</p>
                                <p><code class="secret" data-testid="second-step-secret">{secret.text}</code></p>
                            </li>
                            <li>{text::tr!(second_step_type_first_code)}</li>
                        </ol>
                        {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
                        <form method="post" action=ConfirmSecondStep::url() on:submit=on_submit novalidate>
                            <Field field="code" name="form[code]" label=text::tr!(second_step_app_code) errors
                                autocomplete="one-time-code" inputmode="numeric"/>
                            <button type="submit" class="button-primary" disabled=move || !page_is_live() || confirm.pending().get()>
                                {text::tr!(second_step_set_up_submit)}
                            </button>
                        </form>
                    }.into_any(),
                }}
            }.into_any(),
        }}
    }
}
