//! Colleagues: the owner adds, changes, resets and disables accounts; a colleague accepts an
//! invitation by setting their own password.

use super::work::{Entry, Work};
use crate::api::types::{local_time, ColleagueCheckView, InvitationInfo, MemberStatus, MemberView, TeamView};
use crate::db::{self, session::hash_token};
use crate::domain::audit::{AuditAction, AuditDetail};
use crate::domain::team::{leaves_an_owner, ColleagueCheckItem, InvitationPurpose, NewColleague, INVITATION_HOURS};
use crate::domain::user::Role;
use crate::domain::{FieldError, ValidationErrors};
use crate::error::AppError;
use base64::Engine;
use rand::RngCore;

/// A fresh invitation token: what the link carries. Only its hash is stored.
pub struct InvitationToken {
    pub token: String,
    pub until: chrono::DateTime<chrono::Utc>,
}

fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

fn acting_staff(work: &Work) -> Result<i64, AppError> {
    work.actor().staff_id().ok_or(AppError::Forbidden)
}

pub async fn overview(work: &mut Work) -> Result<TeamView, AppError> {
    let me = acting_staff(work)?;
    let now = work.now();
    let rows = db::team::members(work.conn(), now).await?;
    let members = rows
        .into_iter()
        .filter_map(|row| {
            // An account with a role of a newer version is left off, as it cannot sign in here.
            let role = Role::from_code(&row.role)?;
            let status = match (row.disabled_at, row.has_password, row.invitation_expires_at) {
                (Some(since), _, _) => MemberStatus::Disabled { since: local_time(since) },
                (None, true, _) => MemberStatus::Active,
                (None, false, Some(until)) => MemberStatus::Invited { until: local_time(until) },
                (None, false, None) => MemberStatus::InvitationExpired,
            };
            Some(MemberView {
                is_you: row.id == me,
                id: row.id,
                name: row.name,
                email: row.email,
                role,
                status,
                last_seen: row.last_seen_at.map(local_time),
            })
        })
        .collect();
    let checks = db::team::open_checks(work.conn())
        .await?
        .into_iter()
        .map(|row| ColleagueCheckView {
            colleague: row.colleague,
            name: row.name,
            raised_at: local_time(row.raised_at),
        })
        .collect();
    work.audit(Entry::new(AuditAction::TeamViewed));
    Ok(TeamView { members, checks })
}

/// Adds a colleague without a password, with an invitation to set one and an AVG check for
/// the owner. The token is returned once, for the link.
pub async fn invite(work: &mut Work, colleague: &NewColleague) -> Result<(i64, InvitationToken), AppError> {
    let by = acting_staff(work)?;
    let now = work.now();
    if db::team::email_taken(work.conn(), &colleague.email).await? {
        return Err(ValidationErrors::one("email", FieldError::EmailTaken).into());
    }
    let id = db::user::insert(
        work.conn(),
        &colleague.name,
        &colleague.email,
        db::team::NO_PASSWORD_YET,
        colleague.role,
        now,
    )
    .await?;
    db::team::raise_check(work.conn(), id, by, now).await?;
    let token = issue_invitation(work, id, InvitationPurpose::Join).await?;
    work.audit(
        Entry::new(AuditAction::ColleagueInvited)
            .detail(AuditDetail::Colleague { colleague: id, role: colleague.role }),
    );
    Ok((id, token))
}

async fn issue_invitation(work: &mut Work, id: i64, purpose: InvitationPurpose) -> Result<InvitationToken, AppError> {
    let by = acting_staff(work)?;
    let now = work.now();
    let until = now + chrono::Duration::hours(INVITATION_HOURS);
    let (token, hash) = new_token();
    db::team::invite(work.conn(), id, purpose, &hash, by, now, until).await?;
    Ok(InvitationToken { token, until })
}

/// An active account, or `NotFound`.
async fn active_account(work: &mut Work, id: i64) -> Result<(Role, bool), AppError> {
    let account = db::team::account(work.conn(), id).await?.ok_or(AppError::NotFound)?;
    if account.disabled_at.is_some() {
        return Err(AppError::NotFound);
    }
    let role = Role::from_code(&account.role).ok_or(AppError::NotFound)?;
    Ok((role, role == Role::Owner))
}

pub async fn change_role(work: &mut Work, id: i64, role: Role) -> Result<(), AppError> {
    let (from, is_owner) = active_account(work, id).await?;
    if from == role {
        return Err(AppError::NothingChanged);
    }
    let owners = db::team::active_owners(work.conn()).await?;
    if !leaves_an_owner(owners, is_owner, Some(role)) {
        return Err(AppError::LastOwner);
    }
    let now = work.now();
    db::team::set_role(work.conn(), id, role, now).await?;
    work.audit(Entry::new(AuditAction::RoleChanged).detail(AuditDetail::RoleChange { colleague: id, from, to: role }));
    Ok(())
}

/// Offboarding: the account signs in to nothing from now on, its sessions end at once, and its
/// name stays in every history it is part of.
pub async fn disable(work: &mut Work, id: i64) -> Result<(), AppError> {
    let by = acting_staff(work)?;
    let (role, is_owner) = active_account(work, id).await?;
    let owners = db::team::active_owners(work.conn()).await?;
    if !leaves_an_owner(owners, is_owner, None) {
        return Err(AppError::LastOwner);
    }
    let now = work.now();
    db::team::disable(work.conn(), id, by, now).await?;
    work.audit(Entry::new(AuditAction::ColleagueDisabled).detail(AuditDetail::Colleague { colleague: id, role }));
    Ok(())
}

/// The colleague's password stops working and their sessions end; a new invitation lets them
/// set another. Not for one's own account: that is changed, not reset.
pub async fn reset_password(work: &mut Work, id: i64) -> Result<InvitationToken, AppError> {
    if acting_staff(work)? == id {
        return Err(AppError::Forbidden);
    }
    let (role, _) = active_account(work, id).await?;
    let now = work.now();
    db::team::clear_password(work.conn(), id, now).await?;
    // A new password comes with a new second step: the old phone may be what was lost.
    db::second_step::remove(work.conn(), id).await?;
    db::second_step::delete_pending_of(work.conn(), id).await?;
    let token = issue_invitation(work, id, InvitationPurpose::Reset).await?;
    work.audit(Entry::new(AuditAction::PasswordReset).detail(AuditDetail::Colleague { colleague: id, role }));
    Ok(token)
}

/// A new link for a colleague who has not set a password yet (the first one expired or got lost).
pub async fn invite_again(work: &mut Work, id: i64) -> Result<InvitationToken, AppError> {
    let (role, _) = active_account(work, id).await?;
    let token = issue_invitation(work, id, InvitationPurpose::Join).await?;
    work.audit(Entry::new(AuditAction::ColleagueInvited).detail(AuditDetail::Colleague { colleague: id, role }));
    Ok(token)
}

pub async fn close_check(work: &mut Work, colleague: i64, done: &[ColleagueCheckItem]) -> Result<(), AppError> {
    let by = acting_staff(work)?;
    let now = work.now();
    if !db::team::close_check(work.conn(), colleague, done, by, now).await? {
        return Err(AppError::NothingChanged);
    }
    work.audit(
        Entry::new(AuditAction::ColleagueCheckDone).detail(AuditDetail::CheckDone { colleague, done: done.to_vec() }),
    );
    Ok(())
}

/// What the invitation behind `token` is for; `InvitationInvalid` for one that cannot be used.
pub async fn invitation(work: &mut Work, token: &str) -> Result<InvitationInfo, AppError> {
    let now = work.now();
    let open =
        db::team::open_invitation(work.conn(), &hash_token(token), now).await?.ok_or(AppError::InvitationInvalid)?;
    let practice = db::practice::settings(work.conn()).await?;
    Ok(InvitationInfo {
        name: open.name,
        practice_name: practice.name,
        role: Role::from_code(&open.role).ok_or(AppError::InvitationInvalid)?,
        purpose: InvitationPurpose::from_code(&open.purpose).ok_or(AppError::InvitationInvalid)?,
        until: local_time(open.expires_at),
    })
}

/// Sets the password of the account the invitation is for, and uses the invitation up; returns
/// that account, whose second step is set up next. The entry names the colleague as the one who
/// acted.
pub async fn accept(work: &mut Work, token: &str, password_hash: &str) -> Result<i64, AppError> {
    let now = work.now();
    let hash = hash_token(token);
    let open = db::team::open_invitation(work.conn(), &hash, now).await?.ok_or(AppError::InvitationInvalid)?;
    if !db::team::accept(work.conn(), &hash, open.user_id, password_hash, now).await? {
        return Err(AppError::InvitationInvalid);
    }
    let role = Role::from_code(&open.role).ok_or(AppError::InvitationInvalid)?;
    work.audit(
        Entry::new(AuditAction::InvitationAccepted).detail(AuditDetail::Colleague { colleague: open.user_id, role }),
    );
    Ok(open.user_id)
}
