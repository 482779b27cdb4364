/**
 * The staff inbox: patients' check-ins, open red flags first, then open ones to watch, then the
 * rest; a member of staff acknowledges one when the patient has been contacted.
 */
import type { Db } from "../../db/pool.ts";
import { acknowledgeCheckIn, getCheckIn, listInbox } from "../../db/repositories/patient-side.repository.ts";
import { photoStates } from "../../db/repositories/photo.repository.ts";
import { DomainError, notFound } from "../../domain/errors.ts";
import { presentInboxItem } from "../presenters/inbox.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export class InboxService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  list(ctx: RequestContext, opts: { limit: number; includeClosed: boolean }) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const rows = await listInbox(tx, opts.limit, opts.includeClosed);
      // A check-in's photo is shown through the photo routes (clinicians only, each view audited).
      const photos = await photoStates(
        tx,
        rows.flatMap((r) => (r.photoId ? [r.photoId] : [])),
      );
      await audit("inbox.list", "check_in", null, { count: rows.length, ids: rows.map((r) => r.id) });
      return {
        openRedFlags: rows.filter((r) => r.triage === "red-flag" && !r.acknowledgedAt).length,
        items: rows.map((r) => presentInboxItem(r, r.photoId ? photos.get(r.photoId)?.removed : undefined)),
      };
    });
  }

  acknowledge(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const existing = await getCheckIn(tx, id);
      if (!existing) throw notFound("check-in");
      const row = await acknowledgeCheckIn(tx, id, ctx.principal.user.id);
      if (!row)
        throw new DomainError("conflict", "already_acknowledged", "this check-in was already acknowledged");
      await audit("check_in.acknowledge", "check_in", id, { patientId: row.patientId, triage: row.triage });
      return { id, acknowledgedAt: row.acknowledgedAt ?? null };
    });
  }
}
