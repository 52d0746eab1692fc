-- The client list, page by page in the order it is shown, without sorting the whole table.
create index client_by_name_idx on client (surname collate nocase, first_name collate nocase, id);
create index client_by_created_idx on client (created_at, id);
-- "Recent geopend": the dossiers one staff member opened last, from the audit log.
create index audit_event_user_action_idx on audit_event (user_id, action, id);
-- One "shown on the tablet" entry per hand-over, however often the tablet reloads.
alter table handover add column first_shown_at text;
