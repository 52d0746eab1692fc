//! The owner edits the consent texts. Every save is a new version; signed versions stay. The
//! preview shows the text exactly as the tablet will, and the version list says what was live
//! when, under which hash, and how often it was signed.

use crate::api::consent::{list_templates, SaveTemplate};
use crate::api::types::{TemplateVersionView, TemplateView};
use crate::app::page_is_live;
use crate::components::consent_text::ConsentText;
use crate::components::field::{typed_before_live, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::consent::{closing, rendered_text, TemplateForm, TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX};
use crate::domain::language::Language;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    // Which language's texts are shown: `?taal=en`; without it, the reader's own.
    let query = leptos_router::hooks::use_query_map();
    let reader = text::language();
    let language =
        Memo::new(move |_| query.with(|q| q.get("taal")).and_then(|code| Language::from_code(&code)).unwrap_or(reader));
    view! {
        <h1>{text::tr!(templates_title)}</h1>
        <p class="intro">{text::tr!(templates_intro)}</p>
        <nav class="tabs" aria-label=text::tr!(templates_language)>
            {Language::ALL.into_iter().map(|shown| view! {
                <a href=format!("/templates?taal={}", shown.code()) lang=shown.code()
                    aria-current=move || (language.get() == shown).then_some("page")>
                    {text::language_name(shown)}
                </a>
            }).collect_view()}
        </nav>
        // Built again when the router moves to another language without leaving the page.
        {move || view! { <TemplateEditors language=language.get()/> }}
    }
}

/// Each editor saves by itself; the list is read again after a save, so that its versions show.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn TemplateEditors(language: Language) -> impl IntoView {
    crate::live_part_started!();
    let templates = Resource::new(|| (), move |_| list_templates(language.code().to_owned()));
    live_view(view! {
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                match templates.await {
                    Ok(list) => list.into_iter().map(|template| view! {
                        <TemplateEditor template language on_saved=move || templates.refetch()/>
                    }).collect_view().into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    })
}

#[component]
fn TemplateEditor(
    template: TemplateView,
    language: Language,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
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
            save.dispatch(SaveTemplate { purpose: purpose.clone(), language: language.code().to_owned(), form });
        }
    };
    let id = format!("template-{}-{}", template.purpose, language.code());
    let (title_id, body_id) = (format!("{id}-title"), format!("{id}-body"));
    // The server writes the stored text into the fields; what the owner typed over it before
    // the app took the page over is put back once it has.
    let typed_early = (typed_before_live(&title_id), typed_before_live(&body_id));
    Effect::new(move |_| {
        if let Some(typed) = typed_early.0.clone() {
            title.set(typed);
        }
        if let Some(typed) = typed_early.1.clone() {
            body.set(typed);
        }
    });
    let (stored_title, stored_body) = (template.title.clone(), template.body.clone());
    let title_errors = errors.for_field("title");
    let body_errors = errors.for_field("body");
    let purpose_title = text::consent_purpose(&template.purpose);
    view! {
        <form class="template" on:submit=on_submit aria-label=purpose_title lang=language.code()>
            <fieldset>
                <legend>{purpose_title} " · " {text::tr!(consent_version)} " " {template.version}</legend>
                <div class="field">
                    <label for=title_id.clone()>{text::tr!(template_title)}</label>
                    <input id=title_id type="text" maxlength=TEMPLATE_TITLE_MAX value=stored_title
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    <div class="field-error">{move || title_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                </div>
                <div class="field">
                    <label for=body_id.clone()>{text::tr!(template_body)}</label>
                    <textarea id=body_id rows="6" aria-describedby=format!("{id}-count")
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))>{stored_body}</textarea>
                    <p class="hint" id=format!("{id}-count") class:hint-over=move || body.with(|b| b.trim().chars().count() > TEMPLATE_BODY_MAX)>
                        {move || text::characters_used(body.with(|b| b.trim().chars().count()), TEMPLATE_BODY_MAX)}
                    </p>
                    <div class="field-error">{move || body_errors.get().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div>
                </div>
                <section class="template-preview" aria-label=text::tr!(template_preview)>
                    <p class="eyebrow">{text::tr!(template_preview)}</p>
                    <div class="consent-question">
                        {move || {
                            let (title, body) = (title.get().trim().to_owned(), body.get().trim().to_owned());
                            let whole = rendered_text(&title, &body, closing(language));
                            view! { <ConsentText title text=whole/> }
                        }}
                    </div>
                </section>
                {move || match result.get() {
                    Some(Ok(())) => Some(view! { <p class="notice notice-ok" role="status">{text::tr!(template_saved)}</p> }.into_any()),
                    Some(Err(error)) if error.field_errors().is_none() => Some(view! { <ErrorMessage error/> }.into_any()),
                    _ => None,
                }}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || save.pending().get()>{text::tr!(template_save)}</button>
                <VersionList versions=template.versions current=template.version/>
            </fieldset>
        </form>
    }
}

#[component]
fn VersionList(versions: Vec<TemplateVersionView>, current: i64) -> impl IntoView {
    view! {
        <details class="versions">
            <summary>{text::tr!(template_versions)} " (" {versions.len()} ")"</summary>
            <table class="audit">
                <thead>
                    <tr>
                        <th scope="col">{text::tr!(template_version)}</th>
                        <th scope="col">{text::tr!(template_since)}</th>
                        <th scope="col">{text::tr!(template_signed)}</th>
                        <th scope="col">"SHA-256"</th>
                    </tr>
                </thead>
                <tbody>
                    {versions.into_iter().map(|version| view! {
                        <tr>
                            <td data-label=text::tr!(template_version)>
                                {version.version}
                                {(version.version == current).then(|| view! { " " <span class="muted">{text::tr!(template_current)}</span> })}
                            </td>
                            <td data-label=text::tr!(template_since)>{text::date_time(&version.since)}</td>
                            <td data-label=text::tr!(template_signed)>{text::counted(version.signed as u64, text::tr!(unit_time_one), text::tr!(unit_time_many))}</td>
                            <td data-label="SHA-256"><code>{version.text_sha256}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}
