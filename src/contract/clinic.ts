import { z } from "zod";
import { endpoint } from "./endpoint.ts";

/** A clinic's public face: what the public pages and the sign-in screens show before anyone signs in. */
export const publicClinic = z.object({
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export type PublicClinic = z.output<typeof publicClinic>;

export const publicClinicQuery = z.strictObject({ slug: z.string().max(63).optional() });

// Endpoints the web reads.
export const clinicPublicFace = endpoint("GET", "/api/public/clinic", publicClinic);
