/**
 * Use case: place a visit. One booking (or public hold) in its own audited transaction; whether two
 * bookings overlap is decided by the database's exclusion constraints, so of two concurrent
 * requests for the same resources exactly one commits, on any number of app servers.
 */
import { randomBytes } from "node:crypto";
import { type Db, type Tx, withClinic } from "../../../db/pool.ts";
import { appendAudit } from "../../../db/repositories/audit.repository.ts";
import {
  type AppointmentRow,
  afterRefusedInsert,
  insertAppointment,
} from "../../../db/repositories/booking.repository.ts";
import { getPatientContact } from "../../../db/repositories/scheduling-patient.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import { checkStart } from "../../../domain/scheduling/slots.ts";
import { toAppointmentView } from "../../presenters/appointments.ts";
import type { Principal, RequestOrigin } from "../auth.service.ts";
import { type Audit, auditReleasedHolds, clinicalTx } from "../clinical-tx.ts";
import { queueAppointmentMessages } from "../reminders.service.ts";
import type { SlotContext } from "../slot-context.service.ts";
import {
  type AuditEntry,
  type Booked,
  type BookRequest,
  DAY,
  IN_THE_WAY,
  NEXT_SLOTS,
  type PendingBooking,
  type SeriesPlace,
} from "./model.ts";
import { bookingAudit, placeIn, visitRow, withTaken } from "./placement.ts";
import { nextSlotsAfter } from "./search-slots.ts";
import { nextSlotsIn, SlotTakenError } from "./slot-taken.ts";

/** Inserts tried in one booking transaction before the time counts as taken. */
const PLACE_ATTEMPTS = 4;
/** Booking transactions tried when the database refused one (see `withRetry`). */
const ATTEMPTS = 3;

// Two inserts racing for the same range can also deadlock on the exclusion index (40P01): the
// loser is rolled back, exactly like a violation, and is retried the same way.
const isExclusionViolation = (err: unknown) => {
  const code = (err as { code?: string })?.code;
  return code === "23P01" || code === "40P01";
};

export interface Inserted {
  id: string;
  row: AppointmentRow;
  holdToken: string | null;
  warnings: string[];
  ctx: SlotContext;
  audit: AuditEntry;
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
export async function insertVisit(
  tx: Tx,
  principal: Principal | null,
  req: BookRequest,
  extra: SeriesPlace = {},
): Promise<Inserted> {
  // Expired holds are cleared only when an insert is refused: they are rare, the search ignores them.
  const placed = await placeIn(tx, req, null, false).catch(async (err: unknown) => {
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
    const chosen = visitRow(ctx, req, slot, holdToken, extra);
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
export async function withRetry<T>(
  db: Db,
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
      throw await refusal(db, principal, clinicId, req, err);
    }
  }
}

/**
 * The 409 for a time that is taken. A refusal seen in the transaction's own snapshot already
 * carries the next free slots around that time; only when it has too few (or the insert lost the
 * race) is a fresh search run.
 */
export async function refusal(
  db: Db,
  principal: Principal | null,
  clinicId: string,
  req: BookRequest,
  err: unknown,
): Promise<SlotTakenError> {
  const known = err instanceof SlotTakenError ? err.nextSlots : [];
  const nextSlots =
    known.length >= NEXT_SLOTS
      ? known
      : await nextSlotsAfter(db, clinicId, principal?.user.id ?? null, req).then((fresh) =>
          fresh.length > 0 ? fresh : known,
        );
  return new SlotTakenError(
    "slot_taken",
    err instanceof SlotTakenError ? err.message : "that time was just booked by someone else",
    err instanceof SlotTakenError ? err.fields : { "body.startsAt": "no longer free" },
    nextSlots,
  );
}

/** One booking in its own transaction. */
export function bookAlone(db: Db, { ctx, req }: PendingBooking): Promise<Booked> {
  const { principal } = ctx;
  return withRetry(db, principal, principal.clinic.id, req, () =>
    clinicalTx(db, ctx, async (tx, audit) => {
      const made = await insertVisit(tx, principal, req);
      await audit(...made.audit);
      return {
        appointment: toAppointmentView(made.row),
        holdToken: made.holdToken,
        warnings: made.warnings,
      };
    }),
  );
}

/** Public booking: a hold made without an account, in a given clinic. */
export function holdPublic(
  db: Db,
  clinicId: string,
  origin: RequestOrigin,
  req: BookRequest,
  fn: (tx: Tx) => Promise<string>,
) {
  return withRetry(db, null, clinicId, req, async () => {
    return withClinic(db, { clinicId }, async (tx) => {
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
      const made = await insertVisit(tx, null, { ...req, patientId });
      await audit(...made.audit);
      return {
        appointment: toAppointmentView(made.row),
        holdToken: made.holdToken!,
        warnings: made.warnings,
      };
    });
  });
}
