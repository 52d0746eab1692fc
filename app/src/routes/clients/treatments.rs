//! The dossier's treatment timeline, newest first, with photos taken from the phone's camera.

use crate::api::photos::{upload_photo, DeletePhoto};
use crate::api::types::{PhotoView, TreatmentView};
use crate::components::confirm::ConfirmStep;
use crate::components::message::ErrorMessage;
use crate::components::photo_viewer::{OpenPhoto, PhotoViewer};
use crate::domain::treatment::{PhotoMoment, PHOTO_MAX_BYTES, PHOTO_MAX_MB};
use crate::domain::FieldError;
use crate::routes::clients::detail::HistoryItem;
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn TreatmentTimeline(
    client_id: String,
    treatments: Vec<TreatmentView>,
    last_treatment_on: Option<chrono::NaiveDate>,
    photo_consent: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let new_href = format!("/clients/{client_id}/treatments/new");
    view! {
        <section class="treatments" aria-labelledby="treatments-title">
            <div class="section-head">
                <h2 id="treatments-title">{text::tr!(treatments_title)}</h2>
                <a href=new_href class="button-primary">{text::tr!(treatment_add)}</a>
            </div>
            <p class="muted">
                {text::tr!(treatment_last)} ": " {last_treatment_on.map_or_else(|| text::tr!(treatment_never).to_owned(), text::date)}
            </p>
            {if treatments.is_empty() {
                view! { <p class="muted">{text::tr!(treatments_empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {treatments.into_iter().map(|treatment| view! {
                            <TreatmentItem client_id=client_id.clone() treatment photo_consent on_change/>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TreatmentItem(
    client_id: String,
    treatment: TreatmentView,
    photo_consent: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let edit_href = format!("/clients/{client_id}/treatments/{}/edit", treatment.id);
    let label = format!("{} {}", treatment.performed_on, treatment.type_name);
    let text_block = |title: &'static str, value: Option<String>| {
        value.map(|value| view! { <div class="note"><h4>{title}</h4><p class="prewrap">{value}</p></div> })
    };
    let corrections = treatment.history.len();
    view! {
        <li class="timeline-item" aria-label=label>
            <div class="timeline-head">
                <h3>{text::date(treatment.performed_on)} " · " {treatment.type_name}</h3>
                <a href=edit_href class="button-quiet">{text::tr!(treatment_correct)}</a>
            </div>
            {text_block(text::tr!(treatment_products), treatment.products)}
            {text_block(text::tr!(treatment_skin_analysis), treatment.skin_analysis)}
            {text_block(text::tr!(treatment_notes), treatment.notes)}
            <p class="muted">{text::tr!(history_by)} " " {treatment.created_by}</p>
            <PhotoStrip photos=treatment.photos on_change/>
            {if photo_consent {
                view! { <PhotoUpload client_id treatment_id=treatment.id on_change/> }.into_any()
            } else {
                view! { <p class="notice notice-info">{text::tr!(photo_no_consent)}</p> }.into_any()
            }}
            {(corrections > 0).then(|| view! {
                <details class="corrections">
                    <summary>{text::tr!(treatment_corrections)} " (" {corrections} ")"</summary>
                    <ol class="history-list">
                        {treatment.history.into_iter().map(|entry| view! { <HistoryItem entry/> }).collect_view()}
                    </ol>
                </details>
            })}
        </li>
    }
}

#[component]
fn PhotoStrip(photos: Vec<PhotoView>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let delete = ServerAction::<DeletePhoto>::new();
    let open = RwSignal::new(None::<OpenPhoto>);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            on_change();
        }
    });
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="photos">
                {photos.into_iter().map(|photo| {
                    let moment = match photo.moment {
                        PhotoMoment::Before => text::tr!(photo_before),
                        PhotoMoment::After => text::tr!(photo_after),
                    };
                    let alt = format!("{moment}, {}", text::date_time(&photo.taken_at));
                    let to_open = OpenPhoto { id: photo.id.clone(), caption: alt.clone() };
                    view! {
                        <li class="photo" class:photo-flagged=photo.flagged_for_deletion>
                            <button type="button" class="photo-open" on:click=move |_| open.set(Some(to_open.clone()))>
                                <img src=format!("/photos/{}/thumb", photo.id) alt=alt loading="lazy" width="160" height="160"/>
                            </button>
                            <span class="photo-caption">{moment}</span>
                            {photo.flagged_for_deletion.then(|| {
                                let photo_id = photo.id.clone();
                                let asking = RwSignal::new(false);
                                let on_confirm = Callback::new(move |()| {
                                    delete.dispatch(DeletePhoto { photo_id: photo_id.clone() });
                                });
                                view! {
                                    <span class="status status-withdrawn">{text::tr!(photo_flagged)}</span>
                                    <Show when=move || asking.get() fallback=move || view! {
                                        <button type="button" class="button-quiet" on:click=move |_| asking.set(true)>{text::tr!(photo_delete)}</button>
                                    }>
                                        <ConfirmStep
                                            consequence=text::tr!(photo_delete_consequence)
                                            confirm_label=text::tr!(photo_delete_confirm)
                                            on_confirm
                                            on_cancel=Callback::new(move |()| asking.set(false))
                                        />
                                    </Show>
                                }
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <PhotoViewer open/>
            {move || delete.value().get().and_then(|r| r.err()).map(|error| view! { <ErrorMessage error/> })}
        }
    })
}

/// Two camera buttons, before and after: choosing a photo uploads it at once.
#[component]
fn PhotoUpload(
    client_id: String,
    treatment_id: String,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let upload = Action::new_local(|data: &web_sys::FormData| upload_photo(data.clone().into()));
    let too_large = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(_)) = upload.value().get() {
            on_change();
        }
    });
    let send = move |input: web_sys::HtmlInputElement, moment: PhotoMoment| {
        let Some(form) = input.form() else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
        let _ = data.set_with_str("moment", moment.code());
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        // The server refuses it too; this spares a long upload on a slow connection.
        too_large.set(file.size() > PHOTO_MAX_BYTES as f64);
        if too_large.get_untracked() {
            return;
        }
        let _ = data.set_with_blob("photo", &file);
        upload.dispatch_local(data);
    };
    let before_id = format!("photo-before-{treatment_id}");
    let after_id = format!("photo-after-{treatment_id}");
    let from_event = |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        ev.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    };
    // A photo chosen before the page was live (a quick hand, a slow tablet) is sent now.
    Effect::new({
        let inputs = [(before_id.clone(), PhotoMoment::Before), (after_id.clone(), PhotoMoment::After)];
        move |_| {
            use wasm_bindgen::JsCast;
            for (id, moment) in inputs.clone() {
                let input =
                    document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
                if let Some(input) = input.filter(|input| input.files().is_some_and(|files| files.length() > 0)) {
                    send(input, moment);
                }
            }
        }
    });
    view! {
        <form class="photo-upload" method="post" enctype="multipart/form-data" action=crate::api::photos::UploadPhoto::url()>
            <input type="hidden" name="client_id" value=client_id/>
            <input type="hidden" name="treatment_id" value=treatment_id/>
            <label class="button-quiet camera" for=before_id.clone()>{text::tr!(photo_take_before)}</label>
            <input class="visually-hidden" type="file" id=before_id accept="image/*" capture="environment"
                on:change=move |ev| if let Some(input) = from_event(ev) { send(input, PhotoMoment::Before) }/>
            <label class="button-quiet camera" for=after_id.clone()>{text::tr!(photo_take_after)}</label>
            <input class="visually-hidden" type="file" id=after_id accept="image/*" capture="environment"
                on:change=move |ev| if let Some(input) = from_event(ev) { send(input, PhotoMoment::After) }/>
        </form>
        {move || upload.pending().get().then(|| view! { <p class="muted" role="status">{text::tr!(photo_uploading)}</p> })}
        {move || too_large.get().then(|| view! {
            <p class="notice notice-error" role="alert">{text::field_error(FieldError::ImageTooLarge { max_mb: PHOTO_MAX_MB })}</p>
        })}
        {move || upload.value().get().and_then(|r| r.err()).map(|error| match error.field_errors() {
            // The photo itself was refused (not a photo, too large): say why in its own words.
            Some(fields) => view! {
                <div class="notice notice-error" role="alert">
                    {fields.get("photo").iter().chain(fields.get("moment")).map(|e| view! { <p>{text::field_error(*e)}</p> }).collect_view()}
                </div>
            }.into_any(),
            None => view! { <ErrorMessage error/> }.into_any(),
        })}
    }
}
