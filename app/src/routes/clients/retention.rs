//! On the dossier: until when it is kept and why, a legal hold, and (for the owner) erasure at
//! the client's request, which says what it had to keep.

use crate::api::retention::{EraseOnRequest, KeepDossierLonger, LiftLegalHold, PlaceLegalHold};
use crate::api::types::{Erased, Retention};
use crate::app::page_is_live;
use crate::components::confirm::ConfirmStep;
use crate::components::field::{form_failure, Choice, Field, FormErrors};
use crate::domain::retention::{Ground, HoldReason, KeepLongerReason};
use crate::error::AppError;
use crate::text;
use leptos::prelude::*;

/// Set once the dossier is erased: the page then shows what was kept, not the dossier.
#[derive(Clone, Copy)]
pub struct ErasedDossier(pub RwSignal<Option<Erased>>);

#[component]
pub fn RetentionSection(
    client_id: String,
    retention: Retention,
    /// The reader may decide what is kept (the owner).
    decides: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let kept = retention.kept_until;
    let held = retention.hold.is_some();
    view! {
        <section class="retention" aria-labelledby="retention-title">
            <h2 id="retention-title">{text::tr!(retention_section_title)}</h2>
            <p data-testid="kept-until">
                {text::tr!(kept_until_line, date = text::date(kept.date), term = text::term_label(&kept))}
            </p>
            <p class="muted">{text::ground_label(kept.rule.ground)}</p>
            {retention.keep_longer_note.filter(|note| !note.is_empty()).map(|note| view! {
                <p data-testid="keep-longer-note">{text::tr!(keep_longer_note_line, note)}</p>
            })}
            {retention.hold.map(|hold| view! {
                <p class="notice notice-warning" role="note">
                    {text::tr!(hold_in_force, reason = text::hold_reason_label(hold.reason), date = text::date(hold.placed_on))}
                    {(!hold.note.is_empty()).then(|| format!(" {}", hold.note))}
                </p>
            })}
            {decides.then(|| view! {
                {(kept.rule.ground == Ground::Wgbo).then(|| view! { <KeepLongerControl client_id=client_id.clone() on_change/> })}
                <HoldControls client_id=client_id.clone() held on_change/>
                {(!held).then(|| view! { <EraseOnRequestControl client_id=client_id.clone() wgbo=kept.rule.ground == Ground::Wgbo/> })}
            })}
        </section>
    }
}

#[component]
fn HoldControls(client_id: String, held: bool, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let place = ServerAction::<PlaceLegalHold>::new();
    let lift = ServerAction::<LiftLegalHold>::new();
    let placing = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(place.value().get(), Some(Ok(()))) || matches!(lift.value().get(), Some(Ok(()))) {
            placing.set(false);
            on_change();
        }
    });
    let errors = FormErrors::answering(place.value());
    let failure = form_failure(place.value());
    let lift_failure = move || lift.value().get().and_then(Result::err);
    if held {
        let client_id = client_id.clone();
        return view! {
            {move || lift_failure().map(|error: AppError| view! { <p class="notice notice-error" role="alert">{text::app_error(&error)}</p> })}
            <button type="button" class="button-quiet" on:click=move |_| { lift.dispatch(LiftLegalHold { client_id: client_id.clone() }); }>
                {text::tr!(hold_lift)}
            </button>
        }
        .into_any();
    }
    let client_id = StoredValue::new(client_id);
    view! {
        <Show when=move || placing.get() fallback=move || view! {
            <button type="button" class="button-quiet" on:click=move |_| placing.set(true)>{text::tr!(hold_place)}</button>
        }>
            <ActionForm action=place attr:class="hold-form">
                <input type="hidden" name="client_id" value=client_id.get_value()/>
                <Choice form="hold" field="reason" label=text::tr!(hold_reason) placeholder=text::tr!(hold_choose) errors
                    options=HoldReason::ALL.into_iter().map(|reason| (reason.code(), text::hold_reason_label(reason))).collect()/>
                <Field form="hold" field="note" name="note" label=text::tr!(hold_note) errors multiline=true optional=true/>
                {move || failure.get().map(|error| view! { <p class="notice notice-error" role="alert">{text::app_error(&error)}</p> })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live()>{text::tr!(hold_place_submit)}</button>
            </ActionForm>
        </Show>
    }
    .into_any()
}

/// A documented decision to keep a care dossier past its term: a reason and a review day.
#[component]
fn KeepLongerControl(client_id: String, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let decide = ServerAction::<KeepDossierLonger>::new();
    let deciding = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(decide.value().get(), Some(Ok(()))) {
            deciding.set(false);
            on_change();
        }
    });
    let errors = FormErrors::answering(decide.value());
    let failure = form_failure(decide.value());
    let client_id = StoredValue::new(client_id);
    view! {
        <Show when=move || deciding.get() fallback=move || view! {
            <button type="button" class="button-quiet" on:click=move |_| deciding.set(true)>{text::tr!(keep_longer_open)}</button>
        }>
            <ActionForm action=decide attr:class="keep-longer-form">
                <input type="hidden" name="client_id" value=client_id.get_value()/>
                <Choice form="keep-longer" field="reason" label=text::tr!(keep_longer_reason) placeholder=text::tr!(keep_longer_choose) errors
                    options=KeepLongerReason::ALL.into_iter().map(|reason| (reason.code(), text::keep_longer_reason_label(reason))).collect()/>
                <Field form="keep-longer" field="review_on" name="review_on" label=text::tr!(keep_longer_review_on) errors
                    input_type="date" hint=text::tr!(keep_longer_review_hint)/>
                <Field form="keep-longer" field="note" name="note" label=text::tr!(keep_longer_note) errors multiline=true optional=true/>
                {move || failure.get().map(|error| view! { <p class="notice notice-error" role="alert">{text::app_error(&error)}</p> })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live()>{text::tr!(keep_longer_submit)}</button>
            </ActionForm>
        </Show>
    }
}

#[component]
fn EraseOnRequestControl(client_id: String, wgbo: bool) -> impl IntoView {
    let erase = ServerAction::<EraseOnRequest>::new();
    let erased = expect_context::<ErasedDossier>().0;
    let asking = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = erase.value().get() {
            erased.set(Some(outcome));
        }
    });
    let consequence =
        if wgbo { text::tr!(erase_on_request_consequence_wgbo) } else { text::tr!(erase_on_request_consequence) };
    view! {
        {move || erase.value().get().and_then(Result::err).map(|error: AppError| view! {
            <p class="notice notice-error" role="alert">{text::app_error(&error)}</p>
        })}
        <Show when=move || asking.get() fallback=move || view! {
            <button type="button" class="button-danger" on:click=move |_| asking.set(true)>{text::tr!(erase_on_request)}</button>
        }>
            <ConfirmStep
                consequence=consequence
                confirm_label=text::tr!(erase_on_request_confirm)
                on_confirm={
                    let client_id = client_id.clone();
                    Callback::new(move |()| {
                        asking.set(false);
                        erase.dispatch(EraseOnRequest { client_id: client_id.clone(), confirmed: Some("yes".into()) });
                    })
                }
                on_cancel=Callback::new(move |()| asking.set(false))
            />
        </Show>
    }
}

/// What an erasure on request kept, and why: shown once it is done.
#[component]
pub fn ErasedNotice(erased: Erased) -> impl IntoView {
    view! {
        <section class="notice notice-success" role="status" aria-labelledby="erased-title">
            <h2 id="erased-title">{text::tr!(erased_title)}</h2>
            <p>{text::tr!(erased_everything)}</p>
            {(erased.photos_removed > 0).then(|| view! { <p>{text::tr!(erased_photos, count = erased.photos_removed)}</p> })}
            {match erased.tax_record_until {
                Some(until) => view! { <p>{text::tr!(erased_kept_tax_record, date = text::date(until))}</p> }.into_any(),
                None => view! { <p>{text::tr!(erased_kept_nothing)}</p> }.into_any(),
            }}
            <p><a href="/clients">{text::tr!(erased_back)}</a></p>
        </section>
    }
}
