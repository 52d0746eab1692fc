-- A search's fifty rows are read from the name index alone. Each row also holds what a list
-- shows of that client (first name, surname, date of birth), so the fifty matches are a few
-- neighbouring pages of this table instead of fifty lookups of the client table, each on a
-- page of its own. The rows are the app's to write; the start-up step that indexes clients
-- without rows fills the table again after this migration.
drop table client_name_prefix;
create table client_name_prefix (
    prefix text not null,
    sort_key text not null,
    client_id text not null references client (id),
    first_name text not null,
    surname text not null,
    date_of_birth text not null,
    primary key (prefix, sort_key, client_id)
) without rowid;
create index client_name_prefix_by_client on client_name_prefix (client_id, prefix);

-- The list of all clients reads its page of fifty from an index that holds what it shows, in
-- either order, and no client row; its total comes from a count kept beside the table, not
-- from counting every entry of an index on each page shown.
drop index client_by_name_idx;
create index client_by_name_idx on client (surname collate nocase, first_name collate nocase, id, date_of_birth);
drop index client_by_created_idx;
create index client_by_created_idx on client (created_at, id, first_name, surname, date_of_birth);

create table client_count (
    only_row integer primary key check (only_row = 1),
    clients integer not null check (clients >= 0)
);
insert into client_count (only_row, clients) select 1, count(*) from client;
create trigger client_count_on_insert after insert on client
begin
    update client_count set clients = clients + 1;
end;
create trigger client_count_on_delete after delete on client
begin
    update client_count set clients = clients - 1;
end;
