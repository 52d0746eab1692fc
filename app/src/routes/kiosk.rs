//! The tablet in the client's hands: only this client's consents, full screen, no way out but
//! the practitioner's password. When the client is done the screen is wiped to a lock screen.

use crate::api::consent::{load_kiosk, ChooseKioskLanguage, DeclineConsent, EndHandover, FinishHandover, SignConsent};
use crate::api::types::{ConsentStatus, KioskItem, KioskQuestions, KioskView};
use crate::app::page_is_live;
use crate::components::answer_prop::AnswerProp;
use crate::components::confirm::ConfirmStep;
use crate::components::consent_text::ConsentText;
use crate::components::field::{form_failure, Field, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::{hard_navigate, ErrorMessage, LatestError};
use crate::components::signature_pad::SignaturePad;
use crate::domain::consent::{sha256_hex, shown_text, GuardianForm};
use crate::domain::signature::{Signature, Stroke};
use crate::domain::{FieldError, ValidationErrors};
use crate::error::AppError;
use crate::text;
use leptos::html::{Div, H2};
use leptos::prelude::*;

#[component]
pub fn KioskPage() -> impl IntoView {
    // Read while the server writes the page: the live part starts from it, and the browser
    // needs no code to wait for it.
    let kiosk = Resource::new(|| (), |_| load_kiosk());
    view! {
        <main class="kiosk">
            <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
                {move || Suspend::new(async move {
                    match kiosk.await {
                        Ok(view) => view! { <Kiosk view=AnswerProp(view)/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// All of the kiosk is live: every answer changes what it shows. It asks the server again after
/// each answer, so the screen shows what was recorded.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn Kiosk(view: AnswerProp<KioskView>) -> impl IntoView {
    crate::live_part_started!();
    let kiosk = RwSignal::new(Ok::<_, AppError>(view.0));
    let refresh = move || leptos::task::spawn_local(async move { kiosk.set(load_kiosk().await) });
    // The practitioner can take the tablet back at any moment; the client data leaves the screen.
    let handing_back = RwSignal::new(false);
    // One parent signs every consent of this hand-over: typed once, kept in this page's memory
    // only (never in browser storage), gone with the hand-over. It lives here, above the
    // questions, which are rebuilt after every answer.
    let guardian = RwSignal::new(GuardianForm::default());
    live_view(view! {
        // In the page's flow at the top, not floating over the text the client is reading.
        <Show when=move || !handing_back.get()>
            <div class="kiosk-bar">
                <button type="button" class="hand-back" on:click=move |_| handing_back.set(true)>
                    {text::tr!(kiosk_hand_back)}
                </button>
            </div>
        </Show>
        {move || match kiosk.get() {
            Ok(KioskView::Finished) => view! { <LockScreen/> }.into_any(),
            Ok(_) if handing_back.get() => view! { <LockScreen/> }.into_any(),
            Ok(KioskView::ChooseLanguage) => view! { <ChooseLanguage/> }.into_any(),
            Ok(KioskView::Open(view)) => view! { <Questions view guardian refresh/> }.into_any(),
            Err(error) => view! { <ErrorMessage error/> }.into_any(),
        }}
    })
}

/// Before reading, the client chooses the language of the texts: each choice is written in its
/// own language. The page then loads again, all of it in that language.
#[component]
fn ChooseLanguage() -> impl IntoView {
    use crate::domain::language::Language;
    let choose = ServerAction::<ChooseKioskLanguage>::new();
    Effect::new(move |_| {
        if choose.value().with(|v| matches!(v, Some(Ok(())))) {
            hard_navigate("/kiosk");
        }
    });
    view! {
        // Each in its own language: the client may read only one of them.
        <h1 lang="nl">{text::tr_in!(text::Locale::nl, kiosk_choose_language)}</h1>
        <p class="intro" lang="en">{text::tr_in!(text::Locale::en, kiosk_choose_language)}</p>
        {move || choose.value().get().and_then(|r| r.err()).map(|error| view! { <ErrorMessage error/> })}
        <div class="language-choice">
            {Language::ALL.into_iter().map(|language| view! {
                <button type="button" class="button-primary" lang=language.code() disabled=move || !page_is_live()
                    on:click=move |_| { choose.dispatch(ChooseKioskLanguage { language: language.code().to_owned() }); }>
                    {text::language_name(language)}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn Questions(
    view: KioskQuestions,
    guardian: RwSignal<GuardianForm>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let signing = RwSignal::new(None::<KioskItem>);
    let decline = ServerAction::<DeclineConsent>::new();
    let finish = ServerAction::<FinishHandover>::new();
    Effect::new(move |_| {
        if decline.value().with(|v| matches!(v, Some(Ok(())))) || finish.value().with(|v| matches!(v, Some(Ok(())))) {
            refresh();
        }
    });
    let all_answered = view.items.iter().all(|item| item.answer.is_some());
    let guardian_required = view.guardian_required;
    let failure =
        move || decline.value().get().and_then(|r| r.err()).or_else(|| finish.value().get().and_then(|r| r.err()));

    view! {
        <h1>{text::tr!(kiosk_welcome)} ", " {view.client_name}</h1>
        <p class="intro">{text::tr!(kiosk_intro)}</p>
        {guardian_required.then(|| view! { <p class="notice">{text::tr!(kiosk_guardian_note)}</p> })}
        {move || failure().map(|error| view! { <ErrorMessage error/> })}
        <ol class="consent-questions">
            {view.items.into_iter().map(|item| {
                let answer = item.answer;
                let for_signing = item.clone();
                let template_id = item.template_id;
                view! {
                    <li class="consent-question">
                        <ConsentText title=item.title.clone() text=item.text.clone()/>
                        {match answer {
                            Some(ConsentStatus::Granted) => view! { <p class="notice notice-ok">{text::tr!(kiosk_answered_yes)}</p> }.into_any(),
                            Some(_) => view! { <p class="notice">{text::tr!(kiosk_answered_no)}</p> }.into_any(),
                            None => {
                                let declining = RwSignal::new(false);
                                view! {
                                    <Show when=move || declining.get() fallback={
                                        let for_signing = for_signing.clone();
                                        move || {
                                            let for_signing = for_signing.clone();
                                            view! {
                                                <div class="actions">
                                                    <button type="button" class="button-primary" on:click=move |_| signing.set(Some(for_signing.clone()))>
                                                        {text::tr!(kiosk_yes)}
                                                    </button>
                                                    <button type="button" class="button-quiet" on:click=move |_| declining.set(true)>
                                                        {text::tr!(kiosk_no)}
                                                    </button>
                                                </div>
                                            }
                                        }
                                    }>
                                        <ConfirmStep
                                            consequence=text::tr!(kiosk_no_consequence)
                                            confirm_label=text::tr!(kiosk_no_confirm)
                                            cancel_label=text::tr!(kiosk_no_back)
                                            on_confirm=Callback::new(move |()| { decline.dispatch(DeclineConsent { template_id }); })
                                            on_cancel=Callback::new(move |()| declining.set(false))
                                        />
                                    </Show>
                                }.into_any()
                            }
                        }}
                    </li>
                }
            }).collect_view()}
        </ol>
        <button type="button" class="button-primary" disabled=!all_answered on:click=move |_| { finish.dispatch(FinishHandover {}); }>
            {text::tr!(kiosk_done)}
        </button>
        {move || signing.get().map(|item| view! {
            <SigningView item guardian_required guardian on_done=move || { signing.set(None); refresh(); } on_back=move || signing.set(None)/>
        })}
    }
}

/// Full screen and non-scrolling: the text and the intent statement above, the pad below.
#[component]
fn SigningView(
    item: KioskItem,
    guardian_required: bool,
    guardian: RwSignal<GuardianForm>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    on_back: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let strokes = RwSignal::new(Vec::<Stroke>::new());
    let heading_ref = NodeRef::<H2>::new();
    let text_ref = NodeRef::<Div>::new();
    let sign = ServerAction::<SignConsent>::new();
    let result = sign.value();
    let errors = FormErrors::answering(result);
    let remembered = guardian.with_untracked(|g| !g.name.is_empty() || !g.relationship.is_empty());
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            on_done();
        }
    });
    let signature_errors = errors.for_field("signature");
    // "Zet eerst uw handtekening in het vak" no longer fits once there is a drawing in the box.
    Effect::new(move |_| {
        if strokes.with(|s| !s.is_empty()) {
            errors.resolve("signature");
        }
    });
    let failure = form_failure(result);
    let template_id = item.template_id;

    let confirm = move |_| {
        let signature = Signature { strokes: strokes.get_untracked() };
        let guardian = guardian.get_untracked();
        let mut found = ValidationErrors::new();
        if let Err(error) = signature.validate() {
            found.add("signature", FieldError::from(error));
        }
        if guardian_required {
            if let Err(guardian_errors) = guardian.parse() {
                found.0.extend(guardian_errors.0);
            }
        }
        if !errors.passes(found.into_result()) {
            return;
        }
        // The hash of exactly what the screen shows: the server checks it against its own.
        let heading = heading_ref.get_untracked().and_then(|el| el.text_content()).unwrap_or_default();
        let rest = text_ref.get_untracked().and_then(|el| el.text_content()).unwrap_or_default();
        let shown = shown_text(&heading, &rest);
        sign.dispatch(SignConsent {
            template_id,
            text_sha256: sha256_hex(&shown),
            strokes: signature.to_json(),
            guardian,
        });
    };

    view! {
        <div class="signing-view" role="dialog" aria-modal="true" aria-labelledby="signing-title">
            <ConsentText title=item.title text=item.text heading_id="signing-title" heading=heading_ref body=text_ref body_class="signing-text"/>
            {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
            {guardian_required.then(|| {
                let GuardianForm { name, relationship } = guardian.get_untracked();
                view! {
                    <div class="guardian">
                        <p class="hint">{text::tr!(guardian_why)}</p>
                        {remembered.then(|| view! { <p class="hint">{text::tr!(guardian_remembered)}</p> })}
                        <div class="row">
                            <div on:input=move |ev| guardian.update(|g| g.name = event_target_value(&ev))>
                                <Field field="guardian_name" name="guardian_name" label=text::tr!(guardian_name) value=name errors autocomplete="off"/>
                            </div>
                            <div on:input=move |ev| guardian.update(|g| g.relationship = event_target_value(&ev))>
                                <Field field="guardian_relationship" name="guardian_relationship" label=text::tr!(guardian_relationship) value=relationship hint=text::tr!(guardian_relationship_hint) errors/>
                            </div>
                        </div>
                    </div>
                }
            })}
            <SignaturePad strokes/>
            <div class="field-error" aria-live="polite">
                <For each=move || signature_errors.get() key=|m| m.clone() let:message>
                    <p>{message}</p>
                </For>
            </div>
            <div class="actions">
                <button type="button" class="button-primary" on:click=confirm disabled=move || sign.pending().get()>
                    {text::tr!(sign_confirm)}
                </button>
                <button type="button" class="button-quiet" on:click=move |_| on_back()>{text::tr!(sign_back)}</button>
            </div>
        </div>
    }
}

/// No client data: only the way back for the practitioner.
#[component]
fn LockScreen() -> impl IntoView {
    // Nor in what the page was first sent with: the next person to pick the tablet up could read it.
    Effect::new(|_| crate::components::screen_lock::forget_server_render());
    let unlock = ServerAction::<EndHandover>::new();
    let result = unlock.value();
    let refusal = LatestError::following(result);
    let password = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(client_id)) = result.get() {
            hard_navigate(&format!("/clients/{client_id}"));
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refusal.dismiss();
        unlock.dispatch(EndHandover { password: password.get_untracked() });
    };
    view! {
        <div class="lock-screen">
            <h1>{text::tr!(lock_title)}</h1>
            <p>{text::tr!(lock_intro)}</p>
            {move || refusal.get().map(|error| view! { <ErrorMessage error/> })}
            <form on:submit=on_submit>
                <div class="field">
                    <label for="unlock-password">{text::tr!(lock_password)}</label>
                    <input id="unlock-password" type="password" autocomplete="current-password" on:input=move |ev| { refusal.dismiss(); password.set(event_target_value(&ev)); }/>
                </div>
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || unlock.pending().get()>{text::tr!(lock_unlock)}</button>
            </form>
        </div>
    }
}
