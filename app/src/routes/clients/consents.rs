//! The consents on the dossier page: status, signature, verify, withdraw, and the hand-over.

use crate::api::consent::{StartHandover, VerifyConsent, WithdrawConsent};
use crate::api::types::{ConsentState, ConsentStatus};
use crate::app::page_is_live;
use crate::components::field::{form_failure, Field, FormErrors};
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::domain::consent::ConsentPurpose;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ConsentSection(
    client_id: String,
    consents: Vec<ConsentState>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="consents" aria-labelledby="consents-title">
            <h2 id="consents-title">{text::tr!(consents_title)}</h2>
            {if consents.is_empty() {
                view! { <p class="muted">{text::tr!(consent_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="consent-list">
                        {consents.into_iter().map(|consent| view! {
                            <ConsentCard client_id=client_id.clone() consent on_change/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <HandoverForm client_id/>
        </section>
    }
}

#[component]
fn ConsentCard(
    client_id: String,
    consent: ConsentState,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let verify = ServerAction::<VerifyConsent>::new();
    let withdraw = ServerAction::<WithdrawConsent>::new();
    let withdrawing = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = withdraw.value().get() {
            on_change();
        }
    });
    let (status_text, status_class) = match consent.status {
        ConsentStatus::Granted => (text::tr!(consent_granted), "status status-granted"),
        ConsentStatus::Declined => (text::tr!(consent_declined), "status status-declined"),
        ConsentStatus::Withdrawn => (text::tr!(consent_withdrawn), "status status-withdrawn"),
    };
    let granted = consent.status == ConsentStatus::Granted;
    let card_label = consent.title.clone();
    let purpose = consent.purpose.clone();
    let signature_id = consent.signature.as_ref().map(|s| s.id.clone());
    let pdf_href = consent.signature.as_ref().map(|s| format!("/clients/{client_id}/consents/{}/pdf", s.id));

    let recorded_by = consent.recorded_by.map(|name| format!(" · {name}"));
    view! {
        <li class="consent-card" aria-label=card_label>
            <div class="consent-head">
                <h3>{consent.title}</h3>
                <span class=status_class>{status_text}</span>
            </div>
            {match (consent.status, consent.signed_at) {
                (ConsentStatus::Withdrawn, Some(signed_at)) => view! {
                    <p class="muted">{text::tr!(consent_signed_at)} " " {text::date_time(&signed_at)}</p>
                    <p class="muted">{text::tr!(consent_withdrawn_at)} " " {text::date_time(&consent.since)} {recorded_by}</p>
                }.into_any(),
                (status, _) => {
                    let label = match status {
                        ConsentStatus::Granted => text::tr!(consent_signed_at),
                        ConsentStatus::Declined => text::tr!(consent_declined_at),
                        ConsentStatus::Withdrawn => text::tr!(consent_withdrawn_at),
                    };
                    view! { <p class="muted">{label} " " {text::date_time(&consent.since)} {recorded_by}</p> }.into_any()
                }
            }}
            {consent.reason.map(|reason| view! { <p class="muted">{text::tr!(withdraw_reason_shown)} " " {reason}</p> })}
            <p class="muted">
                {text::tr!(consent_version)} " " {consent.template_version} " · " {text::tr!(consent_language)} ": "
                <span lang=consent.language.code()>{text::language_name(consent.language)}</span>
            </p>
            {consent.signature.map(|signature| view! {
                <figure class="signature">
                    <img src=signature.image alt=format!("{} {}", text::tr!(consent_signed_by), signature.signer)/>
                    <figcaption>{text::tr!(consent_signed_by)} " " {signature.signer}</figcaption>
                </figure>
            })}
            <div class="actions">
                {signature_id.map(|signature_id| view! {
                    <button type="button" class="button-quiet" on:click=move |_| { verify.dispatch(VerifyConsent { signature_id: signature_id.clone() }); }>
                        {text::tr!(consent_verify)}
                    </button>
                })}
                {pdf_href.map(|href| view! { <a class="button-quiet" href=href rel="external" download="">{text::tr!(consent_pdf)}</a> })}
                <Show when=move || granted && !withdrawing.get()>
                    <button type="button" class="button-quiet" on:click=move |_| withdrawing.set(true)>
                        {text::tr!(consent_withdraw)}
                    </button>
                </Show>
            </div>
            {move || verify.value().get().map(|result| match result {
                Ok(true) => view! { <p class="notice notice-ok" role="status">{text::tr!(consent_intact)}</p> }.into_any(),
                Ok(false) => view! { <p class="notice notice-error" role="alert">{text::tr!(consent_tampered)}</p> }.into_any(),
                Err(error) => view! { <ErrorMessage error/> }.into_any(),
            })}
            <Show when=move || withdrawing.get()>
                <WithdrawForm
                    client_id=client_id.clone()
                    purpose=purpose.clone()
                    withdraw
                    on_cancel=Callback::new(move |()| withdrawing.set(false))
                />
            </Show>
        </li>
    }
}

/// Asked before a withdrawal: what it will do, and how and why the client asked for it (kept
/// with the withdrawal, and on the client's copy). What was typed stays when it is refused.
#[component]
fn WithdrawForm(
    client_id: String,
    purpose: String,
    withdraw: ServerAction<WithdrawConsent>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    use crate::domain::consent::parse_withdrawal_reason;
    use crate::domain::ValidationErrors;
    use leptos::form::FromFormData;
    use leptos::server_fn::ServerFn;

    let result = withdraw.value();
    let errors = FormErrors::answering(result);
    let failure = form_failure(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = WithdrawConsent::from_event(&ev) else { return };
        ev.prevent_default();
        let checked = parse_withdrawal_reason(&data.reason).map_err(|error| {
            let mut errors = ValidationErrors::new();
            errors.add("reason", error);
            errors
        });
        if errors.passes(checked) {
            withdraw.dispatch(data);
        }
    };
    let consequence = text::withdraw_consequence(&purpose);
    view! {
        <form class="confirm" aria-label=text::tr!(withdraw_confirm) method="post" action=WithdrawConsent::url() on:submit=on_submit novalidate>
            <p>{consequence}</p>
            {move || failure.get().map(|error| view! { <ErrorMessage error/> })}
            <input type="hidden" name="client_id" value=client_id/>
            <input type="hidden" name="purpose" value=purpose/>
            <Field field="reason" name="reason" label=text::tr!(withdraw_reason) hint=text::tr!(withdraw_reason_hint) errors/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || withdraw.pending().get()>{text::tr!(withdraw_confirm)}</button>
                <button type="button" class="button-quiet" on:click=move |_| on_cancel.run(())>{text::tr!(cancel)}</button>
            </div>
        </form>
    }
}

/// The practitioner picks what to ask (nothing is ticked in advance) and hands the tablet over.
#[component]
fn HandoverForm(client_id: String) -> impl IntoView {
    let start = ServerAction::<StartHandover>::new();
    let error = RwSignal::new(None::<&'static str>);
    Effect::new(move |_| {
        if let Some(Ok(())) = start.value().get() {
            hard_navigate("/kiosk");
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let purposes = ticked_boxes(&ev);
        if purposes.is_empty() {
            error.set(Some(text::tr!(handover_none_chosen)));
            return;
        }
        error.set(None);
        start.dispatch(StartHandover { client_id: client_id.clone(), purposes: purposes.join(",") });
    };
    view! {
        <form class="handover" on:submit=on_submit>
            <fieldset>
                <legend>{text::tr!(handover_title)}</legend>
                <p class="hint">{text::tr!(handover_intro)}</p>
                {ConsentPurpose::ALL.into_iter().map(|purpose| {
                    let code = purpose.code();
                    let id = format!("ask-{code}");
                    let label_for = id.clone();
                    view! {
                        <label class="choice" for=label_for>
                            <input type="checkbox" id=id value=code/>
                            <span>{text::consent_purpose(code)}</span>
                        </label>
                    }
                }).collect_view()}
                {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
                {move || start.value().get().and_then(|r| r.err()).map(|error| view! { <ErrorMessage error/> })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || start.pending().get()>{text::tr!(handover_start)}</button>
            </fieldset>
        </form>
    }
}

/// The values of the form's ticked boxes, read as it is sent rather than followed box by box: a
/// box ticked before the page was live counts too.
fn ticked_boxes(ev: &leptos::ev::SubmitEvent) -> Vec<String> {
    use wasm_bindgen::JsCast;
    let Some(form) = ev.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else {
        return Vec::new();
    };
    let Ok(ticked) = form.query_selector_all("input[type=checkbox]:checked") else { return Vec::new() };
    (0..ticked.length())
        .filter_map(|index| ticked.item(index)?.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .collect()
}
