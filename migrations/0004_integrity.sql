-- Append-only means append-only. `insert or replace` deletes the row it conflicts with, and
-- SQLite fires no delete trigger for that unless recursive triggers are on; so every append-only
-- table also refuses an insert whose key is taken. client_revision gets the delete trigger the
-- other histories have. Consent events, signatures, revisions and health answers are sealed in
-- a chain of digests of their own, and both chains keep their length and head, so a row
-- deleted, inserted behind the app's back or cut off the end is reported (db::ledger).

create trigger client_revision_is_append_only_delete before delete on client_revision
begin
    select raise(abort, 'client_revision is append-only');
end;

create trigger client_revision_refuses_replacement before insert on client_revision
when exists (select 1 from client_revision where client_id = new.client_id and version = new.version)
begin
    select raise(abort, 'client_revision is append-only');
end;

create trigger treatment_revision_refuses_replacement before insert on treatment_revision
when exists (select 1 from treatment_revision where treatment_id = new.treatment_id and version = new.version)
begin
    select raise(abort, 'treatment_revision is append-only');
end;

create trigger consent_signature_refuses_replacement before insert on consent_signature
when exists (select 1 from consent_signature where id = new.id)
begin
    select raise(abort, 'consent_signature is append-only');
end;

create trigger consent_event_refuses_replacement before insert on consent_event
when exists (select 1 from consent_event where id = new.id)
begin
    select raise(abort, 'consent_event is append-only');
end;

create trigger audit_event_refuses_replacement before insert on audit_event
when exists (select 1 from audit_event where id = new.id)
begin
    select raise(abort, 'audit_event is append-only');
end;

create trigger health_answers_refuses_replacement before insert on health_answers
when exists (select 1 from health_answers where id = new.id)
begin
    select raise(abort, 'health_answers is append-only');
end;

create trigger consent_template_refuses_replacement before insert on consent_template
when exists (select 1 from consent_template where id = new.id or (purpose = new.purpose and version = new.version))
begin
    select raise(abort, 'consent_template versions are immutable');
end;

-- One link per sealed row: which row (table and key), the SHA-256 of its content, and the hash
-- of the link before it. It holds no personal data, only digests.
create table record_chain (
    id integer primary key,
    record_table text not null,
    record_key text not null,
    record_sha256 text not null,
    prev_hash text not null,
    hash text not null,
    created_at text not null,
    updated_at text not null,
    constraint record_chain_record_key unique (record_table, record_key)
);

create trigger record_chain_is_append_only_update before update on record_chain
begin
    select raise(abort, 'record_chain is append-only');
end;
create trigger record_chain_is_append_only_delete before delete on record_chain
begin
    select raise(abort, 'record_chain is append-only');
end;
create trigger record_chain_refuses_replacement before insert on record_chain
when exists (select 1 from record_chain where id = new.id
             or (record_table = new.record_table and record_key = new.record_key))
begin
    select raise(abort, 'record_chain is append-only');
end;

-- How long each chain is and the hash of its last link, written with every append: a tail cut
-- off a chain still links up, but no longer reaches its stored head.
create table chain_head (
    chain text primary key check (chain in ('audit_event', 'record_chain')),
    length integer not null,
    head_hash text not null,
    created_at text not null,
    updated_at text not null
);
