-- Photos and outcome scores (their tables came with 040): what the services need on top.

-- The gallery of photos released for marketing is read across patients; keep it an index scan.
create index photos_scope on photos (clinic_id, consent_scope, created_at);
-- Comparison reads one view across sessions.
create index photos_chart on photos (clinic_id, chart_id);

-- A score is read against the scale as the protocol defined it when it was recorded.
alter table outcome_scores add column protocol_version text;
update outcome_scores set protocol_version = 'unrecorded' where protocol_version is null;
alter table outcome_scores alter column protocol_version set not null;
alter table outcome_scores add constraint outcome_scores_value_finite check (value >= 0 and value <= 1000);
create index outcome_scores_plan on outcome_scores (clinic_id, plan_id, recorded_on);

-- A recorded score is part of the record: a correction is a new score, never an edit.
revoke update, delete on outcome_scores from remodel_app;
create trigger outcome_scores_append_only before update or delete on outcome_scores
  for each row execute function record_row_is_append_only();
