/**
 * The booking core's use of the per-patient policies (domain/patient-access.ts): whom a principal
 * may book for, which appointments a principal may see and change, as the booking routes refuse
 * them; and the notice inside which a patient calls the clinic instead.
 */
import type { Tx } from "../../../db/pool.ts";
import { type AppointmentRow, getAppointment } from "../../../db/repositories/booking.repository.ts";
import { getSchedulingSettings } from "../../../db/repositories/scheduling-setup.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import { bookingPatient, mayReachPatient } from "../../../domain/patient-access.ts";
import type { Principal } from "../auth.service.ts";
import { accessorOf } from "../request-context.ts";

/** Which patient a principal may book for: staff any, a patient only themselves. */
export function patientFor(principal: Principal, requested: string | null | undefined): string | null {
  const decided = bookingPatient(accessorOf(principal), requested);
  if (decided.ok) return decided.patientId;
  if (decided.refusal === "no_record") throw notFound("patient record");
  throw new DomainError("forbidden", "forbidden", "patients book only for themselves", {
    patientId: "not you",
  });
}

/** The patient a booking is for, which a booking must name. */
export function requiredPatientFor(principal: Principal, requested: string | null | undefined): string {
  const patientId = patientFor(principal, requested);
  if (!patientId)
    throw new DomainError("invalid", "validation", "patientId is required", {
      "body.patientId": "required",
    });
  return patientId;
}

/** An appointment the principal may act on (locked for the change): staff any, a patient their own. */
export async function ownAppointment(tx: Tx, principal: Principal, id: string): Promise<AppointmentRow> {
  const a = await getAppointment(tx, id, true);
  if (!a) throw notFound("appointment");
  if (!mayReachPatient(accessorOf(principal), a.patientId)) throw notFound("appointment");
  return a;
}

/** A change closer to the start than the clinic's cancellation notice. */
export function isLate(
  a: AppointmentRow,
  settings: { cancelNoticeHours?: number | undefined },
  now: number,
): boolean {
  return a.startsAt.getTime() - now < (settings.cancelNoticeHours ?? 24) * 3_600_000;
}

/** Inside the notice, a patient calls the clinic instead of changing the booking themselves. */
export async function refuseLatePatientChange(
  tx: Tx,
  a: AppointmentRow,
  what: "moved" | "cancelled",
): Promise<void> {
  const settings = await getSchedulingSettings(tx);
  if (!isLate(a, settings, Date.now())) return;
  const hours = settings.cancelNoticeHours ?? 24;
  throw new DomainError(
    "conflict",
    "inside_notice",
    `a visit can be ${what} online up to ${hours} hours before it starts; please call the clinic`,
    { "params.id": `less than ${hours} hours before the visit` },
  );
}
