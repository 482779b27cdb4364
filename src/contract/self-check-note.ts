/**
 * The self-check summary a visitor may send with an online booking: the outcome their browser
 * showed and the answers behind it, exactly as the self-check keeps them. Every member is bounded
 * and named; anything else is refused (400, naming the field) before anything is written. Staff
 * see it as the visitor's own account: it is never a screening and decides nothing.
 */
import { z } from "zod";
import {
  AREAS,
  ASPIRIN_REASONS,
  GRADED_QUESTIONS,
  HEALTH_QUESTIONS,
  MEDICINE_QUESTIONS,
} from "../domain/patient/self-check.ts";

const isoDate = z.iso.date();
const optionalOf = <T extends z.ZodType>(keys: readonly string[], value: T) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, value.optional()])) as Record<string, z.ZodOptional<T>>,
  );

export const selfCheckAnswers = z.strictObject({
  concerns: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "a concern id")).max(10),
  areas: z.array(z.enum(AREAS)).max(AREAS.length),
  age: z.number().int().min(0).max(120).nullable(),
  sex: z.enum(["female", "male", "other"]).nullable(),
  pregnant: z.boolean().nullable(),
  breastfeeding: z.boolean().nullable(),
  fitzpatrick: z.enum(["I", "II", "III", "IV", "V", "VI"]).nullable(),
  health: optionalOf(Object.keys(HEALTH_QUESTIONS), z.boolean()),
  graded: optionalOf(Object.keys(GRADED_QUESTIONS), z.enum(["none", "mild", "moderate", "severe"])),
  isotretinoin: z.enum(["never", "now", "stopped"]),
  isotretinoinLastDose: isoDate.nullable(),
  medicines: optionalOf(Object.keys(MEDICINE_QUESTIONS), z.boolean()),
  aspirinReason: z.enum(ASPIRIN_REASONS).nullable().optional(),
  startDate: isoDate.nullable(),
});

export const selfCheckNote = z.strictObject({
  /** What the visitor's browser showed; null when the answers came without a result. */
  outcome: z.enum(["eligible", "defer", "needs-physician-clearance", "decline"]).nullable(),
  deferUntil: isoDate.nullable(),
  answers: selfCheckAnswers,
});

export type SelfCheckNote = z.infer<typeof selfCheckNote>;
