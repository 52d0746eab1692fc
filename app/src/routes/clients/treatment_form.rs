//! The treatment fields, shared by adding and correcting: date, type, products, skin analysis
//! and notes. The type is a row of large buttons: one tap on a phone.

use crate::api::treatments::active_treatment_types;
use crate::components::field::{Field, FormErrors};
use crate::components::message::ErrorMessage;
use crate::domain::treatment::TreatmentForm;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn TreatmentFields(initial: TreatmentForm, errors: FormErrors) -> impl IntoView {
    let types = Resource::new(|| (), |_| active_treatment_types());
    let type_errors = errors.for_field("type_id");
    let chosen = initial.type_id.clone();
    view! {
        <Field field="performed_on" name="form[performed_on]" label=text::tr!(treatment_date) value=initial.performed_on errors input_type="date"/>
        <fieldset class="type-choice" class:field-invalid=move || !type_errors.with(Vec::is_empty)>
            <legend>{text::tr!(treatment_type)}</legend>
            <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
                {move || {
                    let chosen = chosen.clone();
                    Suspend::new(async move {
                        match types.await {
                            Ok(types) if types.is_empty() => view! { <p class="muted">{text::tr!(treatment_types_none)}</p> }.into_any(),
                            Ok(types) => view! {
                                <div class="chips">
                                    {types.into_iter().map(|kind| {
                                        let (id, label_for) = (format!("type-{}", kind.id), format!("type-{}", kind.id));
                                        let value = kind.id.to_string();
                                        let checked = value == chosen;
                                        view! {
                                            <label class="chip" for=label_for>
                                                <input type="radio" id=id name="form[type_id]" value=value checked=checked/>
                                                <span>{kind.name}</span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </div>
                            }.into_any(),
                            Err(error) => view! { <ErrorMessage error/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
            <div class="field-error" aria-live="polite">
                <For each=move || type_errors.get() key=|m| m.clone() let:message>
                    <p>{message}</p>
                </For>
            </div>
        </fieldset>
        <Field field="products" name="form[products]" label=text::tr!(treatment_products) value=initial.products errors optional=true/>
        <Field field="skin_analysis" name="form[skin_analysis]" label=text::tr!(treatment_skin_analysis) value=initial.skin_analysis errors optional=true multiline=true/>
        <Field field="notes" name="form[notes]" label=text::tr!(treatment_notes) value=initial.notes errors optional=true multiline=true hint=text::tr!(treatment_notes_hint)/>
    }
}
