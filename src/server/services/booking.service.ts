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
import type { Principal, RequestOrigin } from "./auth.service.ts";
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

export { patientFor } from "./booking/access.ts";
export type { Booked, BookRequest, SearchQuery, StatusReason } from "./booking/model.ts";
export { STATUS_REASONS } from "./booking/model.ts";
export type { AppointmentView, SlotView } from "./booking/presenter.ts";
export { toAppointmentView, toSlotView } from "./booking/presenter.ts";
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

  search(principal: Principal, origin: RequestOrigin, q: SearchQuery) {
    return searchSlots(this.#db, principal, origin, q);
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
    principal: Principal,
    origin: RequestOrigin,
    input: Omit<BookRequest, "patientId" | "via"> & { patientId?: string },
  ): Promise<Booked> {
    const patientId = requiredPatientFor(principal, input.patientId);
    const via = principal.user.role === "patient" ? "portal" : "staff";
    return this.#together.submit({ principal, origin, req: { ...input, patientId, via } });
  }

  /** Public booking: a hold made without an account, in a given clinic. */
  holdPublic(clinicId: string, origin: RequestOrigin, req: BookRequest, fn: (tx: Tx) => Promise<string>) {
    return holdPublic(this.#db, clinicId, origin, req, fn);
  }

  confirmIn(tx: Tx, audit: Audit, actorUserId: string | null, id: string, holdToken: string | null) {
    return confirmIn(tx, audit, actorUserId, id, holdToken);
  }

  confirm(principal: Principal, origin: RequestOrigin, id: string) {
    return confirm(this.#db, principal, origin, id);
  }

  reschedule(principal: Principal, origin: RequestOrigin, id: string, input: MoveRequest) {
    return moveVisit(this.#db, principal, origin, id, input);
  }

  setStatus(
    principal: Principal,
    origin: RequestOrigin,
    id: string,
    action: StatusAction,
    reasonAsked: StatusReason | null,
    note: string | null,
  ) {
    return setStatus(this.#db, principal, origin, id, action, reasonAsked, note);
  }

  /** A check-in made by mistake is undone the same day (clinic time), back to booked. */
  undoCheckIn(principal: Principal, origin: RequestOrigin, id: string, note: string | null) {
    return undoCheckIn(this.#db, principal, origin, id, note);
  }

  get(principal: Principal, origin: RequestOrigin, id: string) {
    return getAppointmentWithHistory(this.#db, principal, origin, id);
  }

  calendar(principal: Principal, origin: RequestOrigin, from: Date, to: Date) {
    return calendar(this.#db, principal, origin, from, to);
  }

  patientAppointments(principal: Principal, origin: RequestOrigin, patientId: string) {
    return patientAppointments(this.#db, principal, origin, patientId);
  }

  /** A whole series at once: all sessions or none (see `bookSeries`). */
  bookSeries(principal: Principal, origin: RequestOrigin, input: SeriesRequest) {
    return bookSeries(this.#db, principal, origin, input);
  }

  /** Messages queued or sent to patients; without SMTP this is where staff read them. */
  outbox(principal: Principal, origin: RequestOrigin, limit: number, patientId: string | null) {
    return outbox(this.#db, principal, origin, limit, patientId);
  }
}
