-- The language a patient reads the portal, e-mails and consent forms in, chosen by the patient
-- (from the browser's language or the portal's switch) and kept on the patient so that it follows
-- them to any device. Null: not chosen yet (English until then). Only languages the patient side
-- has a full catalogue for.
alter table patients
  add column locale text check (locale in ('en', 'es'));
