-- A list of names on a screen (a search, the recent dossiers, a page of all clients) is one
-- audit entry that names every client on it, instead of one entry per name. The entry's hashed
-- detail holds the client ids; this table finds those entries from each client's side, so her
-- own log still shows every time her name was on someone's screen. It is checked against the
-- hashed details when the chain is walked, and like the log it is only ever added to.
create table audit_name_listed (
    client_id text not null, -- no foreign key: the log must outlive an erased dossier
    event_id integer not null references audit_event (id),
    primary key (client_id, event_id)
) without rowid;
-- The walk of the chain reads what was filed since it last looked.
create index audit_name_listed_by_event on audit_name_listed (event_id);

create trigger audit_name_listed_is_append_only_update before update on audit_name_listed
begin
    select raise(abort, 'audit_name_listed is append-only');
end;

create trigger audit_name_listed_is_append_only_delete before delete on audit_name_listed
begin
    select raise(abort, 'audit_name_listed is append-only');
end;
