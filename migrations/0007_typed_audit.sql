-- The audit log as data (issue 11). New rows say what kind of actor acted and which one (a staff
-- id, a link id, a job's code) and hold their detail as JSON codes, rendered when read. Rows from
-- before keep format 1: their detail is the short text they were written with, and their hash
-- covers the fields it always covered, so the chain verifies across this migration.
-- ALTER TABLE ADD COLUMN changes no row, so the append-only triggers are not involved.
alter table audit_event add column actor_kind text;
alter table audit_event add column actor_ref text;
alter table audit_event add column format integer not null default 1;
