/**
 * Slot search: the start times at which a visit of the given segments fits the clinic's opening
 * hours, a licensed provider's working hours, and free resources for every segment, within the
 * dates the patient's screening and series allow. Pure: the caller passes "now", the set-up and
 * the busy times it loaded.
 *
 * Wall-clock times are turned into instants per calendar day in the clinic's zone, so opening at
 * 09:00 stays 09:00 across a clock change; durations are elapsed minutes.
 */
import { Temporal } from "temporal-polyfill";
import { bookingGate, firstSeriesDate } from "./gate.ts";
import { mergeIntervals, overlapsAny, withinAny } from "./intervals.ts";
import type {
  Block,
  Gate,
  Interval,
  ProviderInput,
  SegmentSpec,
  Slot,
  SlotSearchInput,
  SlotSearchResult,
  SlotWarning,
  WeeklyHours,
} from "./types.ts";
import { dayNumber, isoDay, minutesOf, weekdayOf, zonedInstant, zonedWallClock } from "./zone-clock.ts";

const MINUTE = 60_000;

interface Offsets {
  totalMinutes: number;
  segments: { kind: string; from: number; to: number }[];
  provider: { from: number; to: number } | null;
  room: { from: number; to: number } | null;
  device: { from: number; to: number } | null;
}

/** Where, in minutes from the start, each resource is needed. A resource is reserved from the start
 *  of its first segment to the end of its last (never less than it needs). */
export function segmentOffsets(segments: readonly SegmentSpec[], bufferMinutes: number): Offsets {
  let t = 0;
  const placed = segments.map((s) => {
    const p = { kind: s.kind, from: t, to: t + s.minutes, spec: s };
    t += s.minutes;
    return p;
  });
  const envelope = (need: (s: SegmentSpec) => boolean, buffer: boolean) => {
    const used = placed.filter((p) => need(p.spec));
    if (used.length === 0) return null;
    const to = used[used.length - 1]!.to;
    return { from: used[0]!.from, to: buffer && to === t ? to + bufferMinutes : to };
  };
  return {
    totalMinutes: t,
    segments: placed.map(({ kind, from, to }) => ({ kind, from, to })),
    provider: envelope((s) => s.provider, false),
    room: envelope((s) => s.room, true),
    device: envelope((s) => s.device, true),
  };
}

/** The instant of a local wall-clock time on a date (a skipped time moves forward, a repeated one is the earlier). */
export function localInstant(date: Temporal.PlainDate, hhmm: string, timeZone: string): number {
  return zonedInstant(timeZone, dayNumber(date.toString()), minutesOf(hhmm));
}

/** Weekly hours with their times as minutes from midnight ("24:00" = 1440, the next day's midnight). */
interface Hours {
  weekday: number;
  start: number;
  end: number;
}

const hoursOf = (hours: readonly WeeklyHours[]): Hours[] =>
  hours.map((h) => ({ weekday: h.weekday, start: minutesOf(h.start), end: minutesOf(h.end) }));

function dayIntervals(day: number, hours: readonly Hours[], timeZone: string): Interval[] {
  const weekday = weekdayOf(day);
  const out: Interval[] = [];
  for (const h of hours) {
    if (h.weekday !== weekday) continue;
    out.push({ start: zonedInstant(timeZone, day, h.start), end: zonedInstant(timeZone, day, h.end) });
  }
  return out.sort((a, b) => a.start - b.start);
}

interface Prepared {
  input: SlotSearchInput;
  offsets: Offsets;
  gate: Gate;
  openingHours: Hours[];
  providers: (ProviderInput & { merged: Interval[]; weekly: Hours[] })[];
  rooms: { id: string; merged: Interval[] }[];
  devices: { id: string; merged: Interval[] }[];
  blocked: Block | null;
}

function prepare(input: SlotSearchInput): Prepared {
  const offsets = segmentOffsets(input.segments, input.bufferMinutes);
  const gate = bookingGate(input.screening, input.series);
  const only = input.only ?? {};
  const providers = input.providers
    .filter((p) => !only.providerId || p.id === only.providerId)
    .filter(
      (p) =>
        input.requiredDepthMm === null ||
        (p.maxNeedleDepthMm !== null && p.maxNeedleDepthMm >= input.requiredDepthMm),
    )
    .map((p) => ({ ...p, merged: mergeIntervals(p.busy), weekly: hoursOf(p.hours) }));
  const rooms = input.rooms
    .filter((r) => !only.roomId || r.id === only.roomId)
    .map((r) => ({ id: r.id, merged: mergeIntervals(r.busy) }));
  const devices = input.devices
    .filter((d) => !only.deviceId || d.id === only.deviceId)
    .map((d) => ({ id: d.id, merged: mergeIntervals(d.busy) }));
  let blocked = gate.blocked;
  if (!blocked && offsets.provider && providers.length === 0) {
    blocked =
      input.requiredDepthMm !== null
        ? {
            code: "no_licensed_provider",
            message: `no provider's licence allows the planned depth of ${input.requiredDepthMm} mm`,
          }
        : { code: "no_resources", message: "no provider can take this appointment type" };
  }
  if (!blocked && ((offsets.room && rooms.length === 0) || (offsets.device && devices.length === 0))) {
    blocked = { code: "no_resources", message: "the clinic has no room or device for this appointment type" };
  }
  if (!blocked && offsets.totalMinutes <= 0) {
    blocked = { code: "no_resources", message: "the appointment type has no segments" };
  }
  return {
    input,
    offsets,
    gate,
    openingHours: hoursOf(input.openingHours),
    providers,
    rooms,
    devices,
    blocked,
  };
}

interface Day {
  /** Day number (days since 1970-01-01) of the local date. */
  day: number;
  iso: string;
  seriesAllowed: boolean;
  seriesPastMax: boolean;
  openings: Interval[];
  providerHours: Map<string, Interval[]>;
}

function isClosed(input: SlotSearchInput, iso: string): boolean {
  return input.closures.some((c) => c.first <= iso && iso <= c.last);
}

function dayOf(p: Prepared, day: number): Day {
  const tz = p.input.timeZone;
  const iso = isoDay(day);
  const series = p.gate.seriesCheck?.(iso) ?? { allowed: true, pastMax: false };
  const openings = isClosed(p.input, iso) || !series.allowed ? [] : dayIntervals(day, p.openingHours, tz);
  const providerHours = new Map<string, Interval[]>();
  if (openings.length > 0 && p.offsets.provider) {
    for (const prov of p.providers) providerHours.set(prov.id, dayIntervals(day, prov.weekly, tz));
  }
  return { day, iso, seriesAllowed: series.allowed, seriesPastMax: series.pastMax, openings, providerHours };
}

type Placement = { slot: Slot } | { problem: Block & { field: string } };

/** Places a visit starting at `start` on `day`, choosing the first free resource of each kind. */
function place(p: Prepared, day: Day, start: number): Placement {
  const o = p.offsets;
  const at = (m: number) => start + m * MINUTE;
  const end = at(o.totalMinutes);
  if (!withinAny(day.openings, start, end)) {
    return {
      problem: {
        code: "no_resources",
        message: "the clinic is not open for the whole visit",
        field: "startsAt",
      },
    };
  }
  let providerId: string | null = null;
  let providerSpan: Interval | null = null;
  if (o.provider) {
    const span = { start: at(o.provider.from), end: at(o.provider.to) };
    const free = p.providers.find(
      (prov) =>
        withinAny(day.providerHours.get(prov.id) ?? [], span.start, span.end) &&
        !overlapsAny(prov.merged, span.start, span.end),
    );
    if (!free) {
      return {
        problem: { code: "no_resources", message: "no licensed provider is free then", field: "providerId" },
      };
    }
    providerId = free.id;
    providerSpan = span;
  }
  let roomId: string | null = null;
  let roomSpan: Interval | null = null;
  if (o.room) {
    const span = { start: at(o.room.from), end: at(o.room.to) };
    const free = p.rooms.find((r) => !overlapsAny(r.merged, span.start, span.end));
    if (!free) return { problem: { code: "no_resources", message: "no room is free then", field: "roomId" } };
    roomId = free.id;
    roomSpan = span;
  }
  let deviceId: string | null = null;
  let deviceSpan: Interval | null = null;
  if (o.device) {
    const span = { start: at(o.device.from), end: at(o.device.to) };
    const free = p.devices.find((d) => !overlapsAny(d.merged, span.start, span.end));
    if (!free)
      return { problem: { code: "no_resources", message: "no device is free then", field: "deviceId" } };
    deviceId = free.id;
    deviceSpan = span;
  }
  const warnings: SlotWarning[] = [];
  if (p.input.prepReadyFrom !== null && day.iso < p.input.prepReadyFrom) warnings.push("too-soon-for-prep");
  if (day.seriesPastMax) warnings.push("past-series-interval");
  const { minutes } = zonedWallClock(p.input.timeZone, start);
  const hh = Math.floor(minutes / 60);
  return {
    slot: {
      start,
      end,
      date: day.iso,
      time: `${String(hh).padStart(2, "0")}:${String(minutes - hh * 60).padStart(2, "0")}`,
      providerId,
      roomId,
      deviceId,
      segments: o.segments.map((s) => ({ kind: s.kind, start: at(s.from), end: at(s.to) })),
      spans: { provider: providerSpan, room: roomSpan, device: deviceSpan },
      warnings,
    },
  };
}

function dateBounds(p: Prepared): { first: string; last: string } {
  const { window } = p.input;
  const first =
    p.gate.earliestDate && p.gate.earliestDate > window.first ? p.gate.earliestDate : window.first;
  const last = p.gate.latestDate && p.gate.latestDate < window.last ? p.gate.latestDate : window.last;
  return { first, last };
}

/** Free start times, earliest first, on the step grid counted from each opening time. */
export function searchSlots(input: SlotSearchInput): SlotSearchResult {
  const p = prepare(input);
  const slots: Slot[] = [];
  if (p.blocked) return { slots, blocked: p.blocked, gate: p.gate };
  const { first, last } = dateBounds(p);
  if (first > last) return { slots, blocked: null, gate: p.gate };
  const earliestStart = input.now + input.minNoticeMinutes * MINUTE;
  const step = input.stepMinutes * MINUTE;
  const total = p.offsets.totalMinutes * MINUTE;
  for (let n = dayNumber(first), lastDay = dayNumber(last); n <= lastDay; n++) {
    const day = dayOf(p, n);
    if (day.openings.length === 0) continue;
    // Opening hours may overlap (two rows for one day); a start is offered once.
    const seen = new Set<number>();
    for (const opening of day.openings) {
      for (let s = opening.start; s + total <= opening.end; s += step) {
        if (s < earliestStart || seen.has(s)) continue;
        seen.add(s);
        const placed = place(p, day, s);
        if ("slot" in placed) {
          slots.push(placed.slot);
          if (slots.length >= input.limit) return { slots, blocked: null, gate: p.gate };
        }
      }
    }
  }
  slots.sort((a, b) => a.start - b.start);
  return { slots, blocked: null, gate: p.gate };
}

export type SlotCheck =
  | { ok: true; slot: Slot }
  | { ok: false; code: string; message: string; field: string };

/**
 * Whether a visit can start exactly at `start` (any minute, not only the grid: staff may drag an
 * appointment anywhere), and with which resources; or why not, naming the field to change.
 */
export function checkStart(input: SlotSearchInput, start: number): SlotCheck {
  const p = prepare(input);
  if (p.blocked) return { ok: false, code: p.blocked.code, message: p.blocked.message, field: "patientId" };
  if (start < input.now) {
    return { ok: false, code: "in_the_past", message: "the start time has passed", field: "startsAt" };
  }
  const date = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(input.timeZone).toPlainDate();
  const iso = date.toString();
  if (p.gate.earliestDate !== null && iso < p.gate.earliestDate) {
    return {
      ok: false,
      code: "too_early",
      message: `treatment is deferred until ${p.gate.earliestDate}`,
      field: "startsAt",
    };
  }
  if (p.gate.seriesCheck && !p.gate.seriesCheck(iso).allowed && input.series) {
    const next = firstSeriesDate(p.gate.seriesCheck, iso, date.add({ days: 400 }).toString());
    return {
      ok: false,
      code: "too_early",
      message: `sessions must be at least ${input.series.intervalWeeks.min} weeks apart${next ? `; the nearest allowed date is ${next}` : ""}`,
      field: "startsAt",
    };
  }
  if (p.gate.latestDate !== null && iso > p.gate.latestDate) {
    return {
      ok: false,
      code: "screening_expired",
      message: `the screening is current until ${p.gate.latestDate}; screen again before booking later`,
      field: "startsAt",
    };
  }
  const day = dayOf(p, dayNumber(iso));
  if (day.openings.length === 0) {
    return {
      ok: false,
      code: "outside_opening_hours",
      message: `the clinic is closed on ${iso}`,
      field: "startsAt",
    };
  }
  const placed = place(p, day, start);
  if ("problem" in placed) {
    const outside = placed.problem.field === "startsAt";
    return {
      ok: false,
      code: outside ? "outside_opening_hours" : "slot_taken",
      message: placed.problem.message,
      field: placed.problem.field,
    };
  }
  return { ok: true, slot: placed.slot };
}
