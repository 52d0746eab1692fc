//! Signing in and out.

use crate::api::types::Session;
use crate::domain::user::LoginForm;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user and practice, or `None` when there is no live session.
#[server(endpoint = "session")]
pub async fn current_session() -> Result<Option<Session>, AppError> {
    use crate::db::practice;
    match crate::server_ctx::require_session_even_if_locked().await {
        Ok((state, live, _, _)) => {
            let settings = practice::settings(&state.db.read).await?;
            Ok(Some(Session {
                practice_name: settings.name,
                user: live.user,
                lock_minutes: settings.screen_lock_minutes,
                screen_locked: live.screen_locked,
            }))
        }
        Err(AppError::Unauthorized) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Checks e-mail and password and starts a session. Every attempt is counted per account and
/// per address before any password is hashed, so repeated or simultaneous guesses are slowed.
#[server(endpoint = "login")]
pub async fn login(form: LoginForm) -> Result<(), AppError> {
    use crate::db::{self, session};
    use crate::domain::audit::{Actor, AuditAction};
    use crate::service::{Entry, Work};

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let (email, password) = form.check()?;
    let address = meta.ip.as_deref();
    state.throttle.attempt(&email, address)?;

    let mut conn = state.db.read.acquire().await?;
    let account = db::user::find_by_email(&mut conn, &email).await?;
    drop(conn);
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    let password_ok = crate::server_ctx::password::verify_password(password, stored_hash).await?;

    // Roles are an open set in the database; an account with a role this version does not know
    // (written by a newer one) signs in to nothing, with the same answer as a wrong password.
    let account = account.filter(|_| password_ok);
    let Some((account, role)) =
        account.and_then(|account| crate::domain::user::Role::from_code(&account.role).map(|role| (account, role)))
    else {
        let mut work = Work::write(&state.db, &state.clock, Actor::Anonymous, (&meta).into()).await?;
        work.audit(Entry::new(AuditAction::LoginFailed));
        work.commit().await?;
        return Err(AppError::LoginFailed);
    };
    state.throttle.succeeded(&email, address);
    let actor = Actor::Staff { id: account.id, role: Some(role) };
    let mut work = Work::write(&state.db, &state.clock, actor, (&meta).into()).await?;
    let now = work.now();
    let token = session::create(work.conn(), account.id, state.sessions, now).await?;
    work.audit(Entry::new(AuditAction::Login));
    work.commit().await?;

    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(cookie) = http::HeaderValue::from_str(&session::cookie(&token, state.sessions)) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
    crate::api::redirect_plain_form_post("/clients");
    Ok(())
}

/// Ends the session on the server and clears the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::db::session;
    use crate::domain::audit::{Actor, AuditAction};
    use crate::service::{Entry, Work};

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let user = match meta.session_token.as_deref() {
        Some(token) => session::touch(&state.db, token, state.sessions, state.clock.now()).await?.map(|live| live.user),
        None => None,
    };
    let actor = user.as_ref().map_or(Actor::Anonymous, Actor::staff);
    let mut work = Work::write(&state.db, &state.clock, actor, (&meta).into()).await?;
    if let Some(token) = meta.session_token.as_deref() {
        session::delete(work.conn(), token).await?;
    }
    if user.is_some() {
        work.audit(Entry::new(AuditAction::Logout));
    }
    work.commit().await?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(cookie) = http::HeaderValue::from_str(&session::expired_cookie(state.sessions)) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
    crate::api::redirect_plain_form_post("/login");
    Ok(())
}
