// Patients' check-ins as staff read them in the Inbox, and marking one handled.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const inboxItem = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    patientName: z.string(),
    chartId: z.uuid(),
    sessionDate: z.string(),
    point: z.string(),
    triage: z.enum(["red-flag", "watch", "expected"]),
    flags: z.array(z.object({ id: z.string(), level: z.string() })),
    answers: z.record(z.string(), z.unknown()),
    photo: z
      .object({ id: z.uuid(), removed: z.boolean() })
      .nullable()
      .describe("The patient's photo sent with the check-in (GET /api/photos/:id/image, clinicians only)."),
    createdAt: instant,
    acknowledgedAt: instant.nullable(),
  })
  .meta({ id: "InboxItem" });

export const inboxQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  all: z.enum(["true", "false"]).default("false"),
});

export const inboxIdParams = z.strictObject({ id: z.uuid() });

export const inboxList = z.object({ openRedFlags: z.number().int(), items: z.array(inboxItem) });
export const acknowledged = z.object({ id: z.uuid(), acknowledgedAt: instant.nullable() });

export const inbox = endpoint("GET", "/api/inbox", inboxList);
export const acknowledgeCheckIn = endpoint("POST", "/api/inbox/:id/acknowledge", acknowledged);
