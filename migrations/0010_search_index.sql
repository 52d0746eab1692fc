-- A name search that serves its own order. Every prefix of every folded name word is a row,
-- keyed by the prefix and then the display order (surname, first name), so a search reads the
-- first fifty in order from the index and stops: no scan, no sorting of every match. The rows
-- are written by the app (the folding of accents is Rust's); a start-up step indexes clients
-- that have none yet, as after this migration.
create table client_name_prefix (
    prefix text not null,
    sort_key text not null,
    client_id text not null references client (id),
    primary key (prefix, sort_key, client_id)
) without rowid;
create index client_name_prefix_by_client on client_name_prefix (client_id, prefix);

-- Its predecessor held whole words and needed the matches sorted after finding them.
drop table client_name_token;
