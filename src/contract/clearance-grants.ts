// A physician's clearance of a screening that asked for one: granting it, withdrawing it, and the
// patient's grants with what is still waiting for a physician.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const idParams = z.strictObject({ id: z.uuid() });

export const grantBody = z.strictObject({
  reasons: z
    .array(z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,79}$/, "a rule id such as CI-ANTITHROMBOTIC"))
    .min(1)
    .max(20),
  note: z.string().trim().min(1, "required").max(2000),
});

export const withdrawBody = z.strictObject({
  reason: z.string().trim().min(1, "required").max(2000),
});

export const grantView = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  screeningId: z.uuid(),
  grantedBy: z.object({ id: z.uuid(), name: z.string().nullable() }),
  grantedAt: instant,
  grantedOn: z.string(),
  reasons: z.array(z.string()),
  note: z.string(),
  protocolVersion: z.string(),
  decision: z.object({
    outcome: z.string(),
    deferral: z.string(),
    deferUntil: z.string().nullable(),
    cautions: z.array(z.string()),
    prepInstructions: z.array(z.string()),
  }),
  current: z.boolean(),
  withdrawn: z
    .object({
      at: instant,
      by: z.object({ id: z.uuid(), name: z.string().nullable() }),
      reason: z.string(),
    })
    .nullable(),
});

export const oneGrant = z.object({ grant: grantView });
export const grantList = z.object({
  grants: z.array(grantView),
  pending: z.object({ screeningId: z.uuid(), reasons: z.array(z.string()) }).nullable(),
});

// Endpoints the web reads and calls.
export const clearanceGrants = endpoint("GET", "/api/patients/:id/clearance-grants", grantList);
export const grantClearance = endpoint("POST", "/api/screenings/:id/clearance-grants", oneGrant);
export const withdrawClearance = endpoint("POST", "/api/clearance-grants/:id/withdraw", oneGrant);
