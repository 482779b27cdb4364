/**
 * Shapes the slot search reads and returns. Instants are epoch milliseconds (cheap to compare in
 * the inner loop); calendar dates are ISO strings in the clinic's time zone; wall-clock times are
 * "HH:MM" in that zone.
 */

/** One part of a visit and the resources it holds while it runs. */
export interface SegmentSpec {
  kind: string;
  minutes: number;
  provider: boolean;
  room: boolean;
  device: boolean;
}

/** A weekly recurring interval: ISO weekday (1 = Monday) and local "HH:MM" times. */
export interface WeeklyHours {
  weekday: number;
  start: string;
  end: string;
}

/** A half-open interval of instants [start, end). */
export interface Interval {
  start: number;
  end: number;
}

export interface DateRange {
  first: string;
  last: string;
}

export interface ProviderInput {
  id: string;
  /** The deepest needle depth the provider's licence allows; null = not licensed to needle. */
  maxNeedleDepthMm: number | null;
  hours: WeeklyHours[];
  /** Appointments, time off: anything that makes the provider unavailable. */
  busy: Interval[];
}

export interface ResourceInput {
  id: string;
  /** Appointments and (for devices) maintenance blocks. */
  busy: Interval[];
}

/**
 * What the latest screening says about booking a treatment session. The caller reads it from
 * wherever screenings are stored; the search only applies it.
 */
export type ScreeningGate =
  /** Consultations and reviews need no screening. */
  | { status: "not-required" }
  | { status: "missing" }
  /** `clearedOn`: a physician granted the clearance the screening asked for on that date. */
  | { status: "eligible"; screenedOn: string; validUntil: string; clearedOn?: string }
  /** `until` null: deferred until a state ends (no date yet). */
  | { status: "deferred"; until: string | null; screenedOn: string; clearedOn?: string }
  | { status: "clearance-pending"; screenedOn: string }
  | { status: "declined"; screenedOn: string };

/** The patient's series so far, for the interval between sessions. */
export interface SeriesContext {
  /** Local dates of the patient's other live sessions (held, booked or done), any order. */
  sessionDates: string[];
  intervalWeeks: { min: number; max: number };
  seriesRuleId: string;
}

export interface SlotSearchInput {
  timeZone: string;
  /** The current instant: no slot starts before now + minNoticeMinutes. */
  now: number;
  minNoticeMinutes: number;
  stepMinutes: number;
  window: DateRange;
  /** Stop after this many slots (the "next N" search). */
  limit: number;
  openingHours: WeeklyHours[];
  closures: DateRange[];
  segments: SegmentSpec[];
  /** Cleaning time after the visit: the room and device stay reserved for it. */
  bufferMinutes: number;
  providers: ProviderInput[];
  rooms: ResourceInput[];
  devices: ResourceInput[];
  /** The plan's deepest needle depth; a provider whose licence allows less is never offered. */
  requiredDepthMm: number | null;
  screening: ScreeningGate;
  series: SeriesContext | null;
  /** First date that leaves time for every preparation step; earlier slots are marked. */
  prepReadyFrom: string | null;
  /** Only these resources (a booking for a given provider, room or device). */
  only?: { providerId?: string; roomId?: string; deviceId?: string };
}

export type SlotWarning = "too-soon-for-prep" | "past-series-interval";

export interface PlacedSegment {
  kind: string;
  start: number;
  end: number;
}

export interface Slot {
  start: number;
  end: number;
  /** Local date and time of the start ("2026-03-29", "09:30"). */
  date: string;
  time: string;
  providerId: string | null;
  roomId: string | null;
  deviceId: string | null;
  segments: PlacedSegment[];
  /** What each resource is reserved for (the database's exclusion constraints check these). */
  spans: { provider: Interval | null; room: Interval | null; device: Interval | null };
  warnings: SlotWarning[];
}

export type BlockCode =
  | "screening_required"
  | "screening_expired"
  | "not_eligible"
  | "clearance_pending"
  | "deferred"
  | "no_licensed_provider"
  | "no_resources";

export interface Block {
  code: BlockCode;
  message: string;
}

export interface Gate {
  /** No slot before this local date (deferral, series minimum interval). */
  earliestDate: string | null;
  /** No slot after this local date (screening validity). */
  latestDate: string | null;
  /** Whether the series allows a session on this local date, and whether it is past the maximum interval. */
  seriesCheck: ((date: string) => { allowed: boolean; pastMax: boolean }) | null;
  blocked: Block | null;
  notes: string[];
}

export interface SlotSearchResult {
  slots: Slot[];
  blocked: Block | null;
  gate: Gate;
}
