//! A labelled form field that shows its own errors and keeps what the user typed.

use crate::components::message::ErrorMessage;
use crate::domain::{FieldError, ValidationErrors};
use crate::error::AppError;
use crate::text;
use leptos::html::Input;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// What the field `id` (an input or a text area) holds in the page's server HTML while the app
/// takes the page over: what was typed before then. `None` on the server, when the field is
/// empty, and once the page is live (the app builds what it shows from then on). A field whose
/// value the app sets (`prop:value`) is emptied or reset as the app takes it over, so it is read
/// before and put back after.
pub fn typed_before_live(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        if untrack(crate::app::page_is_live) {
            return None;
        }
        let field = document().get_element_by_id(id)?;
        let value = js_sys::Reflect::get(&field, &"value".into()).ok()?.as_string()?;
        Some(value).filter(|value| !value.is_empty())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// The fields of a submitted form, read by name. The frame's unlock form and the sign-in form
/// read theirs this way: `FromFormData` would bring its query-string parser (about 12 kB before
/// compression) to every page that has them.
pub struct SubmittedForm(web_sys::FormData);

impl SubmittedForm {
    pub fn of(ev: &leptos::ev::SubmitEvent) -> Option<Self> {
        use leptos::wasm_bindgen::JsCast;
        let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
        web_sys::FormData::new_with_form(&form).ok().map(Self)
    }

    /// The field's text; empty when the form has no such field.
    pub fn text(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }
}

/// Errors to show on a form: the browser's own check first, then the server's answer.
#[derive(Clone, Copy)]
pub struct FormErrors {
    local: RwSignal<Option<ValidationErrors>>,
    server: Signal<Option<ValidationErrors>>,
    /// Fields whose message no longer fits what is on screen (the signature was drawn after
    /// "put your signature in the box"); shown again only after the next check.
    resolved: RwSignal<BTreeSet<String>>,
    /// Date inputs: a day that does not exist (31-02) reaches the form as an empty value, so
    /// only the input itself can tell it from a date left out.
    dates: StoredValue<Vec<(&'static str, NodeRef<Input>)>>,
}

impl FormErrors {
    /// The errors of a form that a server action answers: the field errors in its answer.
    pub fn answering<T: Send + Sync + 'static>(answer: impl Into<Signal<Option<Result<T, AppError>>>>) -> Self {
        let answer = answer.into();
        let server = Signal::derive(move || {
            answer.with(|a| a.as_ref().and_then(|r| r.as_ref().err()).and_then(|e| e.field_errors().cloned()))
        });
        Self {
            local: RwSignal::new(None),
            server,
            resolved: RwSignal::new(BTreeSet::new()),
            dates: StoredValue::new(Vec::new()),
        }
    }

    /// Shows the browser's own check of the form; true when the form may go to the server.
    pub fn passes<T>(&self, checked: Result<T, ValidationErrors>) -> bool {
        let mut found = checked.err();
        for field in self.dates_that_do_not_exist() {
            let errors = found.get_or_insert_with(ValidationErrors::new);
            errors.0.insert(field.to_owned(), vec![FieldError::DateDoesNotExist]);
        }
        let passes = found.is_none();
        self.local.set(found);
        self.resolved.set(BTreeSet::new());
        passes
    }

    /// The cause of this field's message is gone: stop showing it.
    pub fn resolve(&self, field: &str) {
        if self.is_showing(field) {
            self.resolved.update(|resolved| {
                resolved.insert(field.to_owned());
            });
        }
    }

    fn is_showing(&self, field: &str) -> bool {
        let shown = self
            .local
            .with_untracked(|l| l.as_ref().map(|e| !e.get(field).is_empty()))
            .or_else(|| self.server.with_untracked(|s| s.as_ref().map(|e| !e.get(field).is_empty())));
        shown.unwrap_or(false) && !self.resolved.with_untracked(|r| r.contains(field))
    }

    /// Lets the browser's check see what a date input holds that its value cannot say.
    pub fn watch_date(&self, field: &'static str, input: NodeRef<Input>) {
        self.dates.update_value(|dates| dates.push((field, input)));
    }

    fn dates_that_do_not_exist(&self) -> Vec<&'static str> {
        self.dates.with_value(|dates| {
            dates
                .iter()
                .filter(|(_, input)| input.get_untracked().is_some_and(|input| input.validity().bad_input()))
                .map(|(field, _)| *field)
                .collect()
        })
    }

    pub fn for_field(&self, field: &'static str) -> Signal<Vec<String>> {
        let (local, server, resolved) = (self.local, self.server, self.resolved);
        Signal::derive(move || {
            if resolved.with(|r| r.contains(field)) {
                return Vec::new();
            }
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

/// The server's answer when it is not about one field (a locked screen, a stale form, a lost
/// connection): shown once above the form instead of beside a field.
pub fn form_failure<T: Send + Sync + 'static>(
    answer: impl Into<Signal<Option<Result<T, AppError>>>>,
) -> Signal<Option<AppError>> {
    let answer = answer.into();
    Signal::derive(move || {
        answer.with(|a| a.as_ref().and_then(|r| r.as_ref().err()).filter(|e| e.field_errors().is_none()).cloned())
    })
}

/// The element id of `field`'s control. `form` names the form when two forms on one page have a
/// field of the same name (a dossier's hold and keep-longer forms both have a reason and a note),
/// so that each label still points at its own control.
fn control_id(form: Option<&'static str>, field: &'static str) -> String {
    match form {
        Some(form) => format!("{form}-{field}"),
        None => format!("field-{field}"),
    }
}

/// A required choice from a short list, as a select with a "choose" line first and the field's
/// messages under it. `options` are (stored code, label in the reader's language).
#[component]
pub fn Choice(
    field: &'static str,
    label: &'static str,
    placeholder: &'static str,
    options: Vec<(&'static str, &'static str)>,
    errors: FormErrors,
    /// See [`control_id`].
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let id = control_id(form, field);
    let error_id = format!("{id}-error");
    let messages = errors.for_field(field);
    view! {
        <div class="field" class:field-invalid=move || !messages.with(Vec::is_empty)>
            <label for=id.clone()>{label}</label>
            <select id=id name=field aria-describedby=error_id.clone()>
                <option value="">{placeholder}</option>
                {options.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
            </select>
            <div class="field-error" id=error_id aria-live="polite">
                {move || messages.get().into_iter().map(|message| view! { <p>{message}</p> }).collect_view()}
            </div>
        </div>
    }
}

/// Above a long form: the server's refusal that is not about a field, or that fields below need
/// attention (the form may be taller than the screen).
#[component]
pub fn FormNotices(errors: FormErrors, failure: Signal<Option<AppError>>) -> impl IntoView {
    // `try_get`: a server render of a lazy route may run this after the form's owner is gone
    // (seen as a panic that left the response unfinished); there is nothing to show then.
    let any_error = errors.any();
    view! {
        {move || failure.try_get().flatten().map(|error| view! { <ErrorMessage error/> })}
        <Show when=move || any_error.try_get().unwrap_or(false)>
            <p class="notice notice-error" role="alert">{text::tr!(form_has_errors)}</p>
        </Show>
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
    /// See [`control_id`].
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let id = control_id(form, field);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let messages = errors.for_field(field);
    let input_ref = NodeRef::<Input>::new();
    if input_type == Some("date") {
        errors.watch_date(field, input_ref);
    }
    let invalid = move || if messages.with(|m| m.is_empty()) { "false" } else { "true" };
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field" class:field-invalid=move || !messages.with(Vec::is_empty)>
            <label for=id.clone()>
                {label}
                {optional.then(|| view! { <span class="optional">" " {text::tr!(optional)}</span> })}
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
                        node_ref=input_ref
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
