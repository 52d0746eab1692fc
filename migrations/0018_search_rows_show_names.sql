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
