-- Removing a photo, and the patient's own photo with a check-in.
--
-- A removed photo loses its file and thumbnail (deleted from the photo store once the removal has
-- committed), but its row stays as a tombstone: who removed it, when and why, so the record shows
-- that a photo existed and was removed, and anything that pointed at it (a check-in) still points
-- at a row. A tombstone is final.

alter table photos
  add column removed_at timestamptz,
  add column removed_by uuid,
  add column removal_reason text,
  add constraint photos_removal_complete check (
    (removed_at is null and removed_by is null and removal_reason is null)
    or (removed_at is not null and removed_by is not null
        and length(btrim(removal_reason)) between 3 and 500)),
  add constraint photos_removed_by_user foreign key (clinic_id, removed_by) references users (clinic_id, id);

-- A check-in photo is not one of the standard views, and it belongs to the clinical record only:
-- it is never released for marketing, whatever the patient's photo consent allows.
alter table photos drop constraint photos_view_check;
alter table photos add constraint photos_view_check
  check (view in ('front', 'left-45', 'right-45', 'left-90', 'right-90', 'check-in'));
alter table photos add constraint photos_check_in_clinical
  check (view <> 'check-in' or consent_scope = 'clinical');

-- The application never edits or deletes a photo row; it may only turn one into a tombstone.
revoke update, delete on photos from remodel_app;
grant update (removed_at, removed_by, removal_reason) on photos to remodel_app;

create function photos_removal_only() returns trigger
language plpgsql as $$
begin
  if old.removed_at is not null then
    raise exception 'photo % was already removed; a removal is final', old.id
      using errcode = 'check_violation', constraint = 'photos_removal_final';
  end if;
  if new.removed_at is null then
    raise exception 'a photo row changes only to record its removal'
      using errcode = 'check_violation', constraint = 'photos_removal_final';
  end if;
  return new;
end $$;
-- Only the application role is held to it: the security-definer anonymisation and a restore run
-- as the owner.
create trigger photos_removal_only before update on photos
  for each row when (current_user = 'remodel_app') execute function photos_removal_only();

-- The staff list shows tombstones among the photos; the gallery skips them.
create index photos_live_marketing on photos (clinic_id, created_at) where consent_scope = 'marketing' and removed_at is null;

-- The check-in's photo is a row of this clinic's photos (never deleted: a removal leaves a
-- tombstone, so the reference always resolves).
alter table check_ins add constraint check_ins_photo
  foreign key (clinic_id, photo_id) references photos (clinic_id, id);
