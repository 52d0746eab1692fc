-- Colleagues (issue 13): each signs in as themselves. The owner adds a colleague, who sets their
-- own password through a one-time invitation; an account can be disabled, never removed, so its
-- name stays in the history.

-- Set when the owner disabled the account: it signs in to nothing and its sessions are gone.
alter table staff_user add column disabled_at text;
alter table staff_user add column disabled_by integer references staff_user (id);

-- A one-time link for setting a password: to join, or after the owner reset it. Only a hash of
-- its token is stored; it expires, is used once, and a newer one for the same account replaces
-- it (`replaced_at`).
create table staff_invitation (
    token_hash text primary key,
    user_id integer not null references staff_user (id),
    purpose text not null, -- 'join' | 'reset', checked in Rust (domain::team::InvitationPurpose)
    created_by integer not null references staff_user (id),
    created_at text not null,
    expires_at text not null,
    used_at text,
    replaced_at text
);
create index staff_invitation_user_idx on staff_invitation (user_id);

-- The AVG check the salon's statement promises when a colleague starts: a confidentiality
-- statement, instruction, and access to the right data only. Closed by the owner, who records
-- that each was done.
create table colleague_check (
    staff_user_id integer primary key references staff_user (id),
    raised_by integer not null references staff_user (id),
    raised_at text not null,
    closed_by integer references staff_user (id),
    closed_at text,
    done text, -- the codes of what was done, as JSON (domain::team::ColleagueCheckItem)
    created_at text not null,
    updated_at text not null
);
