-- The practice, its staff, sessions, client dossiers with their correction history, and the
-- append-only audit log. Timestamps are UTC, stored as text by sqlx's chrono support.

create table practice (
    id integer primary key check (id = 1), -- exactly one practice per installation
    name text not null,
    address text not null,
    kvk text,
    profile text not null check (profile in ('care_provider', 'beauty_wkkgz', 'beauty_other')),
    created_at text not null,
    updated_at text not null
);

create table staff_user (
    id integer primary key,
    name text not null,
    email text not null constraint staff_user_email_key unique,
    password_hash text not null,
    role text not null check (role in ('owner', 'practitioner')),
    created_at text not null,
    updated_at text not null
);

-- Only a hash of the session token is stored, so a copy of the database cannot be used to sign in.
create table session (
    token_hash text primary key,
    user_id integer not null references staff_user (id),
    created_at text not null,
    last_seen_at text not null,
    expires_at text not null
);
create index session_user_idx on session (user_id);

-- The current version of each dossier. The id is random so that a URL reveals nothing.
create table client (
    id text primary key,
    first_name text not null,
    initials text,
    surname text not null,
    date_of_birth text not null,
    email text,
    mobile text,
    street text,
    house_number text,
    postcode text,
    city text,
    referrer text,
    version integer not null,
    created_by integer not null references staff_user (id),
    created_at text not null,
    updated_at text not null
);

-- Every version of a dossier's personal data (rectification keeps the old values, REQ-12).
create table client_revision (
    client_id text not null references client (id),
    version integer not null,
    details text not null, -- the whole ClientDetails as JSON
    reason text,
    changed_by integer not null references staff_user (id),
    created_at text not null,
    updated_at text not null,
    primary key (client_id, version)
);

create trigger client_revision_is_append_only_update before update on client_revision
begin
    select raise(abort, 'client_revision is append-only');
end;

-- Accent-free name words for prefix search; rebuilt whenever the name changes.
create table client_name_token (
    token text not null,
    client_id text not null references client (id),
    primary key (token, client_id)
) without rowid;
create index client_name_token_client_idx on client_name_token (client_id);

-- NEN 7513-style log: who, when, which client, what, from where. Each row carries the hash of
-- the row before it, so a removed or altered row breaks the chain. No personal data in `detail`.
create table audit_event (
    id integer primary key,
    at text not null,
    user_id integer references staff_user (id),
    client_id text, -- no foreign key: the log must outlive an erased dossier
    action text not null,
    detail text,
    ip text,
    user_agent text,
    prev_hash text not null,
    hash text not null,
    created_at text not null,
    updated_at text not null
);
create index audit_event_client_idx on audit_event (client_id, id);

create trigger audit_event_is_append_only_update before update on audit_event
begin
    select raise(abort, 'audit_event is append-only');
end;

create trigger audit_event_is_append_only_delete before delete on audit_event
begin
    select raise(abort, 'audit_event is append-only');
end;
