-- Nothing kept longer than promised (issue 14): erasure of one client's dossier through the
-- append-only histories, legal holds, the tax record kept apart, and a destruction ledger.

-- While one client's dossier is being erased, and only inside that transaction, its row here
-- lets the append-only histories give up exactly that client's rows: the erasure inserts it,
-- deletes, and removes it again before it commits. Nothing else ever writes here.
create table erasure_permit (
    client_id text primary key
);

drop trigger client_revision_is_append_only_delete;
create trigger client_revision_is_append_only_delete before delete on client_revision
when not exists (select 1 from erasure_permit where client_id = old.client_id)
begin
    select raise(abort, 'client_revision is append-only');
end;

drop trigger consent_signature_is_append_only_delete;
create trigger consent_signature_is_append_only_delete before delete on consent_signature
when not exists (select 1 from erasure_permit where client_id = old.client_id)
begin
    select raise(abort, 'consent_signature is append-only');
end;

drop trigger consent_event_is_append_only_delete;
create trigger consent_event_is_append_only_delete before delete on consent_event
when not exists (select 1 from erasure_permit where client_id = old.client_id)
begin
    select raise(abort, 'consent_event is append-only');
end;

drop trigger treatment_revision_is_append_only_delete;
create trigger treatment_revision_is_append_only_delete before delete on treatment_revision
when not exists (select 1 from erasure_permit p join treatment t on t.client_id = p.client_id
                 where t.id = old.treatment_id)
begin
    select raise(abort, 'treatment_revision is append-only');
end;

drop trigger health_answers_is_append_only_delete;
create trigger health_answers_is_append_only_delete before delete on health_answers
when not exists (select 1 from erasure_permit where client_id = old.client_id)
begin
    select raise(abort, 'health_answers is append-only');
end;

-- The sealed records that were erased: their links stay in the record chain (digests only), and
-- the integrity check knows they are gone by erasure, not by tampering.
create table erased_record (
    record_table text not null,
    record_key text not null,
    erased_at text not null,
    primary key (record_table, record_key)
) without rowid;

-- What was destroyed, without content: the client's id (a pseudonym once nothing is left behind
-- it), when, under which rule, on whose approval, and how. Also written to a file beside the
-- database, so that restoring an older copy destroys the same dossiers again.
create table destruction (
    id integer primary key,
    client_id text not null,
    destroyed_at text not null,
    reason text not null, -- domain::retention::Destruction
    ground text, -- domain::retention::Ground of the term that ended; null on request
    approved_by integer references staff_user (id), -- null when a job re-applied it
    method text not null check (method in ('deleted')),
    tax_record_id text, -- the tax record kept, if any
    photo_files integer not null default 0,
    created_at text not null,
    updated_at text not null
);
create index destruction_by_client on destruction (client_id);
create trigger destruction_is_append_only_update before update on destruction
begin
    select raise(abort, 'destruction is append-only');
end;
create trigger destruction_is_append_only_delete before delete on destruction
begin
    select raise(abort, 'destruction is append-only');
end;

-- A legal hold stops destruction of one dossier until it is lifted (a complaint, a claim, an
-- inspection, someone else's substantial interest).
create table legal_hold (
    id integer primary key,
    client_id text not null references client (id),
    reason text not null, -- domain::retention::HoldReason
    note text not null default '',
    placed_by integer not null references staff_user (id),
    placed_at text not null,
    lifted_by integer references staff_user (id),
    lifted_at text,
    created_at text not null,
    updated_at text not null
);
create index legal_hold_by_client on legal_hold (client_id);

-- What the tax administration may ask for, kept apart from the dossier (AWR 52, REQ-32): the
-- first initial and surname, sealed with the server's key, and the dates and kinds of the
-- treatments given. No link to the dossier it came from.
create table tax_record (
    id text primary key,
    name_sealed blob not null,
    kept_until text not null, -- the first day it may be destroyed
    created_at text not null,
    updated_at text not null
);
create table tax_record_line (
    tax_record_id text not null references tax_record (id),
    given_on text not null,
    treatment_type_id integer not null references treatment_type (id),
    created_at text not null,
    updated_at text not null
);
create index tax_record_line_by_record on tax_record_line (tax_record_id);

-- The daily retention run: one row per day it ran.
create table retention_run (
    day text primary key,
    ran_at text not null,
    due integer not null,
    tax_records_destroyed integer not null,
    cleaned integer not null,
    created_at text not null,
    updated_at text not null
);
