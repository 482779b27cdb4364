-- The clinical record: intake submissions, consultations, treatment plans, consent templates and
-- signed consents, session charts (signed charts are locked here, in the database, for everyone),
-- addenda, photos and outcome scores. Every table is clinic-owned and row-level secured.

-- What the patient answered, kept whole and versioned: the profile tables (002) hold the
-- current reading, these rows hold what was said when.
create table intake_submissions (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  version integer not null check (version >= 1),
  answers jsonb not null,
  protocol_version text not null,
  submitted_by uuid not null,
  submitted_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, submitted_by) references users (clinic_id, id),
  unique (clinic_id, patient_id, version),
  unique (clinic_id, id)
);

create table consultations (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  provider_id uuid not null,
  -- The engine's decision as the provider saw it, and where it came from.
  decision jsonb not null,
  decision_source text not null check (decision_source in ('screening-store', 'engine')),
  engine_outcome text not null check (engine_outcome in ('eligible', 'defer', 'needs-physician-clearance', 'decline')),
  protocol_version text not null,
  override_outcome text check (override_outcome in ('eligible', 'defer', 'needs-physician-clearance', 'decline')),
  override_justification text,
  goodman_baron_grade integer check (goodman_baron_grade between 1 and 4),
  created_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, provider_id) references users (clinic_id, id),
  unique (clinic_id, id),
  -- An override always carries its written reason.
  check ((override_outcome is null) = (override_justification is null)),
  check (override_justification is null or length(override_justification) >= 20)
);
create index consultations_patient on consultations (clinic_id, patient_id, created_at);

create table treatment_plans (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  consultation_id uuid not null,
  created_by uuid not null,
  concerns jsonb not null,
  -- [{zone, minMm, maxMm}]
  zones jsonb not null,
  sessions integer not null check (sessions between 1 and 24),
  interval_weeks integer not null check (interval_weeks between 1 and 52),
  maintenance_months integer check (maintenance_months between 1 and 60),
  price_cents integer not null check (price_cents >= 0),
  protocol_version text not null,
  status text not null default 'proposed' check (status in ('proposed', 'accepted', 'withdrawn')),
  accepted_at timestamptz,
  accepted_by uuid,
  created_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, consultation_id) references consultations (clinic_id, id),
  foreign key (clinic_id, created_by) references users (clinic_id, id),
  foreign key (clinic_id, accepted_by) references users (clinic_id, id),
  unique (clinic_id, id),
  check ((status = 'accepted') = (accepted_at is not null))
);
create index treatment_plans_patient on treatment_plans (clinic_id, patient_id, created_at);

-- A template is never edited in place: a change is a new version, so a signed consent always
-- points at the exact words the patient agreed to.
create table consent_templates (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  kind text not null check (kind in ('microneedling', 'photo')),
  version integer not null check (version >= 1),
  title text not null check (length(title) between 1 and 200),
  body text not null check (length(body) between 1 and 50000),
  created_by uuid,
  created_at timestamptz not null default now(),
  unique (clinic_id, kind, version),
  unique (clinic_id, id)
);

create table consents (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  template_id uuid not null,
  kind text not null check (kind in ('microneedling', 'photo')),
  template_version integer not null,
  photo_scope text check (photo_scope in ('clinical', 'marketing')),
  typed_name text not null check (length(typed_name) between 1 and 200),
  signature_png bytea not null,
  pdf bytea not null,
  signed_via text not null check (signed_via in ('portal', 'tablet')),
  signed_at timestamptz not null default now(),
  recorded_by uuid not null,
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, template_id) references consent_templates (clinic_id, id),
  foreign key (clinic_id, recorded_by) references users (clinic_id, id),
  unique (clinic_id, id),
  check ((kind = 'photo') = (photo_scope is not null))
);
create index consents_patient on consents (clinic_id, patient_id, kind, signed_at);

create table session_charts (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  plan_id uuid,
  appointment_id uuid,
  consent_id uuid not null,
  provider_id uuid not null,
  status text not null default 'open' check (status in ('open', 'stopped', 'signed')),
  session_date date not null,
  protocol_version text not null,
  -- Day-of re-screen: what changed since intake, and the engine's decision on it.
  rescreen jsonb not null,
  rescreen_outcome text not null,
  checklist jsonb not null default '{}',
  zones jsonb not null default '[]',
  device_id uuid,
  cartridge_lot text check (length(cartridge_lot) between 1 and 80),
  cartridge_expiry date,
  post_product jsonb,
  endpoint text check (endpoint in ('erythema', 'erythema-pinpoint-bleeding', 'not-reached')),
  adverse_events jsonb not null default '[]',
  -- A supervising physician's co-signature for depths above the provider's licence: who, when,
  -- and the zone depths it covers ([{zone, depthMm}]).
  cosigned_by uuid,
  cosigned_at timestamptz,
  cosigned_zones jsonb,
  signed_by uuid,
  signed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, plan_id) references treatment_plans (clinic_id, id),
  foreign key (appointment_id) references appointments (id),
  foreign key (clinic_id, consent_id) references consents (clinic_id, id),
  foreign key (clinic_id, provider_id) references users (clinic_id, id),
  foreign key (clinic_id, device_id) references devices (clinic_id, id),
  foreign key (clinic_id, cosigned_by) references users (clinic_id, id),
  foreign key (clinic_id, signed_by) references users (clinic_id, id),
  unique (clinic_id, id),
  check ((status = 'signed') = (signed_at is not null)),
  check ((signed_at is null) = (signed_by is null))
);
create index session_charts_patient on session_charts (clinic_id, patient_id, session_date);
create index session_charts_lot on session_charts (clinic_id, cartridge_lot);

-- A signed chart is the legal record: no update or delete by anyone, the schema owner and
-- superusers included (triggers run for them too, unlike row-level security).
create function session_chart_is_locked() returns trigger
language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    raise exception 'session charts cannot be truncated' using errcode = 'insufficient_privilege';
  end if;
  if old.signed_at is not null then
    raise exception 'session chart % is signed and locked; add an addendum instead', old.id
      using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end $$;
create trigger session_charts_locked before update or delete on session_charts
  for each row execute function session_chart_is_locked();
create trigger session_charts_no_truncate before truncate on session_charts
  for each statement execute function session_chart_is_locked();

-- Dated notes added to a signed chart; themselves never changed.
create table chart_addenda (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  chart_id uuid not null,
  author_id uuid not null,
  text text not null check (length(text) between 1 and 10000),
  created_at timestamptz not null default now(),
  foreign key (clinic_id, chart_id) references session_charts (clinic_id, id),
  foreign key (clinic_id, author_id) references users (clinic_id, id)
);
create index chart_addenda_chart on chart_addenda (clinic_id, chart_id, created_at);

create function record_row_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;
create trigger chart_addenda_append_only before update or delete on chart_addenda
  for each row execute function record_row_is_append_only();
create trigger consents_append_only before update or delete on consents
  for each row execute function record_row_is_append_only();
create trigger intake_submissions_append_only before update or delete on intake_submissions
  for each row execute function record_row_is_append_only();

create table photos (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  chart_id uuid,
  view text not null check (view in ('front', 'left-45', 'right-45', 'left-90', 'right-90')),
  -- What the patient's photo consent allows this picture to be used for.
  consent_scope text not null check (consent_scope in ('clinical', 'marketing')),
  consent_id uuid not null,
  storage_key text not null,
  thumb_key text not null,
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  bytes integer not null check (bytes > 0),
  taken_on date not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, chart_id) references session_charts (clinic_id, id),
  foreign key (clinic_id, consent_id) references consents (clinic_id, id),
  foreign key (clinic_id, created_by) references users (clinic_id, id),
  unique (clinic_id, id)
);
create index photos_patient on photos (clinic_id, patient_id, view, taken_on);

create table outcome_scores (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references clinics(id),
  patient_id uuid not null,
  plan_id uuid,
  chart_id uuid,
  scale_id text not null,
  rater text not null check (rater in ('clinician', 'patient')),
  value numeric(6, 2) not null,
  recorded_on date not null,
  recorded_by uuid not null,
  created_at timestamptz not null default now(),
  foreign key (clinic_id, patient_id) references patients (clinic_id, id),
  foreign key (clinic_id, plan_id) references treatment_plans (clinic_id, id),
  foreign key (clinic_id, chart_id) references session_charts (clinic_id, id),
  foreign key (clinic_id, recorded_by) references users (clinic_id, id)
);
create index outcome_scores_patient on outcome_scores (clinic_id, patient_id, scale_id, recorded_on);

do $$
declare t text;
begin
  foreach t in array array['consultations', 'treatment_plans', 'consent_templates', 'session_charts', 'photos',
                           'outcome_scores']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert, update, delete on %I to remodel_app', t);
  end loop;
  -- Records that are only ever added to.
  foreach t in array array['intake_submissions', 'consents', 'chart_addenda']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy clinic_rows on %I using (clinic_id = app_clinic_id()) with check (clinic_id = app_clinic_id())', t);
    execute format('grant select, insert on %I to remodel_app', t);
  end loop;
end $$;
