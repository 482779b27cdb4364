-- A patient whose online request lapsed unconfirmed (117) is told so by e-mail, once: the outbox
-- takes the kind 'request-lapsed'. The kinds other changes added are kept: the constraint is
-- extended, not rewritten.
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint
  where conname = 'outbox_kind_check' and conrelid = 'outbox'::regclass;
  if def is not null and position('request-lapsed' in def) = 0 then
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
      || replace(def, 'ARRAY[', 'ARRAY[''request-lapsed''::text, ');
  end if;
end $$;
