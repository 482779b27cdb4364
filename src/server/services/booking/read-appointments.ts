/** Reading the diary: one appointment with its history, a calendar range, a patient's visits, the outbox. */
import type { Db } from "../../../db/pool.ts";
import {
  listAppointmentEvents,
  listAppointmentsBetween,
  listPatientAppointments,
} from "../../../db/repositories/booking.repository.ts";
import { listMessages } from "../../../db/repositories/outbox.repository.ts";
import { toAppointmentView } from "../../presenters/appointments.ts";
import { presentOutboxMessage } from "../../presenters/outbox.ts";
import { clinicalTx } from "../clinical-tx.ts";
import type { RequestContext } from "../request-context.ts";
import { ownAppointment } from "./access.ts";

export function getAppointmentWithHistory(db: Db, ctx: RequestContext, id: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const a = await ownAppointment(tx, ctx.principal, id);
    const history = await listAppointmentEvents(tx, id);
    await audit("appointment.read", "appointment", id);
    return { appointment: toAppointmentView(a), history };
  });
}

export function calendar(db: Db, ctx: RequestContext, from: Date, to: Date) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const rows = await listAppointmentsBetween(tx, from, to);
    await audit("appointment.list", "appointment", null, { count: rows.length });
    return rows.map(toAppointmentView);
  });
}

export function patientAppointments(db: Db, ctx: RequestContext, patientId: string) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const rows = await listPatientAppointments(tx, patientId);
    await audit("appointment.list", "patient", patientId, { count: rows.length });
    return rows.map(toAppointmentView);
  });
}

/** Messages queued or sent to patients; without SMTP this is where staff read them. */
export function outbox(db: Db, ctx: RequestContext, limit: number, patientId: string | null) {
  return clinicalTx(db, ctx, async (tx, audit) => {
    const rows = await listMessages(tx, limit, patientId);
    await audit("outbox.list", "outbox", null, { count: rows.length, ...(patientId ? { patientId } : {}) });
    return rows.map(presentOutboxMessage);
  });
}
