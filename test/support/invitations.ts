/** Invitation links arrive only by e-mail: the token of the newest one sent to an address. */
import type { TestSmtp } from "./smtp.ts";

export function invitationToken(smtp: TestSmtp, to: string): string {
  const mail = smtp.received.filter((m) => m.envelopeTo.includes(to)).at(-1);
  if (!mail) throw new Error(`no e-mail arrived for ${to}`);
  const token = /accept-invitation#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`the e-mail to ${to} has no invitation link`);
  return token;
}
