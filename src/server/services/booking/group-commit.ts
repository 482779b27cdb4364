/**
 * Group commit: a wrapper around placing one visit. Bookings of a clinic that arrive while others
 * of it are being written wait, and are written together in one transaction; alone, a booking is
 * its own transaction (`bookAlone`). The queue and its claims are per app server and only an
 * optimisation: the database's exclusion constraints decide every overlap, so bookings placed
 * together on one server and alone or together on another never overlap; what another server took
 * first is refused by the insert and booked alone afterwards (a 201 elsewhere or a 409 with the
 * next free slots).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type Db, type Tx, withClinic } from "../../../db/pool.ts";
import { appendAudits } from "../../../db/repositories/audit.repository.ts";
import { insertAppointments } from "../../../db/repositories/booking.repository.ts";
import { knownPatients } from "../../../db/repositories/scheduling-patient.repository.ts";
import { DomainError, notFound } from "../../../domain/errors.ts";
import type { Slot } from "../../../domain/scheduling/types.ts";
import { toAppointmentView } from "../../presenters/appointments.ts";
import { BatchQueue, type Outcome, settle } from "../batch-queue.ts";
import { principalAudit } from "../clinical-tx.ts";
import { queueConfirmations } from "../reminders.service.ts";
import { loadSlotContext, type SlotContext } from "../slot-context.service.ts";
import { askedFor, type Booked, DAY, type PendingBooking, utcDate } from "./model.ts";
import { bookAlone, refusal } from "./place-visit.ts";
import { bookingAudit, placeOn, visitRow, withTaken } from "./placement.ts";
import { SlotTakenError } from "./slot-taken.ts";

/**
 * Most bookings written in one shared transaction; such transactions of one clinic at a time (two:
 * while one is in PostgreSQL the next is placed in Node); and how many must be waiting for a second
 * to start beside a running one (fewer wait for it to end, rather than go nearly alone).
 */
const BATCH_MAX = 32;
const BATCHES_RUNNING = 2;
const BATCH_BESIDE = 16;
/** Visits starting within this of each other share one read of the diary. */
const SHARED_WINDOW = 14 * DAY;

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

export class GroupCommit {
  readonly #db: Db;
  /** Per clinic, the places its running shared transactions took (see `#bookTogether`). */
  readonly #claims = new Map<string, Set<Claim>>();
  #clock = 0;
  readonly #queue = new BatchQueue<PendingBooking, Booked>({
    maxBatch: BATCH_MAX,
    maxRunning: BATCHES_RUNNING,
    minBatchBeside: BATCH_BESIDE,
    // One patient's bookings are never placed together: the second must see the first (its
    // series, its times), as it would if the first had committed before it.
    conflictKey: (p) => p.req.patientId,
    run: (clinicId, pending) => this.#bookTogether(clinicId, pending),
  });

  constructor(db: Db) {
    this.#db = db;
  }

  /** Books one visit, together with the others of its clinic waiting beside it. */
  submit(pending: PendingBooking): Promise<Booked> {
    return this.#queue.submit(pending.ctx.principal.clinic.id, pending);
  }

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
    if (pending.length === 1) return [await settle(() => bookAlone(this.#db, pending[0]!))];
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
      placed = await withClinic(this.#db, { clinicId }, (tx) => placeTogether(tx, pending, mine, others));
    } catch {
      claims.delete(mine);
      // Nothing of the shared transaction was written: each booking is tried alone.
      return Promise.all(pending.map((p) => settle(() => bookAlone(this.#db, p))));
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
              ? await refusal(this.#db, p.ctx.principal, clinicId, p.req, r.error)
              : r.error;
          });
        return settle(() => bookAlone(this.#db, p));
      }),
    );
  }
}

async function placeTogether(
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
    visit: ReturnType<typeof visitRow>;
    holdToken: string | null;
    slot: Slot;
    ctx: SlotContext;
  }[] = [];
  for (const members of groups.values()) {
    members.sort((a, b) => pending[a]!.req.startsAt.getTime() - pending[b]!.req.startsAt.getTime());
    while (members.length > 0) {
      const firstStart = pending[members[0]!]!.req.startsAt.getTime();
      const span = members.findIndex((i) => pending[i]!.req.startsAt.getTime() > firstStart + SHARED_WINDOW);
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
          const slot = placeOn({ ...ctx, input }, req, start);
          const holdToken = req.hold ? randomBytes(24).toString("base64url") : null;
          writes.push({
            i,
            id: randomUUID(),
            holdToken,
            slot,
            ctx,
            visit: visitRow(ctx, req, slot, holdToken),
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
        event: { actorUserId: p.ctx.principal.user.id, action: p.req.hold ? "held" : "booked" },
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
      const { ctx, req } = pending[w.i]!;
      return principalAudit(ctx, bookingAudit(req, w.id, w.slot, w.ctx, 1));
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
