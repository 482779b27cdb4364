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
import { findPatientLocale, findPatientLocales } from "../../db/repositories/patient-side.repository.ts";
import { listConditionIds } from "../../db/repositories/scheduling-patient.repository.ts";
import { getDayBeforeReminderTime } from "../../db/repositories/scheduling-setup.repository.ts";
import {
  bookingEmail,
  cancellationEmail,
  dayBeforeEmail,
  EMAIL_INTL_LOCALE,
  type EmailLocale,
  emailDay,
  emailLocale,
  maintenanceEmail,
  nextSessionEmail,
  prepEmail,
} from "../../domain/patient/email-texts.ts";
import { prepItemEn } from "../../domain/patient/protocol-texts-en.ts";
import { prepItemEs } from "../../domain/patient/protocol-texts-es.ts";
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

// A formatter per zone and language, made once: constructing one costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();
export function when(d: Date, tz: string, locale: EmailLocale = "en"): string {
  const cacheKey = `${locale} ${tz}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(EMAIL_INTL_LOCALE[locale], {
      timeZone: tz,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(cacheKey, f);
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
  const locale = emailLocale(await findPatientLocale(tx, a.patientId));
  await upsertMessages(tx, await appointmentMessages(tx, a, event, time, locale));
}

/** Queues the confirmations (and the reminders they set) of appointments just booked together,
 *  in one statement. */
export async function queueConfirmations(tx: Tx, rows: readonly AppointmentRow[]): Promise<void> {
  const reachable = rows.filter((a) => a.patientEmail);
  if (reachable.length === 0) return;
  const time = await reminderTime(tx);
  // One look-up of every patient's language, not one per booking: the shared booking transaction
  // keeps its fixed number of statements.
  const locales = await findPatientLocales(tx, [...new Set(reachable.map((a) => a.patientId))]);
  const messages: NewMessage[] = [];
  for (const a of reachable)
    messages.push(
      ...(await appointmentMessages(
        tx,
        a,
        "confirmation",
        time,
        emailLocale(locales.get(a.patientId) ?? null),
      )),
    );
  await upsertMessages(tx, messages);
}

/** What one appointment event sends, and when (nothing is written). `dayBeforeTime`: "HH:MM". */
async function appointmentMessages(
  tx: Tx,
  a: AppointmentRow,
  event: AppointmentEvent,
  dayBeforeTime: string,
  locale: EmailLocale,
): Promise<NewMessage[]> {
  const toAddress = a.patientEmail!;
  const tz = a.timeZone;
  const at = when(a.startsAt, tz, locale);
  const visit = { type: a.typeName, at, location: a.locationName };
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
    const mail = cancellationEmail(locale, { firstName, ...visit });
    put("cancellation", `cancel:${a.id}`, mail.subject, mail.bodyText, now, true);
    return messages;
  }
  const booked = bookingEmail(locale, event !== "confirmation", { firstName, ...visit });
  put(event, `${event}:${a.id}:${stamp}`, booked.subject, booked.bodyText, now, true);
  const dayBefore = dayBeforeReminderAt({
    startsAt: a.startsAt.getTime(),
    timeZone: tz,
    now: now.getTime(),
    localTime: dayBeforeTime,
  });
  if (dayBefore !== null) {
    const time =
      when(a.startsAt, tz, locale)
        .split(/ at | a las |, /)
        .at(-1) ?? at;
    const mail = dayBeforeEmail(locale, { firstName, ...visit, time });
    put("day-before", `day-before:${a.id}:${stamp}`, mail.subject, mail.bodyText, new Date(dayBefore));
  }
  if (a.kind === "microneedling") {
    const today = todayIn(tz, now.getTime());
    const apptDate = todayIn(tz, a.startsAt.getTime());
    const protocol = pathwayProtocol();
    const checklist = buildPrepChecklist(
      {
        appointmentDate: apptDate,
        today,
        medications: await prepMedications(tx, a.patientId),
        conditionIds: await listConditionIds(tx, a.patientId),
        ...((await latestPrepDecision(tx, a.patientId)) ?? {}),
      },
      protocol,
    );
    for (const item of checklist.items) {
      // Standing steps are dated "today": the confirmation covers them; dated ones get their own day.
      if (item.daysBefore === null || item.date < today) continue;
      // The step's patient paragraph in the patient's language (the protocol's words only for a clinic's own step).
      const words =
        locale === "es" ? prepItemEs(item, protocol.prepSteps) : prepItemEn(item, protocol.prepSteps);
      const mail = prepEmail(locale, {
        firstName,
        date: emailDay(locale, apptDate),
        summary: words.summary,
        text: words.text,
        protocol: checklist.protocol,
      });
      put(
        "prep",
        `prep:${a.id}:${item.id}:${item.date}`,
        mail.subject,
        mail.bodyText,
        atLocal(item.date, PREP_HOUR, tz),
      );
    }
    if (a.seriesId && a.seriesIntervalWeeks) {
      const due = Temporal.PlainDate.from(apptDate).add({ weeks: a.seriesIntervalWeeks });
      const next = due.subtract({ days: NEXT_SESSION_LEAD_DAYS }).toString();
      const mail = nextSessionEmail(locale, { firstName, due: emailDay(locale, due.toString()) });
      put(
        "next-session",
        `next-session:${a.id}`,
        mail.subject,
        mail.bodyText,
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
    const mail = maintenanceEmail(emailLocale(await findPatientLocale(tx, last.patientId)), {
      firstName: a.patientName.split(" ")[0] ?? "",
      months: last.maintenanceMonths,
    });
    await upsertMessages(tx, [
      {
        kind: "maintenance",
        patientId: last.patientId,
        appointmentId: null,
        toAddress: a.patientEmail,
        dedupeKey: `maintenance:${seriesId}`,
        subject: mail.subject,
        bodyText: mail.bodyText,
        ics: null,
        sendAfter: atLocal(due, REMINDER_HOUR, tz),
      },
    ]);
  }
  return due;
}
