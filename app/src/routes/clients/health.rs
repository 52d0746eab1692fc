//! The health questionnaire on the dossier: special-category data, shown and recorded only while
//! the client's consent for health data is in force.

use crate::api::treatments::RecordHealth;
use crate::api::types::{HealthRecordView, HealthView};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors};
use crate::components::message::ErrorMessage;
use crate::domain::treatment::{HealthAnswers, HealthForm, Pregnancy};
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn HealthSection(
    client_id: String,
    health: HealthView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="health" aria-labelledby="health-title">
            <h2 id="health-title">{text::tr!(health_title)}</h2>
            {match health {
                HealthView::NoConsent => view! {
                    <p class="notice notice-info">{text::consent_required(crate::domain::consent::ConsentPurpose::HealthData)}</p>
                }.into_any(),
                HealthView::Consented(current) => view! { <HealthAnswersView client_id current on_change/> }.into_any(),
                HealthView::ConsentEnded { ended_on, declined } => view! {
                    <p class="notice notice-warning" role="alert">{text::health_consent_ended(&text::date(ended_on), declined)}</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn HealthAnswersView(
    client_id: String,
    current: Option<HealthRecordView>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let editing = RwSignal::new(current.is_none());
    let initial = current.as_ref().map(|c| c.answers.to_form()).unwrap_or_default();
    let summary = current.map(|record| {
        let or_none = |value: Option<String>| value.unwrap_or_else(|| text::tr!(not_recorded).to_owned());
        view! {
            <dl class="facts" aria-label=text::tr!(health_title)>
                <dt>{text::tr!(health_allergies)}</dt><dd>{or_none(record.answers.allergies)}</dd>
                <dt>{text::tr!(health_medication)}</dt><dd>{or_none(record.answers.medication)}</dd>
                <dt>{text::tr!(health_pregnancy)}</dt><dd>{text::pregnancy(record.answers.pregnancy)}</dd>
                <dt>{text::tr!(health_skin_conditions)}</dt><dd>{or_none(record.answers.skin_conditions)}</dd>
            </dl>
            <p class="muted">{text::date_time(&record.at)} " · " {record.recorded_by}</p>
        }
    });
    view! {
        {summary}
        <Show
            when=move || editing.get()
            fallback=move || view! {
                <button type="button" class="button-quiet" on:click=move |_| editing.set(true)>{text::tr!(health_update)}</button>
            }
        >
            <HealthFormView client_id=client_id.clone() initial=initial.clone() on_saved=move || { editing.set(false); on_change(); }/>
        </Show>
    }
}

#[component]
fn HealthFormView(
    client_id: String,
    initial: HealthForm,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let record = ServerAction::<RecordHealth>::new();
    let result = record.value();
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            on_saved();
        }
    });
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = RecordHealth::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(HealthAnswers::parse(&data.form)) {
            record.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let pregnancy_errors = errors.for_field("pregnancy");
    view! {
        {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
        <form method="post" action=RecordHealth::url() on:submit=on_submit novalidate class="health-form">
            <input type="hidden" name="client_id" value=client_id/>
            <p class="hint">{text::tr!(health_intro)}</p>
            <Field field="allergies" name="form[allergies]" label=text::tr!(health_allergies) value=initial.allergies errors optional=true multiline=true/>
            <Field field="medication" name="form[medication]" label=text::tr!(health_medication) value=initial.medication errors optional=true multiline=true/>
            <fieldset class:field-invalid=move || !pregnancy_errors.with(Vec::is_empty)>
                <legend>{text::tr!(health_pregnancy)}</legend>
                <div class="chips">
                    {Pregnancy::ALL.into_iter().map(|choice| {
                        let (id, label_for) = (format!("pregnancy-{}", choice.code()), format!("pregnancy-{}", choice.code()));
                        let checked = initial.pregnancy == choice.code();
                        view! {
                            <label class="chip" for=label_for>
                                <input type="radio" id=id name="form[pregnancy]" value=choice.code() checked=checked/>
                                <span>{text::pregnancy(choice)}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <div class="field-error" aria-live="polite">
                    <For each=move || pregnancy_errors.get() key=|m| m.clone() let:message>
                        <p>{message}</p>
                    </For>
                </div>
            </fieldset>
            <Field field="skin_conditions" name="form[skin_conditions]" label=text::tr!(health_skin_conditions) value=initial.skin_conditions errors optional=true multiline=true/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || record.pending().get()>
                    {move || if record.pending().get() { text::tr!(saving) } else { text::tr!(health_save) }}
                </button>
            </div>
        </form>
    }
}
