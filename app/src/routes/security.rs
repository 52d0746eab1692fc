//! One's own security: where one is signed in (and ending it there), a new password (with the
//! current one and a code), and new recovery codes.

use crate::api::account::{own_security, ChangeOwnPassword, EndOwnSession, RenewOwnRecoveryCodes};
use crate::api::types::OwnSession;
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::components::recovery_codes::RecoveryCodes;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <h1>{text::tr!(security_title)}</h1>
        <p class="intro">{text::tr!(security_intro)}</p>
        <OwnSecurity/>
    }
}

/// New recovery codes show in the count above them, so the page is one live part.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn OwnSecurity() -> impl IntoView {
    crate::live_part_started!();
    let overview = Resource::new(|| (), |_| own_security());
    let refresh = move || overview.refetch();
    live_view(view! {
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{text::tr!(security_sessions_title)}</h2>
            <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(overview) => view! {
                            <ul class="session-list">
                                {overview.sessions.into_iter().map(|session| view! { <SessionRow session on_end=refresh/> }).collect_view()}
                            </ul>
                            <p data-testid="recovery-codes-left">
                                {text::tr!(security_recovery_left, left = overview.recovery_codes_left.to_string())}
                            </p>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <PasswordChange/>
        <NewRecoveryCodes on_done=refresh/>
    })
}

#[component]
fn SessionRow(session: OwnSession, on_end: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let end = ServerAction::<EndOwnSession>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = end.value().get() {
            on_end();
        }
    });
    let id = session.id.clone();
    view! {
        <li class="session-row">
            <strong>{text::device_label(session.device)}</strong>
            {session.this_device.then(|| view! { <span class="badge">{text::tr!(security_this_device)}</span> })}
            <span class="muted">
                {text::tr!(security_signed_in_at)} " " {text::date_time(&session.started)} " · "
                {text::tr!(security_last_seen)} " " {text::date_time(&session.last_seen)}
            </span>
            {(!session.this_device).then(|| view! {
                <button type="button" class="button-quiet" disabled=move || end.pending().get()
                    on:click=move |_| { end.dispatch(EndOwnSession { id: id.clone() }); }>
                    {text::tr!(security_end_session)}
                </button>
            })}
            {move || end.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </li>
    }
}

#[component]
fn PasswordChange() -> impl IntoView {
    let change = ServerAction::<ChangeOwnPassword>::new();
    let result = change.value();
    let errors = FormErrors::answering(result);
    let failure = form_failure(result);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let changed = move || matches!(result.get(), Some(Ok(())));
    Effect::new(move |_| {
        // Secrets are not kept on screen once they did their work.
        if changed() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = ChangeOwnPassword::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse()) {
            change.dispatch(data);
        }
    };
    view! {
        <section aria-labelledby="password-title">
            <h2 id="password-title">{text::tr!(security_password_title)}</h2>
            <FormNotices errors failure/>
            <Show when=changed>
                <p class="notice notice-success" role="status">{text::tr!(security_password_changed)}</p>
            </Show>
            <form node_ref=form_ref method="post" action=ChangeOwnPassword::url() on:submit=on_submit novalidate>
                <Field field="current" name="form[current]" label=text::tr!(security_current_password) errors input_type="password" autocomplete="current-password"/>
                <Field field="password" name="form[password]" label=text::tr!(security_new_password) hint=text::tr!(password_hint) errors input_type="password" autocomplete="new-password"/>
                <Field field="password_repeat" name="form[password_repeat]" label=text::tr!(password_repeat) errors input_type="password" autocomplete="new-password"/>
                <Field field="code" name="form[code]" label=text::tr!(second_step_code) hint=text::tr!(second_step_code_hint) errors autocomplete="one-time-code"/>
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || change.pending().get()>{text::tr!(security_password_submit)}</button>
            </form>
        </section>
    }
}

#[component]
fn NewRecoveryCodes(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let renew = ServerAction::<RenewOwnRecoveryCodes>::new();
    let result = renew.value();
    let errors = FormErrors::answering(result);
    let failure = form_failure(result);
    // A memo, so that a refused code does not build the form again (and empty what was typed).
    let codes = Memo::new(move |_| result.get().and_then(|r| r.ok()));
    Effect::new(move |_| {
        if codes.with(Option::is_some) {
            on_done();
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = RenewOwnRecoveryCodes::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse()) {
            renew.dispatch(data);
        }
    };
    view! {
        <section aria-labelledby="renew-title">
            <h2 id="renew-title">{text::tr!(security_renew_title)}</h2>
            {move || match codes.get() {
                Some(codes) => view! { <RecoveryCodes codes/> }.into_any(),
                None => view! {
                    <p>{text::tr!(security_renew_intro)}</p>
                    <FormNotices errors failure/>
                    <form method="post" action=RenewOwnRecoveryCodes::url() on:submit=on_submit novalidate>
                        <Field field="code" name="form[code]" label=text::tr!(second_step_code) hint=text::tr!(second_step_code_hint) errors autocomplete="one-time-code"/>
                        <button type="submit" class="button-primary" disabled=move || !page_is_live() || renew.pending().get()>{text::tr!(security_renew_submit)}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
