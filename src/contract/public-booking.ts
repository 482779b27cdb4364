// Booking a consultation from the public site without an account: the free times, holding one while
// the visitor gives their details, confirming it, and setting the password of the account a new
// visitor gets. The /book page reads these unchecked (the schema library stays out of its download),
// typed from here.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint } from "./endpoint.ts";
import { bookableType } from "./public-facts.ts";
import { selfCheckNote } from "./self-check-note.ts";

const isoDate = z.iso.date();

/** A free time: its instants as the clinic's calendar gives them, and its day and time in the clinic's zone. */
export const publicSlot = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  date: z.string(),
  time: z.string(),
});

export const publicSlotsQuery = z.strictObject({
  slug: z.string().max(63).optional(),
  type: z.string().min(1).max(64).default("consultation"),
  from: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(40),
});

export const publicSlots = z.object({
  clinic: z.object({ name: z.string(), slug: z.string(), phone: z.string().nullable() }),
  type: bookableType,
  timeZone: z.string(),
  slots: z.array(publicSlot),
});

export const holdBody = z.strictObject({
  slug: z.string().max(63).optional(),
  typeId: z.uuid(),
  startsAt: z.coerce.date(),
  givenName: z.string().trim().min(1, "required").max(100),
  familyName: z.string().trim().min(1, "required").max(100),
  email: z.email("not an e-mail address").max(254).toLowerCase(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,24}$/, "digits, spaces and + ( ) - only"),
  dateOfBirth: isoDate.refine((d) => d >= "1900-01-01", "not a plausible date of birth"),
  // The visitor's own self-check, if they chose to send it (shown to staff; never a screening).
  selfCheck: selfCheckNote.optional(),
  // The language the page was read in (a new visitor's e-mails follow it).
  locale: z.enum(["en", "es"]).optional(),
});

/** The time held for the visitor while they confirm (the same answer for every e-mail). */
export const heldBooking = z.object({
  bookingId: z.uuid(),
  holdToken: z.string(),
  heldUntil: instant.nullable(),
  startsAt: instant,
  endsAt: instant,
  type: z.string(),
  timeZone: z.string(),
});

export const bookingParams = z.strictObject({ id: z.uuid() });
export const confirmBookingBody = z.strictObject({
  slug: z.string().max(63).optional(),
  holdToken: z.string().min(20).max(100),
});

export const confirmedBooking = z
  .object({
    booking: z.object({
      type: z.string(),
      startsAt: instant,
      endsAt: instant,
      timeZone: z.string(),
      location: z.string(),
    }),
    email: z.string(),
    byEmail: z
      .boolean()
      .describe("false when the server has no mail server: the clinic calls to confirm instead"),
  })
  .describe(
    "The same for every e-mail: what was asked for and where the e-mail went (a password link for a new visitor, a sign-in link for a patient with an account), or that the clinic will call when no e-mail can be sent.",
  );

export const accountSetupBody = z.strictObject({
  token: z.string().min(20).max(100),
  password: z.string().min(10, "at least 10 characters").max(1024),
});
export const accountReady = z.object({ email: z.string() });

// Endpoints the web reads.
export const freeTimes = endpoint("GET", "/api/public/slots", publicSlots);

// Writes the web sends.
/** Holds a time (201) while the visitor confirms. */
export const holdTime = action("POST", "/api/public/bookings", holdBody, heldBooking);
export const confirmBooking = action(
  "POST",
  "/api/public/bookings/:id/confirm",
  confirmBookingBody,
  confirmedBooking,
);
export const setUpAccount = action("POST", "/api/public/account-setup", accountSetupBody, accountReady);
