-- A visitor who books online sets the password of the account made for them from a link sent by
-- e-mail, never from the booking page, so the page answers the same whether or not the e-mail
-- already has an account here.
--
-- The set-up link is a secret like a sign-in link (085): the outbox row holds the slot
-- `{{account-setup-token}}` and names its set-up token; the sender makes the token when it hands the
-- e-mail to the mail server and stores only its SHA-256. Without an e-mail server the message is
-- undeliverable, never kept for staff to read.

alter table account_setup_tokens add constraint account_setup_tokens_clinic_id_id_key unique (clinic_id, id);

alter table outbox
  add column account_setup_token_id uuid,
  add constraint outbox_account_setup_token_fk foreign key (clinic_id, account_setup_token_id)
    references account_setup_tokens (clinic_id, id) on delete cascade;

alter table outbox add constraint outbox_no_setup_token
  check (body_text !~ '/portal/set-password#(?!\{\{account-setup-token\}\})');

create index outbox_account_setup_token on outbox (clinic_id, account_setup_token_id)
  where account_setup_token_id is not null;

-- The kinds other changes added are kept: the constraint is extended, not rewritten.
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint
  where conname = 'outbox_kind_check' and conrelid = 'outbox'::regclass;
  if def is not null and position('account-setup' in def) = 0 then
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
      || replace(def, 'ARRAY[', 'ARRAY[''account-setup''::text, ');
  end if;
end $$;

-- A returning patient's online request joins their own record, which may already hold the request
-- that made it: a patient can have several requests (staff read them newest first).
alter table booking_requests drop constraint booking_requests_clinic_id_patient_id_key;
create index booking_requests_patient on booking_requests (clinic_id, patient_id);
