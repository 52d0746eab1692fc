-- Treatments on the phone: the owner's treatment types (with the "AVG check" reminder for a
-- type that records health data), treatments with their correction history, the health
-- questionnaire (special-category data, only under health-data consent), encrypted photos
-- (only under photo consent), and the screen lock.

alter table practice add column screen_lock_minutes integer not null default 2
    check (screen_lock_minutes between 1 and 30);
alter table staff_user add column pin_hash text;
alter table session add column screen_locked_at text;
alter table session add column unlock_failures integer not null default 0;

create table treatment_type (
    id integer primary key,
    name text not null collate nocase constraint treatment_type_name_key unique,
    records_health_data integer not null check (records_health_data in (0, 1)),
    active integer not null default 1 check (active in (0, 1)),
    first_used_at text, -- set by the first treatment of this type
    created_by integer references staff_user (id), -- null for the types shipped with the app
    created_at text not null,
    updated_at text not null
);

-- Things the owner must look at. The first use of a type that records health data asks for an
-- "AVG check": is it in the processing register, is there a basis (REQ-3)?
create table owner_reminder (
    id integer primary key,
    kind text not null check (kind in ('avg_check')),
    treatment_type_id integer references treatment_type (id),
    raised_by integer not null references staff_user (id),
    raised_at text not null,
    resolved_by integer references staff_user (id),
    resolved_at text,
    created_at text not null,
    updated_at text not null
);

create table treatment (
    id text primary key,
    client_id text not null references client (id),
    treatment_type_id integer not null references treatment_type (id),
    performed_on text not null,
    products text,
    skin_analysis text,
    notes text,
    version integer not null,
    created_by integer not null references staff_user (id),
    created_at text not null,
    updated_at text not null
);
create index treatment_client_idx on treatment (client_id, performed_on);

-- Every version of a treatment record: a correction never erases what was written before.
create table treatment_revision (
    treatment_id text not null references treatment (id),
    version integer not null,
    details text not null, -- the whole TreatmentDetails as JSON
    reason text,
    changed_by integer not null references staff_user (id),
    created_at text not null,
    updated_at text not null,
    primary key (treatment_id, version)
);
create trigger treatment_revision_is_append_only_update before update on treatment_revision
begin
    select raise(abort, 'treatment_revision is append-only');
end;
create trigger treatment_revision_is_append_only_delete before delete on treatment_revision
begin
    select raise(abort, 'treatment_revision is append-only');
end;

-- The health questionnaire: each save is a new row, the newest is current. Every row names the
-- consent event that allowed it (Art. 9(2)(a), REQ-3).
create table health_answers (
    id integer primary key,
    client_id text not null references client (id),
    allergies text,
    medication text,
    pregnancy text not null check (pregnancy in ('no', 'yes', 'unknown', 'not_applicable')),
    skin_conditions text,
    consent_event_id integer not null references consent_event (id),
    recorded_by integer not null references staff_user (id),
    recorded_at text not null,
    created_at text not null,
    updated_at text not null
);
create index health_answers_client_idx on health_answers (client_id, id);
create trigger health_answers_is_append_only_update before update on health_answers
begin
    select raise(abort, 'health_answers is append-only');
end;
create trigger health_answers_is_append_only_delete before delete on health_answers
begin
    select raise(abort, 'health_answers is append-only');
end;

-- A photo's pixels live encrypted in the data folder (photos/<id>.full, photos/<id>.thumb);
-- this row says whose they are and under which consent they were taken.
create table photo (
    id text primary key,
    client_id text not null references client (id),
    treatment_id text not null references treatment (id),
    moment text not null check (moment in ('before', 'after')),
    width integer not null,
    height integer not null,
    consent_event_id integer not null references consent_event (id),
    uploaded_by integer not null references staff_user (id),
    flagged_for_deletion_at text, -- set when the photo consent is withdrawn
    created_at text not null,
    updated_at text not null
);
create index photo_treatment_idx on photo (treatment_id);
create index photo_client_idx on photo (client_id);
