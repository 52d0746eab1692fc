-- The clients a list names are filed in audit_name_listed shortly after the list's entry is
-- committed, many entries at a time, instead of inside the commit that a search waits for: one
-- row per name lands on as many pages of that table as there are names. This row says up to
-- which entry they are filed. A client's log reads the filed rows, and the lists after this
-- mark from the hashed entries themselves; the walk of the chain checks the filed rows against
-- the entries up to it. It only moves forward.
create table audit_names_filed (
    only_row integer primary key check (only_row = 1),
    up_to_event_id integer not null
);

-- Until now every entry's names were filed with it.
insert into audit_names_filed (only_row, up_to_event_id) select 1, coalesce(max(id), 0) from audit_event;

create trigger audit_names_filed_only_moves_forward before update on audit_names_filed
when new.up_to_event_id < old.up_to_event_id or new.only_row <> old.only_row
begin
    select raise(abort, 'audit_names_filed only moves forward');
end;

create trigger audit_names_filed_stays before delete on audit_names_filed
begin
    select raise(abort, 'audit_names_filed stays');
end;
