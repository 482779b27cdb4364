// A patient's check-in after a session, and what the clinic's protocol says back to it.
import { z } from "zod";
import { CHECK_IN_POINTS, type TriageFlag } from "../domain/patient/triage.ts";
import { endpoint } from "./endpoint.ts";

const advice = z.object({ id: z.string(), text: z.string(), source: z.array(z.string()) });

export const checkInResult = z
  .object({
    id: z.uuid(),
    chartId: z.uuid(),
    point: z.enum(CHECK_IN_POINTS),
    triage: z.enum(["red-flag", "watch", "expected"]),
    flags: z.array(
      z.object({
        /** One of the triage's flag ids (each has its plain words in the message catalogue). */
        id: z.custom<TriageFlag["id"]>((value) => typeof value === "string"),
        field: z.string(),
        level: z.enum(["red-flag", "watch"]),
      }),
    ),
    warning: advice.nullable(),
    expected: z.array(advice),
    protocolVersion: z.string(),
    clinicPhone: z.string().nullable(),
    clinicOpen: z.boolean().describe("Whether the clinic is open now (read for a red flag)."),
    outOfHoursAdvice: z
      .string()
      .nullable()
      .describe("For a red flag: what the clinic tells patients when it is closed."),
    createdAt: z.string(),
    photoId: z.uuid().nullable(),
    photoNotStored: z
      .enum(["no_photo_consent", "photo_store_unavailable"])
      .nullable()
      .describe("Why a photo sent with the check-in was not kept (the check-in itself was)."),
  })
  .meta({ id: "CheckInResult" });

// Endpoints the web calls.
export const sendCheckIn = endpoint("POST", "/api/portal/check-ins", checkInResult);
