// Booking and appointments as both sides see them: free times (slots), booking a visit or a series,
// moving, cancelling and checking in, the staff calendar and the outbox of messages sent.
import { z } from "zod";
import { instant } from "./codecs.ts";
import { action, endpoint, write } from "./endpoint.ts";

/** Why a visit was cancelled or moved. */
export const STATUS_REASONS = [
  "patient-request",
  "clinic-request",
  "illness",
  "not-eligible",
  "provider-unavailable",
  "weather",
  "duplicate",
  "other",
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

/** Where an outgoing message stands. */
export const OUTBOX_STATUSES = [
  "queued",
  "retrying",
  "sent",
  "kept-for-staff",
  "withdrawn",
  "undeliverable",
] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const idParams = z.strictObject({ id: z.uuid() });

export const slotView = z
  .object({
    startsAt: z.string(),
    endsAt: z.string(),
    date: z.string(),
    time: z.string(),
    providerId: z.string().nullable(),
    roomId: z.string().nullable(),
    deviceId: z.string().nullable(),
    segments: z.array(z.object({ kind: z.string(), start: z.string(), end: z.string() })),
    warnings: z.array(z.string()),
  })
  .meta({ id: "Slot" });

export const slotTakenBody = z
  .object({
    error: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()),
    nextSlots: z.array(slotView),
  })
  .meta({ id: "SlotTaken" });

const ref = z.object({ id: z.string(), name: z.string() }).nullable();
export const bookedAppointment = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    patientName: z.string(),
    type: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
    startsAt: instant,
    endsAt: instant,
    status: z.string(),
    statusReason: z.string().nullable(),
    heldUntil: instant.nullable(),
    provider: ref,
    room: ref,
    device: ref,
    segments: z.array(z.object({ kind: z.string(), start: z.string(), end: z.string() })),
    seriesId: z.string().nullable(),
    seriesIndex: z.number().nullable(),
    checkedInAt: instant.nullable(),
    lateCancellation: z.boolean(),
    timeZone: z.string(),
  })
  .meta({ id: "BookedAppointment" });

const isoDate = z.iso.date();

export const slotsQuery = z.strictObject({
  typeId: z.uuid(),
  patientId: z.uuid().optional(),
  locationId: z.uuid().optional(),
  providerId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

export const slotsResponse = z.object({
  slots: z.array(slotView),
  blocked: z.object({ code: z.string(), message: z.string() }).nullable(),
  notes: z.array(z.string()),
  timeZone: z.string(),
  screening: z.string(),
  protocolVersion: z.string(),
});

export const bookBody = z.strictObject({
  patientId: z.uuid().optional(),
  typeId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  locationId: z.uuid().optional(),
  providerId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  hold: z.boolean().default(false),
});

export const reasonEnum = z.enum(STATUS_REASONS);

export const rescheduleBody = z.strictObject({
  startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  providerId: z.uuid().optional(),
  roomId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  reason: reasonEnum,
  note: z.string().max(500).optional(),
});

export const cancelBody = z.strictObject({ reason: reasonEnum, note: z.string().max(500).optional() });
export const noteBody = z.strictObject({ note: z.string().max(500).optional() });

export const seriesBody = z.strictObject({
  patientId: z.uuid().optional(),
  typeId: z.uuid(),
  firstStartsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  sessions: z.number().int().min(1).max(52),
  intervalWeeks: z.number().int().min(1).max(26),
  providerId: z.uuid().optional(),
  locationId: z.uuid().optional(),
});

export const calendarQuery = z
  .strictObject({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((q) => q.to > q.from && q.to.getTime() - q.from.getTime() <= 62 * 86_400_000, {
    message: "to must be after from, at most 62 days later",
    path: ["to"],
  });

// The outbox's times stay ISO strings in code too: the server's outbox view formats them.
const isoInstant = z.string().meta({ format: "date-time" });

/** One outbox message as staff see it: never a secret (a sign-in link shows as "[link sent to the patient only]"). */
export const outboxMessage = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    patientId: z.string().nullable(),
    appointmentId: z.string().nullable(),
    toAddress: z.string(),
    subject: z.string(),
    bodyText: z.string(),
    ics: z.string().nullable(),
    carriesSecret: z.boolean(),
    sendAfter: isoInstant,
    createdAt: isoInstant,
    sentAt: isoInstant.nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    withdrawnAt: isoInstant.nullable(),
    withdrawnReason: z.string().nullable(),
    keptForStaffAt: isoInstant.nullable(),
    undeliverableAt: isoInstant.nullable(),
  })
  .meta({ id: "OutboxMessage" });

export const outboxQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  patientId: z.uuid().optional(),
});

export const outboxResponse = z.object({ messages: z.array(outboxMessage) });

export const oneAppointment = z.object({ appointment: bookedAppointment });
/** A visit after a change of status (null when it is no longer readable). */
export const statusChanged = z.object({ appointment: bookedAppointment.nullable() });
export const bookedVisit = z.object({
  appointment: bookedAppointment,
  holdToken: z.string().nullable(),
  warnings: z.array(z.string()),
});
export const calendarResponse = z.object({ appointments: z.array(bookedAppointment) });
/** A series booked at once (answered 201): each of its visits, and the maintenance recall it queued. */
export const seriesBooked = z.object({
  seriesId: z.uuid(),
  appointments: z.array(bookedAppointment),
  /** Each visit's booking warnings, in the order of the visits. */
  warnings: z.array(z.array(z.string())),
  /** The day the maintenance recall is due (YYYY-MM-DD), or null when the type has none. */
  maintenanceRecallDue: z.string().nullable(),
});

// Endpoints the web calls.
export const slots = endpoint("GET", "/api/slots", slotsResponse);
export const bookVisit = action("POST", "/api/appointments", bookBody, bookedVisit);
export const bookSeries = action("POST", "/api/appointment-series", seriesBody, seriesBooked);
export const calendar = endpoint("GET", "/api/calendar", calendarResponse);
export const outbox = endpoint("GET", "/api/outbox", outboxResponse);
export const confirmHold = endpoint("POST", "/api/appointments/:id/confirm", oneAppointment);
export const rescheduleAppointment = write("POST", "/api/appointments/:id/reschedule", rescheduleBody);
export const cancelAppointment = action("POST", "/api/appointments/:id/cancel", cancelBody, statusChanged);
export const markNoShow = action("POST", "/api/appointments/:id/no-show", noteBody, statusChanged);
export const checkIn = endpoint("POST", "/api/appointments/:id/check-in", statusChanged);
export const undoCheckIn = action("POST", "/api/appointments/:id/undo-check-in", noteBody, statusChanged);

export type BookedAppointment = z.output<typeof bookedAppointment>;
export type SlotView = z.output<typeof slotView>;
export type SlotAnswer = z.output<typeof slotsResponse>;
export type OutboxMessage = z.output<typeof outboxMessage>;
