//! The owner edits the consent texts. Every save is a new version; signed versions stay.

use crate::api::consent::{list_templates, SaveTemplate};
use crate::api::types::TemplateView;
use crate::components::field::FormErrors;
use crate::components::message::ErrorMessage;
use crate::domain::consent::TemplateForm;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let templates = Resource::new(|| (), |_| list_templates());
    view! {
        <h1>{text::TEMPLATES_TITLE}</h1>
        <p class="intro">{text::TEMPLATES_INTRO}</p>
        <Suspense fallback=|| view! { <p>{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) => list.into_iter().map(|template| view! {
                        <TemplateEditor template on_saved=move || templates.refetch()/>
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TemplateEditor(template: TemplateView, on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let save = ServerAction::<SaveTemplate>::new();
    let result = save.value();
    let errors = FormErrors::answering(result);
    let title = RwSignal::new(template.title.clone());
    let body = RwSignal::new(template.body.clone());
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            on_saved();
        }
    });
    let purpose = template.purpose.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TemplateForm { title: title.get_untracked(), body: body.get_untracked() };
        if errors.passes(form.parse()) {
            save.dispatch(SaveTemplate { purpose: purpose.clone(), form });
        }
    };
    let id = format!("template-{}", template.purpose);
    let title_errors = errors.for_field("title");
    let body_errors = errors.for_field("body");
    view! {
        <form class="template" on:submit=on_submit aria-label=text::consent_purpose(&template.purpose)>
            <fieldset>
                <legend>{text::consent_purpose(&template.purpose)} " · " {text::CONSENT_VERSION} " " {template.version}</legend>
                <div class="field">
                    <label for=format!("{id}-title")>{text::TEMPLATE_TITLE}</label>
                    <input id=format!("{id}-title") type="text" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    <div class="field-error">{move || title_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                </div>
                <div class="field">
                    <label for=format!("{id}-body")>{text::TEMPLATE_BODY}</label>
                    <textarea id=format!("{id}-body") rows="6" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <div class="field-error">{move || body_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                </div>
                <p class="hint">"SHA-256: " <code>{template.text_sha256}</code></p>
                {move || match result.get() {
                    Some(Ok(())) => Some(view! { <p class="notice notice-ok" role="status">{text::TEMPLATE_SAVED}</p> }.into_any()),
                    Some(Err(error)) if error.field_errors().is_none() => Some(view! { <ErrorMessage error/> }.into_any()),
                    _ => None,
                }}
                <button type="submit" class="button-primary" disabled=move || save.pending().get()>{text::TEMPLATE_SAVE}</button>
            </fieldset>
        </form>
    }
}
