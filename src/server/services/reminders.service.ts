/**
 * The messages an appointment sets in motion, written to the outbox in the booking's own
 * transaction (so a booking never exists without its confirmation, nor a confirmation without its
 * booking): confirmation with an .ics, the day-before reminder, the dated preparation reminders of
 * the protocol's checklist, the next-session reminder, and the maintenance recall after a series.
 * The worker (jobs/) sends them when due.
 */

import { Temporal } from "temporal-polyfill";
import type { Tx } from "../../db/pool.ts";
import {
  type AppointmentRow,
  getAppointment,
  lastSessionOfSeries,
  upsertRecall,
} from "../../db/repositories/booking.repository.ts";
import { latestPrepDecision } from "../../db/repositories/consultation.repository.ts";
import {
  type MessageKind,
  type NewMessage,
  upsertMessages,
  withdrawUnsent,
} from "../../db/repositories/outbox.repository.ts";
import { listConditionIds } from "../../db/repositories/scheduling-patient.repository.ts";
import { getDayBeforeReminderTime } from "../../db/repositories/scheduling-setup.repository.ts";
import { buildPrepChecklist } from "../../domain/protocol/prep-checklist.ts";
import { DAY_BEFORE_REMINDER_TIME, dayBeforeReminderAt } from "../../domain/scheduling/reminder-timing.ts";
import { appointmentsToIcs } from "./ics.service.ts";
import { pathwayProtocol, prepMedications, todayIn } from "./slot-context.service.ts";

// Recall and next-session reminders go out at the default morning hour (the clinic's own setting
// is for the day-before reminder only).
const REMINDER_HOUR = DAY_BEFORE_REMINDER_TIME;
const PREP_HOUR = "08:00";
const NEXT_SESSION_LEAD_DAYS = 7;

const atLocal = (date: string, hhmm: string, tz: string) =>
  new Date(
    Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: tz, plainTime: Temporal.PlainTime.from(hhmm) })
      .epochMilliseconds,
  );

// A formatter per zone, made once: constructing one costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();
function when(d: Date, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f.format(d);
}

type AppointmentEvent = "confirmation" | "rescheduled" | "cancellation";

/** The clinic's chosen local time for the day-before reminder, read when queued: a later change of
 *  the setting leaves reminders already queued at the time they were queued for. */
const reminderTime = async (tx: Tx) => (await getDayBeforeReminderTime(tx)) ?? DAY_BEFORE_REMINDER_TIME;

/**
 * Queues the messages of an appointment event in one statement. `appointment` is its id, or its
 * row when the caller has just read or written it (the booking path: no second read).
 */
export async function queueAppointmentMessages(
  tx: Tx,
  appointment: string | AppointmentRow,
  event: AppointmentEvent,
): Promise<void> {
  const appointmentId = typeof appointment === "string" ? appointment : appointment.id;
  // Reminders for the old time (or a cancelled visit) must not go out; the current ones are re-queued below.
  if (event !== "confirmation") await withdrawUnsent(tx, appointmentId, event);
  const a = typeof appointment === "string" ? await getAppointment(tx, appointment) : appointment;
  if (!a?.patientEmail) return;
  const time = event === "cancellation" ? DAY_BEFORE_REMINDER_TIME : await reminderTime(tx);
  await upsertMessages(tx, await appointmentMessages(tx, a, event, time));
}

/** Queues the confirmations (and the reminders they set) of appointments just booked together,
 *  in one statement. */
export async function queueConfirmations(tx: Tx, rows: readonly AppointmentRow[]): Promise<void> {
  const reachable = rows.filter((a) => a.patientEmail);
  if (reachable.length === 0) return;
  const time = await reminderTime(tx);
  const messages: NewMessage[] = [];
  for (const a of reachable) messages.push(...(await appointmentMessages(tx, a, "confirmation", time)));
  await upsertMessages(tx, messages);
}

/** What one appointment event sends, and when (nothing is written). `dayBeforeTime`: "HH:MM". */
async function appointmentMessages(
  tx: Tx,
  a: AppointmentRow,
  event: AppointmentEvent,
  dayBeforeTime: string,
): Promise<NewMessage[]> {
  const toAddress = a.patientEmail!;
  const tz = a.timeZone;
  const at = when(a.startsAt, tz);
  const firstName = a.patientName.split(" ")[0] ?? "";
  const ics = appointmentsToIcs(
    a.typeName,
    [
      {
        id: a.id,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        timeZone: tz,
        title: a.typeName,
        status: event === "cancellation" ? "cancelled" : a.status,
        location: a.locationName,
        description: null,
        updatedAt: a.updatedAt,
      },
    ],
    "remodel",
  );
  const now = new Date();
  const messages: NewMessage[] = [];
  const put = (
    kind: MessageKind,
    key: string,
    subject: string,
    body: string,
    sendAfter: Date,
    withIcs = false,
  ) =>
    messages.push({
      patientId: a.patientId,
      appointmentId: a.id,
      toAddress,
      kind,
      dedupeKey: key,
      subject,
      bodyText: body,
      ics: withIcs ? ics : null,
      sendAfter,
    });
  const stamp = a.startsAt.toISOString();
  if (event === "cancellation") {
    put(
      "cancellation",
      `cancel:${a.id}`,
      `Cancelled: ${a.typeName} on ${at}`,
      `Hello ${firstName},\n\nyour ${a.typeName} on ${at} at ${a.locationName} is cancelled.\n`,
      now,
      true,
    );
    return messages;
  }
  put(
    event,
    `${event}:${a.id}:${stamp}`,
    `${event === "confirmation" ? "Booked" : "Moved"}: ${a.typeName} on ${at}`,
    `Hello ${firstName},\n\nyour ${a.typeName} is booked for ${at} at ${a.locationName}.\nThe attached calendar file adds it to your calendar.\n`,
    now,
    true,
  );
  const dayBefore = dayBeforeReminderAt({
    startsAt: a.startsAt.getTime(),
    timeZone: tz,
    now: now.getTime(),
    localTime: dayBeforeTime,
  });
  if (dayBefore !== null) {
    put(
      "day-before",
      `day-before:${a.id}:${stamp}`,
      `Tomorrow: ${a.typeName} at ${when(a.startsAt, tz).split(" at ")[1] ?? at}`,
      `Hello ${firstName},\n\na reminder of your ${a.typeName} tomorrow, ${at}, at ${a.locationName}.\n`,
      new Date(dayBefore),
    );
  }
  if (a.kind === "microneedling") {
    const today = todayIn(tz, now.getTime());
    const apptDate = todayIn(tz, a.startsAt.getTime());
    const checklist = buildPrepChecklist(
      {
        appointmentDate: apptDate,
        today,
        medications: await prepMedications(tx, a.patientId),
        conditionIds: await listConditionIds(tx, a.patientId),
        ...((await latestPrepDecision(tx, a.patientId)) ?? {}),
      },
      pathwayProtocol(),
    );
    for (const item of checklist.items) {
      // Standing steps are dated "today": the confirmation covers them; dated ones get their own day.
      if (item.daysBefore === null || item.date < today) continue;
      put(
        "prep",
        `prep:${a.id}:${item.id}:${item.date}`,
        `Preparing for your session on ${apptDate}`,
        `Hello ${firstName},\n\n${item.summary}\n\n${item.patientText}\n\n(${checklist.protocol})\n`,
        atLocal(item.date, PREP_HOUR, tz),
      );
    }
    if (a.seriesId && a.seriesIntervalWeeks) {
      const due = Temporal.PlainDate.from(apptDate).add({ weeks: a.seriesIntervalWeeks });
      const next = due.subtract({ days: NEXT_SESSION_LEAD_DAYS }).toString();
      put(
        "next-session",
        `next-session:${a.id}`,
        "Time to book your next session",
        `Hello ${firstName},\n\nyour next microneedling session is due from ${due.toString()}. If it is not booked yet, book it in the portal or call us.\n`,
        atLocal(next, REMINDER_HOUR, tz),
      );
    }
  }
  return messages;
}

/** Sets (or moves) the maintenance recall of a series to its last live session + the maintenance months. */
export async function queueMaintenanceRecall(tx: Tx, seriesId: string): Promise<string | null> {
  const last = await lastSessionOfSeries(tx, seriesId);
  if (!last?.maintenanceMonths) return null;
  const a = await getAppointment(tx, last.id);
  const tz = a?.timeZone ?? "UTC";
  const due = Temporal.PlainDate.from(todayIn(tz, last.startsAt.getTime()))
    .add({ months: last.maintenanceMonths })
    .toString();
  await upsertRecall(tx, last.patientId, seriesId, due);
  if (a?.patientEmail) {
    await upsertMessages(tx, [
      {
        kind: "maintenance",
        patientId: last.patientId,
        appointmentId: null,
        toAddress: a.patientEmail,
        dedupeKey: `maintenance:${seriesId}`,
        subject: "Time for a maintenance session",
        bodyText: `Hello ${a.patientName.split(" ")[0] ?? ""},\n\nit is ${last.maintenanceMonths} months since your last microneedling session. A maintenance session keeps the results; book it in the portal or call us.\n`,
        ics: null,
        sendAfter: atLocal(due, REMINDER_HOUR, tz),
      },
    ]);
  }
  return due;
}
