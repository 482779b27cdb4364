/**
 * The outbox as staff see it: that a message went (or why not), to whom, when and what kind, and
 * its text with every secret taken out. A sign-in link is stored without its token (the slot
 * `{{sign-in-token}}`); any link-shaped secret that reached a body by another way is cut too.
 */

import { OUTBOX_STATUSES, type OutboxMessage, type OutboxStatus } from "../../contract/appointments.ts";
import type { MessageRow } from "../../db/repositories/outbox.repository.ts";
import { SETUP_TOKEN_SLOT } from "../services/account-setup-link.ts";
import { SIGN_IN_TOKEN_SLOT } from "../services/magic-link.service.ts";

export { OUTBOX_STATUSES, type OutboxStatus };

export const REDACTED_LINK = "[link sent to the patient only]";

/** A message as staff see it; its body with secrets replaced by "[link sent to the patient only]". */
export type OutboxMessageView = OutboxMessage;

// A sign-in link's fragment is its token (085 refuses one in a stored body; this is a second guard).
const SECRET_LINK = /(\/portal\/(?:sign-in\/link|set-password))#\S*/g;

export function redactSecrets(text: string): string {
  return text
    .replaceAll(`#${SIGN_IN_TOKEN_SLOT}`, ` ${REDACTED_LINK}`)
    .replaceAll(SIGN_IN_TOKEN_SLOT, REDACTED_LINK)
    .replaceAll(`#${SETUP_TOKEN_SLOT}`, ` ${REDACTED_LINK}`)
    .replaceAll(SETUP_TOKEN_SLOT, REDACTED_LINK)
    .replace(SECRET_LINK, (_m, path: string) => `${path} ${REDACTED_LINK}`);
}

export function outboxStatus(m: MessageRow): OutboxStatus {
  if (m.sentAt) return "sent";
  if (m.undeliverableAt) return "undeliverable";
  if (m.withdrawnAt) return "withdrawn";
  if (m.keptForStaffAt) return "kept-for-staff";
  return m.attempts > 0 ? "retrying" : "queued";
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentOutboxMessage(m: MessageRow): OutboxMessageView {
  return {
    id: m.id,
    kind: m.kind,
    status: outboxStatus(m),
    patientId: m.patientId,
    appointmentId: m.appointmentId,
    toAddress: m.toAddress,
    subject: m.subject,
    bodyText: redactSecrets(m.bodyText),
    ics: m.ics,
    carriesSecret: m.magicLinkId !== null || m.accountSetupTokenId !== null,
    sendAfter: m.sendAfter.toISOString(),
    createdAt: m.createdAt.toISOString(),
    sentAt: iso(m.sentAt),
    attempts: m.attempts,
    lastError: m.lastError,
    withdrawnAt: iso(m.withdrawnAt),
    withdrawnReason: m.withdrawnReason,
    keptForStaffAt: iso(m.keptForStaffAt),
    undeliverableAt: iso(m.undeliverableAt),
  };
}
