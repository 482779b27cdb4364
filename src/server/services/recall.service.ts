/**
 * A lot recall's messages: one to each patient charted with the recalled lot, in the patient's
 * language, through the outbox (sent by the message worker, or kept for staff when no mail is set).
 * Staff see each message before sending; the same recall never writes twice to the same patient.
 * Reading and sending are audited, naming patients by id only.
 */
import { Temporal } from "temporal-polyfill";
import type { Db, Tx } from "../../db/pool.ts";
import { chartsByLot } from "../../db/repositories/chart.repository.ts";
import { clinicContact, findPatientLocales } from "../../db/repositories/patient-side.repository.ts";
import { queueRecallMessage, recallMessages } from "../../db/repositories/recall.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { EMAIL_INTL_LOCALE, emailLocale } from "../../domain/patient/email-texts.ts";
import { lotRecallEmail } from "../../domain/record/recall-message.ts";
import type { Principal } from "./auth.service.ts";
import { clinicalTx } from "./clinical-tx.ts";
import type { RequestContext } from "./request-context.ts";

export interface RecallMessage {
  patientId: string;
  /** null when the patient has no e-mail on file: staff telephone instead. */
  toAddress: string | null;
  subject: string;
  bodyText: string;
  /** When this recall's message to the patient was queued; null while it has not been. */
  queuedAt: Date | null;
  sentAt: Date | null;
}

function requireClinician(principal: Principal): void {
  if (principal.user.role !== "owner" && principal.user.role !== "provider")
    throw new DomainError("forbidden", "forbidden", "only clinicians write to patients about a recall");
}

/** The message each affected patient gets (or got) for the lot. */
async function draftMessages(tx: Tx, lot: string): Promise<RecallMessage[]> {
  const rows = await chartsByLot(tx, lot);
  const byPatient = new Map<string, typeof rows>();
  for (const r of rows) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const ids = [...byPatient.keys()];
  // One transaction, one connection: the queries go one after another.
  const clinic = await clinicContact(tx);
  const locales = await findPatientLocales(tx, ids);
  const queued = await recallMessages(tx, lot, ids);
  return [...byPatient.entries()].flatMap(([patientId, sessions]) => {
    const patient = sessions[0]!.patient;
    // A record the clinician cannot see is not written to from here.
    if (!patient) return [];
    const locale = emailLocale(locales.get(patientId) ?? null);
    const dates = [...new Set(sessions.map((s) => String(s.sessionDate)))].map((d) =>
      Temporal.PlainDate.from(d).toLocaleString(EMAIL_INTL_LOCALE[locale], { dateStyle: "long" }),
    );
    const mail = lotRecallEmail(locale, { firstName: patient.givenName, clinic: clinic.name, lot, dates });
    const sent = queued.get(patientId);
    return [
      {
        patientId,
        toAddress: sent?.toAddress ?? patient.email,
        ...mail,
        queuedAt: sent?.createdAt ?? null,
        sentAt: sent?.sentAt ?? null,
      },
    ];
  });
}

export class RecallService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** The messages of a recall, as they go (or went) to each patient. */
  messages(ctx: RequestContext, lot: string) {
    requireClinician(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const messages = await draftMessages(tx, lot);
      await audit("recall.messages_read", "session_chart", null, {
        lot,
        patients: messages.map((m) => m.patientId),
      });
      return messages;
    });
  }

  /**
   * Queues the recall's message to every affected patient with an e-mail address who has not had
   * it yet; returns every message with its state and how many were queued now.
   */
  send(ctx: RequestContext, lot: string) {
    requireClinician(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const drafts = await draftMessages(tx, lot);
      const queuedNow: string[] = [];
      for (const m of drafts) {
        if (m.queuedAt || !m.toAddress) continue;
        const queued = await queueRecallMessage(tx, {
          lot,
          patientId: m.patientId,
          toAddress: m.toAddress,
          subject: m.subject,
          bodyText: m.bodyText,
        });
        if (queued) queuedNow.push(m.patientId);
      }
      await audit("recall.messages_send", "session_chart", null, { lot, patients: queuedNow });
      return { queued: queuedNow.length, messages: await draftMessages(tx, lot) };
    });
  }
}
