/**
 * Booking: search, hold, confirm, book, move, cancel, no-show, check-in, whole series. The use
 * cases live in `./booking/` (search slots, place a visit, book a series, move a visit, change
 * status, read the diary), with one presenter; this service gathers them for the routes. It is
 * built once per app server (in app.ts): its group commit writes bookings arriving together in one
 * transaction. Every write runs in one audited transaction; whether two bookings overlap is decided
 * by the database's exclusion constraints, so of two concurrent requests for the same resources
 * exactly one commits, whichever app server each came to.
 */
import type { Db, Tx } from "../../db/pool.ts";
import type { RequestOrigin } from "./auth.service.ts";
import { requiredPatientFor } from "./booking/access.ts";
import { bookSeries, type SeriesRequest } from "./booking/book-series.ts";
import { confirm, confirmIn, type StatusAction, setStatus, undoCheckIn } from "./booking/change-status.ts";
import { GroupCommit } from "./booking/group-commit.ts";
import type { Booked, BookRequest, SearchQuery, StatusReason } from "./booking/model.ts";
import { type MoveRequest, moveVisit } from "./booking/move-visit.ts";
import { holdPublic } from "./booking/place-visit.ts";
import { placeIn } from "./booking/placement.ts";
import {
  calendar,
  getAppointmentWithHistory,
  outbox,
  patientAppointments,
} from "./booking/read-appointments.ts";
import { nextSlotsAfter, searchIn, searchSlots } from "./booking/search-slots.ts";
import type { Audit } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export type { AppointmentView, SlotView } from "../presenters/appointments.ts";
export { toAppointmentView, toSlotView } from "../presenters/appointments.ts";
export { patientFor } from "./booking/access.ts";
export type { Booked, BookRequest, SearchQuery, StatusReason } from "./booking/model.ts";
export { STATUS_REASONS } from "./booking/model.ts";
export { SlotTakenError } from "./booking/slot-taken.ts";

export class BookingService {
  readonly #db: Db;
  readonly #together: GroupCommit;

  constructor(db: Db) {
    this.#db = db;
    this.#together = new GroupCommit(db);
  }

  /** Slots over a date range, or the next N from today, inside `tx` (see `searchIn`). */
  searchIn(tx: Tx, q: SearchQuery, now: number) {
    return searchIn(tx, q, now);
  }

  search(ctx: RequestContext, q: SearchQuery) {
    return searchSlots(this.#db, ctx, q);
  }

  nextSlotsAfter(clinicId: string, userId: string | null, req: BookRequest, count?: number) {
    return nextSlotsAfter(this.#db, clinicId, userId, req, count);
  }

  placeIn(tx: Tx, req: BookRequest, exceptId: string | null = null, clearExpiredHolds = true) {
    return placeIn(tx, req, exceptId, clearExpiredHolds);
  }

  /**
   * Books one visit. Bookings of a clinic that arrive while others of it are being written wait
   * and are written together (see `GroupCommit`); alone, a booking is its own transaction.
   */
  book(
    ctx: RequestContext,
    input: Omit<BookRequest, "patientId" | "via"> & { patientId?: string },
  ): Promise<Booked> {
    const patientId = requiredPatientFor(ctx.principal, input.patientId);
    const via = ctx.principal.user.role === "patient" ? "portal" : "staff";
    return this.#together.submit({
      ctx,
      req: { ...input, patientId, via },
    });
  }

  /** Public booking: a hold made without an account, in a given clinic. */
  holdPublic(clinicId: string, origin: RequestOrigin, req: BookRequest, fn: (tx: Tx) => Promise<string>) {
    return holdPublic(this.#db, clinicId, origin, req, fn);
  }

  confirmIn(tx: Tx, audit: Audit, actorUserId: string | null, id: string, holdToken: string | null) {
    return confirmIn(tx, audit, actorUserId, id, holdToken);
  }

  confirm(ctx: RequestContext, id: string) {
    return confirm(this.#db, ctx, id);
  }

  reschedule(ctx: RequestContext, id: string, input: MoveRequest) {
    return moveVisit(this.#db, ctx, id, input);
  }

  setStatus(
    ctx: RequestContext,
    id: string,
    action: StatusAction,
    reasonAsked: StatusReason | null,
    note: string | null,
  ) {
    return setStatus(this.#db, ctx, id, action, reasonAsked, note);
  }

  /** A check-in made by mistake is undone the same day (clinic time), back to booked. */
  undoCheckIn(ctx: RequestContext, id: string, note: string | null) {
    return undoCheckIn(this.#db, ctx, id, note);
  }

  get(ctx: RequestContext, id: string) {
    return getAppointmentWithHistory(this.#db, ctx, id);
  }

  calendar(ctx: RequestContext, from: Date, to: Date) {
    return calendar(this.#db, ctx, from, to);
  }

  patientAppointments(ctx: RequestContext, patientId: string) {
    return patientAppointments(this.#db, ctx, patientId);
  }

  /** A whole series at once: all sessions or none (see `bookSeries`). */
  bookSeries(ctx: RequestContext, input: SeriesRequest) {
    return bookSeries(this.#db, ctx, input);
  }

  /** Messages queued or sent to patients; without SMTP this is where staff read them. */
  outbox(ctx: RequestContext, limit: number, patientId: string | null) {
    return outbox(this.#db, ctx, limit, patientId);
  }
}
