-- A clinic that writes its own consent wording may add a Spanish wording to each version: a
-- patient who reads Spanish is shown it (portal, clinic tablet, signed PDF). Both title and body or
-- neither. Each signature records which language the words shown were in (null: signed before this
-- was recorded), so a Spanish patient who signed the English words because no Spanish wording
-- existed is on the record as such.
alter table consent_templates
  add column title_es text check (length(title_es) between 1 and 200),
  add column body_es text check (length(body_es) between 1 and 50000),
  add constraint consent_templates_spanish_whole check ((title_es is null) = (body_es is null));

alter table consents
  add column wording_locale text check (wording_locale in ('en', 'es'));
