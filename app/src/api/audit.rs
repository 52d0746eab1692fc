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
    use crate::db::{self, audit};
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::ReadAuditLog).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let record = db::client::get(work.dossier(&id), &id).await?.ok_or(AppError::NotFound)?;
    work.audit(Entry::new(AuditAction::AuditViewed).client(&id));
    work.commit().await?;
    // Read after the entry is in: the owner sees her own look at the log at the top of it.
    let rows = audit::for_client(&mut *state.db.read.acquire().await?, &id).await?;
    let findings = db::ledger::check(&state.db.read, &state.audit_checkpoint).await?;

    // Labels are rendered now, for this reader, in her language; the log itself holds codes.
    let entries = crate::text::for_reader(crate::text::locale_of(user.language), || {
        rows.into_iter()
            .map(|row| AuditLine {
                at: local_time(row.at),
                who: crate::text::audit_actor(&row.actor, row.staff_name.as_deref()),
                action: crate::text::audit_action(&row.action).to_owned(),
                detail: crate::text::stored_audit_detail(&row.action, &row.detail),
                from: [row.ip, row.user_agent.map(|ua| device_summary(&ua))]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
            })
            .collect()
    });
    Ok(AuditLog { client_name: record.details.display_name(), entries, chain_intact: findings.is_empty(), findings })
}

/// "Chrome op Android" ("Chrome on Android") rather than the whole user-agent string.
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
    .unwrap_or(crate::text::tr!(device_unknown));
    crate::text::tr!(device_summary, browser, system)
}
