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
  getAppointment,
  lastSessionOfSeries,
  upsertRecall,
} from "../../db/repositories/booking.repository.ts";
import { type MessageKind, upsertMessage, withdrawUnsent } from "../../db/repositories/outbox.repository.ts";
import { listConditionIds } from "../../db/repositories/scheduling-patient.repository.ts";
import { buildPrepChecklist } from "../../domain/protocol/prep-checklist.ts";
import { appointmentsToIcs } from "./ics.service.ts";
import { pathwayProtocol, prepMedications, todayIn } from "./slot-context.service.ts";

const REMINDER_HOUR = "09:00";
const PREP_HOUR = "08:00";
const NEXT_SESSION_LEAD_DAYS = 7;

const atLocal = (date: string, hhmm: string, tz: string) =>
  new Date(
    Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: tz, plainTime: Temporal.PlainTime.from(hhmm) })
      .epochMilliseconds,
  );

function when(d: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: tz,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(d);
}

export async function queueAppointmentMessages(
  tx: Tx,
  appointmentId: string,
  event: "confirmation" | "rescheduled" | "cancellation",
): Promise<void> {
  // Reminders for the old time (or a cancelled visit) must not go out; the current ones are re-queued below.
  if (event !== "confirmation") await withdrawUnsent(tx, appointmentId, event);
  const a = await getAppointment(tx, appointmentId);
  if (!a?.patientEmail) return;
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
  const base = { patientId: a.patientId, appointmentId: a.id, toAddress: a.patientEmail };
  const now = new Date();
  const put = (
    kind: MessageKind,
    key: string,
    subject: string,
    body: string,
    sendAfter: Date,
    withIcs = false,
  ) =>
    upsertMessage(tx, {
      ...base,
      kind,
      dedupeKey: key,
      subject,
      bodyText: body,
      ics: withIcs ? ics : null,
      sendAfter,
    });
  const stamp = a.startsAt.toISOString();
  if (event === "cancellation") {
    await put(
      "cancellation",
      `cancel:${a.id}`,
      `Cancelled: ${a.typeName} on ${at}`,
      `Hello ${firstName},\n\nyour ${a.typeName} on ${at} at ${a.locationName} is cancelled.\n`,
      now,
      true,
    );
    return;
  }
  await put(
    event,
    `${event}:${a.id}:${stamp}`,
    `${event === "confirmation" ? "Booked" : "Moved"}: ${a.typeName} on ${at}`,
    `Hello ${firstName},\n\nyour ${a.typeName} is booked for ${at} at ${a.locationName}.\nThe attached calendar file adds it to your calendar.\n`,
    now,
    true,
  );
  const dayBefore = new Date(a.startsAt.getTime() - 86_400_000);
  if (dayBefore > now) {
    await put(
      "day-before",
      `day-before:${a.id}:${stamp}`,
      `Tomorrow: ${a.typeName} at ${when(a.startsAt, tz).split(" at ")[1] ?? at}`,
      `Hello ${firstName},\n\na reminder of your ${a.typeName} tomorrow, ${at}, at ${a.locationName}.\n`,
      dayBefore,
    );
  }
  if (a.kind !== "microneedling") return;
  const today = todayIn(tz, now.getTime());
  const apptDate = todayIn(tz, a.startsAt.getTime());
  const checklist = buildPrepChecklist(
    {
      appointmentDate: apptDate,
      today,
      medications: await prepMedications(tx, a.patientId),
      conditionIds: await listConditionIds(tx, a.patientId),
    },
    pathwayProtocol(),
  );
  for (const item of checklist.items) {
    // Standing steps are dated "today": the confirmation covers them; dated ones get their own day.
    if (item.daysBefore === null || item.date < today) continue;
    await put(
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
    await put(
      "next-session",
      `next-session:${a.id}`,
      "Time to book your next session",
      `Hello ${firstName},\n\nyour next microneedling session is due from ${due.toString()}. If it is not booked yet, book it in the portal or call us.\n`,
      atLocal(next, REMINDER_HOUR, tz),
    );
  }
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
    await upsertMessage(tx, {
      kind: "maintenance",
      patientId: last.patientId,
      appointmentId: null,
      toAddress: a.patientEmail,
      dedupeKey: `maintenance:${seriesId}`,
      subject: "Time for a maintenance session",
      bodyText: `Hello ${a.patientName.split(" ")[0] ?? ""},\n\nit is ${last.maintenanceMonths} months since your last microneedling session. A maintenance session keeps the results; book it in the portal or call us.\n`,
      ics: null,
      sendAfter: atLocal(due, REMINDER_HOUR, tz),
    });
  }
  return due;
}
