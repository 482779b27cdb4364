/** What the patient portal shows of the patient's own coming visits. */
import type { z } from "zod";
import type { upcomingVisit } from "../../contract/portal.ts";
import type { UpcomingAppointment } from "../../db/repositories/patient-side.repository.ts";

/** A coming visit on the patient's plan page: when, what, where and its price. */
export function presentUpcomingVisit(a: UpcomingAppointment): z.output<typeof upcomingVisit> {
  return {
    id: a.id,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    typeName: a.typeName,
    kind: a.kind,
    priceCents: a.priceCents,
    timeZone: a.timeZone,
    location: a.location,
  };
}
