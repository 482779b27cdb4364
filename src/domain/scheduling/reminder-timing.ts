/**
 * When the day-before reminder goes out: at a fixed wall-clock time on the calendar day before
 * the visit, in the time zone of the visit's location. Patients read "see you tomorrow" in the
 * morning, not at whatever minute the visit happens to start 24 hours earlier (and a 24-hour
 * offset lands an hour off across a clock change).
 */
import { Temporal } from "temporal-polyfill";

/**
 * The default: late enough not to wake anyone, early enough to rearrange the day. A clinic may set
 * its own time (scheduling settings); the reminders service passes it as `localTime`.
 */
export const DAY_BEFORE_REMINDER_TIME = "09:00";

export interface DayBeforeReminderInput {
  /** The visit's start (epoch ms). */
  startsAt: number;
  /** The location's IANA time zone. */
  timeZone: string;
  /** When the messages are being queued (epoch ms): booking, confirmation or move. */
  now: number;
  /** Local "HH:MM"; defaults to DAY_BEFORE_REMINDER_TIME. */
  localTime?: string;
}

/**
 * The instant to send the reminder, or null when none is due. A wall-clock time that a spring-
 * forward skips on that day moves forward by the gap (02:30 becomes 03:30), one that a fall-back
 * repeats takes the earlier of the two. When that moment has already passed at queueing time
 * (booked the afternoon before, or on the day), no reminder is queued: the confirmation just sent
 * carries the time and the calendar file, and a "tomorrow" message minutes later would be noise.
 */
export function dayBeforeReminderAt(input: DayBeforeReminderInput): number | null {
  const visitDay = Temporal.Instant.fromEpochMilliseconds(input.startsAt)
    .toZonedDateTimeISO(input.timeZone)
    .toPlainDate();
  const at = visitDay.subtract({ days: 1 }).toZonedDateTime({
    timeZone: input.timeZone,
    plainTime: Temporal.PlainTime.from(input.localTime ?? DAY_BEFORE_REMINDER_TIME),
  }).epochMilliseconds;
  return at > input.now ? at : null;
}
