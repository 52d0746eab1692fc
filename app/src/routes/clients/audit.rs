//! The owner's view of who read or changed one dossier, and whether the log is intact.

use crate::api::audit::client_audit_log;
use crate::api::types::AuditLog;
use crate::components::message::ErrorMessage;
use crate::text;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let log = Resource::new(id, client_audit_log);
    view! {
        <h1>{text::AUDIT_TITLE}</h1>
        <p class="intro">{text::AUDIT_INTRO}</p>
        <Suspense fallback=|| view! { <p>{text::LOADING}</p> }>
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
            view! { <p class="notice notice-ok">{text::AUDIT_CHAIN_OK}</p> }.into_any()
        } else {
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{text::AUDIT_CHAIN_BROKEN}</p>
                    <ul>{log.findings.iter().map(|finding| view! { <li>{text::integrity_finding(finding)}</li> }).collect_view()}</ul>
                </div>
            }.into_any()
        }}
        <table class="audit">
            <thead>
                <tr>
                    <th scope="col">{text::AUDIT_WHEN}</th>
                    <th scope="col">{text::AUDIT_WHO}</th>
                    <th scope="col">{text::AUDIT_WHAT}</th>
                    <th scope="col">{text::AUDIT_FROM}</th>
                </tr>
            </thead>
            <tbody>
                {log.entries.into_iter().map(|line| view! {
                    <tr>
                        <td data-label=text::AUDIT_WHEN>{line.at}</td>
                        <td data-label=text::AUDIT_WHO>{line.who}</td>
                        <td data-label=text::AUDIT_WHAT>
                            {line.action}
                            {line.detail.map(|d| view! { <span class="muted">" (" {d} ")"</span> })}
                        </td>
                        <td data-label=text::AUDIT_FROM>{line.from}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <p><A href=back>{text::DOSSIER}</A></p>
    }
}
