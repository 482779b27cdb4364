/** What the patient portal shows of the patient's own coming visits. */
import type { UpcomingAppointment } from "../../db/repositories/patient-side.repository.ts";

/** A coming visit on the patient's plan page: when, what, where and its price. */
export function presentUpcomingVisit(a: UpcomingAppointment) {
  return {
    id: a.id,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    typeName: a.typeName,
    kind: a.kind,
    priceCents: a.priceCents,
    timeZone: a.timeZone,
    location: a.location,
  };
}
