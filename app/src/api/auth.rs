//! Signing in and out.

use crate::api::types::{SecondStepSecret, Session, SignInStep, SignedIn, WaitingSignIn};
use crate::domain::second_step::CodeForm;
use crate::domain::user::LoginForm;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user and practice, or `None` when there is no live session: what the frame of
/// a signed-in page shows, which the page gets from the page gate with the page itself.
#[server(endpoint = "session")]
pub async fn current_session() -> Result<Option<Session>, AppError> {
    match crate::server_ctx::require_session_even_if_locked().await {
        Ok((state, live, _, _)) => crate::server_ctx::page_session(&state, live).await.map(Some),
        Err(AppError::Unauthorized) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Checks e-mail and password; when they match, a sign-in waits in this browser (a short-lived
/// cookie) for its second step, and the answer says which. Every attempt is counted per account
/// and per address before any password is hashed, so repeated or simultaneous guesses are slowed.
#[server(endpoint = "login")]
pub async fn login(form: LoginForm) -> Result<SignInStep, AppError> {
    use crate::db;
    use crate::domain::audit::{Actor, AuditAction};
    use crate::service::{sign_in, Entry, Work};

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let (email, password) = form.check()?;
    let address = meta.ip.as_deref();
    state.throttle.attempt(&email, address).await?;

    let mut conn = state.db.read.acquire().await?;
    let account = db::user::find_by_email(&mut conn, &email).await?;
    drop(conn);
    // An invited colleague has no password yet: checked against the decoy like an unknown
    // address, so the answer takes as long and tells nothing.
    let stored_hash =
        account.as_ref().map(|a| a.password_hash.clone()).filter(|hash| hash != db::team::NO_PASSWORD_YET);
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
    state.throttle.succeeded(&email, address).await?;
    let actor = Actor::Staff { id: account.id, role: Some(role) };
    let mut work = Work::write(&state.db, &state.clock, actor, (&meta).into()).await?;
    let (token, step) = sign_in::begin(&mut work, account.id).await?;
    work.commit().await?;
    crate::api::set_cookie(&db::session::sign_in_cookie(&token, state.sessions));
    crate::api::redirect_plain_form_post("/login/code");
    Ok(step)
}

/// The sign-in waiting in this browser for its second step: whose, and what it asks for.
#[server(endpoint = "sign-in/waiting")]
pub async fn sign_in_waiting() -> Result<WaitingSignIn, AppError> {
    use crate::service::sign_in;

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let mut work = waiting_work(&state, &meta).await?;
    let waiting = sign_in::waiting(&mut work, meta.sign_in_token.as_deref()).await?;
    let account = crate::db::user::identity(work.conn(), waiting.user_id).await?;
    work.commit().await?;
    Ok(WaitingSignIn { name: account.name, step: waiting.step })
}

/// A new secret for setting up the second step, shown once; only for a waiting sign-in whose
/// account has none yet.
#[server(endpoint = "sign-in/secret")]
pub async fn new_second_step_secret() -> Result<SecondStepSecret, AppError> {
    use crate::service::sign_in;

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let mut work = waiting_work(&state, &meta).await?;
    let waiting = sign_in::waiting(&mut work, meta.sign_in_token.as_deref()).await?;
    let account = crate::db::user::identity(work.conn(), waiting.user_id).await?;
    let practice = crate::db::practice::settings(work.conn()).await?;
    let secret =
        sign_in::new_secret(&mut work, &state.secrets, waiting.user_id, &practice.name, &account.email).await?;
    work.commit().await?;
    let text = secret.text.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>();
    Ok(SecondStepSecret { text: text.join(" "), qr_svg: secret.qr_svg })
}

/// The first code from the app sets the second step up and signs in; the answer holds ten
/// recovery codes, shown this once.
#[server(endpoint = "sign-in/set-up")]
pub async fn confirm_second_step(form: CodeForm) -> Result<Vec<String>, AppError> {
    use crate::domain::second_step::show_recovery_code;
    use crate::service::sign_in;

    let code = form.parse_app_code()?;
    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let (subject, mut work) = throttled_waiting_work(&state, &meta).await?;
    let waiting = sign_in::waiting(&mut work, meta.sign_in_token.as_deref()).await?;
    match sign_in::confirm_secret(&mut work, &state.secrets, waiting.user_id, &code).await {
        Ok(codes) => {
            signed_in(&state, &meta, work, &waiting, &subject).await?;
            Ok(codes.iter().map(|code| show_recovery_code(code)).collect())
        }
        Err(AppError::WrongCode) => Err(wrong_code(&state, work, &waiting).await?),
        Err(other) => Err(other),
    }
}

/// The second step of signing in: a code from the app (never one of a time step used before)
/// or a recovery code (once). Wrong codes are counted per sign-in, account and address.
#[server(endpoint = "sign-in/code")]
pub async fn sign_in_code(form: CodeForm) -> Result<SignedIn, AppError> {
    use crate::service::sign_in::{self, CodeAccepted};

    let code = form.parse()?;
    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let (subject, mut work) = throttled_waiting_work(&state, &meta).await?;
    let waiting = sign_in::waiting(&mut work, meta.sign_in_token.as_deref()).await?;
    match sign_in::use_code(&mut work, &state.secrets, waiting.user_id, &code).await {
        Ok(accepted) => {
            signed_in(&state, &meta, work, &waiting, &subject).await?;
            let recovery_codes_left = match accepted {
                CodeAccepted::App => None,
                CodeAccepted::Recovery { left } => Some(left),
            };
            crate::api::redirect_plain_form_post("/clients");
            Ok(SignedIn { recovery_codes_left })
        }
        Err(AppError::WrongCode) => Err(wrong_code(&state, work, &waiting).await?),
        Err(other) => Err(other),
    }
}

/// A unit of work acting as the account whose sign-in waits in this browser (it proved its
/// password); anonymous when there is none, which the use case then refuses.
#[cfg(feature = "ssr")]
async fn waiting_work(
    state: &crate::server_ctx::AppState,
    meta: &crate::server_ctx::RequestMeta,
) -> Result<crate::service::Work, AppError> {
    crate::service::Work::write(&state.db, &state.clock, waiting_actor(state, meta).await?, meta.into()).await
}

#[cfg(feature = "ssr")]
async fn waiting_actor(
    state: &crate::server_ctx::AppState,
    meta: &crate::server_ctx::RequestMeta,
) -> Result<crate::domain::audit::Actor, AppError> {
    use crate::domain::audit::Actor;
    let Some(token) = meta.sign_in_token.as_deref() else { return Ok(Actor::Anonymous) };
    let mut conn = state.db.read.acquire().await?;
    let Some(waiting) = crate::db::second_step::pending(&mut conn, &crate::db::session::hash_token(token)).await?
    else {
        return Ok(Actor::Anonymous);
    };
    let account = crate::db::user::identity(&mut conn, waiting.staff_user_id).await?;
    Ok(Actor::Staff { id: waiting.staff_user_id, role: crate::domain::user::Role::from_code(&account.role) })
}

/// [`waiting_work`] after counting the try against the account's codes and the address, before
/// any code is checked; returns the throttle's subject too.
#[cfg(feature = "ssr")]
async fn throttled_waiting_work(
    state: &crate::server_ctx::AppState,
    meta: &crate::server_ctx::RequestMeta,
) -> Result<(String, crate::service::Work), AppError> {
    use crate::domain::audit::Actor;
    let actor = waiting_actor(state, meta).await?;
    let Actor::Staff { id, .. } = actor else { return Err(AppError::SignInExpired) };
    let subject = format!("code:{id}");
    state.throttle.attempt(&subject, meta.ip.as_deref()).await?;
    let work = crate::service::Work::write(&state.db, &state.clock, actor, meta.into()).await?;
    Ok((subject, work))
}

/// The second step is done: the session starts, its cookie replaces the waiting one.
#[cfg(feature = "ssr")]
async fn signed_in(
    state: &crate::server_ctx::AppState,
    meta: &crate::server_ctx::RequestMeta,
    mut work: crate::service::Work,
    waiting: &crate::service::sign_in::Waiting,
    subject: &str,
) -> Result<(), AppError> {
    use crate::db::session;
    use crate::domain::second_step::Device;
    let device = meta.user_agent.as_deref().map(Device::from_user_agent);
    let token = crate::service::sign_in::finish(&mut work, waiting, state.sessions, device).await?;
    work.commit().await?;
    state.throttle.succeeded(subject, meta.ip.as_deref()).await?;
    crate::api::set_cookie(&session::cookie(&token, state.sessions));
    crate::api::set_cookie(&session::expired_sign_in_cookie(state.sessions));
    Ok(())
}

/// Counts and logs a wrong code; the refusal to answer (the sign-in may be over now).
#[cfg(feature = "ssr")]
async fn wrong_code(
    state: &crate::server_ctx::AppState,
    mut work: crate::service::Work,
    waiting: &crate::service::sign_in::Waiting,
) -> Result<AppError, AppError> {
    let refusal = crate::service::sign_in::count_wrong_code(&mut work, waiting).await?;
    work.commit().await?;
    if refusal == AppError::SignInExpired {
        crate::api::set_cookie(&crate::db::session::expired_sign_in_cookie(state.sessions));
    }
    Ok(refusal)
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
    crate::api::set_cookie(&session::expired_cookie(state.sessions));
    crate::api::redirect_plain_form_post("/login");
    Ok(())
}
