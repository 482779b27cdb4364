/**
 * A signed session for a demo patient, written straight into the database (the chart API's own
 * tests cover how a chart gets signed): a consent, an accepted four-session plan and a signed chart
 * that ended `hoursAgo` hours ago.
 */
import type pg from "pg";

/** Check-in answers of an expected, calm course (nothing that triages above "expected"). */
export const CALM_CHECK_IN = {
  redness: "mild",
  swelling: "none",
  pain: 2,
  painIncreasing: false,
  warmthOrPus: false,
  fever: false,
  blistersOrColdSore: false,
  bumpsOrDarkPatches: false,
};

export interface SignedSessionFixture {
  patientId: string;
  planId: string;
  chartId: string;
}

export async function signedSessionFor(
  admin: pg.Pool,
  patientEmail: string,
  hoursAgo: number,
  planId?: string,
): Promise<SignedSessionFixture> {
  const { rows: who } = await admin.query(
    `select u.clinic_id, u.patient_id, u.id as user_id,
            (select id from users p where p.clinic_id = u.clinic_id and p.role = 'provider' order by email limit 1) as provider_id
     from users u where u.email = $1 and u.role = 'patient'`,
    [patientEmail],
  );
  const { clinic_id: clinicId, patient_id: patientId, user_id: userId, provider_id: providerId } = who[0];
  const { rows: t } = await admin.query(
    `insert into consent_templates (clinic_id, kind, version, title, body)
     values ($1, 'microneedling', 900 + (select count(*) from consent_templates where clinic_id = $1), 'Consent', 'Text')
     returning id, version`,
    [clinicId],
  );
  const { rows: c } = await admin.query(
    `insert into consents (clinic_id, patient_id, template_id, kind, template_version, typed_name, signature_png, pdf, signed_via, recorded_by)
     values ($1, $2, $3, 'microneedling', $4, 'Patient', '\\x89504e47', '\\x25504446', 'portal', $5) returning id`,
    [clinicId, patientId, t[0].id, t[0].version, userId],
  );
  let plan = planId;
  if (!plan) {
    const { rows: k } = await admin.query(
      `insert into consultations (clinic_id, patient_id, provider_id, decision, decision_source, engine_outcome, protocol_version)
       values ($1, $2, $3, '{}', 'engine', 'eligible', 'fixture') returning id`,
      [clinicId, patientId, providerId],
    );
    const { rows: p } = await admin.query(
      `insert into treatment_plans (clinic_id, patient_id, consultation_id, created_by, concerns, zones, sessions, interval_weeks,
         maintenance_months, price_cents, protocol_version, status, accepted_at, accepted_by)
       values ($1, $2, $3, $4, '[{"indication":"acne-scars","zones":["cheeks"],"goodmanBaronGrade":null}]',
         '[{"zone":"cheeks","minMm":0.5,"maxMm":1.5}]', 4, 4, 6, 120000, 'fixture', 'accepted', now(), $5) returning id`,
      [clinicId, patientId, k[0].id, providerId, userId],
    );
    plan = p[0].id as string;
  }
  const { rows: ch } = await admin.query(
    `insert into session_charts (clinic_id, patient_id, plan_id, consent_id, provider_id, status, session_date, protocol_version,
       rescreen, rescreen_outcome, zones, cartridge_lot, endpoint, signed_by, signed_at)
     values ($1, $2, $3, $4, $5, 'signed', (now() - $6::float8 * interval '1 hour')::date, 'fixture', '{}', 'eligible',
       '[{"zone":"cheeks","depthMm":1.0,"passes":2,"pattern":"crosshatch"}]', 'LOT-1', 'erythema', $5, now() - $6::float8 * interval '1 hour')
     returning id`,
    [clinicId, patientId, plan, c[0].id, providerId, hoursAgo],
  );
  return { patientId, planId: plan, chartId: ch[0].id };
}
