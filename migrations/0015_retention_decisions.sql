-- What the owner decides about keeping (issue 14): the practice's term within the law and
-- whether the daily run destroys what is due by itself; and, per care dossier, a documented
-- decision to keep it longer with a reason and a review day (REQ-31). Every decision is a new
-- row: the latest one holds, and the earlier ones show what held when.

create table retention_policy (
    id integer primary key,
    years integer not null check (years between 1 and 50),
    automatic integer not null check (automatic in (0, 1)),
    decided_by integer not null references staff_user (id),
    decided_at text not null,
    created_at text not null,
    updated_at text not null
);
create trigger retention_policy_is_append_only_update before update on retention_policy
begin
    select raise(abort, 'retention_policy is append-only');
end;
create trigger retention_policy_is_append_only_delete before delete on retention_policy
begin
    select raise(abort, 'retention_policy is append-only');
end;

create table keep_longer (
    id integer primary key,
    client_id text not null references client (id),
    reason text not null, -- domain::retention::KeepLongerReason
    note text not null default '',
    review_on text not null, -- a practice day, YYYY-MM-DD
    decided_by integer not null references staff_user (id),
    decided_at text not null,
    created_at text not null,
    updated_at text not null
);
create index keep_longer_by_client on keep_longer (client_id, id);
create trigger keep_longer_is_append_only_update before update on keep_longer
begin
    select raise(abort, 'keep_longer is append-only');
end;
-- Only the erasure of the dossier takes its decisions with it.
create trigger keep_longer_is_append_only_delete before delete on keep_longer
when not exists (select 1 from erasure_permit where client_id = old.client_id)
begin
    select raise(abort, 'keep_longer is append-only');
end;
