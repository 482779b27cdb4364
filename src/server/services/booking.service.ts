/**
 * Booking: search, hold, confirm, book, move, cancel, no-show, check-in, whole series. Every
 * write runs in one audited transaction; whether two bookings overlap is decided by the database's
 * exclusion constraints, so of two concurrent requests for the same resources exactly one commits.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Temporal } from "temporal-polyfill";
import { type Db, type Tx, withClinic } from "../../db/pool.ts";
import { appendAudit, appendAudits } from "../../db/repositories/audit.repository.ts";
import {
  type AppointmentRow,
  afterRefusedInsert,
  confirmHold,
  deleteExpiredHolds,
  deleteHold,
  getAppointment,
  insertAppointment,
  insertAppointmentEvent,
  insertAppointments,
  insertSeries,
  listAppointmentEvents,
  listAppointmentsBetween,
  listPatientAppointments,
  moveAppointment,
  type NewAppointment,
  setAppointmentStatus,
} from "../../db/repositories/booking.repository.ts";
import { listMessages } from "../../db/repositories/outbox.repository.ts";
import { getPatientContact, knownPatients } from "../../db/repositories/scheduling-patient.repository.ts";
import { getSchedulingSettings } from "../../db/repositories/scheduling-setup.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { bookingGate, firstSeriesDate } from "../../domain/scheduling/gate.ts";
import { checkStart, searchSlots } from "../../domain/scheduling/slots.ts";
import type { Interval, Slot, SlotSearchInput } from "../../domain/scheduling/types.ts";
import type { Principal, RequestOrigin } from "./auth.service.ts";
import { BatchQueue, type Outcome, settle } from "./batch-queue.ts";
import { type Audit, auditReleasedHolds, clinicalTx, principalAudit } from "./clinical-tx.ts";
import { presentOutboxMessage } from "./outbox-view.ts";
import { queueAppointmentMessages, queueConfirmations, queueMaintenanceRecall } from "./reminders.service.ts";
import { loadSlotContext, type SlotContext, todayIn } from "./slot-context.service.ts";

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

/** A change closer to the start than the clinic's cancellation notice. */
function isLate(
  a: AppointmentRow,
  settings: { cancelNoticeHours?: number | undefined },
  now: number,
): boolean {
  return a.startsAt.getTime() - now < (settings.cancelNoticeHours ?? 24) * 3_600_000;
}

/** Inside the notice, a patient calls the clinic instead of changing the booking themselves. */
async function refuseLatePatientChange(
  tx: Tx,
  a: AppointmentRow,
  what: "moved" | "cancelled",
): Promise<void> {
  const settings = await getSchedulingSettings(tx);
  if (!isLate(a, settings, Date.now())) return;
  const hours = settings.cancelNoticeHours ?? 24;
  throw new DomainError(
    "conflict",
    "inside_notice",
    `a visit can be ${what} online up to ${hours} hours before it starts; please call the clinic`,
    { "params.id": `less than ${hours} hours before the visit` },
  );
}

export interface SlotView {
  startsAt: string;
  endsAt: string;
  date: string;
  time: string;
  providerId: string | null;
  roomId: string | null;
  deviceId: string | null;
  segments: { kind: string; start: string; end: string }[];
  warnings: string[];
}

export const toSlotView = (s: Slot): SlotView => ({
  startsAt: new Date(s.start).toISOString(),
  endsAt: new Date(s.end).toISOString(),
  date: s.date,
  time: s.time,
  providerId: s.providerId,
  roomId: s.roomId,
  deviceId: s.deviceId,
  segments: s.segments.map((g) => ({
    kind: g.kind,
    start: new Date(g.start).toISOString(),
    end: new Date(g.end).toISOString(),
  })),
  warnings: s.warnings,
});

/** A 409 that carries the next free slots, so the client can offer them at once. */
export class SlotTakenError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly nextSlots: SlotView[];
  constructor(code: string, message: string, fields: Record<string, string>, nextSlots: SlotView[]) {
    super(message);
    this.code = code;
    this.fields = fields;
    this.nextSlots = nextSlots;
  }
}

export interface AppointmentView {
  id: string;
  patientId: string;
  patientName: string;
  type: { id: string; name: string; kind: string };
  startsAt: Date;
  endsAt: Date;
  status: string;
  statusReason: string | null;
  heldUntil: Date | null;
  provider: { id: string; name: string } | null;
  room: { id: string; name: string } | null;
  device: { id: string; name: string } | null;
  segments: { kind: string; start: string; end: string }[];
  seriesId: string | null;
  seriesIndex: number | null;
  checkedInAt: Date | null;
  lateCancellation: boolean;
  timeZone: string;
}

export const toAppointmentView = (a: AppointmentRow): AppointmentView => ({
  id: a.id,
  patientId: a.patientId,
  patientName: a.patientName,
  type: { id: a.typeId, name: a.typeName, kind: a.kind },
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  status: a.status,
  statusReason: a.statusReason,
  heldUntil: a.heldUntil,
  provider: a.providerId ? { id: a.providerId, name: a.providerName ?? "" } : null,
  room: a.roomId ? { id: a.roomId, name: a.roomName ?? "" } : null,
  device: a.deviceId ? { id: a.deviceId, name: a.deviceName ?? "" } : null,
  segments: a.segments ?? [],
  seriesId: a.seriesId,
  seriesIndex: a.seriesIndex,
  checkedInAt: a.checkedInAt,
  lateCancellation: a.lateCancellation,
  timeZone: a.timeZone,
});

export interface SearchQuery {
  typeId: string;
  patientId: string | null;
  locationId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  providerId?: string | undefined;
  /** Searched by staff: the online booking notice does not apply (walk-ins, phone bookings). */
  staff?: boolean;
}

export interface BookRequest {
  patientId: string;
  typeId: string;
  startsAt: Date;
  locationId?: string | undefined;
  providerId?: string | undefined;
  roomId?: string | undefined;
  deviceId?: string | undefined;
  hold: boolean;
  via: "staff" | "online" | "portal";
}

/** One audit entry, as the transaction's audit writer takes it. */
type AuditEntry = Parameters<Audit>;

interface Inserted {
  id: string;
  row: AppointmentRow;
  holdToken: string | null;
  warnings: string[];
  ctx: SlotContext;
  audit: AuditEntry;
}

/** A visit's place in a series. */
type SeriesPlace = { seriesId?: string; seriesIndex?: number };

/** What a booking answers. */
export interface Booked {
  appointment: AppointmentView;
  holdToken: string | null;
  warnings: string[];
}

/** A booking waiting to be written, with who asked. */
interface PendingBooking {
  principal: Principal;
  origin: RequestOrigin;
  req: BookRequest;
}

/**
 * The places a shared booking transaction took, for the others of its clinic running beside it to
 * treat as busy (their reads may not see its rows yet). `started` and `ended` are ticks of one
 * counter: a claim matters to a transaction that began before it ended.
 */
interface Claim {
  slots: Slot[];
  started: number;
  ended: number | null;
}

/** What a shared booking transaction decided for one of its visits. */
type Placement =
  | { kind: "booked"; booked: Booked }
  | { kind: "refused"; error: unknown }
  /** To be booked alone, after the shared transaction. */
  | { kind: "alone" };

/** The audit entry of a visit booked or held. */
function bookingAudit(
  req: BookRequest,
  id: string,
  slot: Slot,
  ctx: SlotContext,
  attempt: number,
): AuditEntry {
  return [
    req.hold ? "appointment.hold" : "appointment.book",
    "appointment",
    id,
    {
      patientId: req.patientId,
      typeId: req.typeId,
      warnings: slot.warnings,
      protocolVersion: ctx.protocolVersion,
      screening: ctx.facts?.gate.status ?? "not-required",
      ...(attempt > 1 ? { placedOnAttempt: attempt } : {}),
    },
  ];
}

/**
 * Most bookings written in one shared transaction; such transactions of one clinic at a time (two:
 * while one is in PostgreSQL the next is placed in Node); and how many must be waiting for a second
 * to start beside a running one (fewer wait for it to end, rather than go nearly alone).
 */
const BATCH_MAX = 32;
const BATCHES_RUNNING = 2;
const BATCH_BESIDE = 16;
/** Visits starting within this of each other share one read of the diary. */
const SHARED_WINDOW = 14 * 86_400_000;
/** The provider, room and device a request asks for, as the search's `only`. */
const askedFor = (req: BookRequest) => ({
  ...(req.providerId ? { providerId: req.providerId } : {}),
  ...(req.roomId ? { roomId: req.roomId } : {}),
  ...(req.deviceId ? { deviceId: req.deviceId } : {}),
});
/** Why a booking or move removed an expired hold (its audit entry says so). */
const IN_THE_WAY = { reason: "in the way of a booking" };
/** Days the first load of a "next N" search holds past its first date (see searchIn). */
const FIRST_LOAD_DAYS = 4;
/** How many free slots a 409 offers. */
const NEXT_SLOTS = 3;
/** Inserts tried in one booking transaction before the time counts as taken. */
const PLACE_ATTEMPTS = 4;
const DAY = 86_400_000;
const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => Temporal.PlainDate.from(date).add({ days }).toString();
/** The later / earlier of two ISO dates, null meaning no bound. */
const later = <T extends string | null>(a: string | null, b: T): string | T =>
  a !== null && (b === null || a > b) ? a : b;
const earlier = <T extends string | null>(a: string | null, b: T): string | T =>
  a !== null && (b === null || a < b) ? a : b;

/**
 * The next free slots at or after a refused start, from the context the refusal was decided on
 * (no further query): every resource, not only the ones asked for, up to the end of the loaded
 * window. The caller searches further when these are too few.
 */
function nextSlotsIn(ctx: SlotContext, start: number, count = NEXT_SLOTS): SlotView[] {
  const { only: _only, ...input } = ctx.input;
  const found: Slot[] = [];
  // Day by day from the refused start's local day, so a refusal early in the day looks no further.
  for (
    let day = Temporal.PlainDate.from(todayIn(ctx.location.timeZone, start));
    day.toString() <= input.window.last && found.length < count;
    day = day.add({ days: 1 })
  ) {
    const r = searchSlots({ ...input, window: { first: day.toString(), last: day.toString() }, limit: 1000 });
    if (r.blocked) break;
    found.push(...r.slots.filter((s) => s.start >= start).sort((a, b) => a.start - b.start));
  }
  return found.slice(0, count).map(toSlotView);
}

/** The search input with the chosen resources that a refused insert found taken marked busy for
 *  the slot's spans, so that placing again picks other ones. */
function withTaken(
  input: SlotSearchInput,
  slot: Slot,
  taken: { provider: boolean; room: boolean; device: boolean },
): SlotSearchInput {
  const mark = <R extends { id: string; busy: Interval[] }>(
    list: R[],
    id: string | null,
    span: Interval | null,
    hit: boolean,
  ) => (hit && id && span ? list.map((r) => (r.id === id ? { ...r, busy: [...r.busy, span] } : r)) : list);
  return {
    ...input,
    providers: mark(input.providers, slot.providerId, slot.spans.provider, taken.provider),
    rooms: mark(input.rooms, slot.roomId, slot.spans.room, taken.room),
    devices: mark(input.devices, slot.deviceId, slot.spans.device, taken.device),
  };
}

const hashToken = (token: string) => createHash("sha256").update(token).digest();
// Two inserts racing for the same range can also deadlock on the exclusion index (40P01): the
// loser is rolled back, exactly like a violation, and is retried the same way.
const isExclusionViolation = (err: unknown) => {
  const code = (err as { code?: string })?.code;
  return code === "23P01" || code === "40P01";
};
const ATTEMPTS = 3;

/** Which patient a principal may book for: staff any, a patient only themselves. */
export function patientFor(principal: Principal, requested: string | null | undefined): string | null {
  if (principal.user.role === "patient") {
    if (!principal.user.patientId) throw notFound("patient record");
    if (requested && requested !== principal.user.patientId) {
      throw new DomainError("forbidden", "forbidden", "patients book only for themselves", {
        patientId: "not you",
      });
    }
    return principal.user.patientId;
  }
  return requested ?? null;
}

export class BookingService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Slots over a date range, or the next N from today (searched two weeks at a time). The first
   * load is made before the clinic's zone is known and is, in the common case, the only one: its
   * window starts a day before today's UTC date and runs a few days (a range: two weeks and two
   * days), which holds the first days of the search whatever the zone; the statement moves that window later, to where
   * the notice, a dated deferral or the series' minimum interval first leave a date open, and says
   * by how much. The search then starts at the first date that can hold a slot, and loads again only
   * for weeks the first load does not hold (so a wrong guess costs a load, never an answer).
   */
  async searchIn(tx: Tx, q: SearchQuery, now: number) {
    const only = q.providerId ? { providerId: q.providerId } : undefined;
    const load = (first: string, last: string, limit: number, startWhereOpen = false) =>
      loadSlotContext(tx, {
        typeId: q.typeId,
        patientId: q.patientId,
        locationId: q.locationId,
        first,
        last,
        limit,
        now,
        startWhereOpen,
        staff: q.staff === true,
        ...(only ? { only } : {}),
      });
    const guessFirst = later(q.from ?? null, addDays(utcDate(now), -1));
    // A "next N" search usually fills on its first open days: the first load holds a few days, and
    // the search loads the next weeks only when those do not hold enough slots.
    let loaded = {
      first: guessFirst,
      last: later(guessFirst, earlier(q.to ?? null, addDays(guessFirst, q.to ? 15 : FIRST_LOAD_DAYS))),
    };
    let ctx: SlotContext = await load(loaded.first, loaded.last, q.limit, true);
    // The statement moved the busy times to where the patient's first open date is likely to be.
    loaded = { first: addDays(loaded.first, ctx.shiftDays), last: addDays(loaded.last, ctx.shiftDays) };
    const tz = ctx.location.timeZone;
    const today = todayIn(tz, now);
    const first = q.from && q.from > today ? q.from : today;
    const horizon = addDays(today, ctx.settings.maxAdvanceDays);
    const gate = bookingGate(ctx.input.screening, ctx.input.series);
    const end = earlier(q.to ?? null, horizon);
    // No slot after the screening's validity either.
    const last = earlier(gate.latestDate, end);
    const noticeDate = todayIn(tz, now + ctx.input.minNoticeMinutes * 60_000);
    /** The first date on or after `from` that the patient's gate and the notice allow (past `last`: none). */
    const openFrom = (from: string) => {
      if (gate.blocked) return from;
      const d = later(gate.earliestDate, later(from, noticeDate));
      return gate.seriesCheck && d <= last
        ? (firstSeriesDate(gate.seriesCheck, d, last) ?? addDays(last, 1))
        : d;
    };
    const slots: Slot[] = [];
    let result: ReturnType<typeof searchSlots> | null = null;
    for (let chunk = openFrom(first); chunk <= last; ) {
      let chunkLast = earlier(addDays(chunk, 13), last);
      // What is loaded is searched first; a chunk past it is loaded (two weeks at a time).
      if (chunk >= loaded.first && chunk <= loaded.last) chunkLast = earlier(chunkLast, loaded.last);
      else {
        loaded = { first: chunk, last: chunkLast };
        ctx = await load(chunk, chunkLast, q.limit - slots.length);
      }
      result = searchSlots({
        ...ctx.input,
        window: { first: chunk, last: chunkLast },
        limit: q.limit - slots.length,
      });
      slots.push(...result.slots);
      if (result.blocked || slots.length >= q.limit) break;
      chunk = openFrom(addDays(chunkLast, 1));
    }
    // No date of the range can hold a slot: the search of its first day says why (blocked, notes).
    if (!result && first <= end)
      result = searchSlots({ ...ctx.input, window: { first, last: first }, limit: q.limit });
    return {
      slots: slots.map(toSlotView),
      blocked: result?.blocked ?? null,
      notes: result?.gate.notes ?? [],
      timeZone: tz,
      screening: ctx.facts?.gate.status ?? "not-required",
      protocolVersion: ctx.protocolVersion,
    };
  }

  search(principal: Principal, origin: RequestOrigin, q: SearchQuery) {
    const patientId = patientFor(principal, q.patientId);
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const staff = principal.user.role !== "patient";
      const result = await this.searchIn(tx, { ...q, patientId, staff }, Date.now());
      if (patientId)
        await audit("slots.search", "patient", patientId, { typeId: q.typeId, count: result.slots.length });
      return result;
    });
  }

  /** The next free slots after a refused time, read fresh (outside the failed transaction): the
   *  fallback when the refusal's own snapshot did not hold enough of them. */
  async nextSlotsAfter(
    clinicId: string,
    userId: string | null,
    req: BookRequest,
    count = NEXT_SLOTS,
  ): Promise<SlotView[]> {
    try {
      return await withClinic(this.#db, { clinicId, userId }, async (tx) => {
        const now = Date.now();
        // The day's earlier slots come first in a search: ask for enough to pass them. The UTC
        // date is at most a day off the local one, and the filter drops what lies before.
        const from = new Date(Math.max(req.startsAt.getTime(), now) - DAY).toISOString().slice(0, 10);
        const r = await this.searchIn(
          tx,
          {
            typeId: req.typeId,
            patientId: req.patientId,
            locationId: req.locationId,
            from,
            limit: count + 250,
          },
          now,
        );
        return r.slots.filter((s) => Date.parse(s.startsAt) >= req.startsAt.getTime()).slice(0, count);
      });
    } catch {
      return [];
    }
  }

  /** Places one visit at an exact start inside `tx`, or throws why not. The slot context is
   *  loaded once, for the UTC day before to the UTC day after the start: that always holds the
   *  start's local day, whatever the location's zone, so no second load is needed to learn it. */
  async placeIn(
    tx: Tx,
    req: BookRequest,
    exceptId: string | null = null,
    clearExpiredHolds = true,
  ): Promise<{ slot: Slot; ctx: SlotContext }> {
    const now = Date.now();
    const start = req.startsAt.getTime();
    // An expired hold must not block the write that follows (the exclusion constraints still see
    // it, the search does not). A new booking skips this: its insert, when refused, clears them.
    if (clearExpiredHolds)
      await auditReleasedHolds(
        tx,
        await deleteExpiredHolds(tx, new Date(start - DAY), new Date(start + DAY)),
        IN_THE_WAY,
      );
    const only = askedFor(req);
    const ctx = await loadSlotContext(tx, {
      typeId: req.typeId,
      patientId: req.patientId,
      locationId: req.locationId,
      first: utcDate(start - DAY),
      last: utcDate(start + DAY),
      limit: 1,
      now,
      only,
      exceptAppointmentId: exceptId,
      staff: req.via === "staff",
    });
    return { slot: this.#placeOn(ctx, req, req.startsAt.getTime()), ctx };
  }

  /** The slot a visit takes at an exact start in a loaded context, or why it cannot. */
  #placeOn(ctx: SlotContext, req: BookRequest, start: number): Slot {
    if (req.providerId && !ctx.input.providers.some((p) => p.id === req.providerId))
      throw new DomainError("unprocessable", "unknown_resource", "no such provider", {
        "body.providerId": "unknown provider",
      });
    if (req.roomId && !ctx.input.rooms.some((r) => r.id === req.roomId))
      throw new DomainError("unprocessable", "unknown_resource", "no such room at this location", {
        "body.roomId": "unknown room",
      });
    if (req.deviceId && !ctx.input.devices.some((d) => d.id === req.deviceId))
      throw new DomainError("unprocessable", "unknown_resource", "no such device at this location", {
        "body.deviceId": "unknown device",
      });
    const check = checkStart(ctx.input, start);
    if (check.ok) return check.slot;
    const field = check.field === "patientId" ? "body.patientId" : `body.${check.field}`;
    if (check.code === "slot_taken")
      throw new SlotTakenError(
        "slot_taken",
        check.message,
        { [field]: check.message },
        nextSlotsIn(ctx, start),
      );
    if (check.code === "in_the_past" || check.code === "outside_opening_hours")
      throw new DomainError("unprocessable", check.code, check.message, { [field]: check.message });
    throw new DomainError("conflict", check.code, check.message, { [field]: check.message });
  }

  /** The row of a visit placed on `slot`. */
  #visit(
    ctx: SlotContext,
    req: BookRequest,
    slot: Slot,
    holdToken: string | null,
    extra: SeriesPlace = {},
  ): NewAppointment {
    const pair = (i: { start: number; end: number } | null): [Date, Date] | null =>
      i ? [new Date(i.start), new Date(i.end)] : null;
    return {
      providerId: slot.providerId,
      roomId: slot.roomId,
      deviceId: slot.deviceId,
      providerSpan: pair(slot.spans.provider),
      roomSpan: pair(slot.spans.room),
      deviceSpan: pair(slot.spans.device),
      locationId: ctx.location.id,
      patientId: req.patientId,
      typeId: req.typeId,
      startsAt: new Date(slot.start),
      endsAt: new Date(slot.end),
      segments: toSlotView(slot).segments,
      heldUntil: req.hold ? new Date(Date.now() + ctx.settings.holdMinutes * 60_000) : null,
      holdTokenHash: holdToken ? hashToken(holdToken) : null,
      seriesId: extra.seriesId ?? null,
      seriesIndex: extra.seriesIndex ?? null,
      bookedVia: req.via,
    };
  }

  /**
   * Places and inserts one visit (with its history event) and queues its messages; returns the
   * audit entry for the caller to write last. The audit log is chained per clinic under a lock
   * held until commit, so whatever comes after the audit insert delays every other booking.
   *
   * When the exclusion constraints refuse the insert (a concurrent booking committed first, or an
   * expired hold is in the way), the transaction goes on: expired holds near the time are
   * cleared, the chosen resources found taken are marked busy, and the visit is placed again on
   * the remaining ones; when none is left the time is taken (409 with the next free slots).
   */
  async #insert(
    tx: Tx,
    principal: Principal | null,
    req: BookRequest,
    extra: SeriesPlace = {},
  ): Promise<Inserted> {
    // Expired holds are cleared only when an insert is refused: they are rare, the search ignores them.
    const placed = await this.placeIn(tx, req, null, false).catch(async (err: unknown) => {
      // An unknown patient is otherwise refused by the insert itself (nothing is written); when
      // the request fails before it, that the patient is unknown is the answer that matters.
      const refused = err instanceof DomainError || err instanceof SlotTakenError;
      if (refused && !(await getPatientContact(tx, req.patientId))) throw notFound("patient");
      throw err;
    });
    const { ctx } = placed;
    let { slot } = placed;
    let input = ctx.input;
    const start = req.startsAt.getTime();
    const holdToken = req.hold ? randomBytes(24).toString("base64url") : null;
    for (let attempt = 1; ; attempt++) {
      const chosen = this.#visit(ctx, req, slot, holdToken, extra);
      const row = await insertAppointment(tx, chosen, {
        actorUserId: principal?.user.id ?? null,
        action: req.hold ? "held" : "booked",
      });
      if (row) {
        if (!req.hold) await queueAppointmentMessages(tx, row, "confirmation");
        const audit = bookingAudit(req, row.id, slot, ctx, attempt);
        return { id: row.id, row, holdToken, warnings: slot.warnings, ctx, audit };
      }
      const why = await afterRefusedInsert(tx, req.patientId, chosen, [
        new Date(start - DAY),
        new Date(start + DAY),
      ]);
      if (!why.patientKnown) throw notFound("patient");
      await auditReleasedHolds(tx, why.cleared, IN_THE_WAY);
      input = withTaken(input, slot, why);
      const check = checkStart(input, start);
      if (!check.ok || attempt >= PLACE_ATTEMPTS) {
        const message = check.ok ? "that time was just booked by someone else" : check.message;
        const field = check.ok ? "body.startsAt" : `body.${check.field}`;
        throw new SlotTakenError(
          "slot_taken",
          message,
          { [field]: message },
          nextSlotsIn({ ...ctx, input }, start),
        );
      }
      slot = check.slot;
    }
  }

  /** Runs a booking transaction, retrying when a concurrent booking took the resources it chose
   *  (another free room may still do); a time that stays taken becomes a 409 with next slots. */
  async #withRetry<T>(
    principal: Principal | null,
    clinicId: string,
    req: BookRequest,
    fn: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const taken = isExclusionViolation(err) || err instanceof SlotTakenError;
        if (!taken) throw err;
        if (isExclusionViolation(err) && attempt < ATTEMPTS) continue;
        throw await this.#refusal(principal, clinicId, req, err);
      }
    }
  }

  /**
   * The 409 for a time that is taken. A refusal seen in the transaction's own snapshot already
   * carries the next free slots around that time; only when it has too few (or the insert lost the
   * race) is a fresh search run.
   */
  async #refusal(
    principal: Principal | null,
    clinicId: string,
    req: BookRequest,
    err: unknown,
  ): Promise<SlotTakenError> {
    const known = err instanceof SlotTakenError ? err.nextSlots : [];
    const nextSlots =
      known.length >= NEXT_SLOTS
        ? known
        : await this.nextSlotsAfter(clinicId, principal?.user.id ?? null, req).then((fresh) =>
            fresh.length > 0 ? fresh : known,
          );
    return new SlotTakenError(
      "slot_taken",
      err instanceof SlotTakenError ? err.message : "that time was just booked by someone else",
      err instanceof SlotTakenError ? err.fields : { "body.startsAt": "no longer free" },
      nextSlots,
    );
  }

  /**
   * Books one visit. Bookings of a clinic that arrive while others of it are being written wait
   * and are written together (see `#bookTogether`); alone, a booking is its own transaction.
   */
  book(
    principal: Principal,
    origin: RequestOrigin,
    input: Omit<BookRequest, "patientId" | "via"> & { patientId?: string },
  ): Promise<Booked> {
    const patientId = patientFor(principal, input.patientId);
    if (!patientId)
      throw new DomainError("invalid", "validation", "patientId is required", {
        "body.patientId": "required",
      });
    const via = principal.user.role === "patient" ? "portal" : "staff";
    const req: BookRequest = { ...input, patientId, via };
    return this.#bookings.submit(principal.clinic.id, { principal, origin, req });
  }

  /** One booking in its own transaction. */
  #bookAlone({ principal, origin, req }: PendingBooking): Promise<Booked> {
    return this.#withRetry(principal, principal.clinic.id, req, () =>
      clinicalTx(this.#db, principal, origin, async (tx, audit) => {
        const made = await this.#insert(tx, principal, req);
        await audit(...made.audit);
        return {
          appointment: toAppointmentView(made.row),
          holdToken: made.holdToken,
          warnings: made.warnings,
        };
      }),
    );
  }

  /** Per clinic, the places its running shared transactions took (see `#bookTogether`). */
  readonly #claims = new Map<string, Set<Claim>>();
  #clock = 0;

  readonly #bookings = new BatchQueue<PendingBooking, Booked>({
    maxBatch: BATCH_MAX,
    maxRunning: BATCHES_RUNNING,
    minBatchBeside: BATCH_BESIDE,
    // One patient's bookings are never placed together: the second must see the first (its
    // series, its times), as it would if the first had committed before it.
    conflictKey: (p) => p.req.patientId,
    run: (clinicId, pending) => this.#bookTogether(clinicId, pending),
  });

  /**
   * Books visits of one clinic together, in one transaction: one read of the clinic's diary around
   * them, each placed in arrival order by the same rules as a booking alone (a visit placed marks
   * its provider, room and device busy for the ones after it), one insert under the exclusion
   * constraints, one write of their messages and one of their audit entries. Nothing is answered
   * before the commit. What the shared transaction cannot settle goes alone afterwards, exactly as
   * if it had come alone: a visit whose insert the constraints refused (a booking committed
   * elsewhere took the time first), a treatment session (its gate reads its own patient's
   * screening and series), and every visit of a transaction that failed as a whole.
   */
  async #bookTogether(clinicId: string, pending: PendingBooking[]): Promise<Outcome<Booked>[]> {
    if (pending.length === 1) return [await settle(() => this.#bookAlone(pending[0]!))];
    const claims = this.#claims.get(clinicId) ?? new Set<Claim>();
    this.#claims.set(clinicId, claims);
    const mine: Claim = { slots: [], started: ++this.#clock, ended: null };
    claims.add(mine);
    // Places the other shared transactions of this clinic took that this one's reads may not see:
    // those still running, and those that ended after this one began.
    const others = () =>
      [...claims]
        .filter((c) => c !== mine && (c.ended === null || c.ended > mine.started))
        .flatMap((c) => c.slots);
    let placed: Placement[];
    try {
      placed = await withClinic(this.#db, { clinicId }, (tx) =>
        this.#placeTogether(tx, pending, mine, others),
      );
    } catch {
      claims.delete(mine);
      // Nothing of the shared transaction was written: each booking is tried alone.
      return Promise.all(pending.map((p) => settle(() => this.#bookAlone(p))));
    } finally {
      mine.ended = ++this.#clock;
      // A claim is kept while a transaction that began before it ended may still be placing.
      const oldest = Math.min(...[...claims].filter((c) => c.ended === null).map((c) => c.started));
      for (const c of claims) if (c.ended !== null && c.ended < oldest) claims.delete(c);
      if (claims.size === 0) this.#claims.delete(clinicId);
    }
    return Promise.all(
      placed.map((r, i) => {
        const p = pending[i]!;
        if (r.kind === "booked") return { ok: true as const, value: r.booked };
        if (r.kind === "refused")
          return settle(async () => {
            throw r.error instanceof SlotTakenError
              ? await this.#refusal(p.principal, clinicId, p.req, r.error)
              : r.error;
          });
        return settle(() => this.#bookAlone(p));
      }),
    );
  }

  async #placeTogether(
    tx: Tx,
    pending: PendingBooking[],
    mine: Claim,
    others: () => Slot[],
  ): Promise<Placement[]> {
    const now = Date.now();
    const out: Placement[] = pending.map(() => ({ kind: "alone" }));
    const known = await knownPatients(
      tx,
      pending.map((p) => p.req.patientId),
    );
    // Visits that can share one read of the diary: same type, location and asked-for resources,
    // starts within two weeks of each other.
    const groups = new Map<string, number[]>();
    pending.forEach((p, i) => {
      if (!known.has(p.req.patientId)) {
        out[i] = { kind: "refused", error: notFound("patient") };
        return;
      }
      const r = p.req;
      const key = [r.typeId, r.locationId ?? "", r.providerId ?? "", r.roomId ?? "", r.deviceId ?? ""].join(
        "/",
      );
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const writes: {
      i: number;
      id: string;
      visit: NewAppointment;
      holdToken: string | null;
      slot: Slot;
      ctx: SlotContext;
    }[] = [];
    for (const members of groups.values()) {
      members.sort((a, b) => pending[a]!.req.startsAt.getTime() - pending[b]!.req.startsAt.getTime());
      while (members.length > 0) {
        const firstStart = pending[members[0]!]!.req.startsAt.getTime();
        const span = members.findIndex(
          (i) => pending[i]!.req.startsAt.getTime() > firstStart + SHARED_WINDOW,
        );
        const chunk = members.splice(0, span < 0 ? members.length : span);
        // Arrival order decides who gets a contested time, as it would alone.
        chunk.sort((a, b) => a - b);
        const lead = pending[chunk[0]!]!.req;
        const lastStart = Math.max(...chunk.map((i) => pending[i]!.req.startsAt.getTime()));
        let ctx: SlotContext;
        try {
          ctx = await loadSlotContext(tx, {
            typeId: lead.typeId,
            patientId: lead.patientId,
            locationId: lead.locationId,
            first: utcDate(firstStart - DAY),
            last: utcDate(lastStart + DAY),
            limit: 1,
            now,
            only: askedFor(lead),
            staff: lead.via === "staff",
          });
        } catch (err) {
          // An unknown type or location: the same answer for every visit of the group.
          if (!(err instanceof DomainError)) throw err;
          for (const i of chunk) out[i] = { kind: "refused", error: err };
          continue;
        }
        // A session's context is its patient's: those are placed alone.
        if (ctx.type.kind === "microneedling") continue;
        // What the visits placed before (in other groups, or by the other shared transactions of
        // this clinic, which this one's reads may not see yet) hold is busy here too.
        let input = [...writes.map((w) => w.slot), ...others()].reduce(
          (acc, slot) => withTaken(acc, slot, { provider: true, room: true, device: true }),
          ctx.input,
        );
        for (const i of chunk) {
          const req = pending[i]!.req;
          const start = req.startsAt.getTime();
          try {
            const slot = this.#placeOn({ ...ctx, input }, req, start);
            const holdToken = req.hold ? randomBytes(24).toString("base64url") : null;
            writes.push({
              i,
              id: randomUUID(),
              holdToken,
              slot,
              ctx,
              visit: this.#visit(ctx, req, slot, holdToken),
            });
            input = withTaken(input, slot, { provider: true, room: true, device: true });
            mine.slots.push(slot);
          } catch (err) {
            out[i] = { kind: "refused", error: err };
          }
        }
      }
    }
    const rows = await insertAppointments(
      tx,
      writes.map((w) => {
        const p = pending[w.i]!;
        return {
          id: w.id,
          visit: w.visit,
          event: { actorUserId: p.principal.user.id, action: p.req.hold ? "held" : "booked" },
        };
      }),
    );
    const booked = writes.filter((w) => rows.has(w.id));
    await queueConfirmations(
      tx,
      booked.filter((w) => !pending[w.i]!.req.hold).map((w) => rows.get(w.id)!),
    );
    await appendAudits(
      tx,
      booked.map((w) => {
        const { principal, origin, req } = pending[w.i]!;
        return principalAudit(principal, origin, bookingAudit(req, w.id, w.slot, w.ctx, 1));
      }),
    );
    for (const w of booked)
      out[w.i] = {
        kind: "booked",
        booked: {
          appointment: toAppointmentView(rows.get(w.id)!),
          holdToken: w.holdToken,
          warnings: w.slot.warnings,
        },
      };
    // The rest of `writes` lost its time to a booking committed elsewhere: placed alone, afterwards.
    return out;
  }

  /** Public booking: a hold made without an account, in a given clinic. */
  holdPublic(clinicId: string, origin: RequestOrigin, req: BookRequest, fn: (tx: Tx) => Promise<string>) {
    return this.#withRetry(null, clinicId, req, async () => {
      return withClinic(this.#db, { clinicId }, async (tx) => {
        const patientId = await fn(tx);
        const audit: Audit = (action, resourceType, resourceId, detail) =>
          appendAudit(tx, {
            actorUserId: null,
            actorRole: "public",
            action,
            resourceType,
            resourceId,
            ...origin,
            detail,
          });
        const made = await this.#insert(tx, null, { ...req, patientId });
        await audit(...made.audit);
        return {
          appointment: toAppointmentView(made.row),
          holdToken: made.holdToken!,
          warnings: made.warnings,
        };
      });
    });
  }

  confirmIn(tx: Tx, audit: Audit, actorUserId: string | null, id: string, holdToken: string | null) {
    return (async () => {
      const a = await getAppointment(tx, id, true);
      if (!a) throw notFound("appointment");
      if (!a.heldUntil) throw new DomainError("conflict", "not_held", "this appointment is not an open hold");
      if (holdToken !== null && (!a.holdTokenHash || !hashToken(holdToken).equals(a.holdTokenHash)))
        throw notFound("appointment");
      if (!(await confirmHold(tx, id))) {
        await deleteHold(tx, id);
        throw new DomainError("gone", "hold_expired", "the hold has expired; choose the time again", {
          "params.id": "hold expired",
        });
      }
      await insertAppointmentEvent(tx, {
        appointmentId: id,
        actorUserId,
        action: "confirmed",
        reason: null,
        note: null,
        fromStartsAt: null,
        toStartsAt: a.startsAt,
      });
      await audit("appointment.confirm", "appointment", id);
      await queueAppointmentMessages(tx, id, "confirmation");
      return toAppointmentView((await getAppointment(tx, id))!);
    })();
  }

  confirm(principal: Principal, origin: RequestOrigin, id: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      await this.#own(tx, principal, id);
      return this.confirmIn(tx, audit, principal.user.id, id, null);
    });
  }

  async #own(tx: Tx, principal: Principal, id: string): Promise<AppointmentRow> {
    const a = await getAppointment(tx, id, true);
    if (!a) throw notFound("appointment");
    if (principal.user.role === "patient" && a.patientId !== principal.user.patientId)
      throw notFound("appointment");
    return a;
  }

  reschedule(
    principal: Principal,
    origin: RequestOrigin,
    id: string,
    input: {
      startsAt: Date;
      providerId?: string | undefined;
      roomId?: string | undefined;
      deviceId?: string | undefined;
      reason: StatusReason;
      note?: string | undefined;
    },
  ) {
    const holder: { req?: BookRequest } = {};
    return this.#withRetry(principal, principal.clinic.id, { startsAt: input.startsAt } as BookRequest, () =>
      clinicalTx(this.#db, principal, origin, async (tx, audit) => {
        const a = await this.#own(tx, principal, id);
        if (a.status !== "booked") {
          throw new DomainError(
            "conflict",
            "not_movable",
            `a ${a.status.replace("_", "-")} appointment cannot be moved`,
          );
        }
        const patient = principal.user.role === "patient";
        if (patient) {
          if (a.heldUntil) throw new DomainError("conflict", "held", "a hold must be confirmed first");
          await refuseLatePatientChange(tx, a, "moved");
        }
        const req: BookRequest = {
          patientId: a.patientId,
          typeId: a.typeId,
          startsAt: input.startsAt,
          locationId: a.locationId,
          providerId: input.providerId,
          roomId: input.roomId,
          deviceId: input.deviceId,
          hold: false,
          via: patient ? "portal" : "staff",
        };
        holder.req = req;
        const { slot } = await this.placeIn(tx, req, id);
        const d = (ms: number) => new Date(ms);
        const pair = (i: { start: number; end: number } | null): [Date, Date] | null =>
          i ? [d(i.start), d(i.end)] : null;
        await moveAppointment(tx, id, {
          providerId: slot.providerId,
          roomId: slot.roomId,
          deviceId: slot.deviceId,
          startsAt: d(slot.start),
          endsAt: d(slot.end),
          providerSpan: pair(slot.spans.provider),
          roomSpan: pair(slot.spans.room),
          deviceSpan: pair(slot.spans.device),
          segments: toSlotView(slot).segments,
        });
        await insertAppointmentEvent(tx, {
          appointmentId: id,
          actorUserId: principal.user.id,
          action: "rescheduled",
          reason: patient ? "patient-request" : input.reason,
          note: input.note ?? null,
          fromStartsAt: a.startsAt,
          toStartsAt: d(slot.start),
        });
        await audit("appointment.reschedule", "appointment", id, {
          reason: patient ? "patient-request" : input.reason,
        });
        if (a.seriesId) await queueMaintenanceRecall(tx, a.seriesId);
        await queueAppointmentMessages(tx, id, "rescheduled");
        return { appointment: toAppointmentView((await getAppointment(tx, id))!), warnings: slot.warnings };
      }),
    ).catch(async (err) => {
      if (err instanceof SlotTakenError && holder.req && err.nextSlots.length === 0) {
        const nextSlots = await this.nextSlotsAfter(principal.clinic.id, principal.user.id, holder.req);
        throw new SlotTakenError(err.code, err.message, err.fields, nextSlots);
      }
      throw err;
    });
  }

  setStatus(
    principal: Principal,
    origin: RequestOrigin,
    id: string,
    action: "cancelled" | "no_show" | "checked_in" | "completed",
    reasonAsked: StatusReason | null,
    note: string | null,
  ) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const a = await this.#own(tx, principal, id);
      const patient = principal.user.role === "patient";
      // A patient cancelling is always the patient's request, whatever the body says.
      const reason = patient && action === "cancelled" ? "patient-request" : reasonAsked;
      const allowed: Record<typeof action, AppointmentRow["status"][]> = {
        cancelled: ["booked"],
        no_show: ["booked"],
        checked_in: ["booked"],
        completed: ["booked", "checked_in"],
      };
      if (a.heldUntil) {
        if (action !== "cancelled")
          throw new DomainError("conflict", "held", "a hold must be confirmed first");
        await deleteHold(tx, id);
        await audit("appointment.release", "appointment", id);
        return null;
      }
      if (!allowed[action].includes(a.status)) {
        throw new DomainError(
          "conflict",
          "invalid_status",
          `a ${a.status} appointment cannot become ${action}`,
        );
      }
      const now = Date.now();
      if (action === "no_show" && a.startsAt.getTime() > now) {
        throw new DomainError(
          "conflict",
          "not_started",
          "a no-show is recorded once the start time has passed",
        );
      }
      const settings = await getSchedulingSettings(tx);
      if (action === "checked_in") {
        const day = todayIn(a.timeZone, a.startsAt.getTime());
        const today = todayIn(a.timeZone, now);
        const opens = Temporal.PlainDate.from(day)
          .subtract({ days: settings.checkInDaysBefore ?? 0 })
          .toString();
        if (today < opens) {
          throw new DomainError(
            "conflict",
            "not_today",
            `check-in opens on ${opens}, the visit is on ${day}`,
            {
              "params.id": `the visit is on ${day}`,
            },
          );
        }
        if (today > day) {
          throw new DomainError(
            "conflict",
            "day_over",
            `the visit was on ${day}; record it as done or a no-show`,
            {
              "params.id": `the visit was on ${day}`,
            },
          );
        }
      }
      let late = false;
      if (action === "cancelled") {
        if (patient) await refuseLatePatientChange(tx, a, "cancelled");
        late = reason === "patient-request" && isLate(a, settings, now);
      }
      await setAppointmentStatus(tx, id, action, reason, late);
      await insertAppointmentEvent(tx, {
        appointmentId: id,
        actorUserId: principal.user.id,
        action,
        reason,
        note,
        fromStartsAt: a.startsAt,
        toStartsAt: null,
      });
      await audit(
        `appointment.${action}`,
        "appointment",
        id,
        reason ? { reason, ...(late ? { lateCancellation: true } : {}) } : undefined,
      );
      if (action === "cancelled") await queueAppointmentMessages(tx, id, "cancellation");
      if (a.seriesId && (action === "cancelled" || action === "no_show"))
        await queueMaintenanceRecall(tx, a.seriesId);
      return toAppointmentView((await getAppointment(tx, id))!);
    });
  }

  /** A check-in made by mistake is undone the same day (clinic time), back to booked. */
  undoCheckIn(principal: Principal, origin: RequestOrigin, id: string, note: string | null) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const a = await this.#own(tx, principal, id);
      if (a.status !== "checked_in" || !a.checkedInAt) {
        throw new DomainError(
          "conflict",
          "not_checked_in",
          `a ${a.status.replace("_", "-")} appointment is not checked in`,
        );
      }
      const checkedInDay = todayIn(a.timeZone, a.checkedInAt.getTime());
      if (todayIn(a.timeZone, Date.now()) !== checkedInDay) {
        throw new DomainError(
          "conflict",
          "undo_too_late",
          `a check-in is undone on the day it was made (${checkedInDay})`,
          {
            "params.id": "checked in on an earlier day",
          },
        );
      }
      await setAppointmentStatus(tx, id, "booked", null);
      await insertAppointmentEvent(tx, {
        appointmentId: id,
        actorUserId: principal.user.id,
        action: "check_in_undone",
        reason: null,
        note,
        fromStartsAt: a.startsAt,
        toStartsAt: null,
      });
      await audit("appointment.check_in_undone", "appointment", id);
      return toAppointmentView((await getAppointment(tx, id))!);
    });
  }

  get(principal: Principal, origin: RequestOrigin, id: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const a = await this.#own(tx, principal, id);
      const history = await listAppointmentEvents(tx, id);
      await audit("appointment.read", "appointment", id);
      return { appointment: toAppointmentView(a), history };
    });
  }

  calendar(principal: Principal, origin: RequestOrigin, from: Date, to: Date) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const rows = await listAppointmentsBetween(tx, from, to);
      await audit("appointment.list", "appointment", null, { count: rows.length });
      return rows.map(toAppointmentView);
    });
  }

  patientAppointments(principal: Principal, origin: RequestOrigin, patientId: string) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const rows = await listPatientAppointments(tx, patientId);
      await audit("appointment.list", "patient", patientId, { count: rows.length });
      return rows.map(toAppointmentView);
    });
  }

  /**
   * A whole series at once: session i on the first session's local time plus i intervals, or the
   * nearest free time that day; all sessions or none.
   */
  bookSeries(
    principal: Principal,
    origin: RequestOrigin,
    input: {
      patientId?: string | undefined;
      typeId: string;
      firstStartsAt: Date;
      sessions: number;
      intervalWeeks: number;
      providerId?: string | undefined;
      locationId?: string | undefined;
    },
  ) {
    const patientId = patientFor(principal, input.patientId);
    if (!patientId)
      throw new DomainError("invalid", "validation", "patientId is required", {
        "body.patientId": "required",
      });
    const first: BookRequest = {
      patientId,
      typeId: input.typeId,
      startsAt: input.firstStartsAt,
      providerId: input.providerId,
      locationId: input.locationId,
      hold: false,
      via: principal.user.role === "patient" ? "portal" : "staff",
    };
    return this.#withRetry(principal, principal.clinic.id, first, () =>
      clinicalTx(this.#db, principal, origin, async (tx, audit) => {
        if (!(await getPatientContact(tx, patientId))) throw notFound("patient");
        const probe = await loadSlotContext(tx, {
          ...first,
          first: "2000-01-01",
          last: "2000-01-01",
          limit: 1,
          now: Date.now(),
        });
        if (probe.type.kind !== "microneedling") {
          throw new DomainError(
            "unprocessable",
            "not_a_series",
            "only treatment sessions are booked as a series",
            {
              "body.typeId": "not a treatment session type",
            },
          );
        }
        const rule = probe.facts?.series;
        const fallback = {
          sessions: { min: 1, max: 12 },
          intervalWeeks: { min: 1, max: 26 },
          maintenanceMonths: { min: 6, max: 12 },
        };
        const limits = rule ?? fallback;
        if (
          input.intervalWeeks < limits.intervalWeeks.min ||
          input.intervalWeeks > limits.intervalWeeks.max
        ) {
          throw new DomainError(
            "unprocessable",
            "interval_outside_plan",
            `the plan's interval is ${limits.intervalWeeks.min}-${limits.intervalWeeks.max} weeks`,
            {
              "body.intervalWeeks": `must be ${limits.intervalWeeks.min}-${limits.intervalWeeks.max}`,
            },
          );
        }
        if (input.sessions < 1 || input.sessions > limits.sessions.max) {
          throw new DomainError(
            "unprocessable",
            "sessions_outside_plan",
            `the plan allows up to ${limits.sessions.max} sessions`,
            {
              "body.sessions": `must be 1-${limits.sessions.max}`,
            },
          );
        }
        // An accepted treatment plan: no more sessions than it has left, never closer than agreed.
        const agreed = probe.treatmentPlan;
        if (agreed) {
          const left = Math.max(0, agreed.sessions - agreed.charted - agreed.upcoming);
          if (input.sessions > left) {
            throw new DomainError(
              "unprocessable",
              "sessions_outside_plan",
              `the treatment plan has ${left} session${left === 1 ? "" : "s"} left to book`,
              { "body.sessions": `at most ${left}` },
            );
          }
          if (input.intervalWeeks < agreed.intervalWeeks) {
            throw new DomainError(
              "unprocessable",
              "interval_outside_plan",
              `the treatment plan's sessions are ${agreed.intervalWeeks} weeks apart`,
              { "body.intervalWeeks": `at least ${agreed.intervalWeeks}` },
            );
          }
        }
        const tz = probe.location.timeZone;
        const series = await insertSeries(tx, {
          patientId,
          typeId: input.typeId,
          seriesRuleId: rule?.seriesRuleId ?? probe.type.seriesRuleId,
          sessions: input.sessions,
          intervalWeeks: input.intervalWeeks,
          maintenanceMonths: limits.maintenanceMonths.min,
          protocolVersion: probe.facts?.protocolVersion ?? probe.protocolVersion,
        });
        const start = Temporal.Instant.fromEpochMilliseconds(
          input.firstStartsAt.getTime(),
        ).toZonedDateTimeISO(tz);
        const ids: string[] = [];
        const warnings: string[][] = [];
        const audits: AuditEntry[] = [];
        for (let i = 0; i < input.sessions; i++) {
          const wanted = start.add({ weeks: i * input.intervalWeeks });
          const req: BookRequest = { ...first, startsAt: new Date(wanted.epochMilliseconds) };
          let made: Inserted;
          try {
            made = await this.#insert(tx, principal, req, { seriesId: series.id, seriesIndex: i + 1 });
          } catch (err) {
            if (!(err instanceof SlotTakenError) || i === 0) throw err;
            // Same day, nearest free time.
            const day = wanted.toPlainDate().toString();
            const r = await this.searchIn(
              tx,
              {
                typeId: req.typeId,
                patientId,
                locationId: req.locationId,
                from: day,
                to: day,
                limit: 200,
                providerId: req.providerId,
              },
              Date.now(),
            );
            const near = r.slots.sort(
              (a, b) =>
                Math.abs(Date.parse(a.startsAt) - wanted.epochMilliseconds) -
                Math.abs(Date.parse(b.startsAt) - wanted.epochMilliseconds),
            )[0];
            if (!near) {
              throw new DomainError(
                "conflict",
                "series_unavailable",
                `session ${i + 1} (${day}) has no free time that day`,
                {
                  [`body.sessions[${i}]`]: `no free time on ${day}`,
                },
              );
            }
            made = await this.#insert(
              tx,
              principal,
              { ...req, startsAt: new Date(near.startsAt) },
              { seriesId: series.id, seriesIndex: i + 1 },
            );
          }
          ids.push(made.id);
          warnings.push(made.warnings);
          audits.push(made.audit);
        }
        const recallDue = await queueMaintenanceRecall(tx, series.id);
        for (const entry of audits) await audit(...entry);
        await audit("series.book", "appointment_series", series.id, {
          sessions: input.sessions,
          intervalWeeks: input.intervalWeeks,
        });
        const appointments = [];
        for (const id of ids) appointments.push(toAppointmentView((await getAppointment(tx, id))!));
        return { seriesId: series.id, appointments, warnings, maintenanceRecallDue: recallDue };
      }),
    );
  }

  /** Messages queued or sent to patients; without SMTP this is where staff read them. */
  outbox(principal: Principal, origin: RequestOrigin, limit: number, patientId: string | null) {
    return clinicalTx(this.#db, principal, origin, async (tx, audit) => {
      const rows = await listMessages(tx, limit, patientId);
      await audit("outbox.list", "outbox", null, { count: rows.length, ...(patientId ? { patientId } : {}) });
      return rows.map(presentOutboxMessage);
    });
  }
}
