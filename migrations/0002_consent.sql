-- Consent at reception: versioned templates, tablet hand-overs, signature evidence and the
-- events that grant, decline or withdraw a consent. Evidence, events and template versions are
-- append-only: triggers refuse UPDATE and DELETE (REQ-25, REQ-58).

create table consent_template (
    id integer primary key,
    purpose text not null,
    version integer not null,
    title text not null,
    body text not null,
    text_sha256 text not null, -- of the full text the signer sees (domain::consent::rendered_text)
    created_by integer references staff_user (id), -- null for the texts shipped with the app
    created_at text not null,
    updated_at text not null,
    constraint consent_template_version_key unique (purpose, version)
);

create trigger consent_template_is_immutable_update before update on consent_template
begin
    select raise(abort, 'consent_template versions are immutable');
end;
create trigger consent_template_is_immutable_delete before delete on consent_template
begin
    select raise(abort, 'consent_template versions are immutable');
end;

-- The tablet handed to one client. While a session holds a hand-over, it can reach only that
-- client's consents; leaving needs the practitioner's password.
create table handover (
    id text primary key,
    client_id text not null references client (id),
    purposes text not null, -- JSON array of purpose codes asked for
    staff_user_id integer not null references staff_user (id),
    started_at text not null,
    finished_at text, -- the client is done: the lock screen shows
    ended_at text, -- the practitioner took the tablet back
    created_at text not null,
    updated_at text not null
);

alter table session add column handover_id text references handover (id);

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
    strokes text not null, -- every pointer sample, JSON
    signature_svg text not null,
    staff_user_id integer not null references staff_user (id),
    staff_name text not null,
    handover_id text not null references handover (id),
    device text not null,
    ip text not null,
    signed_at text not null, -- the server's receive time, UTC
    evidence_sha256 text not null,
    created_at text not null,
    updated_at text not null
);
create index consent_signature_client_idx on consent_signature (client_id);

create trigger consent_signature_is_append_only_update before update on consent_signature
begin
    select raise(abort, 'consent_signature is append-only');
end;
create trigger consent_signature_is_append_only_delete before delete on consent_signature
begin
    select raise(abort, 'consent_signature is append-only');
end;

create table consent_event (
    id integer primary key,
    client_id text not null references client (id),
    purpose text not null,
    template_id integer not null references consent_template (id),
    kind text not null check (kind in ('granted', 'declined', 'withdrawn')),
    signature_id text references consent_signature (id),
    method text not null check (method in ('tablet_signature', 'tablet_declined', 'staff_recorded')),
    recorded_by integer not null references staff_user (id),
    handover_id text references handover (id),
    at text not null,
    created_at text not null,
    updated_at text not null,
    check ((kind = 'granted') = (signature_id is not null))
);
create index consent_event_client_idx on consent_event (client_id, purpose, id);

create trigger consent_event_is_append_only_update before update on consent_event
begin
    select raise(abort, 'consent_event is append-only');
end;
create trigger consent_event_is_append_only_delete before delete on consent_event
begin
    select raise(abort, 'consent_event is append-only');
end;
