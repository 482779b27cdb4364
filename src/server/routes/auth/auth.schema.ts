import { z } from "zod";

export const loginBody = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  clinic: z.string().max(63).optional(),
});

export const acceptInvitationBody = z.strictObject({
  token: z.string().min(10).max(200),
  password: z.string().min(10, "at least 10 characters").max(1024),
});

export const userView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["owner", "provider", "front_desk", "patient"]),
    credential: z.enum(["physician", "nurse", "aesthetician"]).nullable(),
    maxNeedleDepthMm: z.number().nullable(),
    patientId: z.uuid().nullable(),
    clinic: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), timeZone: z.string() }),
  })
  .meta({ id: "User" });
