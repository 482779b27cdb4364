import type { Db } from "../../db/pool.ts";
import { listAppointmentsForPatient } from "../../db/repositories/appointment.repository.ts";
import {
  getPatient,
  insertPatient,
  type NewPatient,
  searchPatients,
} from "../../db/repositories/patient.repository.ts";
import { getSchedulingSettings } from "../../db/repositories/scheduling-setup.repository.ts";
import { notFound } from "../../domain/errors.ts";
import { ownRecord } from "../../domain/patient-access.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { accessorOf, type RequestContext } from "./request-context.ts";

export class PatientService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  search(ctx: RequestContext, q: string, limit: number, offset: number) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const result = await searchPatients(tx, q, limit, offset);
      // Which records were shown is what matters; the search text itself may be a name, so it is not kept.
      await audit("patient.list", "patient", null, {
        count: result.rows.length,
        ids: result.rows.map((r) => r.id),
      });
      return result;
    });
  }

  get(ctx: RequestContext, id: string) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const patient = await getPatient(tx, id);
      if (!patient) throw notFound("patient");
      const appointments = await listAppointmentsForPatient(tx, id);
      await audit("patient.read", "patient", id);
      return { patient, appointments };
    });
  }

  create(ctx: RequestContext, input: NewPatient) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const patient = await insertPatient(tx, input);
      await audit("patient.create", "patient", patient.id);
      return patient;
    });
  }

  /** A patient's own appointments, for the portal. */
  ownAppointments(ctx: RequestContext) {
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const own = ownRecord(accessorOf(ctx.principal));
      if (!own.ok) throw notFound("patient record");
      const { patientId } = own;
      const appointments = await listAppointmentsForPatient(tx, patientId);
      // Inside the clinic's notice a patient calls rather than moving or cancelling online.
      const changeNoticeHours = (await getSchedulingSettings(tx)).cancelNoticeHours ?? 24;
      await audit("appointment.list", "patient", patientId, { count: appointments.length });
      return { appointments, changeNoticeHours };
    });
  }
}
