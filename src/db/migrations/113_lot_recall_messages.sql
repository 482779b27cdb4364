-- A lot recall writes to each patient treated with the recalled lot, through the outbox like every
-- other message to patients. The kinds other changes added are kept: the constraint is extended.
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint
  where conname = 'outbox_kind_check' and conrelid = 'outbox'::regclass;
  if def is not null and position('lot-recall' in def) = 0 then
    execute 'alter table outbox drop constraint outbox_kind_check';
    execute 'alter table outbox add constraint outbox_kind_check '
      || replace(def, 'ARRAY[', 'ARRAY[''lot-recall''::text, ');
  end if;
end $$;
