-- Sign-in links are secrets: whoever holds one signs in as the patient. Staff read the outbox, so
-- its rows must never hold a usable link, neither before nor after sending.
--
-- A sign-in message is stored with the slot `{{sign-in-token}}` where the token goes, and names
-- its magic link. The sender makes a fresh token at the moment it hands the e-mail to the mail
-- server, stores only that token's SHA-256 in the magic link, and writes the token into the
-- e-mail alone. Until then the link's stored hash belongs to no token at all.
--
-- Without an e-mail server a secret-bearing message cannot be delivered: it is marked
-- undeliverable (and withdrawn), never kept for staff to read and pass on.

alter table magic_links add constraint magic_links_clinic_id_id_key unique (clinic_id, id);

alter table outbox
  add column magic_link_id uuid,
  add column undeliverable_at timestamptz,
  add constraint outbox_magic_link_fk foreign key (clinic_id, magic_link_id)
    references magic_links (clinic_id, id) on delete cascade;

-- Rows written before: name their link (the dedupe key carries its id) and put the slot where the
-- token was. A link that was already readable is spent, so nobody can still use what was shown.
update outbox set magic_link_id = substring(dedupe_key from 14)::uuid
where kind = 'sign-in-link' and dedupe_key ~ '^sign-in-link:[0-9a-f-]{36}$'
  and exists (select 1 from magic_links m where m.id = substring(dedupe_key from 14)::uuid);

update magic_links set used_at = coalesce(used_at, now())
where id in (select magic_link_id from outbox where magic_link_id is not null);

update outbox set body_text = regexp_replace(body_text, '(/portal/sign-in/link)#\S+', '\1#{{sign-in-token}}', 'g')
where body_text ~ '/portal/sign-in/link#';

-- From now on the table itself refuses a sign-in link in clear.
alter table outbox add constraint outbox_no_link_token
  check (body_text !~ '/portal/sign-in/link#(?!\{\{sign-in-token\}\})');

create index outbox_magic_link on outbox (clinic_id, magic_link_id) where magic_link_id is not null;
