/**
 * The patient side's own tables (070): sign-in links, preparation ticks, check-ins and the staff
 * inbox over them; the outbox rows this side queues; and the few reads of others' tables the
 * portal needs (sessions, appointments, prices).
 */
import type { Tx } from "../pool.ts";

// ---------------------------------------------------------------------------------------------
// Sign-in links
// ---------------------------------------------------------------------------------------------

export interface PatientAccount {
  userId: string;
  clinicId: string;
  email: string;
  name: string;
  patientId: string;
}

/** Patient accounts with this e-mail, across clinics (through the sign-in door of 001). */
export async function findPatientAccounts(
  tx: Tx,
  email: string,
): Promise<{ userId: string; clinicId: string; clinicSlug: string }[]> {
  const { rows } = await tx.query<{ userId: string; clinicId: string; clinicSlug: string }>(
    `select user_id as "userId", clinic_id as "clinicId", clinic_slug as "clinicSlug" from auth_find_accounts($1)`,
    [email],
  );
  return rows;
}

/** The account inside its clinic, when it is an enabled patient account. */
export async function getPatientAccount(tx: Tx, userId: string): Promise<PatientAccount | null> {
  const { rows } = await tx.query<PatientAccount>(
    `select id as "userId", clinic_id as "clinicId", email::text as email, name, patient_id as "patientId"
     from users where id = $1 and role = 'patient' and patient_id is not null and disabled_at is null`,
    [userId],
  );
  return rows[0] ?? null;
}

/** The enabled patient account with this e-mail in the current clinic, if any. */
export async function findPatientAccountByEmail(tx: Tx, email: string): Promise<PatientAccount | null> {
  const { rows } = await tx.query<PatientAccount>(
    `select id as "userId", clinic_id as "clinicId", email::text as email, name, patient_id as "patientId"
     from users where email = $1 and role = 'patient' and patient_id is not null and disabled_at is null`,
    [email],
  );
  return rows[0] ?? null;
}

/**
 * The patient record with this e-mail and no portal account (one the desk made, say), other than
 * `exceptId`: the one born on `dateOfBirth` if any, else the only one. Null when there is none, or
 * several and none born that day (which one was meant cannot be told).
 */
export async function findRecordWithoutAccount(
  tx: Tx,
  email: string,
  exceptId: string,
  dateOfBirth: string | null,
): Promise<{ patientId: string; email: string; givenName: string; familyName: string } | null> {
  const { rows } = await tx.query<{
    patientId: string;
    email: string;
    givenName: string;
    familyName: string;
    born: boolean;
  }>(
    `select p.id as "patientId", p.email::text as email, p.given_name as "givenName",
            p.family_name as "familyName", coalesce(p.date_of_birth = $3::date, false) as born
     from patients p
     where p.email = $1 and p.id <> $2
       and not exists (select 1 from users u where u.patient_id = p.id)
     order by born desc, p.created_at desc limit 2`,
    [email, exceptId, dateOfBirth],
  );
  const [first, second] = rows;
  if (!first || (second && !first.born)) return null;
  return {
    patientId: first.patientId,
    email: first.email,
    givenName: first.givenName,
    familyName: first.familyName,
  };
}

export async function countRecentLinks(tx: Tx, userId: string, minutes: number): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `select count(*)::int as n from magic_links
     where user_id = $1 and created_at > now() - make_interval(mins => $2)`,
    [userId, minutes],
  );
  return rows[0]?.n ?? 0;
}

export async function insertMagicLink(
  tx: Tx,
  userId: string,
  tokenHash: Buffer,
  expiresAt: Date,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into magic_links (clinic_id, user_id, token_hash, expires_at) values (app_clinic_id(), $1, $2, $3) returning id`,
    [userId, tokenHash, expiresAt],
  );
  return rows[0]!.id;
}

export async function findMagicLink(
  tx: Tx,
  tokenHash: Buffer,
): Promise<{ linkId: string; clinicId: string; userId: string; expired: boolean; used: boolean } | null> {
  const { rows } = await tx.query<{
    linkId: string;
    clinicId: string;
    userId: string;
    expired: boolean;
    used: boolean;
  }>(
    `select link_id as "linkId", clinic_id as "clinicId", user_id as "userId", expired, used from magic_link_find($1)`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/**
 * Gives the link a new token hash and a fresh lifetime, at the moment its e-mail is sent; false
 * when the link was used or expired meanwhile (then nothing may be sent).
 */
export async function rekeyMagicLink(
  tx: Tx,
  linkId: string,
  tokenHash: Buffer,
  minutes: number,
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update magic_links set token_hash = $2, expires_at = now() + make_interval(mins => $3)
     where id = $1 and used_at is null and expires_at > now()`,
    [linkId, tokenHash, minutes],
  );
  return (rowCount ?? 0) > 0;
}

/** Spends the link; false when it was used or expired meanwhile (two tabs, one wins). */
export async function useMagicLink(tx: Tx, linkId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "update magic_links set used_at = now() where id = $1 and used_at is null and expires_at > now()",
    [linkId],
  );
  return (rowCount ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------------
// Outbox rows of the patient side
// ---------------------------------------------------------------------------------------------

export type PatientSideMessageKind =
  | "sign-in-link"
  | "account-setup"
  | "aftercare"
  | "check-in-alert"
  | "lot-recall"
  | "request-lapsed";

/** Kinds not tied to an upcoming appointment: the sender must not withdraw them as "started". */
export const PATIENT_SIDE_KINDS: ReadonlySet<string> = new Set<PatientSideMessageKind>([
  "sign-in-link",
  "account-setup",
  "aftercare",
  "check-in-alert",
  // A lot recall (recall.repository.ts) is about a past session, never an upcoming appointment.
  "lot-recall",
  // A lapse notice is about a visit that was never confirmed and is already cancelled.
  "request-lapsed",
]);

export async function queuePatientSideMessage(
  tx: Tx,
  m: {
    kind: PatientSideMessageKind;
    patientId: string | null;
    toAddress: string;
    subject: string;
    bodyText: string;
    dedupeKey: string;
    sendAfter: Date;
    /** A sign-in message: the link whose token the sender makes and writes in at sending. */
    magicLinkId?: string | null;
    /** A password set-up message: the token the sender makes and writes in at sending. */
    accountSetupTokenId?: string | null;
  },
): Promise<void> {
  await tx.query(
    `insert into outbox (clinic_id, kind, patient_id, appointment_id, to_address, subject, body_text, ics, dedupe_key, send_after, magic_link_id, account_setup_token_id)
     values (app_clinic_id(), $1, $2, null, $3, $4, $5, null, $6, $7, $8, $9)
     on conflict (clinic_id, dedupe_key) do nothing`,
    [
      m.kind,
      m.patientId,
      m.toAddress,
      m.subject,
      m.bodyText,
      m.dedupeKey,
      m.sendAfter,
      m.magicLinkId ?? null,
      m.accountSetupTokenId ?? null,
    ],
  );
}

export async function clinicContact(tx: Tx): Promise<{
  name: string;
  email: string | null;
  timeZone: string;
  phone: string | null;
  alertEmail: string | null;
}> {
  const { rows } = await tx.query<{
    name: string;
    email: string | null;
    timeZone: string;
    phone: string | null;
    alertEmail: string | null;
  }>(
    `select name, email::text as email, time_zone as "timeZone", phone,
       coalesce(nullif(alert_email, ''), email::text) as "alertEmail"
     from clinics where id = app_clinic_id()`,
  );
  return rows[0]!;
}

// ---------------------------------------------------------------------------------------------
// Sessions, appointments and prices as the portal shows them
// ---------------------------------------------------------------------------------------------

export interface SignedSession {
  chartId: string;
  planId: string | null;
  sessionDate: string;
  /** When the session ended: the appointment's end if it came first, else the signature. */
  endedAt: Date;
}

export async function listSignedSessions(tx: Tx, patientId: string): Promise<SignedSession[]> {
  const { rows } = await tx.query<SignedSession>(
    `select c.id as "chartId", c.plan_id as "planId", to_char(c.session_date, 'YYYY-MM-DD') as "sessionDate",
            least(coalesce(a.ends_at, c.signed_at), c.signed_at) as "endedAt"
     from session_charts c left join appointments a on a.id = c.appointment_id
     where c.patient_id = $1 and c.status = 'signed'
     order by c.session_date, c.signed_at`,
    [patientId],
  );
  return rows;
}

export async function getSignedSession(
  tx: Tx,
  chartId: string,
): Promise<(SignedSession & { patientId: string }) | null> {
  const { rows } = await tx.query<SignedSession & { patientId: string }>(
    `select c.id as "chartId", c.plan_id as "planId", c.patient_id as "patientId",
            to_char(c.session_date, 'YYYY-MM-DD') as "sessionDate",
            least(coalesce(a.ends_at, c.signed_at), c.signed_at) as "endedAt"
     from session_charts c left join appointments a on a.id = c.appointment_id
     where c.id = $1 and c.status = 'signed'`,
    [chartId],
  );
  return rows[0] ?? null;
}

export interface UpcomingAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  typeName: string;
  kind: string;
  priceCents: number;
  timeZone: string;
  location: string;
}

export async function listUpcomingAppointments(tx: Tx, patientId: string): Promise<UpcomingAppointment[]> {
  const { rows } = await tx.query<UpcomingAppointment>(
    `select a.id, a.starts_at as "startsAt", a.ends_at as "endsAt", t.name as "typeName", t.kind,
            t.price_cents as "priceCents", l.time_zone as "timeZone", l.name as location
     from appointments a join appointment_types t on t.id = a.type_id join locations l on l.id = a.location_id
     where a.patient_id = $1 and a.ends_at > now() and a.status in ('booked', 'checked_in') and a.held_until is null
     order by a.starts_at limit 20`,
    [patientId],
  );
  return rows;
}

export async function listPrepTicks(
  tx: Tx,
  appointmentId: string,
): Promise<{ stepId: string; tickedAt: Date }[]> {
  const { rows } = await tx.query<{ stepId: string; tickedAt: Date }>(
    `select step_id as "stepId", ticked_at as "tickedAt" from prep_ticks where appointment_id = $1`,
    [appointmentId],
  );
  return rows;
}

export async function setPrepTick(
  tx: Tx,
  patientId: string,
  appointmentId: string,
  stepId: string,
  done: boolean,
): Promise<void> {
  if (done) {
    await tx.query(
      `insert into prep_ticks (clinic_id, patient_id, appointment_id, step_id) values (app_clinic_id(), $1, $2, $3)
       on conflict do nothing`,
      [patientId, appointmentId, stepId],
    );
  } else {
    await tx.query("delete from prep_ticks where appointment_id = $1 and step_id = $2", [
      appointmentId,
      stepId,
    ]);
  }
}

export interface PriceRow {
  id: string;
  name: string;
  kind: string;
  minutes: number;
  priceCents: number;
  description: string;
}

export async function listPrices(tx: Tx): Promise<PriceRow[]> {
  const { rows } = await tx.query<PriceRow>(
    `select id, name, kind, duration_minutes as minutes, price_cents as "priceCents", description
     from appointment_types where active order by case kind when 'consultation' then 0 when 'microneedling' then 1 else 2 end, price_cents, name`,
  );
  return rows;
}

export async function patientDisplay(
  tx: Tx,
  patientId: string,
): Promise<{ givenName: string; email: string | null } | null> {
  const { rows } = await tx.query<{ givenName: string; email: string | null }>(
    `select given_name as "givenName", email::text as email from patients where id = $1`,
    [patientId],
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Check-ins and the inbox
// ---------------------------------------------------------------------------------------------

export interface CheckInRow {
  id: string;
  patientId: string;
  chartId: string;
  point: string;
  answers: Record<string, unknown>;
  triage: "red-flag" | "watch" | "expected";
  flags: { id: string; field: string; level: string }[];
  protocolVersion: string;
  photoId: string | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

const CHECK_IN_COLUMNS = `id, patient_id as "patientId", chart_id as "chartId", point, answers, triage, flags,
  protocol_version as "protocolVersion", photo_id as "photoId", created_at as "createdAt",
  acknowledged_at as "acknowledgedAt", acknowledged_by as "acknowledgedBy"`;

export async function insertCheckIn(
  tx: Tx,
  c: Pick<
    CheckInRow,
    "patientId" | "chartId" | "point" | "answers" | "triage" | "flags" | "protocolVersion" | "photoId"
  > & {
    submittedBy: string;
  },
): Promise<CheckInRow> {
  const { rows } = await tx.query<CheckInRow>(
    `insert into check_ins (clinic_id, patient_id, chart_id, point, answers, triage, flags, protocol_version, photo_id, submitted_by)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${CHECK_IN_COLUMNS}`,
    [
      c.patientId,
      c.chartId,
      c.point,
      JSON.stringify(c.answers),
      c.triage,
      JSON.stringify(c.flags),
      c.protocolVersion,
      c.photoId,
      c.submittedBy,
    ],
  );
  return rows[0]!;
}

export async function listCheckInsOfPatient(tx: Tx, patientId: string): Promise<CheckInRow[]> {
  const { rows } = await tx.query<CheckInRow>(
    `select ${CHECK_IN_COLUMNS} from check_ins where patient_id = $1 order by created_at desc limit 100`,
    [patientId],
  );
  return rows;
}

export interface InboxRow extends CheckInRow {
  givenName: string;
  familyName: string;
  sessionDate: string;
}

/** Open red flags first, then open watches, then the rest; newest first within each. */
export async function listInbox(tx: Tx, limit: number, includeClosed: boolean): Promise<InboxRow[]> {
  const { rows } = await tx.query<InboxRow>(
    `select k.id, k.patient_id as "patientId", k.chart_id as "chartId", k.point, k.answers, k.triage, k.flags,
            k.protocol_version as "protocolVersion", k.photo_id as "photoId", k.created_at as "createdAt",
            k.acknowledged_at as "acknowledgedAt", k.acknowledged_by as "acknowledgedBy",
            p.given_name as "givenName", p.family_name as "familyName",
            to_char(c.session_date, 'YYYY-MM-DD') as "sessionDate"
     from check_ins k join patients p on p.id = k.patient_id join session_charts c on c.id = k.chart_id
     where ($2 or k.acknowledged_at is null)
     order by (k.acknowledged_at is null) desc,
              case k.triage when 'red-flag' then 0 when 'watch' then 1 else 2 end,
              k.created_at desc
     limit $1`,
    [limit, includeClosed],
  );
  return rows;
}

export async function acknowledgeCheckIn(tx: Tx, id: string, userId: string): Promise<CheckInRow | null> {
  const { rows } = await tx.query<CheckInRow>(
    `update check_ins set acknowledged_at = now(), acknowledged_by = $2 where id = $1 and acknowledged_at is null
     returning ${CHECK_IN_COLUMNS}`,
    [id, userId],
  );
  return rows[0] ?? null;
}

export async function getCheckIn(tx: Tx, id: string): Promise<CheckInRow | null> {
  const { rows } = await tx.query<CheckInRow>(`select ${CHECK_IN_COLUMNS} from check_ins where id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** The patient's chosen language, or null when none was chosen. */
export async function findPatientLocale(tx: Tx, patientId: string): Promise<string | null> {
  const { rows } = await tx.query<{ locale: string | null }>(`select locale from patients where id = $1`, [
    patientId,
  ]);
  return rows[0]?.locale ?? null;
}

/** The chosen language of several patients at once (absent: none chosen). */
export async function findPatientLocales(
  tx: Tx,
  patientIds: readonly string[],
): Promise<Map<string, string | null>> {
  if (patientIds.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; locale: string | null }>(
    `select id, locale from patients where id = any($1::uuid[])`,
    [patientIds],
  );
  return new Map(rows.map((r) => [r.id, r.locale]));
}

export async function setPatientLocale(tx: Tx, patientId: string, locale: string): Promise<void> {
  await tx.query(`update patients set locale = $2 where id = $1`, [patientId, locale]);
}
