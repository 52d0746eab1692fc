-- Two-step verification for every account (issue 13), and sign-in throttling that survives a
-- restart.

-- The secret an authenticator app computes its codes from, sealed with the server's key so that
-- a copied database alone does not give it away. `last_step` is the newest 30-second step a
-- code was accepted for: a code of that step or an older one is never accepted again.
create table staff_second_step (
    staff_user_id integer primary key references staff_user (id),
    secret_sealed blob not null,
    created_at text not null,
    confirmed_at text, -- null while being set up: it does not count until a code proved it
    last_step integer not null default 0
);

-- Ten one-time codes for when the phone is lost; only their hashes are kept.
create table staff_recovery_code (
    staff_user_id integer not null references staff_user (id),
    code_hash text not null,
    created_at text not null,
    used_at text,
    primary key (staff_user_id, code_hash)
);

-- A sign-in that passed the password and waits for its second step (or for setting one up). The
-- browser holds a random token in a short-lived cookie; only its hash is kept here.
create table sign_in_pending (
    token_hash text primary key,
    staff_user_id integer not null references staff_user (id),
    created_at text not null,
    expires_at text not null,
    wrong_codes integer not null default 0
);
create index sign_in_pending_user_idx on sign_in_pending (staff_user_id);

-- Failed sign-ins, codes and confirmations, counted per account and per network address. The key
-- is hashed: no e-mail address or IP address is kept for this.
create table sign_in_throttle (
    key_hash text primary key,
    failures integer not null,
    last_failure_at text not null
);

-- The browser and system a session was started in, as codes (`chrome/android`), for the list of
-- one's own sessions.
alter table session add column device text;
