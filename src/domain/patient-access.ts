/**
 * Who may reach one patient's records, in one place: a patient reaches only their own (their
 * appointments, consents, photos, calendar feeds, plan), staff reach any patient of their clinic.
 * Which staff role reads which kind of record is `record-access.ts`; the clinic boundary is the
 * database's row-level security. These are pure decisions; services turn a refusal into the
 * answer their route gives (a 403, or a 404 where saying "not yours" would tell that it exists).
 */

/** The caller as these decisions see them: their role, and for a patient account its record. */
export interface PatientAccessor {
  role: string;
  /** The patient record behind a patient account; null for staff (and a patient account without one). */
  patientId: string | null;
  /** The account's own id (a provider's calendar is theirs). */
  id?: string;
}

const isPatient = (a: PatientAccessor) => a.role === "patient";

/** Whether the record of `recordPatientId` is the caller's own (never for an account without a record). */
export function isOwnRecord(a: PatientAccessor, recordPatientId: string | null | undefined): boolean {
  return a.patientId !== null && recordPatientId === a.patientId;
}

/** Whether the caller may see or act on a record of patient `recordPatientId`: staff any, a patient their own. */
export function mayReachPatient(a: PatientAccessor, recordPatientId: string | null | undefined): boolean {
  return !isPatient(a) || isOwnRecord(a, recordPatientId);
}

/** The patient record a patient account acts on in the portal, or why there is none. */
export type OwnRecord = { ok: true; patientId: string } | { ok: false; refusal: "no_record" };

/** The record behind the caller's own account: the portal's "my" pages read only this one. */
export function ownRecord(a: PatientAccessor): OwnRecord {
  return a.patientId ? { ok: true, patientId: a.patientId } : { ok: false, refusal: "no_record" };
}

/** Whom a caller may book for, or why not. */
export type BookingPatient =
  | { ok: true; patientId: string | null }
  | { ok: false; refusal: "no_record" | "not_you" };

/**
 * Which patient a booking (or a slot search) is for: staff name any patient (or none, to search),
 * a patient books only for themselves, whether or not they name themselves.
 */
export function bookingPatient(a: PatientAccessor, requested: string | null | undefined): BookingPatient {
  if (!isPatient(a)) return { ok: true, patientId: requested ?? null };
  if (!a.patientId) return { ok: false, refusal: "no_record" };
  if (requested && requested !== a.patientId) return { ok: false, refusal: "not_you" };
  return { ok: true, patientId: a.patientId };
}

/** A calendar feed: of one patient's visits, or of one provider's calendar. */
export interface FeedOwner {
  patientId: string | null;
  providerId: string | null;
}

/**
 * Who may revoke a calendar feed: the owner and the front desk any; a provider their own
 * calendar's and any patient's; a patient only their own.
 */
export function mayRevokeFeed(a: PatientAccessor, feed: FeedOwner): boolean {
  switch (a.role) {
    case "owner":
    case "front_desk":
      return true;
    case "provider":
      return feed.providerId === a.id || feed.patientId !== null;
    case "patient":
      return isOwnRecord(a, feed.patientId);
    default:
      return false;
  }
}

/** Which feed a caller may make, or why not: a patient their own visits', a provider their own calendar's. */
export type FeedTarget =
  | { ok: true; patientId: string | null; providerId: string | null }
  | { ok: false; refusal: "one_of" | "not_your_calendar" };

export function feedTarget(
  a: PatientAccessor,
  asked: { patientId?: string | undefined; providerId?: string | undefined },
): FeedTarget {
  let patientId = asked.patientId ?? null;
  let providerId = asked.providerId ?? null;
  if (isPatient(a)) {
    patientId = a.patientId;
    providerId = null;
  } else if (a.role === "provider" && !patientId) {
    providerId ??= a.id ?? null;
  }
  if ((patientId === null) === (providerId === null)) return { ok: false, refusal: "one_of" };
  if (a.role === "provider" && providerId && providerId !== a.id)
    return { ok: false, refusal: "not_your_calendar" };
  return { ok: true, patientId, providerId };
}
