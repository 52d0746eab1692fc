-- A search of more than one word reads the rows of its longest word in display order and keeps
-- those whose client also has the other words. Each row now holds the client's name words
-- itself, so that check reads the row at hand instead of looking the client up in the index
-- once per row, each on a page of its own. The rows are the app's to write; the start-up step
-- that indexes clients without rows fills the table again after this migration.
drop table client_name_prefix;
create table client_name_prefix (
    prefix text not null,
    sort_key text not null,
    client_id text not null references client (id),
    first_name text not null,
    surname text not null,
    date_of_birth text not null,
    -- Every name word of the client, each after a space: " anouk de boer deboer".
    name_words text not null,
    primary key (prefix, sort_key, client_id)
) without rowid;
create index client_name_prefix_by_client on client_name_prefix (client_id, prefix);
