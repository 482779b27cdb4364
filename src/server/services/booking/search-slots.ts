/**
 * Use case: search slots. Over a date range, or the next N from today; the patient's gate and the
 * clinic's notice decide from which date on a slot can be offered (see `firstOpenDate`).
 */
import { type Db, type Tx, withClinic } from "../../../db/pool.ts";
import { addDays, todayIn } from "../../../domain/calendar.ts";
import { bookingGate, firstOpenDate } from "../../../domain/scheduling/gate.ts";
import { searchSlots as searchDiary } from "../../../domain/scheduling/slots.ts";
import type { Slot } from "../../../domain/scheduling/types.ts";
import { type SlotView, toSlotView } from "../../presenters/appointments.ts";
import { clinicalTx } from "../clinical-tx.ts";
import type { RequestContext } from "../request-context.ts";
import { loadSlotContext, type SlotContext } from "../slot-context.service.ts";
import { patientFor } from "./access.ts";
import { type BookRequest, DAY, earlier, later, NEXT_SLOTS, type SearchQuery, utcDate } from "./model.ts";

/** Days the first load of a "next N" search holds past its first date (see searchIn). */
const FIRST_LOAD_DAYS = 4;

/**
 * Slots over a date range, or the next N from today (searched two weeks at a time). The first
 * load is made before the clinic's zone is known and is, in the common case, the only one: its
 * window starts a day before today's UTC date and runs a few days (a range: two weeks and two
 * days), which holds the first days of the search whatever the zone; the statement moves that window later, to where
 * the notice, a dated deferral or the series' minimum interval first leave a date open, and says
 * by how much. The search then starts at the first date that can hold a slot, and loads again only
 * for weeks the first load does not hold (so a wrong guess costs a load, never an answer).
 */
export async function searchIn(tx: Tx, q: SearchQuery, now: number) {
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
  const openFrom = (from: string) => firstOpenDate(gate, from, noticeDate, last);
  const slots: Slot[] = [];
  let result: ReturnType<typeof searchDiary> | null = null;
  for (let chunk = openFrom(first); chunk <= last; ) {
    let chunkLast = earlier(addDays(chunk, 13), last);
    // What is loaded is searched first; a chunk past it is loaded (two weeks at a time).
    if (chunk >= loaded.first && chunk <= loaded.last) chunkLast = earlier(chunkLast, loaded.last);
    else {
      loaded = { first: chunk, last: chunkLast };
      ctx = await load(chunk, chunkLast, q.limit - slots.length);
    }
    result = searchDiary({
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
    result = searchDiary({ ...ctx.input, window: { first, last: first }, limit: q.limit });
  return {
    slots: slots.map(toSlotView),
    blocked: result?.blocked ?? null,
    notes: result?.gate.notes ?? [],
    timeZone: tz,
    screening: ctx.facts?.gate.status ?? "not-required",
    protocolVersion: ctx.protocolVersion,
  };
}

/** Searches slots for a principal: a patient only for themselves, audited when a patient is named. */
export function searchSlots(db: Db, ctx: RequestContext, q: SearchQuery) {
  const patientId = patientFor(ctx.principal, q.patientId);
  return clinicalTx(db, ctx, async (tx, audit) => {
    const staff = ctx.principal.user.role !== "patient";
    const result = await searchIn(tx, { ...q, patientId, staff }, Date.now());
    if (patientId)
      await audit("slots.search", "patient", patientId, { typeId: q.typeId, count: result.slots.length });
    return result;
  });
}

/** The next free slots after a refused time, read fresh (outside the failed transaction): the
 *  fallback when the refusal's own snapshot did not hold enough of them. */
export async function nextSlotsAfter(
  db: Db,
  clinicId: string,
  userId: string | null,
  req: BookRequest,
  count = NEXT_SLOTS,
): Promise<SlotView[]> {
  try {
    return await withClinic(db, { clinicId, userId }, async (tx) => {
      const now = Date.now();
      // The day's earlier slots come first in a search: ask for enough to pass them. The UTC
      // date is at most a day off the local one, and the filter drops what lies before.
      const from = new Date(Math.max(req.startsAt.getTime(), now) - DAY).toISOString().slice(0, 10);
      const r = await searchIn(
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
