/**
 * Who reads each kind of record, in one place for every way of reading it: the REST routes declare
 * these readers as their access, and the FHIR API (reads, searches, Patient/$everything, bulk
 * export) asks the same table for the resource type that carries the record. A record the REST API
 * keeps from a role is never handed to that role as FHIR.
 */
export type StaffRole = "owner" | "provider" | "front_desk";

const STAFF = ["owner", "provider", "front_desk"] as const satisfies readonly StaffRole[];
const CLINICIANS = ["owner", "provider"] as const satisfies readonly StaffRole[];
const OWNER = ["owner"] as const satisfies readonly StaffRole[];

export const RECORD_READERS = {
  /** Demographics, contact details, the clinic's own practitioners, locations and schedules. */
  patient: STAFF,
  directory: STAFF,
  appointment: STAFF,
  /** Conditions, medications, allergies, pregnancy and skin type: booking and screening need them. */
  clinicalProfile: STAFF,
  intake: STAFF,
  plan: STAFF,
  consent: STAFF,
  /** The session chart: zones, depths, device, adverse events. */
  chart: CLINICIANS,
  outcome: CLINICIANS,
  photo: CLINICIANS,
  consultation: CLINICIANS,
  audit: OWNER,
} as const satisfies Record<string, readonly StaffRole[]>;

export type RecordKind = keyof typeof RECORD_READERS;

/** Whether `role` may read records of `kind`. */
export function mayRead(kind: RecordKind, role: string): boolean {
  return (RECORD_READERS[kind] as readonly string[]).includes(role);
}
