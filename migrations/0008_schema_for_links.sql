-- The schema loosened once for what comes next (issue 11, item 7), so that colleagues, a
-- parent's signing link, a client's own link and scheduled jobs need no table rebuild later:
--   * staff roles are an open set, checked in Rust (domain::user::Role), not a CHECK on two words;
--   * the tablet hand-over becomes a signing session with a channel (tablet now, link later);
--   * a signature and a consent event no longer require a staff member (a link has none), and
--     how an event was recorded is checked in Rust (domain::consent::EventMethod);
--   * a consent text version is stored per language, and holds its own closing sentences (the
--     intent and the right to withdraw), which are inside the hashed text: so no change to the
--     code can alter a text that was signed. Versions from before are Dutch, and their closing
--     is exactly the sentences the code added to them until now.
-- Rebuilt tables keep every row and every value as it was, so the seals of consent evidence and
-- events still match (db::ledger hashes values, not column definitions). The append-only
-- triggers are created again on the new tables. sqlx runs this inside a transaction, where
-- PRAGMA foreign_keys cannot change; so each table is copied aside, dropped (its children's
-- references then count as deferred violations) and created again under its own name, and
-- putting its rows back settles those violations before the commit checks them.
pragma defer_foreign_keys = on;

create temporary table staff_user_copy as select * from staff_user;
drop table staff_user;
create table staff_user (
    id integer primary key,
    name text not null,
    email text not null constraint staff_user_email_key unique,
    password_hash text not null,
    role text not null,
    created_at text not null,
    updated_at text not null,
    pin_hash text
);
insert into staff_user (id, name, email, password_hash, role, created_at, updated_at, pin_hash)
    select id, name, email, password_hash, role, created_at, updated_at, pin_hash from staff_user_copy;
drop table staff_user_copy;

create temporary table consent_template_copy as select * from consent_template;
drop table consent_template;
create table consent_template (
    id integer primary key,
    purpose text not null,
    language text not null, -- 'nl', 'en'
    version integer not null,
    title text not null,
    body text not null,
    closing text not null, -- after the body; `{title}` stands for the title
    text_sha256 text not null, -- of the full text the signer sees (domain::consent::rendered_text)
    created_by integer references staff_user (id), -- null for the texts shipped with the app
    created_at text not null,
    updated_at text not null,
    constraint consent_template_version_key unique (purpose, language, version)
);
insert into consent_template (id, purpose, language, version, title, body, closing, text_sha256, created_by, created_at,
                              updated_at)
    select id, purpose, 'nl', version, title, body,
           'Door te tekenen ga ik akkoord met: {title}.' || char(10) ||
           'Ik kan deze toestemming altijd intrekken, net zo makkelijk als ik haar nu geef.',
           text_sha256, created_by, created_at, updated_at
    from consent_template_copy;
drop table consent_template_copy;
create trigger consent_template_is_immutable_update before update on consent_template
begin
    select raise(abort, 'consent_template versions are immutable');
end;
create trigger consent_template_is_immutable_delete before delete on consent_template
begin
    select raise(abort, 'consent_template versions are immutable');
end;
create trigger consent_template_refuses_replacement before insert on consent_template
when exists (select 1 from consent_template
             where id = new.id or (purpose = new.purpose and language = new.language and version = new.version))
begin
    select raise(abort, 'consent_template versions are immutable');
end;

-- The hand-over is the first kind of signing session. Its id keeps the name `handover_id` in the
-- tables that point at it, so the sealed evidence hashes over the same columns as before.
alter table handover rename to signing_session;
alter table signing_session add column channel text not null default 'tablet';

create temporary table consent_signature_copy as select * from consent_signature;
drop table consent_signature;
create table consent_signature (
    id text primary key,
    client_id text not null references client (id),
    template_id integer not null references consent_template (id),
    purpose text not null,
    rendered_text text not null,
    text_sha256 text not null,
    signer_role text not null check (signer_role in ('client', 'guardian')),
    signer_name text not null,
    guardian_relationship text,
    strokes text not null,
    signature_svg text not null,
    staff_user_id integer references staff_user (id), -- the staff member present; none for a link
    staff_name text,
    handover_id text not null references signing_session (id),
    device text not null,
    ip text not null,
    signed_at text not null,
    evidence_sha256 text not null,
    created_at text not null,
    updated_at text not null
);
insert into consent_signature select
    id, client_id, template_id, purpose, rendered_text, text_sha256, signer_role, signer_name, guardian_relationship,
    strokes, signature_svg, staff_user_id, staff_name, handover_id, device, ip, signed_at, evidence_sha256, created_at,
    updated_at
    from consent_signature_copy;
drop table consent_signature_copy;
create index consent_signature_client_idx on consent_signature (client_id);
create trigger consent_signature_is_append_only_update before update on consent_signature
begin
    select raise(abort, 'consent_signature is append-only');
end;
create trigger consent_signature_is_append_only_delete before delete on consent_signature
begin
    select raise(abort, 'consent_signature is append-only');
end;
create trigger consent_signature_refuses_replacement before insert on consent_signature
when exists (select 1 from consent_signature where id = new.id)
begin
    select raise(abort, 'consent_signature is append-only');
end;

create temporary table consent_event_copy as select * from consent_event;
drop table consent_event;
create table consent_event (
    id integer primary key,
    client_id text not null references client (id),
    purpose text not null,
    template_id integer not null references consent_template (id),
    kind text not null check (kind in ('granted', 'declined', 'withdrawn')),
    signature_id text references consent_signature (id),
    method text not null,
    recorded_by integer references staff_user (id), -- none when the client answered through a link
    handover_id text references signing_session (id),
    at text not null,
    created_at text not null,
    updated_at text not null,
    reason text,
    check ((kind = 'granted') = (signature_id is not null))
);
insert into consent_event (id, client_id, purpose, template_id, kind, signature_id, method, recorded_by, handover_id,
                           at, created_at, updated_at, reason)
    select id, client_id, purpose, template_id, kind, signature_id, method, recorded_by, handover_id, at, created_at,
           updated_at, reason
    from consent_event_copy;
drop table consent_event_copy;
create index consent_event_client_idx on consent_event (client_id, purpose, id);
create trigger consent_event_is_append_only_update before update on consent_event
begin
    select raise(abort, 'consent_event is append-only');
end;
create trigger consent_event_is_append_only_delete before delete on consent_event
begin
    select raise(abort, 'consent_event is append-only');
end;
create trigger consent_event_refuses_replacement before insert on consent_event
when exists (select 1 from consent_event where id = new.id)
begin
    select raise(abort, 'consent_event is append-only');
end;
