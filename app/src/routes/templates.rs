//! The owner edits the consent texts. Every save is a new version; signed versions stay. The
//! preview shows the text exactly as the tablet will, and the version list says what was live
//! when, under which hash, and how often it was signed.

use crate::api::consent::{list_templates, SaveTemplate};
use crate::api::types::{TemplateVersionView, TemplateView};
use crate::components::consent_text::ConsentText;
use crate::components::field::FormErrors;
use crate::components::message::ErrorMessage;
use crate::domain::consent::{rendered_text, TemplateForm, CLOSING_NL, TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX};
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
    let purpose_title = text::consent_purpose(&template.purpose);
    view! {
        <form class="template" on:submit=on_submit aria-label=purpose_title>
            <fieldset>
                <legend>{purpose_title} " · " {text::CONSENT_VERSION} " " {template.version}</legend>
                <div class="field">
                    <label for=format!("{id}-title")>{text::TEMPLATE_TITLE}</label>
                    <input id=format!("{id}-title") type="text" maxlength=TEMPLATE_TITLE_MAX
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    <div class="field-error">{move || title_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                </div>
                <div class="field">
                    <label for=format!("{id}-body")>{text::TEMPLATE_BODY}</label>
                    <textarea id=format!("{id}-body") rows="6" aria-describedby=format!("{id}-count")
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <p class="hint" id=format!("{id}-count") class:hint-over=move || body.with(|b| b.trim().chars().count() > TEMPLATE_BODY_MAX)>
                        {move || text::characters_used(body.with(|b| b.trim().chars().count()), TEMPLATE_BODY_MAX)}
                    </p>
                    <div class="field-error">{move || body_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                </div>
                <section class="template-preview" aria-label=text::TEMPLATE_PREVIEW>
                    <p class="eyebrow">{text::TEMPLATE_PREVIEW}</p>
                    <div class="consent-question">
                        {move || {
                            let (title, body) = (title.get().trim().to_owned(), body.get().trim().to_owned());
                            let whole = rendered_text(&title, &body, CLOSING_NL);
                            view! { <ConsentText title text=whole/> }
                        }}
                    </div>
                </section>
                {move || match result.get() {
                    Some(Ok(())) => Some(view! { <p class="notice notice-ok" role="status">{text::TEMPLATE_SAVED}</p> }.into_any()),
                    Some(Err(error)) if error.field_errors().is_none() => Some(view! { <ErrorMessage error/> }.into_any()),
                    _ => None,
                }}
                <button type="submit" class="button-primary" disabled=move || save.pending().get()>{text::TEMPLATE_SAVE}</button>
                <VersionList versions=template.versions current=template.version/>
            </fieldset>
        </form>
    }
}

#[component]
fn VersionList(versions: Vec<TemplateVersionView>, current: i64) -> impl IntoView {
    view! {
        <details class="versions">
            <summary>{text::TEMPLATE_VERSIONS} " (" {versions.len()} ")"</summary>
            <table class="audit">
                <thead>
                    <tr>
                        <th scope="col">{text::TEMPLATE_VERSION}</th>
                        <th scope="col">{text::TEMPLATE_SINCE}</th>
                        <th scope="col">{text::TEMPLATE_SIGNED}</th>
                        <th scope="col">"SHA-256"</th>
                    </tr>
                </thead>
                <tbody>
                    {versions.into_iter().map(|version| view! {
                        <tr>
                            <td data-label=text::TEMPLATE_VERSION>
                                {version.version}
                                {(version.version == current).then(|| view! { " " <span class="muted">{text::TEMPLATE_CURRENT}</span> })}
                            </td>
                            <td data-label=text::TEMPLATE_SINCE>{version.since}</td>
                            <td data-label=text::TEMPLATE_SIGNED>{text::counted(version.signed as u64, "keer", "keer")}</td>
                            <td data-label="SHA-256"><code>{version.text_sha256}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}
