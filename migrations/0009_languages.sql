-- Dutch and English.
--   * Each staff member reads the app in their own language.
--   * At the tablet the client chooses the language of the texts before reading; a signing
--     session remembers it (null until chosen). The evidence points at a text version, and each
--     version has its language, so what was signed, and in which language, is fixed already.
alter table staff_user add column language text not null default 'nl';
alter table signing_session add column language text;
