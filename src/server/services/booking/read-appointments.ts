/** Reading the diary: one appointment with its history, a calendar range, a patient's visits, the outbox. */
import type { Db } from "../../../db/pool.ts";
import {
  listAppointmentEvents,
  listAppointmentsBetween,
  listPatientAppointments,
} from "../../../db/repositories/booking.repository.ts";
import { listMessages } from "../../../db/repositories/outbox.repository.ts";
import type { Principal, RequestOrigin } from "../auth.service.ts";
import { clinicalTx } from "../clinical-tx.ts";
import { presentOutboxMessage } from "../outbox-view.ts";
import { ownAppointment } from "./access.ts";
import { toAppointmentView } from "./presenter.ts";

export function getAppointmentWithHistory(db: Db, principal: Principal, origin: RequestOrigin, id: string) {
  return clinicalTx(db, principal, origin, async (tx, audit) => {
    const a = await ownAppointment(tx, principal, id);
    const history = await listAppointmentEvents(tx, id);
    await audit("appointment.read", "appointment", id);
    return { appointment: toAppointmentView(a), history };
  });
}

export function calendar(db: Db, principal: Principal, origin: RequestOrigin, from: Date, to: Date) {
  return clinicalTx(db, principal, origin, async (tx, audit) => {
    const rows = await listAppointmentsBetween(tx, from, to);
    await audit("appointment.list", "appointment", null, { count: rows.length });
    return rows.map(toAppointmentView);
  });
}

export function patientAppointments(db: Db, principal: Principal, origin: RequestOrigin, patientId: string) {
  return clinicalTx(db, principal, origin, async (tx, audit) => {
    const rows = await listPatientAppointments(tx, patientId);
    await audit("appointment.list", "patient", patientId, { count: rows.length });
    return rows.map(toAppointmentView);
  });
}

/** Messages queued or sent to patients; without SMTP this is where staff read them. */
export function outbox(
  db: Db,
  principal: Principal,
  origin: RequestOrigin,
  limit: number,
  patientId: string | null,
) {
  return clinicalTx(db, principal, origin, async (tx, audit) => {
    const rows = await listMessages(tx, limit, patientId);
    await audit("outbox.list", "outbox", null, { count: rows.length, ...(patientId ? { patientId } : {}) });
    return rows.map(presentOutboxMessage);
  });
}
