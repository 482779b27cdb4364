/**
 * Outgoing e-mail through SMTP (nodemailer). One message of the outbox becomes one e-mail whose
 * Message-ID is derived from the outbox id, so even a resend after a crash between "sent" and
 * "recorded" is recognisable as the same message by the receiving server and mail client.
 */
import nodemailer from "nodemailer";

export interface OutgoingMessage {
  outboxId: string;
  to: string;
  subject: string;
  text: string;
  ics: string | null;
}

export interface Mailer {
  send(m: OutgoingMessage): Promise<void>;
  close(): void;
}

/** A failure to hand a message to the SMTP server; `code` is safe to log, `message` may name the recipient. */
export class SendError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export function messageIdOf(outboxId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "remodel.invalid";
  return `<outbox-${outboxId}@${domain}>`;
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(m) {
      try {
        await transport.sendMail({
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: messageIdOf(m.outboxId, from),
          ...(m.ics
            ? {
                attachments: [
                  {
                    filename: "appointment.ics",
                    content: m.ics,
                    contentType: "text/calendar; charset=utf-8",
                  },
                ],
              }
            : {}),
        });
      } catch (err) {
        const e = err as { code?: string; responseCode?: number; message?: string };
        throw new SendError(
          e.responseCode ? `smtp_${e.responseCode}` : (e.code ?? "send_failed"),
          e.message ?? String(err),
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
