//! The owner's team: colleagues with their role and state, adding one with an invitation to
//! hand over, changing a role, resetting a password, disabling an account; and the AVG check a
//! new colleague's start asks for.

use crate::api::team::{
    team_overview, ChangeRole, CloseColleagueCheck, DisableColleague, InviteAgain, InviteColleague, ResetPassword,
};
use crate::api::types::{ColleagueCheckView, InvitationLink, MemberStatus, MemberView};
use crate::app::page_is_live;
use crate::components::confirm::ConfirmStep;
use crate::components::field::{form_failure, Field, FormErrors, FormNotices};
use crate::components::live_view::live_view;
use crate::components::message::ErrorMessage;
use crate::domain::team::{ColleagueCheckItem, NewColleague};
use crate::domain::user::Role;
use crate::error::AppError;
use crate::text;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The invitation last made on this page, shown until the owner closes it.
#[derive(Clone, Copy)]
struct ShownInvitation(RwSignal<Option<InvitationLink>>);

#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <h1>{text::tr!(team_title)}</h1>
        <p class="intro">{text::tr!(team_intro)}</p>
        <Team/>
    }
}

/// A colleague added or changed shows in the list, and an invitation above it: one live part.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn Team() -> impl IntoView {
    crate::live_part_started!();
    let team = Resource::new(|| (), |_| team_overview());
    let refresh = move || team.refetch();
    let shown = ShownInvitation(RwSignal::new(None));
    provide_context(shown);
    live_view(view! {
        <InvitationPanel/>
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                match team.await {
                    Ok(team) => view! {
                        <ColleagueChecks checks=team.checks on_change=refresh/>
                        <ul class="team-list">
                            {team.members.into_iter().map(|member| view! { <MemberRow member on_change=refresh/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
        <NewColleagueForm on_saved=refresh/>
    })
}

/// The link and QR code to hand over: shown once, as the server keeps only their hash.
#[component]
fn InvitationPanel() -> impl IntoView {
    let shown = expect_context::<ShownInvitation>().0;
    move || {
        shown.get().map(|invitation| {
            view! {
                <section class="invitation notice notice-success" aria-labelledby="invitation-title">
                    <h2 id="invitation-title">{text::tr!(invitation_for, name = invitation.name.clone())}</h2>
                    <p>{text::tr!(invitation_hand_over)}</p>
                    <div class="qr" inner_html=invitation.qr_svg role="img" aria-label=text::tr!(invitation_qr)></div>
                    <p class="invitation-link"><code data-testid="invitation-link">{invitation.link}</code></p>
                    <p class="muted">{text::tr!(invitation_valid_until)} " " {text::date_time(&invitation.until)}</p>
                    <button type="button" class="button-quiet" on:click=move |_| shown.set(None)>{text::tr!(invitation_close)}</button>
                </section>
            }
        })
    }
}

fn status_label(status: &MemberStatus) -> String {
    match status {
        MemberStatus::Active => text::tr!(member_active).into(),
        MemberStatus::Invited { until } => format!("{} {}", text::tr!(member_invited_until), text::date_time(until)),
        MemberStatus::InvitationExpired => text::tr!(member_invitation_expired).into(),
        MemberStatus::Disabled { since } => format!("{} {}", text::tr!(member_disabled_since), text::date_time(since)),
    }
}

#[component]
fn MemberRow(member: MemberView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let shown = expect_context::<ShownInvitation>().0;
    let change_role = ServerAction::<ChangeRole>::new();
    let disable = ServerAction::<DisableColleague>::new();
    let reset = ServerAction::<ResetPassword>::new();
    let invite_again = ServerAction::<InviteAgain>::new();
    Effect::new(move |_| {
        if matches!(change_role.value().get(), Some(Ok(()))) || matches!(disable.value().get(), Some(Ok(()))) {
            on_change();
        }
    });
    Effect::new(move |_| {
        for invitation in [reset.value().get(), invite_again.value().get()].into_iter().flatten().flatten() {
            shown.set(Some(invitation));
            on_change();
        }
    });
    let failure = Signal::derive(move || {
        [change_role.value().get().and_then(Result::err), disable.value().get().and_then(Result::err)]
            .into_iter()
            .chain([reset.value().get().and_then(Result::err), invite_again.value().get().and_then(Result::err)])
            .flatten()
            .next()
    });
    let asking = RwSignal::new(None::<Ask>);
    let id = member.id;
    let disabled = matches!(member.status, MemberStatus::Disabled { .. });
    let has_password = matches!(member.status, MemberStatus::Active);
    let role = member.role;
    let name = member.name.clone();
    let consequence_disable = text::tr!(member_disable_consequence, name = name.clone());
    let consequence_reset = text::tr!(member_reset_consequence, name = name.clone());
    view! {
        <li class="member" aria-label=member.name.clone()>
            <p class="member-name"><strong>{member.name.clone()}</strong>
                {member.is_you.then(|| view! { " " <span class="muted">{text::tr!(member_you)}</span> })}
            </p>
            <p class="muted">{member.email}</p>
            <p><span class="status">{text::role_label(role)}</span> " " <span class="member-state">{status_label(&member.status)}</span></p>
            {member.last_seen.map(|at| view! { <p class="muted">{text::tr!(member_last_seen)} " " {text::date_time(&at)}</p> })}
            {move || failure.get().map(|error: AppError| view! { <p class="notice notice-error" role="alert">{text::app_error(&error)}</p> })}
            {(!disabled).then(|| view! {
                <div class="member-actions">
                    <label class="role-choice">
                        <span>{text::tr!(member_role)}</span>
                        <select aria-label=text::tr!(member_role) on:change=move |ev| {
                            change_role.dispatch(ChangeRole { id, role: event_target_value(&ev) });
                        }>
                            {Role::ALL.into_iter().map(|choice| view! {
                                <option value=choice.code() selected=choice == role>{text::role_label(choice)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    {(has_password && !member.is_you).then(|| view! {
                        <button type="button" class="button-quiet" on:click=move |_| asking.set(Some(Ask::Reset))>{text::tr!(member_reset)}</button>
                    })}
                    {(!has_password).then(|| view! {
                        <button type="button" class="button-quiet" on:click=move |_| { invite_again.dispatch(InviteAgain { id }); }>{text::tr!(member_invite_again)}</button>
                    })}
                    <button type="button" class="button-quiet" on:click=move |_| asking.set(Some(Ask::Disable))>{text::tr!(member_disable)}</button>
                </div>
            })}
            {move || asking.get().map(|ask| match ask {
                Ask::Disable => view! {
                    <ConfirmStep
                        consequence=consequence_disable.clone()
                        confirm_label=text::tr!(member_disable_confirm)
                        on_confirm=Callback::new(move |()| { asking.set(None); disable.dispatch(DisableColleague { id }); })
                        on_cancel=Callback::new(move |()| asking.set(None))
                    />
                }.into_any(),
                Ask::Reset => view! {
                    <ConfirmStep
                        consequence=consequence_reset.clone()
                        confirm_label=text::tr!(member_reset_confirm)
                        on_confirm=Callback::new(move |()| { asking.set(None); reset.dispatch(ResetPassword { id }); })
                        on_cancel=Callback::new(move |()| asking.set(None))
                    />
                }.into_any(),
            })}
        </li>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    Disable,
    Reset,
}

#[component]
fn ColleagueChecks(
    checks: Vec<ColleagueCheckView>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    (!checks.is_empty()).then(|| {
        view! {
            <section class="reminders" aria-labelledby="colleague-checks-title">
                <h2 id="colleague-checks-title">{text::tr!(colleague_check_title)}</h2>
                <ul>
                    {checks.into_iter().map(|check| view! { <ColleagueCheck check on_change/> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn ColleagueCheck(check: ColleagueCheckView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let close = ServerAction::<CloseColleagueCheck>::new();
    let result = close.value();
    let errors = FormErrors::answering(result);
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            on_change();
        }
    });
    let ticked = RwSignal::new(Vec::<ColleagueCheckItem>::new());
    let colleague = check.colleague;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let done = ticked.get().iter().map(|item| item.code()).collect::<Vec<_>>().join(",");
        if errors.passes(crate::domain::team::parse_check_done(&done)) {
            close.dispatch(CloseColleagueCheck { colleague, done });
        }
    };
    let done_errors = errors.for_field("done");
    let label = check.name.clone();
    view! {
        <li class="notice notice-warning" aria-label=label>
            <p><strong>{check.name}</strong> ": " {text::tr!(colleague_check_body)}</p>
            <p class="muted">{text::date_time(&check.raised_at)}</p>
            <form on:submit=on_submit novalidate>
                <fieldset>
                    <legend>{text::tr!(colleague_check_legend)}</legend>
                    {ColleagueCheckItem::ALL.into_iter().map(|item| view! {
                        <label class="choice">
                            <input type="checkbox" on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                ticked.update(|items| {
                                    items.retain(|i| *i != item);
                                    if on { items.push(item); }
                                });
                            }/>
                            " " {text::check_item_label(item)}
                        </label>
                    }).collect_view()}
                </fieldset>
                {move || done_errors.get().into_iter().map(|message| view! { <p class="field-error" role="alert">{message}</p> }).collect_view()}
                <button type="submit" class="button-quiet" disabled=move || !page_is_live()>{text::tr!(colleague_check_close)}</button>
            </form>
        </li>
    }
}

#[component]
fn NewColleagueForm(on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let shown = expect_context::<ShownInvitation>().0;
    let invite = ServerAction::<InviteColleague>::new();
    let result = invite.value();
    let errors = FormErrors::answering(result);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(invitation)) = result.get() {
            shown.set(Some(invitation));
            if let Some(form) = form_ref.get() {
                form.reset();
            }
            on_saved();
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Ok(data) = InviteColleague::from_event(&ev) else { return };
        ev.prevent_default();
        if errors.passes(NewColleague::parse(&data.form)) {
            invite.dispatch(data);
        }
    };
    let failure = form_failure(result);
    let role_errors = errors.for_field("role");
    view! {
        <section aria-labelledby="new-colleague-title">
            <h2 id="new-colleague-title">{text::tr!(colleague_new_title)}</h2>
            <FormNotices errors failure/>
            <form node_ref=form_ref method="post" action=InviteColleague::url() on:submit=on_submit novalidate>
                <Field field="name" name="form[name]" label=text::tr!(colleague_name) errors autocomplete="off"/>
                <Field field="email" name="form[email]" label=text::tr!(email) errors input_type="email" autocomplete="off"/>
                <fieldset class="field" class:field-invalid=move || !role_errors.with(Vec::is_empty)>
                    <legend>{text::tr!(member_role)}</legend>
                    {Role::ALL.into_iter().map(|role| view! {
                        <label class="choice">
                            <input type="radio" name="form[role]" value=role.code()/>
                            " " {text::role_label(role)} " – " <span class="muted">{role_summary(role)}</span>
                        </label>
                    }).collect_view()}
                    {move || role_errors.get().into_iter().map(|message| view! { <p class="field-error" role="alert">{message}</p> }).collect_view()}
                </fieldset>
                <button type="submit" class="button-primary" disabled=move || !page_is_live()>{text::tr!(colleague_invite)}</button>
            </form>
        </section>
    }
}

fn role_summary(role: Role) -> &'static str {
    match role {
        Role::Owner => text::tr!(role_owner_summary),
        Role::Practitioner => text::tr!(role_practitioner_summary),
        Role::Reception => text::tr!(role_reception_summary),
    }
}
