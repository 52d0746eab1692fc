//! First run: the practice and the owner's account (REQ-1).

use crate::api::setup::{is_set_up, SetUpPractice};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::domain::practice::{NewPractice, PracticeProfile};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SetupPage() -> impl IntoView {
    let status = Resource::new(|| (), |_| is_set_up());
    view! {
        <main class="page narrow">
            <h1 class="brand-title">{text::tr!(app_name)}</h1>
            <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(false) => view! { <SetupForm/> }.into_any(),
                        Ok(true) => view! { <ErrorMessage error=crate::error::AppError::AlreadySetUp/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SetupForm() -> impl IntoView {
    crate::live_part_started!();
    let setup = ServerAction::<SetUpPractice>::new();
    let result = setup.value();
    let errors = FormErrors::answering(result);
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            hard_navigate("/login");
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = SetUpPractice::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(NewPractice::parse(&data.form)) {
            setup.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let profile_errors = errors.for_field("profile");

    live_view(view! {
        <h2>{text::tr!(setup_title)}</h2>
        <p>{text::tr!(setup_intro)}</p>
        <FormNotices errors failure/>
        <form method="post" action=SetUpPractice::url() on:submit=on_submit novalidate>
            <fieldset>
                <legend>{text::tr!(setup_practice)}</legend>
                <Field field="practice_name" name="form[practice_name]" label=text::tr!(practice_name) errors autocomplete="organization"/>
                <Field field="address" name="form[address]" label=text::tr!(practice_address) errors autocomplete="street-address"/>
                <Field field="kvk" name="form[kvk]" label=text::tr!(practice_kvk) errors optional=true inputmode="numeric"/>
                <fieldset class="choices" aria-describedby="profile-warning">
                    <legend>{text::tr!(practice_profile)}</legend>
                    {PracticeProfile::ALL
                        .into_iter()
                        .map(|profile| {
                            let id = format!("profile-{}", profile.code());
                            let label_for = id.clone();
                            view! {
                                <label class="choice" for=label_for>
                                    <input type="radio" id=id name="form[profile]" value=profile.code()/>
                                    <span>{text::profile_label(profile.code())}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                    <p class="hint" id="profile-warning">{text::tr!(profile_warning)}</p>
                    <div class="field-error" aria-live="polite">
                        <For each=move || profile_errors.get() key=|m| m.clone() let:message>
                            <p>{message}</p>
                        </For>
                    </div>
                </fieldset>
            </fieldset>
            <fieldset>
                <legend>{text::tr!(setup_owner)}</legend>
                <Field field="owner_name" name="form[owner_name]" label=text::tr!(owner_name) errors autocomplete="name"/>
                <Field field="owner_email" name="form[owner_email]" label=text::tr!(owner_email) errors input_type="email" autocomplete="username"/>
                <Field field="password" name="form[password]" label=text::tr!(password) hint=text::tr!(password_hint) errors input_type="password" autocomplete="new-password"/>
                <Field field="password_repeat" name="form[password_repeat]" label=text::tr!(password_repeat) errors input_type="password" autocomplete="new-password"/>
            </fieldset>
            <Field field="setup_code" name="form[setup_code]" label=text::tr!(setup_code) hint=text::tr!(setup_code_hint) errors inputmode="numeric" autocomplete="one-time-code"/>
            <button type="submit" class="button-primary" disabled=move || !page_is_live() || setup.pending().get()>{text::tr!(setup_submit)}</button>
        </form>
    })
}
