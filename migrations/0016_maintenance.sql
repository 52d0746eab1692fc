-- One-off maintenance the server does at start, outside any migration's transaction (a VACUUM
-- cannot run inside one): each task's row says it was done.
create table maintenance (
    task text primary key,
    done_at text not null,
    created_at text not null,
    updated_at text not null
);
