import { z } from "zod";
import { defaultProtocol } from "../domain/protocol/default-protocol.ts";
import { ROOM_PURPOSES } from "../domain/scheduling/room-purpose.ts";
import { isIanaTimeZone } from "../domain/scheduling/time-zone.ts";
import { instant } from "./codecs.ts";
import { endpoint, write } from "./endpoint.ts";

/** The protocol's treatable zones (a prohibited zone is never covered by a type). */
const TREATMENT_ZONES = defaultProtocol()
  .zones.filter((z) => !z.prohibited)
  .map((z) => z.id) as [string, ...string[]];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time HH:MM");
const isoDate = z.iso.date();

export const idParams = z.strictObject({ id: z.uuid() });

const hoursEntry = z
  .strictObject({ weekday: z.number().int().min(1).max(7), start: hhmm, end: hhmm })
  .refine((h) => h.end > h.start, { message: "end must be after start", path: ["end"] });

export const openingHoursBody = z.strictObject({ hours: z.array(hoursEntry).max(50) });

export const providerHoursBody = z.strictObject({
  hours: z
    .array(
      z
        .strictObject({
          locationId: z.uuid(),
          weekday: z.number().int().min(1).max(7),
          start: hhmm,
          end: hhmm,
        })
        .refine((h) => h.end > h.start, { message: "end must be after start", path: ["end"] }),
    )
    .max(50),
});

export const closureBody = z
  .strictObject({
    locationId: z.uuid(),
    first: isoDate,
    last: isoDate,
    reason: z.string().max(200).default(""),
  })
  .refine((c) => c.last >= c.first, { message: "last must not be before first", path: ["last"] });

export const blockBody = z
  .strictObject({
    resourceId: z.uuid(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    reason: z.string().max(200).default(""),
  })
  .refine((b) => b.endsAt > b.startsAt, { message: "must be after startsAt", path: ["endsAt"] });

/** What a room is for: a needling session never goes in a consultation room. */
export const roomPurpose = z.enum(ROOM_PURPOSES);
export const roomBody = z.strictObject({
  locationId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  purpose: roomPurpose.default("any"),
});
export const resourcePatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  active: z.boolean().optional(),
});
export const roomPatch = resourcePatch.extend({ purpose: roomPurpose.optional() });
export const devicePatch = resourcePatch.extend({
  model: z.string().trim().max(100).nullable().optional(),
  serialNumber: z.string().trim().max(100).nullable().optional(),
});
export const deviceBody = z.strictObject({
  locationId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  model: z.string().max(100).nullable().default(null),
  serialNumber: z.string().max(100).nullable().default(null),
});

export const segmentSchema = z.strictObject({
  kind: z.string().trim().min(1).max(40),
  minutes: z.number().int().min(5).max(240),
  provider: z.boolean(),
  room: z.boolean(),
  device: z.boolean(),
});

export const typeBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["consultation", "microneedling", "review"]),
  priceCents: z.number().int().min(0).max(10_000_000),
  durationMinutes: z.number().int().min(5).max(480).optional(),
  segments: z.array(segmentSchema).min(1).max(10).nullable().optional(),
  bufferMinutes: z.number().int().min(0).max(120).default(0),
  seriesRuleId: z.string().max(60).nullable().optional(),
  /** The treatment zones a microneedling type covers (plans are priced by it); left out, unchanged. */
  zones: z.array(z.enum(TREATMENT_ZONES)).max(10).optional(),
  bookableOnline: z.boolean().default(false),
  active: z.boolean().default(true),
  description: z.string().max(1000).default(""),
});

export const settingsBody = z.strictObject({
  holdMinutes: z.number().int().min(1).max(60),
  minNoticeMinutes: z.number().int().min(0).max(20160),
  stepMinutes: z.union(
    [5, 10, 15, 20, 30, 60].map((n) => z.literal(n)) as [z.ZodLiteral<number>, z.ZodLiteral<number>],
  ),
  screeningValidDays: z.number().int().min(1).max(730),
  maxAdvanceDays: z.number().int().min(1).max(1095),
  /** How many days before the visit's day check-in opens (0: on the day only); left out, unchanged. */
  checkInDaysBefore: z.number().int().min(0).max(7).optional(),
  /** Hours of notice a cancellation or move needs not to be late; left out, unchanged. */
  cancelNoticeHours: z.number().int().min(0).max(336).optional(),
  /** Hours a time asked for online stays held on a patient's record unconfirmed; left out, unchanged. */
  requestHoldHours: z.number().int().min(1).max(168).optional(),
  /** The day-before reminder's local time; left out, it stays as it is (default 09:00). */
  dayBeforeReminderTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM (00:00-23:59)")
    .optional(),
});

export const setupQuery = z.strictObject({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const locationBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  timeZone: z.string().trim().refine(isIanaTimeZone, "an IANA time zone such as Europe/London"),
  address: z.string().trim().max(300).nullable().default(null),
});

export const locationPatch = z.strictObject({
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().max(300).nullable().default(null),
});

/** What a provider is licensed as. */
export const providerCredential = z.enum(["physician", "nurse", "aesthetician"]);
export type ProviderCredential = z.output<typeof providerCredential>;

export const licenceBody = z.strictObject({
  credential: providerCredential,
  maxNeedleDepthMm: z
    .number()
    .min(0.1)
    .max(3)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, "at most two decimals"),
});

// The answer of GET /api/setup: what the set-up screens, the calendar and the desk's booking read.
const typeKind = z.enum(["consultation", "microneedling", "review"]);
const segmentView = z.object({
  kind: z.string(),
  minutes: z.number(),
  provider: z.boolean(),
  room: z.boolean(),
  device: z.boolean(),
});
const hoursView = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  weekday: z.number().int(),
  start: z.string(),
  end: z.string(),
});
const blockView = z.object({
  id: z.uuid(),
  resourceId: z.uuid(),
  startsAt: instant,
  endsAt: instant,
  reason: z.string(),
});
const resourceView = z.object({
  id: z.uuid(),
  locationId: z.uuid(),
  name: z.string(),
  active: z.boolean(),
  model: z.string().nullable().optional(),
  serialNumber: z.string().nullable().optional(),
});
const appointmentTypeView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: typeKind,
  durationMinutes: z.number().int(),
  priceCents: z.number().int(),
  segments: z.array(segmentView).nullable(),
  /** The segments the type is booked with: its own, or the protocol's default for its kind. */
  effectiveSegments: z.array(segmentView),
  bufferMinutes: z.number().int(),
  seriesRuleId: z.string().nullable(),
  /** The treatment zones the type covers: a plan is priced by the type covering its zones. */
  zones: z.array(z.string()),
  bookableOnline: z.boolean(),
  active: z.boolean(),
  description: z.string(),
});
const settingsView = z.object({
  holdMinutes: z.number().int(),
  minNoticeMinutes: z.number().int(),
  stepMinutes: z.number().int(),
  screeningValidDays: z.number().int(),
  maxAdvanceDays: z.number().int(),
  /** Check-in opens this many days before the visit's day (0: on the day only). */
  checkInDaysBefore: z.number().int(),
  /** Hours of notice a cancellation needs not to count as late; patients change visits online until then. */
  cancelNoticeHours: z.number().int(),
  /** Hours a time asked for online stays held on a patient's record before it lapses unconfirmed. */
  requestHoldHours: z.number().int(),
  /** The day-before reminder's local time, "HH:MM". */
  dayBeforeReminderTime: z.string(),
});
export const locationView = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  address: z.string().nullable(),
  /** When the location was retired (the owner may reopen it), or null while it is open. */
  retiredAt: instant.nullable(),
});

export const setupView = z
  .object({
    settings: settingsView,
    locations: z.array(locationView),
    openingHours: z.array(hoursView),
    closures: z.array(
      z.object({ id: z.uuid(), locationId: z.uuid(), first: isoDate, last: isoDate, reason: z.string() }),
    ),
    providers: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        credential: providerCredential,
        maxNeedleDepthMm: z.number(),
      }),
    ),
    providerHours: z.array(hoursView.extend({ providerId: z.uuid() })),
    timeOff: z.array(blockView),
    rooms: z.array(resourceView.extend({ purpose: roomPurpose })),
    devices: z.array(resourceView),
    maintenance: z.array(blockView),
    appointmentTypes: z.array(appointmentTypeView),
    /** The protocol's series rules and treatable zones, to choose from in set-up. */
    choices: z.object({
      seriesRules: z.array(z.object({ id: z.string(), label: z.string() })),
      zones: z.array(z.object({ id: z.string(), label: z.string(), face: z.boolean() })),
    }),
  })
  .meta({ id: "Setup" });

export type SetupData = z.output<typeof setupView>;
export type SchedulingSettings = SetupData["settings"];
export type Location = SetupData["locations"][number];
export type Hours = SetupData["openingHours"][number];
export type Block = SetupData["timeOff"][number];
export type Resource = SetupData["devices"][number];
export type Room = SetupData["rooms"][number];
export type AppointmentType = SetupData["appointmentTypes"][number];
export type Segment = AppointmentType["effectiveSegments"][number];
export type TypeKind = AppointmentType["kind"];

/** The locations still open: a retired one takes no hours, closures or bookings. */
export function openLocations(data: { locations: Location[] }): Location[] {
  return data.locations.filter((l) => l.retiredAt === null);
}

export const clinicSetup = endpoint("GET", "/api/setup", setupView);

// Writes the set-up screens make, each with the schema its body is validated by.
export const saveSchedulingSettings = write("PUT", "/api/setup/settings", settingsBody);
export const addLocation = write("POST", "/api/setup/locations", locationBody);
export const editLocation = write("PATCH", "/api/setup/locations/:id", locationPatch);
export const saveLicence = write("PUT", "/api/setup/providers/:id/licence", licenceBody);
export const saveOpeningHours = write("PUT", "/api/setup/locations/:id/opening-hours", openingHoursBody);
export const addClosure = write("POST", "/api/setup/closures", closureBody);
export const saveProviderHours = write("PUT", "/api/setup/providers/:id/hours", providerHoursBody);
export const addTimeOff = write("POST", "/api/setup/time-off", blockBody);
export const addMaintenance = write("POST", "/api/setup/maintenance", blockBody);
export const addRoom = write("POST", "/api/setup/rooms", roomBody);
export const editRoom = write("PATCH", "/api/setup/rooms/:id", roomPatch);
export const addDevice = write("POST", "/api/setup/devices", deviceBody);
export const editDevice = write("PATCH", "/api/setup/devices/:id", devicePatch);
export const addAppointmentType = write("POST", "/api/setup/appointment-types", typeBody);
export const editAppointmentType = write("PUT", "/api/setup/appointment-types/:id", typeBody);

/** A location retired: it as it is now, and how many visits still booked there lie ahead. */
export const locationRetired = z.object({ location: locationView, upcomingAppointments: z.number().int() });
/** A location reopened; null when it was not retired (nothing changed). */
export const locationReopened = z.object({ location: locationView.nullable() });
export const retireLocation = endpoint("POST", "/api/setup/locations/:id/retire", locationRetired);
export const reopenLocation = endpoint("POST", "/api/setup/locations/:id/reopen", locationReopened);

/** What a removal answers: the id of what is gone. */
export const removedEntry = z.object({ id: z.uuid() });
export const removeClosure = endpoint("DELETE", "/api/setup/closures/:id", removedEntry);
export const removeTimeOff = endpoint("DELETE", "/api/setup/time-off/:id", removedEntry);
export const removeMaintenance = endpoint("DELETE", "/api/setup/maintenance/:id", removedEntry);
