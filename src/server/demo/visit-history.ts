/**
 * The demo clinic's everyday calendar: the visits of patients who are not one of the pathway's
 * named stages, written as a clinic would have them. Each patient starts with one consultation,
 * has face sessions two weeks later and then five weeks apart (the series interval is 4–6 weeks),
 * up to a course of three, and a short review a week after each session. Visits fall on days the
 * clinic is open, with a provider who works that day, and nobody comes twice on one day. Patients
 * start their course on days spread over the last twelve weeks, so the calendar holds every stage.
 */
import type pg from "pg";
import { Temporal } from "temporal-polyfill";

type Kind = "consultation" | "microneedling" | "review";

/** One of the day's fixed places for a visit: its time, room, provider and (for needling) pen. */
interface Place {
  kind: Kind;
  time: string;
  room: string;
  provider: string;
  /** ISO weekdays (1 = Monday) the provider works this place. */
  weekdays: readonly number[];
  device: string | null;
}

export interface VisitHistoryInput {
  clinicId: string;
  locationId: string;
  timeZone: string;
  today: Temporal.PlainDate;
  /** Patients in the order their courses start; the first is set mid-course (the README's patient). */
  patientIds: readonly string[];
  types: Record<Kind, { id: string; minutes: number }>;
  rooms: { treatment: readonly [string, string]; consultation: string };
  devices: readonly [string, string];
  providers: { physician: string; nurse: string; aesthetician: string };
}

const FIRST_SESSION_AFTER_DAYS = 14;
const SESSION_INTERVAL_DAYS = 35;
const REVIEW_AFTER_DAYS = 7;
const COURSE = 3;
/** How far back courses start; the calendar holds their visits from then to three weeks ahead. */
const HISTORY_DAYS = 84;
const AHEAD_DAYS = 21;
/** The README's portal patient starts six and a half weeks ago: two sessions done by next week. */
const FIRST_PATIENT_START = -45;

export async function seedVisitHistory(client: pg.Client, input: VisitHistoryInput): Promise<number> {
  const { today, providers, rooms, devices } = input;
  // Staff hours as the scheduling demo sets them: Dr Ahmed Monday–Thursday, Nurse Lee every
  // weekday, Jamie Cole Tuesday–Saturday (the clinic's Saturday closes at 13:00, so weekdays here).
  const places: Place[] = [
    {
      kind: "microneedling",
      time: "09:30",
      room: rooms.treatment[0],
      provider: providers.physician,
      weekdays: [1, 2, 3, 4],
      device: devices[0],
    },
    {
      kind: "microneedling",
      time: "13:30",
      room: rooms.treatment[1],
      provider: providers.aesthetician,
      weekdays: [2, 3, 4, 5],
      device: devices[1],
    },
    {
      kind: "consultation",
      time: "11:30",
      room: rooms.consultation,
      provider: providers.nurse,
      weekdays: [1, 2, 3, 4, 5],
      device: null,
    },
    {
      kind: "review",
      time: "12:30",
      room: rooms.treatment[0],
      provider: providers.nurse,
      weekdays: [1, 2, 3, 4, 5],
      device: null,
    },
    {
      kind: "review",
      time: "12:45",
      room: rooms.treatment[0],
      provider: providers.nurse,
      weekdays: [1, 2, 3, 4, 5],
      device: null,
    },
  ];
  const closures = (
    await client.query<{ first: string; last: string }>(
      "select first_day::text as first, last_day::text as last from closures where clinic_id = $1",
      [input.clinicId],
    )
  ).rows;
  const closed = (day: Temporal.PlainDate) =>
    day.dayOfWeek > 5 ||
    closures.some(
      (c) =>
        Temporal.PlainDate.compare(day, Temporal.PlainDate.from(c.first)) >= 0 &&
        Temporal.PlainDate.compare(day, Temporal.PlainDate.from(c.last)) <= 0,
    );
  const taken = new Set<string>(); // place × day
  const last = today.add({ days: AHEAD_DAYS });
  let written = 0;

  /** Books the visit on `wanted` or the first open day after it with a free place; the day used. */
  const book = async (patientId: string, kind: Kind, wanted: Temporal.PlainDate, index: number) => {
    for (let day = wanted; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
      if (closed(day)) continue;
      const place = places.find(
        (p) =>
          p.kind === kind && p.weekdays.includes(day.dayOfWeek) && !taken.has(`${p.time}|${p.room}|${day}`),
      );
      if (!place) continue;
      taken.add(`${place.time}|${place.room}|${day}`);
      const start = day.toZonedDateTime({
        timeZone: input.timeZone,
        plainTime: Temporal.PlainTime.from(place.time),
      });
      const type = input.types[kind];
      const past = Temporal.PlainDate.compare(day, today) < 0;
      // Now and then somebody misses a review; nobody misses a session (it would move their course).
      const status = !past ? "booked" : kind === "review" && index % 4 === 3 ? "no_show" : "completed";
      await client.query(
        `insert into appointments (clinic_id, location_id, patient_id, type_id, provider_id, room_id, device_id, starts_at, ends_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          input.clinicId,
          input.locationId,
          patientId,
          type.id,
          place.provider,
          place.room,
          place.device,
          new Date(start.epochMilliseconds),
          new Date(start.add({ minutes: type.minutes }).epochMilliseconds),
          status,
        ],
      );
      written++;
      return day;
    }
    return null;
  };

  const count = input.patientIds.length;
  for (const [i, patientId] of input.patientIds.entries()) {
    const startOffset =
      i === 0
        ? FIRST_PATIENT_START
        : -HISTORY_DAYS + Math.floor(((i - 1) * (HISTORY_DAYS + 14)) / (count - 1));
    const consulted = await book(patientId, "consultation", today.add({ days: startOffset }), i);
    // Sessions are booked once the consultation has been held, not ahead of it.
    if (!consulted || Temporal.PlainDate.compare(consulted, today) >= 0) continue;
    let next = consulted.add({ days: FIRST_SESSION_AFTER_DAYS });
    for (let session = 1; session <= COURSE; session++) {
      const treated = await book(patientId, "microneedling", next, i + session);
      if (!treated) break;
      await book(patientId, "review", treated.add({ days: REVIEW_AFTER_DAYS }), i + session);
      next = treated.add({ days: SESSION_INTERVAL_DAYS });
    }
  }
  return written;
}
