/**
 * Staff read what a visitor sent with an online booking: when, which appointment it became, and
 * the self-check summary they chose to send (their own account, shown as such). Audited as a
 * read of the patient's record.
 */
import type { Db } from "../../db/pool.ts";
import { listBookingRequests } from "../../db/repositories/booking-request.repository.ts";
import { getProfilePatient } from "../../db/repositories/clinical-profile.repository.ts";
import { notFound } from "../../domain/errors.ts";
import { presentBookingRequest } from "../presenters/booking-requests.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export class BookingRequestService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  list(ctx: RequestContext, patientId: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      if (!(await getProfilePatient(tx, patientId))) throw notFound("patient");
      const rows = await listBookingRequests(tx, patientId);
      await audit("booking-request.list", "patient", patientId, { count: rows.length });
      return { requests: rows.map(presentBookingRequest) };
    });
  }
}
