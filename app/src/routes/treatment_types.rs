//! The owner's treatment types, and the AVG checks their first use asks for.

use crate::api::treatments::{
    load_treatment_types, AddTreatmentType, ChangeTreatmentType, ResolveAvgCheck, SetTreatmentTypeActive,
};
use crate::api::types::{ReminderView, TreatmentTypeView};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TreatmentTypesPage() -> impl IntoView {
    view! {
        <h1>{text::tr!(types_title)}</h1>
        <p class="intro">{text::tr!(types_intro)}</p>
        <TreatmentTypes/>
    }
}

/// A type added or changed shows in the list and in the checks it asks for: one live part.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn TreatmentTypes() -> impl IntoView {
    crate::live_part_started!();
    let overview = Resource::new(|| (), |_| load_treatment_types());
    let refresh = move || overview.refetch();
    live_view(view! {
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! {
                        <Reminders reminders=overview.reminders on_change=refresh/>
                        <ul class="type-list">
                            {overview.types.into_iter().map(|kind| view! { <TypeRow kind on_change=refresh/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
        <NewTypeForm on_saved=refresh/>
    })
}

#[component]
fn Reminders(reminders: Vec<ReminderView>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let resolve = ServerAction::<ResolveAvgCheck>::new();
    Effect::new(move |_| {
        if resolve.value().get().is_some() {
            on_change();
        }
    });
    (!reminders.is_empty()).then(|| view! {
        <section class="reminders" aria-labelledby="reminders-title">
            <h2 id="reminders-title">{text::tr!(avg_check_title)}</h2>
            <ul>
                {reminders.into_iter().map(|reminder| {
                    let id = reminder.id;
                    view! {
                        <li class="notice notice-warning">
                            <p><strong>{reminder.type_name}</strong> ": " {text::tr!(avg_check_body)}</p>
                            <p class="muted">{text::date_time(&reminder.at)} " · " {reminder.raised_by}</p>
                            <button type="button" class="button-quiet" on:click=move |_| { resolve.dispatch(ResolveAvgCheck { id }); }>
                                {text::tr!(avg_check_done)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn TypeRow(kind: TreatmentTypeView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let toggle = ServerAction::<SetTreatmentTypeActive>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get() {
            on_change();
        }
    });
    let (id, active, label) = (kind.id, kind.active, kind.name.clone());
    let editing = RwSignal::new(false);
    let current = kind.clone();
    view! {
        <li class="type-row" class:type-retired=!active aria-label=label>
            <span class="type-name">{kind.name}</span>
            {kind.records_health_data.then(|| view! { <span class="status status-declined">{text::tr!(type_health)}</span> })}
            {(!active).then(|| view! { <span class="status status-withdrawn">{text::tr!(type_retired)}</span> })}
            <button type="button" class="button-quiet" on:click=move |_| editing.update(|e| *e = !*e)>{text::tr!(type_edit)}</button>
            <button type="button" class="button-quiet" on:click=move |_| { toggle.dispatch(SetTreatmentTypeActive { id, active: !active }); }>
                {if active { text::tr!(type_retire) } else { text::tr!(type_revive) }}
            </button>
            <Show when=move || editing.get()>
                <ChangeTypeForm kind=current.clone() on_saved=on_change/>
            </Show>
        </li>
    }
}

#[component]
fn ChangeTypeForm(kind: TreatmentTypeView, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let change = ServerAction::<ChangeTreatmentType>::new();
    let result = change.value();
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            on_saved();
        }
    });
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = ChangeTreatmentType::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse()) {
            change.dispatch(data);
        }
    };
    let failure = form_failure(result);
    // Ids carry the type's id: the add form below has a name field of its own.
    let (name_id, checkbox_id) = (format!("type-name-{}", kind.id), format!("type-health-{}", kind.id));
    let (name_label_for, checkbox_label_for) = (name_id.clone(), checkbox_id.clone());
    let name_errors = errors.for_field("name");
    view! {
        <form class="type-change" method="post" action=ChangeTreatmentType::url() on:submit=on_submit novalidate>
            <input type="hidden" name="id" value=kind.id.to_string()/>
            <div class="field" class:field-invalid=move || !name_errors.with(Vec::is_empty)>
                <label for=name_label_for>{text::tr!(type_new_name)}</label>
                <input id=name_id name="form[name]" type="text" value=kind.name autocomplete="off"/>
                <div class="field-error" aria-live="polite">
                    <For each=move || name_errors.get() key=|m| m.clone() let:message>
                        <p>{message}</p>
                    </For>
                </div>
            </div>
            <label class="choice" for=checkbox_label_for>
                <input type="checkbox" id=checkbox_id name="form[records_health_data]" value="on" checked=kind.records_health_data/>
                <span>{text::tr!(type_health_question)}</span>
            </label>
            {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
            <button type="submit" class="button-primary" disabled=move || !page_is_live() || change.pending().get()>{text::tr!(save)}</button>
        </form>
    }
}

#[component]
fn NewTypeForm(on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let add = ServerAction::<AddTreatmentType>::new();
    let result = add.value();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            if let Some(form) = form_ref.get() {
                form.reset();
            }
            on_saved();
        }
    });
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = AddTreatmentType::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(data.form.parse()) {
            add.dispatch(data);
        }
    };
    let failure = form_failure(result);
    view! {
        <form node_ref=form_ref method="post" action=AddTreatmentType::url() on:submit=on_submit novalidate>
            <fieldset>
                <legend>{text::tr!(type_new)}</legend>
                <Field field="name" name="form[name]" label=text::tr!(type_name) errors/>
                <label class="choice" for="type-health">
                    <input type="checkbox" id="type-health" name="form[records_health_data]" value="on"/>
                    <span>{text::tr!(type_health_question)}</span>
                </label>
                {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || add.pending().get()>{text::tr!(type_add)}</button>
            </fieldset>
        </form>
    }
}
