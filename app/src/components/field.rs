//! A labelled form field that shows its own errors and keeps what the user typed.

use crate::domain::ValidationErrors;
use crate::text;
use leptos::prelude::*;

/// Errors to show on a form: the browser's own check first, then the server's answer.
#[derive(Clone, Copy)]
pub struct FormErrors {
    pub local: RwSignal<Option<ValidationErrors>>,
    pub server: Signal<Option<ValidationErrors>>,
}

impl FormErrors {
    pub fn new(server: Signal<Option<ValidationErrors>>) -> Self {
        Self { local: RwSignal::new(None), server }
    }

    pub fn for_field(&self, field: &'static str) -> Signal<Vec<String>> {
        let (local, server) = (self.local, self.server);
        Signal::derive(move || {
            let errors = local.get().or_else(|| server.get()).unwrap_or_default();
            errors.get(field).iter().map(|e| text::field_error(*e)).collect()
        })
    }

    pub fn any(&self) -> Signal<bool> {
        let (local, server) = (self.local, self.server);
        Signal::derive(move || {
            local.with(|l| l.as_ref().is_some_and(|e| !e.is_empty())) || server.with(|s| s.is_some())
        })
    }
}

#[component]
pub fn Field(
    /// The domain field name, also used for error lookup.
    field: &'static str,
    /// The form control's `name`, e.g. `form[first_name]`, matching the server function's argument.
    #[prop(into)]
    name: String,
    label: &'static str,
    #[prop(into, optional)] value: String,
    errors: FormErrors,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// A text area for notes, rather than a one-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let id = format!("field-{field}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let messages = errors.for_field(field);
    let invalid = move || if messages.with(|m| m.is_empty()) { "false" } else { "true" };
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field" class:field-invalid=move || !messages.with(Vec::is_empty)>
            <label for=id.clone()>
                {label}
                {optional.then(|| view! { <span class="optional">" " {text::OPTIONAL}</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {if multiline {
                view! {
                    <textarea id=id name=name rows="4" autocomplete="off" aria-invalid=invalid aria-describedby=described_by>
                        {value}
                    </textarea>
                }.into_any()
            } else {
                view! {
                    <input
                        id=id
                        name=name
                        type=input_type.unwrap_or("text")
                        value=value
                        autocomplete=autocomplete.unwrap_or("off")
                        inputmode=inputmode
                        aria-invalid=invalid
                        aria-describedby=described_by
                    />
                }.into_any()
            }}
            <div class="field-error" id=error_id aria-live="polite">
                <For each=move || messages.get() key=|m| m.clone() let:message>
                    <p>{message}</p>
                </For>
            </div>
        </div>
    }
}
