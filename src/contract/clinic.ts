import { z } from "zod";
import { endpoint } from "./endpoint.ts";

/** A clinic's public face: what the public pages and the sign-in screens show before anyone signs in. */
export const publicClinic = z.object({
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** The currency the clinic's prices are in (ISO 4217). */
  currency: z.string(),
});

export type PublicClinic = z.output<typeof publicClinic>;

export const publicClinicQuery = z.strictObject({ slug: z.string().max(63).optional() });

// Endpoints the web reads.
export const clinicPublicFace = endpoint("GET", "/api/public/clinic", publicClinic);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v ? v : null));

/** The owner's edit of the clinic's profile (PUT /api/clinic). */
export const clinicProfileBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  currency: z.string().regex(/^[A-Z]{3}$/, "three capital letters, e.g. GBP"),
  address: optionalText(300),
  email: z.email().max(320).nullable(),
  phone: optionalText(40),
  alertEmail: z.email().max(320).nullable(),
  outOfHoursAdvice: optionalText(1000),
});

export const clinicProfile = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    address: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    alertEmail: z.string().nullable(),
    outOfHoursAdvice: z.string().nullable(),
  })
  .meta({ id: "ClinicProfile" });

export const clinicProfileAnswer = z.object({ clinic: clinicProfile });

export type ClinicProfile = z.output<typeof clinicProfile>;
export type ClinicProfileBody = z.input<typeof clinicProfileBody>;

export const clinicProfileRead = endpoint("GET", "/api/clinic", clinicProfileAnswer);
export const clinicProfileSave = endpoint("PUT", "/api/clinic", clinicProfileAnswer);
