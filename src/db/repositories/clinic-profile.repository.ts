import type { Tx } from "../pool.ts";

/** What the owner edits about their clinic (and the set-up page asks for first). */
export interface ClinicProfile {
  name: string;
  timeZone: string;
  currency: string;
  address: string | null;
  email: string | null;
  phone: string | null;
  alertEmail: string | null;
  outOfHoursAdvice: string | null;
}

type Queryable = Pick<Tx, "query">;

const PROFILE_COLUMNS = `name, time_zone as "timeZone", currency, address, email::text as email, phone,
  alert_email as "alertEmail", out_of_hours_advice as "outOfHoursAdvice"`;

/** The clinic of the current transaction, as its owner sees it. */
export async function getClinicProfile(tx: Queryable): Promise<ClinicProfile & { id: string; slug: string }> {
  const { rows } = await tx.query<ClinicProfile & { id: string; slug: string }>(
    `select id, slug, ${PROFILE_COLUMNS} from clinics where id = app_clinic_id()`,
  );
  if (!rows[0]) throw new Error("no current clinic");
  return rows[0];
}

export async function updateClinicProfile(
  tx: Queryable,
  p: Omit<ClinicProfile, "timeZone">,
): Promise<ClinicProfile & { id: string; slug: string }> {
  const { rows } = await tx.query<ClinicProfile & { id: string; slug: string }>(
    `update clinics set name = $1, currency = $2, address = $3, email = $4, phone = $5, alert_email = $6,
       out_of_hours_advice = $7
     where id = app_clinic_id() returning id, slug, ${PROFILE_COLUMNS}`,
    [p.name, p.currency, p.address, p.email, p.phone, p.alertEmail, p.outOfHoursAdvice],
  );
  if (!rows[0]) throw new Error("no current clinic");
  return rows[0];
}

/**
 * A new clinic's first location with what it needs to take a booking at once, each to be changed
 * in Clinic set-up: the scheduling defaults, weekday opening hours (09:00–17:00), a consultation
 * room and a treatment room, and the two appointment types of the pathway (a free consultation
 * bookable online, and a face session with the protocol's segments and series rule).
 */
export async function insertFirstLocation(
  tx: Queryable,
  l: { name: string; timeZone: string; address: string | null },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    "insert into locations (clinic_id, name, time_zone, address) values (app_clinic_id(), $1, $2, $3) returning id",
    [l.name, l.timeZone, l.address],
  );
  const id = rows[0]!.id;
  await tx.query(
    "insert into scheduling_settings (clinic_id) values (app_clinic_id()) on conflict do nothing",
  );
  await tx.query(
    `insert into opening_hours (clinic_id, location_id, weekday, opens, closes)
     select app_clinic_id(), $1, d, '09:00', '17:00' from generate_series(1, 5) d`,
    [id],
  );
  await tx.query(
    `insert into rooms (clinic_id, location_id, name, purpose)
     values (app_clinic_id(), $1, 'Consultation room', 'consultation'), (app_clinic_id(), $1, 'Treatment room', 'treatment')`,
    [id],
  );
  await tx.query(
    `insert into appointment_types (clinic_id, name, kind, duration_minutes, price_cents, buffer_minutes, bookable_online, series_rule_id, description, zones)
     values (app_clinic_id(), 'Consultation', 'consultation', 30, 0, 5, true, null,
             'A free 30-minute consultation: we talk about your skin, check you can be treated and plan a series.', '{}'),
            (app_clinic_id(), 'Microneedling – face', 'microneedling', 75, 0, 10, false, 'SER-GENERAL',
             'Numbing, then microneedling of the face, then serum and aftercare advice.',
             array['forehead', 'periorbital', 'cheeks', 'nose', 'perioral', 'chin-jawline'])`,
  );
  return id;
}

/**
 * A provider who joins works the first location's opening hours until the owner sets their own
 * week in Clinic set-up, so they can be booked from their first day.
 */
export async function giveDefaultProviderHours(tx: Queryable, providerId: string): Promise<void> {
  await tx.query(
    `insert into provider_hours (clinic_id, provider_id, location_id, weekday, starts, ends)
     select o.clinic_id, $1, o.location_id, o.weekday, o.opens, o.closes
     from opening_hours o
     where o.location_id = (select id from locations where retired_at is null order by created_at limit 1)
       and not exists (select 1 from provider_hours p where p.provider_id = $1)`,
    [providerId],
  );
}

export interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: "owner" | "provider" | "front_desk";
  credential: string | null;
  maxNeedleDepthMm: number | null;
  twoFactorEnabled: boolean;
  disabledAt: Date | null;
  createdAt: Date;
}

export async function listStaff(tx: Queryable): Promise<StaffRow[]> {
  const { rows } = await tx.query<StaffRow>(
    `select id, email::text as email, name, role, credential, max_needle_depth_mm as "maxNeedleDepthMm",
       totp_enabled_at is not null as "twoFactorEnabled", disabled_at as "disabledAt", created_at as "createdAt"
     from users where role <> 'patient' order by disabled_at is not null, name`,
  );
  return rows;
}

export interface PendingInvitationRow {
  id: string;
  email: string;
  name: string;
  role: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function listOpenInvitations(tx: Queryable): Promise<PendingInvitationRow[]> {
  const { rows } = await tx.query<PendingInvitationRow>(
    `select id, email::text as email, name, role, created_at as "createdAt", expires_at as "expiresAt"
     from invitations where accepted_at is null and expires_at > now() order by created_at desc`,
  );
  return rows;
}

/** Replaces an open invitation's token (a resend); false when it was used or has expired. */
export async function renewInvitationToken(
  tx: Queryable,
  id: string,
  tokenHash: Buffer,
  expiresAt: Date,
): Promise<{ email: string; name: string; role: string } | null> {
  const { rows } = await tx.query<{ email: string; name: string; role: string }>(
    `update invitations set token_hash = $2, expires_at = $3
     where id = $1 and accepted_at is null and expires_at > now()
     returning email::text as email, name, role`,
    [id, tokenHash, expiresAt],
  );
  return rows[0] ?? null;
}

export async function setStaffDisabled(
  tx: Queryable,
  userId: string,
  disabled: boolean,
): Promise<StaffRow | null> {
  const { rowCount } = await tx.query(
    `update users set disabled_at = case when $2 then coalesce(disabled_at, now()) else null end
     where id = $1 and role <> 'patient'`,
    [userId, disabled],
  );
  if (!rowCount) return null;
  if (disabled)
    await tx.query("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null", [
      userId,
    ]);
  return (await listStaff(tx)).find((s) => s.id === userId) ?? null;
}

/**
 * Clears a staff member's second factor: their authenticator, recovery codes, trusted browsers and
 * open sessions go; their next sign-in enrols a new authenticator.
 */
export async function resetSecondFactor(tx: Queryable, userId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `update users set totp_secret = null, totp_enabled_at = null, totp_last_step = null
     where id = $1 and role <> 'patient'`,
    [userId],
  );
  if (!rowCount) return false;
  await tx.query("delete from recovery_codes where user_id = $1", [userId]);
  await tx.query("update trusted_devices set revoked_at = now() where user_id = $1 and revoked_at is null", [
    userId,
  ]);
  await tx.query("update sessions set revoked_at = now() where user_id = $1 and revoked_at is null", [
    userId,
  ]);
  return true;
}

export async function countActiveOwners(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "select count(*)::int as n from users where role = 'owner' and disabled_at is null",
  );
  return rows[0]!.n;
}
