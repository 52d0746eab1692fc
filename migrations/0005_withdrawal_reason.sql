-- A withdrawal records why and how it was asked for ("op verzoek van de cliënt per e-mail"),
-- for the client's proof and the practice's own record (REQ-26). Earlier events have none.
alter table consent_event add column reason text;
