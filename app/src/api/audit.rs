//! The owner reads who touched a dossier (REQ-48, REQ-51).

use crate::api::types::AuditLog;
use crate::error::AppError;
use leptos::prelude::*;

/// Every audit entry for one client, newest first, and what the integrity check of the log and
/// the sealed records found.
/// Owner only; reading the log is itself logged.
#[server(endpoint = "clients/audit")]
pub async fn client_audit_log(id: String) -> Result<AuditLog, AppError> {
    use crate::api::types::{local_time, AuditLine};
    use crate::db::{self, audit, Audit};

    let (state, user, meta) = db::require_owner().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let record = db::client::get(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    audit::record(&mut tx, audit::Entry::new(Audit::AuditViewed, Some(user.id), &meta).client(&id)).await?;
    let rows = audit::for_client(&mut tx, &id).await?;
    tx.commit().await?;
    let findings = db::ledger::check(&state.pool).await?;

    let entries = rows
        .into_iter()
        .map(|row| AuditLine {
            at: local_time(row.at),
            who: row.user_name.unwrap_or_else(|| "onbekend".into()),
            action: crate::text::audit_action(&row.action).to_owned(),
            detail: row.detail.map(|detail| crate::text::audit_detail(&row.action, &detail)),
            from: [row.ip, row.user_agent.map(|ua| device_summary(&ua))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    Ok(AuditLog { client_name: record.details.display_name(), entries, chain_intact: findings.is_empty(), findings })
}

/// "Chrome op Android" rather than the whole user-agent string.
#[cfg(feature = "ssr")]
fn device_summary(user_agent: &str) -> String {
    let browser =
        ["Edg", "Firefox", "Chrome", "Safari"].into_iter().find(|b| user_agent.contains(b)).unwrap_or("browser");
    let browser = if browser == "Edg" { "Edge" } else { browser };
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map(|(_, name)| name)
    .unwrap_or("onbekend apparaat");
    format!("{browser} op {system}")
}
