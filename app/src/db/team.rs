//! Colleagues' accounts, their invitations and the AVG check a new colleague raises.

use super::Stamp;
use crate::domain::team::{ColleagueCheckItem, InvitationPurpose};
use crate::domain::user::Role;
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// What an account holds before its owner has set a password: no Argon2 hash, so no password
/// ever matches it.
pub const NO_PASSWORD_YET: &str = "!";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub has_password: bool,
    pub disabled_at: Option<DateTime<Utc>>,
    pub invitation_expires_at: Option<DateTime<Utc>>,
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// Everyone who has an account, disabled ones included, in the order they were added.
pub async fn members(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(
        "select u.id, u.name, u.email, u.role, u.password_hash <> ?1 as has_password, u.disabled_at,
                (select max(i.expires_at) from staff_invitation i
                  where i.user_id = u.id and i.used_at is null and i.replaced_at is null and i.expires_at > ?2)
                    as invitation_expires_at,
                (select max(s.last_seen_at) from session s where s.user_id = u.id) as last_seen_at
         from staff_user u order by u.id",
    )
    .bind(NO_PASSWORD_YET)
    .bind(Stamp(now))
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub role: String,
    pub disabled_at: Option<DateTime<Utc>>,
}

pub async fn account(conn: &mut SqliteConnection, id: i64) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as("select id, role, disabled_at from staff_user where id = ?").bind(id).fetch_optional(conn).await
}

pub async fn name(conn: &mut SqliteConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select name from staff_user where id = ?").bind(id).fetch_optional(conn).await
}

pub async fn email_taken(conn: &mut SqliteConnection, email: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("select id from staff_user where email = ?").bind(email).fetch_optional(conn).await?;
    Ok(found.is_some())
}

/// Active accounts with the owner's role.
pub async fn active_owners(conn: &mut SqliteConnection) -> Result<usize, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("select count(*) from staff_user where role = ? and disabled_at is null")
        .bind(Role::Owner.code())
        .fetch_one(conn)
        .await?;
    Ok(usize::try_from(count).unwrap_or(0))
}

pub async fn set_role(conn: &mut SqliteConnection, id: i64, role: Role, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set role = ?, updated_at = ? where id = ?")
        .bind(role.code())
        .bind(Stamp(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Disables the account and ends its sessions; its invitations stop working.
pub async fn disable(conn: &mut SqliteConnection, id: i64, by: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set disabled_at = ?, disabled_by = ?, updated_at = ? where id = ?")
        .bind(Stamp(now))
        .bind(by)
        .bind(Stamp(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    end_sessions_and_invitations(conn, id, now).await
}

/// Takes the password away (the colleague sets a new one through a new invitation) and ends
/// the account's sessions.
pub async fn clear_password(conn: &mut SqliteConnection, id: i64, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("update staff_user set password_hash = ?, pin_hash = null, updated_at = ? where id = ?")
        .bind(NO_PASSWORD_YET)
        .bind(Stamp(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    end_sessions_and_invitations(conn, id, now).await
}

async fn end_sessions_and_invitations(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from session where user_id = ?").bind(id).execute(&mut *conn).await?;
    sqlx::query(
        "update staff_invitation set replaced_at = ? where user_id = ? and used_at is null and replaced_at is null",
    )
    .bind(Stamp(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new invitation for `user_id`; any earlier one that was not used stops working.
pub async fn invite(
    conn: &mut SqliteConnection,
    user_id: i64,
    purpose: InvitationPurpose,
    token_hash: &str,
    by: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update staff_invitation set replaced_at = ? where user_id = ? and used_at is null and replaced_at is null",
    )
    .bind(Stamp(now))
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into staff_invitation (token_hash, user_id, purpose, created_by, created_at, expires_at)
         values (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose.code())
    .bind(by)
    .bind(Stamp(now))
    .bind(Stamp(expires_at))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenInvitation {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    pub purpose: String,
    pub expires_at: DateTime<Utc>,
}

/// The invitation behind `token_hash` if it can still be used now: not used, not replaced, not
/// expired, for an account that is not disabled.
pub async fn open_invitation(
    conn: &mut SqliteConnection,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<OpenInvitation>, sqlx::Error> {
    sqlx::query_as(
        "select i.user_id, u.name, u.role, i.purpose, i.expires_at
         from staff_invitation i join staff_user u on u.id = i.user_id
         where i.token_hash = ? and i.used_at is null and i.replaced_at is null and i.expires_at > ?
           and u.disabled_at is null",
    )
    .bind(token_hash)
    .bind(Stamp(now))
    .fetch_optional(conn)
    .await
}

/// Uses the invitation and sets the password; false when it was used in the meantime.
pub async fn accept(
    conn: &mut SqliteConnection,
    token_hash: &str,
    user_id: i64,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let used = sqlx::query("update staff_invitation set used_at = ? where token_hash = ? and used_at is null")
        .bind(Stamp(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    if used.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("update staff_user set password_hash = ?, updated_at = ? where id = ?")
        .bind(password_hash)
        .bind(Stamp(now))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(true)
}

pub async fn raise_check(
    conn: &mut SqliteConnection,
    colleague: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into colleague_check (staff_user_id, raised_by, raised_at, created_at, updated_at)
         values (?, ?, ?, ?, ?)",
    )
    .bind(colleague)
    .bind(by)
    .bind(Stamp(now))
    .bind(Stamp(now))
    .bind(Stamp(now))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenCheckRow {
    pub colleague: i64,
    pub name: String,
    pub raised_at: DateTime<Utc>,
}

pub async fn open_checks(conn: &mut SqliteConnection) -> Result<Vec<OpenCheckRow>, sqlx::Error> {
    sqlx::query_as(
        "select c.staff_user_id as colleague, u.name, c.raised_at
         from colleague_check c join staff_user u on u.id = c.staff_user_id
         where c.closed_at is null order by c.raised_at",
    )
    .fetch_all(conn)
    .await
}

/// Closes the open check for `colleague`; false when there is none (closed already).
pub async fn close_check(
    conn: &mut SqliteConnection,
    colleague: i64,
    done: &[ColleagueCheckItem],
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done: Vec<&str> = done.iter().map(|item| item.code()).collect();
    let result = sqlx::query(
        "update colleague_check set closed_by = ?, closed_at = ?, done = ?, updated_at = ?
         where staff_user_id = ? and closed_at is null",
    )
    .bind(by)
    .bind(Stamp(now))
    .bind(serde_json::to_string(&done).unwrap_or_default())
    .bind(Stamp(now))
    .bind(colleague)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
