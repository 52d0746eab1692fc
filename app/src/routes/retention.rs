//! The owner's retention page: the rule the practice keeps dossiers by, the dossiers whose term
//! has ended ("te vernietigen") with the approval of each, the tax records kept apart, and the
//! ledger of what was destroyed.

use crate::api::retention::{retention_overview, ApproveDestruction, SetRetentionPolicy};
use crate::api::types::{DestructionView, DueDossier, RetentionReview, TaxRecordView};
use crate::app::page_is_live;
use crate::components::confirm::ConfirmStep;
use crate::components::field::{Field, FormErrors};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::retention::{Ground, RetentionPolicy};
use crate::error::AppError;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn RetentionPage() -> impl IntoView {
    view! {
        <h1>{text::tr!(retention_title)}</h1>
        <Retention/>
    }
}

/// A rule changed or a destruction approved shows in the whole review: one live part.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn Retention() -> impl IntoView {
    crate::live_part_started!();
    let review = Resource::new(|| (), |_| retention_overview());
    let refresh = Callback::new(move |()| review.refetch());
    live_view(view! {
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(review) => view! { <Review review refresh/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    })
}

#[component]
fn Review(review: RetentionReview, refresh: Callback<()>) -> impl IntoView {
    let rule = review.policy.rule;
    view! {
        <p class="intro">
            {text::tr!(retention_rule, years = rule.years)} " "
            <span class="muted">{format!("({})", text::ground_label(rule.ground))}</span>
            " "
            {if review.policy.automatic { text::tr!(retention_automatic_is_on) } else { text::tr!(retention_automatic_is_off) }}
        </p>
        <PolicyForm policy=review.policy default_years=review.default_years refresh/>
        <section aria-labelledby="due-title">
            <h2 id="due-title">{text::tr!(retention_due_title)}</h2>
            {if review.due.is_empty() {
                view! { <p class="muted">{text::tr!(retention_due_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="due-list" aria-labelledby="due-title">
                        {review.due.into_iter().map(|dossier| view! { <DueRow dossier refresh/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <TaxRecords records=review.tax_records/>
        <Destroyed destroyed=review.destroyed/>
    }
}

/// The practice's term within the law, and automatic destruction; the list below follows.
#[component]
fn PolicyForm(policy: RetentionPolicy, default_years: u16, refresh: Callback<()>) -> impl IntoView {
    let save = ServerAction::<SetRetentionPolicy>::new();
    let result = save.value();
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(_))) {
            refresh.run(());
        }
    });
    let errors = FormErrors::answering(result);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = SetRetentionPolicy::from_event(&ev) else { return };
        ev.prevent_default();
        let checked =
            policy.rule.with_years(&data.years).map_err(|error| crate::domain::ValidationErrors::one("years", error));
        if errors.passes(checked) {
            save.dispatch(data);
        }
    };
    let hint = match policy.rule.ground {
        Ground::Wgbo => text::tr!(retention_years_hint_wgbo),
        Ground::PracticePolicy | Ground::Fiscal => text::tr!(retention_years_hint_policy),
    };
    view! {
        <form method="post" action=SetRetentionPolicy::url() on:submit=on_submit novalidate>
            <fieldset>
                <legend>{text::tr!(retention_policy_title)}</legend>
                <Field field="years" name="years" label=text::tr!(retention_years) value=policy.rule.years.to_string()
                    errors input_type="number" inputmode="numeric" hint/>
                <p class="hint">{text::tr!(retention_default_years, years = default_years)}</p>
                <label class="choice">
                    <input type="checkbox" name="automatic" value="yes" checked=policy.automatic/>
                    " " {text::tr!(retention_automatic)}
                </label>
                <p class="hint">{text::tr!(retention_automatic_hint)}</p>
                {move || result.get().and_then(Result::err).filter(|error| error.field_errors().is_none())
                    .map(|error| view! { <ErrorMessage error/> })}
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || save.pending().get()>{text::tr!(save)}</button>
            </fieldset>
        </form>
    }
}

#[component]
fn DueRow(dossier: DueDossier, refresh: Callback<()>) -> impl IntoView {
    let approve = ServerAction::<ApproveDestruction>::new();
    let asking = RwSignal::new(false);
    let name = format!("{} {}", dossier.first_name, dossier.surname);
    let consequence = text::tr!(retention_approve_consequence, name = name.clone());
    let client_id = dossier.client_id.clone();
    let result = approve.value();
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(_))) {
            refresh.run(());
        }
    });
    let kept = dossier.kept_until;
    view! {
        <li class="due" aria-label=name.clone()>
            <p><a href=format!("/clients/{}", dossier.client_id)><strong>{name.clone()}</strong></a></p>
            <p>{text::tr!(retention_kept_until_was, date = text::date(kept.date))} ": " {text::term_label(&kept)}</p>
            {move || result.get().and_then(Result::err).map(|error: AppError| view! {
                <p class="notice notice-error" role="alert">{text::app_error(&error)}</p>
            })}
            {if dossier.held {
                view! { <p class="notice notice-warning">{text::tr!(retention_held)}</p> }.into_any()
            } else {
                view! {
                    <Show when=move || asking.get() fallback=move || view! {
                        <button type="button" class="button-quiet" on:click=move |_| asking.set(true)>
                            {text::tr!(retention_approve)}
                        </button>
                    }>
                        <ConfirmStep
                            consequence=consequence.clone()
                            confirm_label=text::tr!(retention_approve_confirm)
                            on_confirm={
                                let client_id = client_id.clone();
                                Callback::new(move |()| {
                                    asking.set(false);
                                    approve.dispatch(ApproveDestruction { client_id: client_id.clone() });
                                })
                            }
                            on_cancel=Callback::new(move |()| asking.set(false))
                        />
                    </Show>
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn TaxRecords(records: Vec<TaxRecordView>) -> impl IntoView {
    view! {
        <section aria-labelledby="tax-title">
            <h2 id="tax-title">{text::tr!(retention_tax_title)}</h2>
            <p class="muted">{text::tr!(retention_tax_intro)}</p>
            {if records.is_empty() {
                view! { <p class="muted">{text::tr!(retention_tax_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="tax-records">
                        {records.into_iter().map(|record| view! {
                            <li data-testid="tax-record">
                                <p><strong>{record.name}</strong> " "
                                    <span class="muted">{text::tr!(retention_tax_until, date = text::date(record.kept_until))}</span>
                                </p>
                                <ul>
                                    {record.lines.into_iter().map(|(day, kind)| view! {
                                        <li>{text::date(day)} " " {kind}</li>
                                    }).collect_view()}
                                </ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Destroyed(destroyed: Vec<DestructionView>) -> impl IntoView {
    view! {
        <section aria-labelledby="destroyed-title">
            <h2 id="destroyed-title">{text::tr!(retention_destroyed_title)}</h2>
            <p class="muted">{text::tr!(retention_destroyed_intro)}</p>
            {if destroyed.is_empty() {
                view! { <p class="muted">{text::tr!(retention_destroyed_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="destroyed">
                        {destroyed.into_iter().map(|line| view! {
                            <li>
                                {text::date(line.destroyed_on)} ": " {text::destruction_label(line.reason)}
                                {line.approved_by.map(|name| format!(", {} {name}", text::tr!(retention_approved_by)))}
                                {line.automatic.then(|| format!(", {}", text::tr!(retention_automatically)))}
                                {line.tax_record_kept.then(|| format!("; {}", text::tr!(detail_tax_record_kept)))}
                                " " <code class="muted">{line.client_id}</code>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
