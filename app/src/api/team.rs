//! The team: the owner's page of colleagues, and the invitation a colleague opens on their phone.

use crate::api::types::{InvitationInfo, InvitationLink, TeamView};
use crate::domain::team::{ColleagueForm, NewPasswordForm};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "team")]
pub async fn team_overview() -> Result<TeamView, AppError> {
    use crate::domain::user::Permission;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let team = team::overview(&mut work).await?;
    work.commit().await?;
    Ok(team)
}

/// Adds a colleague and answers with their invitation, shown once.
#[server(endpoint = "team/invite")]
pub async fn invite_colleague(form: ColleagueForm) -> Result<InvitationLink, AppError> {
    use crate::domain::team::NewColleague;
    use crate::domain::user::Permission;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let colleague = NewColleague::parse(&form)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let (_, token) = team::invite(&mut work, &colleague).await?;
    work.commit().await?;
    invitation_link(&state, &meta, colleague.name, token)
}

/// A new invitation for a colleague who has not set a password yet.
#[server(endpoint = "team/invite-again")]
pub async fn invite_again(id: i64) -> Result<InvitationLink, AppError> {
    use crate::domain::user::Permission;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let name = member_name(&mut work, id).await?;
    let token = team::invite_again(&mut work, id).await?;
    work.commit().await?;
    invitation_link(&state, &meta, name, token)
}

#[server(endpoint = "team/role")]
pub async fn change_role(id: i64, role: String) -> Result<(), AppError> {
    use crate::domain::team::parse_role;
    use crate::domain::user::Permission;
    use crate::domain::ValidationErrors;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let role = parse_role(&role).map_err(|error| ValidationErrors::one("role", error))?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    team::change_role(&mut work, id, role).await?;
    work.commit().await
}

/// Ends a colleague's access for good: sessions end at once, the name stays in the history.
#[server(endpoint = "team/disable")]
pub async fn disable_colleague(id: i64) -> Result<(), AppError> {
    use crate::domain::user::Permission;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    team::disable(&mut work, id).await?;
    work.commit().await
}

/// The colleague's password stops working; they set a new one through the invitation shown.
#[server(endpoint = "team/reset")]
pub async fn reset_password(id: i64) -> Result<InvitationLink, AppError> {
    use crate::domain::user::Permission;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let name = member_name(&mut work, id).await?;
    let token = team::reset_password(&mut work, id).await?;
    work.commit().await?;
    invitation_link(&state, &meta, name, token)
}

/// Closes a new colleague's AVG check; `done` lists what was done, every item is needed.
#[server(endpoint = "team/check")]
pub async fn close_colleague_check(colleague: i64, done: String) -> Result<(), AppError> {
    use crate::domain::team::parse_check_done;
    use crate::domain::user::Permission;
    use crate::service::{team, Work};

    let (state, user, meta) = crate::server_ctx::require(Permission::ManageTeam).await?;
    let done = parse_check_done(&done)?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    team::close_check(&mut work, colleague, &done).await?;
    work.commit().await
}

/// What an invitation is for, for the page that opens it. Every try is counted per address, so
/// links cannot be guessed.
#[server(endpoint = "invitation")]
pub async fn open_invitation(token: String) -> Result<InvitationInfo, AppError> {
    use crate::domain::audit::Actor;
    use crate::service::{team, Work};

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let address = meta.ip.as_deref();
    let link = invitation_throttle_key(&token);
    state.throttle.attempt(&link, address).await?;
    let mut work = Work::read(&state.db, &state.clock, Actor::Anonymous, (&meta).into()).await?;
    let info = team::invitation(&mut work, token.trim()).await?;
    work.commit().await?;
    state.throttle.succeeded(&link, address).await?;
    Ok(info)
}

/// Sets the colleague's password through their invitation. Afterwards they sign in as
/// themselves.
#[server(endpoint = "invitation/accept")]
pub async fn accept_invitation(token: String, form: NewPasswordForm) -> Result<(), AppError> {
    use crate::domain::audit::{Actor, AuditAction};
    use crate::service::{team, Entry, Work};

    let state = crate::server_ctx::state()?;
    let meta = crate::server_ctx::request_meta();
    let address = meta.ip.as_deref();
    let link = invitation_throttle_key(&token);
    state.throttle.attempt(&link, address).await?;
    let password = form.parse()?;
    let password_hash = crate::server_ctx::password::hash_password(password).await?;
    let mut work = Work::write(&state.db, &state.clock, Actor::Anonymous, (&meta).into()).await?;
    match team::accept(&mut work, token.trim(), &password_hash).await {
        Ok(user_id) => {
            // The link and the new password prove who this is: on to setting up the second step.
            let (sign_in, _) = crate::service::sign_in::begin(&mut work, user_id).await?;
            work.commit().await?;
            state.throttle.succeeded(&link, address).await?;
            crate::api::set_cookie(&crate::db::session::sign_in_cookie(&sign_in, state.sessions));
            crate::api::redirect_plain_form_post("/login/code");
            Ok(())
        }
        Err(AppError::InvitationInvalid) => {
            drop(work);
            let mut work = Work::write(&state.db, &state.clock, Actor::Anonymous, (&meta).into()).await?;
            work.audit(Entry::new(AuditAction::InvitationRefused));
            work.commit().await?;
            Err(AppError::InvitationInvalid)
        }
        Err(other) => Err(other),
    }
}

/// Tries are counted per link and per address: guessing from one address is slowed, and wrong
/// tries elsewhere never lock a colleague out of their own link.
#[cfg(feature = "ssr")]
fn invitation_throttle_key(token: &str) -> String {
    format!("invitation:{}", crate::db::session::hash_token(token.trim()))
}

#[cfg(feature = "ssr")]
async fn member_name(work: &mut crate::service::Work, id: i64) -> Result<String, AppError> {
    crate::db::team::name(work.conn(), id).await?.ok_or(AppError::NotFound)
}

/// The link a colleague opens, on the host name the owner's browser used. The token travels
/// after `#`: browsers never send that part to a server, so it stays out of logs and referrers.
#[cfg(feature = "ssr")]
fn invitation_link(
    state: &crate::server_ctx::AppState,
    meta: &crate::server_ctx::RequestMeta,
    name: String,
    token: crate::service::team::InvitationToken,
) -> Result<InvitationLink, AppError> {
    let scheme = if state.sessions.secure_cookie { "https" } else { "http" };
    let host = meta.host.as_deref().ok_or(AppError::BadRequest)?;
    let link = format!("{scheme}://{host}/welcome#{}", token.token);
    let qr_svg = crate::server_ctx::qr_svg(&link)?;
    Ok(InvitationLink { name, link, qr_svg, until: crate::api::types::local_time(token.until) })
}
