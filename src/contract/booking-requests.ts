// What a visitor sent with an online booking, as staff read it on the patient page.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";
import { type SelfCheckNote, selfCheckNote } from "./self-check-note.ts";

export const bookingRequestView = z.object({
  id: z.uuid(),
  appointmentId: z.uuid().nullable(),
  appointmentStartsAt: instant.nullable(),
  /** The time asked for was held on the record and nobody confirmed it in time: it is free again. */
  lapsed: z.boolean(),
  createdAt: instant,
  confirmedAt: instant.nullable(),
  // As validated by selfCheckNote when it was sent; read back with readSelfCheckNote.
  selfCheck: z.record(z.string(), z.unknown()).nullable(),
});

export const bookingRequestsParams = z.strictObject({ id: z.uuid() });
export const bookingRequestList = z.object({ requests: z.array(bookingRequestView) });
export const bookingRequests = endpoint("GET", "/api/patients/:id/booking-requests", bookingRequestList);

/** A stored self-check note as the self-check shapes it, or null when it does not read as one. */
export function readSelfCheckNote(stored: unknown): SelfCheckNote | null {
  const parsed = selfCheckNote.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
