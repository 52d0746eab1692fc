//! Settings: the owner's screen-lock time for every device, and each user's own language and PIN.

use crate::api::settings::{get_settings, SaveLanguage, SaveLockMinutes, SetPin};
use crate::api::types::SettingsView;
use crate::app::page_is_live;
use crate::components::field::{Field, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::components::screen_lock::ScreenLock;
use crate::domain::language::Language;
use crate::domain::screen_lock::{parse_lock_minutes, parse_pin};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <h1>{text::tr!(settings_title)}</h1>
        <SettingsForms/>
    }
}

#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SettingsForms() -> impl IntoView {
    crate::live_part_started!();
    let settings = Resource::new(|| (), |_| get_settings());
    let role = expect_context::<crate::domain::user::Role>();
    live_view(view! {
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                let manages_practice = role.may(crate::domain::user::Permission::ManagePractice);
                match settings.await {
                    Ok(current) => view! {
                        <LanguageForm current=current.language/>
                        {manages_practice.then(|| view! { <LockMinutesForm current=current.clone()/> })}
                        <PinForm current/>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    })
}

/// The staff member's own language. Once saved, the page loads again in it.
#[component]
fn LanguageForm(current: Language) -> impl IntoView {
    let save = ServerAction::<SaveLanguage>::new();
    let result = save.value();
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            hard_navigate("/settings");
        }
    });
    let errors = FormErrors::answering(result);
    let language_errors = errors.for_field("language");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = SaveLanguage::from_event(&ev) else { return };
        ev.prevent_default();
        save.dispatch(data);
    };
    view! {
        <form method="post" action=SaveLanguage::url() on:submit=on_submit novalidate>
            <fieldset>
                <legend>{text::tr!(language_title)}</legend>
                <p class="hint">{text::tr!(language_hint)}</p>
                {Language::ALL.into_iter().map(|language| view! {
                    <label class="choice" lang=language.code()>
                        <input type="radio" name="language" value=language.code() checked=language == current/>
                        " " {text::language_name(language)}
                    </label>
                }).collect_view()}
                <div class="field-error">{move || language_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                {move || result.get().and_then(|r| r.err()).filter(|error| error.field_errors().is_none())
                    .map(|error| view! { <ErrorMessage error/> })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || save.pending().get()>{text::tr!(language_save)}</button>
            </fieldset>
        </form>
    }
}

#[component]
fn LockMinutesForm(current: SettingsView) -> impl IntoView {
    let save = ServerAction::<SaveLockMinutes>::new();
    let result = save.value();
    // This device follows the new time at once; the others on their next page load.
    let lock = expect_context::<ScreenLock>();
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            if let Some(minutes) = save.input().get().and_then(|input| parse_lock_minutes(&input.minutes).ok()) {
                lock.set_minutes(minutes);
            }
        }
    });
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = SaveLockMinutes::from_event(&ev) else { return };
        ev.prevent_default();
        save.dispatch(data);
    };
    view! {
        <form method="post" action=SaveLockMinutes::url() on:submit=on_submit novalidate>
            <fieldset>
                <legend>{text::tr!(lock_setting_title)}</legend>
                <Field field="minutes" name="minutes" label=text::tr!(lock_minutes) value=current.lock_minutes.to_string()
                    errors input_type="number" inputmode="numeric" hint=text::tr!(lock_minutes_hint)/>
                {move || result.get().map(|r| match r {
                    Ok(()) => view! { <p class="notice notice-ok" role="status">{text::tr!(saved)}</p> }.into_any(),
                    Err(error) if error.field_errors().is_none() => view! { <ErrorMessage error/> }.into_any(),
                    Err(_) => ().into_any(),
                })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || save.pending().get()>{text::tr!(save)}</button>
            </fieldset>
        </form>
    }
}

#[component]
fn PinForm(current: SettingsView) -> impl IntoView {
    let set_pin = ServerAction::<SetPin>::new();
    let result = set_pin.value();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let has_pin = RwSignal::new(current.has_pin);
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
            has_pin.set(true);
        }
    });
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = SetPin::from_event(&ev) else { return };
        ev.prevent_default();
        let mut found = crate::domain::ValidationErrors::new();
        found.check("pin", parse_pin(&data.pin));
        if data.pin.trim() != data.pin_repeat.trim() {
            found.add("pin_repeat", crate::domain::FieldError::PinsDiffer);
        }
        if errors.passes(found.into_result()) {
            set_pin.dispatch(data);
        }
    };
    view! {
        <form node_ref=form_ref method="post" action=SetPin::url() on:submit=on_submit novalidate>
            <fieldset>
                <legend>{text::tr!(pin_title)}</legend>
                <p class="hint">{move || if has_pin.get() { text::tr!(pin_has) } else { text::tr!(pin_none) }}</p>
                <Field field="pin" name="pin" label=text::tr!(pin_new) errors input_type="password" inputmode="numeric" autocomplete="new-password"/>
                <Field field="pin_repeat" name="pin_repeat" label=text::tr!(pin_repeat) errors input_type="password" inputmode="numeric" autocomplete="new-password"/>
                <Field field="password" name="password" label=text::tr!(pin_password) errors input_type="password" autocomplete="current-password"/>
                {move || result.get().map(|r| match r {
                    Ok(()) => view! { <p class="notice notice-ok" role="status">{text::tr!(pin_saved)}</p> }.into_any(),
                    Err(error) if error.field_errors().is_none() => view! { <ErrorMessage error/> }.into_any(),
                    Err(_) => ().into_any(),
                })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || set_pin.pending().get()>{text::tr!(pin_save)}</button>
            </fieldset>
        </form>
    }
}
