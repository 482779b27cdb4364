/** The lot-recall messages of the outbox: one per recalled lot and patient. */
import type { Tx } from "../pool.ts";

/** The outbox key of the recall message to a patient: the same recall never writes twice. */
export function lotRecallKey(lot: string, patientId: string): string {
  return `lot-recall:${lot}:${patientId}`;
}

export interface RecallMessageRow {
  patientId: string;
  toAddress: string;
  createdAt: Date;
  sentAt: Date | null;
}

/** The recall messages already queued for a lot, by patient. */
export async function recallMessages(
  tx: Tx,
  lot: string,
  patientIds: readonly string[],
): Promise<Map<string, RecallMessageRow>> {
  if (patientIds.length === 0) return new Map();
  const { rows } = await tx.query<RecallMessageRow>(
    `select patient_id as "patientId", to_address as "toAddress", created_at as "createdAt", sent_at as "sentAt"
     from outbox where kind = 'lot-recall' and dedupe_key = any($1::text[])`,
    [patientIds.map((id) => lotRecallKey(lot, id))],
  );
  return new Map(rows.map((r) => [r.patientId, r]));
}

/** Queues the message unless one for this lot and patient exists; true when it was queued now. */
export async function queueRecallMessage(
  tx: Tx,
  m: { lot: string; patientId: string; toAddress: string; subject: string; bodyText: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into outbox (clinic_id, kind, patient_id, appointment_id, to_address, subject, body_text, ics, dedupe_key, send_after)
     values (app_clinic_id(), 'lot-recall', $1, null, $2, $3, $4, null, $5, now())
     on conflict (clinic_id, dedupe_key) do nothing`,
    [m.patientId, m.toAddress, m.subject, m.bodyText, lotRecallKey(m.lot, m.patientId)],
  );
  return (rowCount ?? 0) > 0;
}
