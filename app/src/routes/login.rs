//! Sign in with e-mail and password.

use crate::api::auth::Login;
use crate::app::page_is_live;
use crate::components::device;
use crate::components::field::{form_failure, Field, FormErrors, SubmittedForm};
use crate::components::live_view::live_view;
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::domain::language::Language;
use crate::domain::user::LoginForm;
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn LoginPage() -> impl IntoView {
    // Why the last session ended, when the app sent the browser here itself (no personal data:
    // only a reason code in the address).
    let query = leptos_router::hooks::use_query_map();
    let signed_out_because = move || query.with(|q| q.get("reden")).and_then(|code| text::signed_out_reason(&code));
    view! {
        <main class="page narrow">
            <SignInLanguages shown_in=text::language()/>
            <h1 class="brand-title">{text::tr!(app_name)}</h1>
            <p class="tagline">{text::tr!(tagline)}</p>
            <h2>{text::tr!(login_title)}</h2>
            {move || signed_out_because().map(|reason| view! { <p class="notice notice-warning" role="status">{reason}</p> })}
            <SignInForm/>
        </main>
    }
}

/// The sign-in page's language, chosen on this device and remembered there.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SignInLanguages(shown_in: Language) -> impl IntoView {
    crate::live_part_started!();
    Effect::new(move |_| device::restore_sign_in_language(shown_in));
    live_view(view! {
        <nav class="language-switch" aria-label=text::tr!(sign_in_language)>
            {Language::ALL.into_iter().map(|language| view! {
                <button type="button" class="link-button" lang=language.code()
                    aria-pressed=(language == shown_in).to_string()
                    on:click=move |_| device::choose_sign_in_language(language)>
                    {text::language_name(language)}
                </button>
            }).collect_view()}
        </nav>
    })
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SignInForm() -> impl IntoView {
    crate::live_part_started!();
    let login = ServerAction::<Login>::new();
    let result = login.value();
    let errors = FormErrors::answering(result);
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            hard_navigate("/login/code");
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(data) = typed_login(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.problems()) {
            login.dispatch(data);
        }
    };
    let failure = form_failure(result);
    live_view(view! {
        {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
        <form method="post" action=Login::url() on:submit=on_submit novalidate>
            <Field field="email" name="form[email]" label=text::tr!(login_email) errors input_type="email" autocomplete="username"/>
            <Field field="password" name="form[password]" label=text::tr!(password) errors input_type="password" autocomplete="current-password"/>
            <button type="submit" class="button-primary" disabled=move || !page_is_live() || login.pending().get()>
                {text::tr!(login_submit)}
            </button>
        </form>
    })
}

/// The two fields as typed. Only `problems` is checked here, since lowercasing brings Unicode's
/// case tables (11 kB); the server lowercases.
fn typed_login(ev: &leptos::ev::SubmitEvent) -> Option<Login> {
    let form = SubmittedForm::of(ev)?;
    Some(Login { form: LoginForm { email: form.text("form[email]"), password: form.text("form[password]") } })
}
