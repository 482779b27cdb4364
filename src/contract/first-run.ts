import { z } from "zod";
import { twoFactorView } from "./auth.ts";
import { endpoint } from "./endpoint.ts";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .default(null)
    .transform((v) => (v ? v : null));

/** The first clinic, its first location and its owner, with the one-time token the server printed. */
export const firstRunBody = z.strictObject({
  token: z.string().min(20).max(200),
  clinic: z.strictObject({
    name: z.string().trim().min(2).max(200),
    timeZone: z.string().trim().min(1).max(64),
    currency: z.string().regex(/^[A-Z]{3}$/, "three capital letters, e.g. GBP"),
    address: optionalText(300),
    email: z.email().max(320),
    phone: z.string().trim().min(3).max(40),
    outOfHoursAdvice: optionalText(1000),
    locationName: z.string().trim().min(1).max(100),
  }),
  owner: z.strictObject({
    name: z.string().trim().min(1).max(200),
    email: z.email().max(320),
    password: z.string().min(10, "at least 10 characters").max(1024),
  }),
});

export type FirstRunBody = z.input<typeof firstRunBody>;

export const firstRunStatus = z.object({ open: z.boolean() });
/** The clinic is created; the owner's authenticator enrolment follows. */
export const firstRunCreated = z.object({ twoFactor: twoFactorView });

// Endpoints the web reads.
export const firstRunOpen = endpoint("GET", "/api/first-run", firstRunStatus);
export const createFirstClinic = endpoint("POST", "/api/first-run", firstRunCreated);
