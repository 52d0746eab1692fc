//! The owner's view of who read or changed one dossier, and whether the log is intact.

use crate::api::audit::client_audit_log;
use crate::api::types::AuditLog;
use crate::components::message::ErrorMessage;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let log = Resource::new(id, client_audit_log);
    view! {
        <h1>{text::tr!(audit_title)}</h1>
        <p class="intro">{text::tr!(audit_intro)}</p>
        <Suspense fallback=|| view! { <p>{text::tr!(loading)}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => view! { <AuditTable log back=format!("/clients/{}", id())/> }.into_any(),
                    Err(error) => view! { <ErrorMessage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(log: AuditLog, back: String) -> impl IntoView {
    view! {
        <p class="eyebrow">{log.client_name}</p>
        {if log.chain_intact {
            view! { <p class="notice notice-ok">{text::tr!(audit_chain_ok)}</p> }.into_any()
        } else {
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{text::tr!(audit_chain_broken)}</p>
                    <ul>{log.findings.iter().map(|finding| view! { <li>{text::integrity_finding(finding)}</li> }).collect_view()}</ul>
                </div>
            }.into_any()
        }}
        <table class="audit">
            <thead>
                <tr>
                    <th scope="col">{text::tr!(audit_when)}</th>
                    <th scope="col">{text::tr!(audit_who)}</th>
                    <th scope="col">{text::tr!(audit_what)}</th>
                    <th scope="col">{text::tr!(audit_from)}</th>
                </tr>
            </thead>
            <tbody>
                {log.entries.into_iter().map(|line| view! {
                    <tr>
                        <td data-label=text::tr!(audit_when)>{text::date_time(&line.at)}</td>
                        <td data-label=text::tr!(audit_who)>{line.who}</td>
                        <td data-label=text::tr!(audit_what)>
                            {line.action}
                            {line.detail.map(|d| view! { <span class="muted">" (" {d} ")"</span> })}
                        </td>
                        <td data-label=text::tr!(audit_from)>{line.from}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p><a href=back>{text::tr!(dossier)}</a></p>
    }
}
