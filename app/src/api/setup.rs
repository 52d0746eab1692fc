//! First run: create the practice and its owner, once.

use crate::domain::practice::SetupForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Whether the practice exists yet (the setup screen shows only before).
#[server(endpoint = "setup/status")]
pub async fn is_set_up() -> Result<bool, AppError> {
    let state = crate::server_ctx::state()?;
    Ok(crate::db::practice::is_set_up(&state.db.read).await?)
}

/// Creates the practice and the owner's account in one transaction. Needs the one-time code
/// from the server's console (wrong codes are throttled like passwords) and is refused once a
/// practice exists, so the screen cannot be used to take over an installation.
#[server(endpoint = "setup")]
pub async fn set_up_practice(form: SetupForm) -> Result<(), AppError> {
    use crate::db::{self, audit};
    use crate::domain::audit::{Actor, AuditAction};
    use crate::domain::practice::NewPractice;
    use crate::domain::user::Role;
    use crate::domain::FieldError;

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    if db::practice::is_set_up(&state.db.read).await? {
        return Err(AppError::AlreadySetUp);
    }
    let address = meta.ip.as_deref();
    state.throttle.attempt("first-run-setup", address).await?;
    let parsed = NewPractice::parse(&form);
    if !state.setup_code.matches(&form.setup_code) {
        let mut errors = parsed.err().unwrap_or_default();
        if errors.get("setup_code").is_empty() {
            errors.add("setup_code", FieldError::WrongSetupCode);
        }
        return Err(errors.into());
    }
    state.throttle.succeeded("first-run-setup", address).await?;
    let practice = parsed?;
    let password_hash = crate::server_ctx::password::hash_password(practice.owner.password.clone()).await?;

    // Nobody is signed in yet: the entry names the owner the setup creates, below.
    let mut tx = state.db.begin_write().await?;
    let now = state.clock.now();
    // Checked again under the write lock: two first-run forms submitted at once make one practice.
    if db::practice::is_set_up_on(&mut tx).await? {
        return Err(AppError::AlreadySetUp);
    }
    db::practice::insert(&mut tx, &practice, now).await?;
    let owner_id =
        db::user::insert(&mut tx, &practice.owner.name, &practice.owner.email, &password_hash, Role::Owner, now)
            .await?;
    let entry = audit::NewEntry {
        action: AuditAction::PracticeSetUp,
        actor: &Actor::Staff { id: owner_id, role: Some(Role::Owner) },
        client_id: None,
        detail: None,
        ip: meta.ip.as_deref(),
        user_agent: meta.user_agent.as_deref(),
        at: now,
    };
    audit::append_and_commit(tx, &[entry]).await?;
    crate::api::redirect_plain_form_post("/login");
    Ok(())
}
