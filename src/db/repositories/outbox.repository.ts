/** Messages to patients waiting to be sent (or kept for staff to read when no SMTP is set). */
import type { Tx } from "../pool.ts";

export type MessageKind =
  | "confirmation"
  | "day-before"
  | "prep"
  | "next-session"
  | "maintenance"
  | "cancellation"
  | "rescheduled";

export interface NewMessage {
  kind: MessageKind;
  patientId: string;
  appointmentId: string | null;
  toAddress: string;
  subject: string;
  bodyText: string;
  ics: string | null;
  dedupeKey: string;
  sendAfter: Date;
}

/** Queues messages once per purpose, all in one statement; an unsent one with the same key is
 *  brought up to date, a sent one is left as it was. The keys of one call must differ. */
export async function upsertMessages(tx: Tx, messages: NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  // One JSON parameter: cheaper to send than nine arrays (the .ics texts are long).
  await tx.query({
    name: "outbox.upsert-messages",
    text: `insert into outbox (clinic_id, kind, patient_id, appointment_id, to_address, subject, body_text, ics, dedupe_key, send_after)
     select app_clinic_id(), m.kind, m."patientId", m."appointmentId", m."toAddress", m.subject, m."bodyText", m.ics,
       m."dedupeKey", m."sendAfter"
     from json_to_recordset($1::json) as m (kind text, "patientId" uuid, "appointmentId" uuid, "toAddress" text,
       subject text, "bodyText" text, ics text, "dedupeKey" text, "sendAfter" timestamptz)
     on conflict (clinic_id, dedupe_key) do update set to_address = excluded.to_address, subject = excluded.subject,
       body_text = excluded.body_text, ics = excluded.ics, send_after = excluded.send_after,
       withdrawn_at = null, withdrawn_reason = null, kept_for_staff_at = null
     where outbox.sent_at is null`,
    values: [JSON.stringify(messages)],
  });
}

export interface MessageRow {
  id: string;
  kind: MessageKind;
  patientId: string | null;
  appointmentId: string | null;
  toAddress: string;
  subject: string;
  bodyText: string;
  ics: string | null;
  dedupeKey: string;
  sendAfter: Date;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  keptForStaffAt: Date | null;
  /** A sign-in message: its token is made at sending and never stored (085). */
  magicLinkId: string | null;
  /** A password set-up message: its token is likewise made at sending (114). */
  accountSetupTokenId: string | null;
  undeliverableAt: Date | null;
}

const COLUMNS = `id, kind, patient_id as "patientId", appointment_id as "appointmentId", to_address as "toAddress",
  subject, body_text as "bodyText", ics, dedupe_key as "dedupeKey", send_after as "sendAfter", created_at as "createdAt",
  sent_at as "sentAt", attempts, last_error as "lastError", withdrawn_at as "withdrawnAt",
  withdrawn_reason as "withdrawnReason", kept_for_staff_at as "keptForStaffAt", magic_link_id as "magicLinkId",
  account_setup_token_id as "accountSetupTokenId", undeliverable_at as "undeliverableAt"`;

export async function listMessages(tx: Tx, limit: number, patientId: string | null): Promise<MessageRow[]> {
  const { rows } = await tx.query<MessageRow>(
    `select ${COLUMNS} from outbox where ($2::uuid is null or patient_id = $2) order by send_after desc limit $1`,
    [limit, patientId],
  );
  return rows;
}

export async function listDueMessages(tx: Tx, limit: number): Promise<MessageRow[]> {
  const { rows } = await tx.query<MessageRow>(
    `select ${COLUMNS} from outbox where sent_at is null and withdrawn_at is null and kept_for_staff_at is null
       and send_after <= now() order by send_after limit $1`,
    [limit],
  );
  return rows;
}

/** Locks one unsent message for sending; null when another worker has it or it was sent. */
export async function lockMessage(tx: Tx, id: string): Promise<MessageRow | null> {
  const { rows } = await tx.query<MessageRow>(
    `select ${COLUMNS} from outbox where id = $1 and sent_at is null and withdrawn_at is null
       and kept_for_staff_at is null and send_after <= now() for update skip locked`,
    [id],
  );
  return rows[0] ?? null;
}

export async function markSent(tx: Tx, id: string, note: string | null): Promise<void> {
  await tx.query(
    "update outbox set sent_at = now(), attempts = attempts + 1, last_error = $2 where id = $1",
    [id, note],
  );
}

export async function markFailed(
  tx: Tx,
  id: string,
  error: string,
  retryAfterSeconds: number,
): Promise<void> {
  await tx.query(
    `update outbox set attempts = attempts + 1, last_error = $2,
       send_after = now() + make_interval(secs => $3) where id = $1`,
    [id, error.slice(0, 500), retryAfterSeconds],
  );
}

/** Unsent messages of an appointment no longer apply (it moved or was cancelled); a re-queued one revives. */
export async function withdrawUnsent(tx: Tx, appointmentId: string, reason: string): Promise<number> {
  const { rowCount } = await tx.query(
    `update outbox set withdrawn_at = now(), withdrawn_reason = $2
     where appointment_id = $1 and sent_at is null and withdrawn_at is null`,
    [appointmentId, reason],
  );
  return rowCount ?? 0;
}

export async function withdrawMessage(tx: Tx, id: string, reason: string): Promise<void> {
  await tx.query("update outbox set withdrawn_at = now(), withdrawn_reason = $2 where id = $1", [id, reason]);
}

/**
 * Without SMTP: due messages are marked for staff, who read them in the outbox, except those that
 * carry a secret (a sign-in or password set-up link): staff must never hold one, so those are marked undeliverable.
 */
export async function keepDueForStaff(tx: Tx): Promise<{ kept: number; undeliverable: number }> {
  const { rows } = await tx.query<{ kept: number; undeliverable: number }>(
    `with due as (
       select id, magic_link_id is not null or account_setup_token_id is not null as secret from outbox
       where sent_at is null and withdrawn_at is null and kept_for_staff_at is null and send_after <= now()
       for update
     ), kept as (
       update outbox o set kept_for_staff_at = now() from due where o.id = due.id and not due.secret returning 1
     ), held as (
       update outbox o set undeliverable_at = now(), withdrawn_at = now(),
         withdrawn_reason = 'not deliverable: no e-mail server is configured, and a sign-in or password link is never shown to staff'
       from due where o.id = due.id and due.secret returning 1
     )
     select (select count(*) from kept)::int as kept, (select count(*) from held)::int as undeliverable`,
  );
  return rows[0] ?? { kept: 0, undeliverable: 0 };
}

/** What the sender needs to know of a message's appointment: is it still on, and when. */
export async function appointmentStateForMessage(
  tx: Tx,
  appointmentId: string,
): Promise<{ status: string; startsAt: Date; held: boolean } | null> {
  const { rows } = await tx.query<{ status: string; startsAt: Date; held: boolean }>(
    `select status, starts_at as "startsAt", held_until is not null as held from appointments where id = $1`,
    [appointmentId],
  );
  return rows[0] ?? null;
}

/** Clinics that have messages due (through the security-definer door; ids only). */
export async function clinicsForSweep(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>("select id from scheduling_clinics() as id");
  return rows.map((r) => r.id);
}
