/**
 * Portal sign-in by a link sent by e-mail. The link carries `<clinic id>.<32 random bytes>`; only
 * the SHA-256 is stored. The token is made when the e-mail is handed to the mail server
 * (`issueSignInToken`, called by the sender) and exists in clear only in that e-mail: the outbox
 * row that staff can read holds the slot `{{sign-in-token}}` instead, and until sending the link's
 * stored hash is that of a random value nobody kept. A link opens one session, once, within LINK_MINUTES. Asking for a link
 * answers the same whether the address has an account or not, and an account gets at most
 * LINKS_PER_WINDOW links per window (further requests are quietly dropped), so the form can be
 * used neither to find out who is a patient nor to flood someone's mailbox.
 */

import { createHash, randomBytes } from "node:crypto";
import { type Db, type Tx, withClinic, withoutClinic } from "../../db/pool.ts";
import { appendAudit } from "../../db/repositories/audit.repository.ts";
import { getCurrentClinic } from "../../db/repositories/clinic.repository.ts";
import {
  clinicContact,
  countRecentLinks,
  findMagicLink,
  findPatientAccounts,
  findPatientLocale,
  getPatientAccount,
  insertMagicLink,
  type PatientAccount,
  queuePatientSideMessage,
  rekeyMagicLink,
  useMagicLink,
} from "../../db/repositories/patient-side.repository.ts";
import { insertSession } from "../../db/repositories/session.repository.ts";
import { getUser } from "../../db/repositories/user.repository.ts";
import { DomainError } from "../../domain/errors.ts";
import { type EmailLocale, emailLocale, signInLinkEmail } from "../../domain/patient/email-texts.ts";
import type { Config } from "../config.ts";
import type { IssuedSession, RequestOrigin } from "./auth.service.ts";

export const LINK_MINUTES = 15;
export const LINKS_PER_WINDOW = 3;
export const LINK_WINDOW_MINUTES = 15;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const hash = (token: string) => createHash("sha256").update(token).digest();

/** Where the token goes in a stored sign-in message; the sender writes the token into the e-mail. */
export const SIGN_IN_TOKEN_SLOT = "{{sign-in-token}}";

/**
 * Makes the token of a sign-in link as its e-mail goes out: stores its hash and restarts the
 * link's lifetime, and returns it for the e-mail only. Null when the link was used or has expired.
 */
export async function issueSignInToken(tx: Tx, clinicId: string, linkId: string): Promise<string | null> {
  const token = `${clinicId}.${randomBytes(32).toString("base64url")}`;
  return (await rekeyMagicLink(tx, linkId, hash(token), LINK_MINUTES)) ? token : null;
}

/** The words of a sign-in e-mail, in the patient's language, around its link. */
export type SignInMail = (
  locale: EmailLocale,
  v: { clinic: string; url: string; minutes: number },
) => { subject: string; bodyText: string };

/**
 * Queues a sign-in e-mail for the account, inside its clinic's transaction; an account gets at most
 * LINKS_PER_WINDOW links per window, further ones are quietly dropped (false).
 */
export async function queueSignInLink(
  tx: Tx,
  account: PatientAccount,
  publicUrl: string,
  origin: RequestOrigin,
  mail: SignInMail = signInLinkEmail,
): Promise<boolean> {
  if ((await countRecentLinks(tx, account.userId, LINK_WINDOW_MINUTES)) >= LINKS_PER_WINDOW) return false;
  // No token yet: the link's hash is of a value thrown away here, so the link opens nothing
  // until the sender makes its real token.
  const placeholder = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + LINK_MINUTES * 60_000);
  const linkId = await insertMagicLink(tx, account.userId, hash(placeholder), expiresAt);
  const clinic = await clinicContact(tx);
  const url = `${publicUrl}/portal/sign-in/link#${SIGN_IN_TOKEN_SLOT}`;
  await queuePatientSideMessage(tx, {
    kind: "sign-in-link",
    patientId: account.patientId,
    toAddress: account.email,
    ...mail(emailLocale(await findPatientLocale(tx, account.patientId)), {
      clinic: clinic.name,
      url,
      minutes: LINK_MINUTES,
    }),
    dedupeKey: `sign-in-link:${linkId}`,
    sendAfter: new Date(),
    magicLinkId: linkId,
  });
  await appendAudit(tx, {
    actorUserId: null,
    actorRole: null,
    action: "auth.link_requested",
    resourceType: "user",
    resourceId: account.userId,
    ...origin,
  });
  return true;
}

function linkError(code: "link_expired" | "link_used" | "link_invalid"): DomainError {
  const message = {
    link_expired: "This sign-in link has expired. Ask for a new one: it arrives in a minute or two.",
    link_used: "This sign-in link was already used. Each link works once: ask for a new one.",
    link_invalid:
      "This sign-in link is not valid. Copy the whole link from the e-mail, or ask for a new one.",
  }[code];
  return new DomainError(code === "link_invalid" ? "invalid" : "gone", code, message, {
    "body.token": code.slice(5),
  });
}

export class MagicLinkService {
  readonly #db: Db;
  readonly #config: Config;
  constructor(db: Db, config: Config) {
    this.#db = db;
    this.#config = config;
  }

  /** Queues a sign-in e-mail for each patient account with this address (at the given clinic). */
  async request(email: string, clinicSlug: string | null, origin: RequestOrigin): Promise<void> {
    const accounts = (await withoutClinic(this.#db, (tx) => findPatientAccounts(tx, email))).filter(
      (a) => clinicSlug === null || a.clinicSlug === clinicSlug,
    );
    for (const a of accounts) {
      await withClinic(this.#db, { clinicId: a.clinicId }, async (tx) => {
        const account = await getPatientAccount(tx, a.userId);
        if (account) await queueSignInLink(tx, account, this.#config.publicUrl, origin);
      });
    }
  }

  /** Spends a link and opens a session; an expired, used or unknown link says which. */
  async redeem(token: string, origin: RequestOrigin): Promise<IssuedSession> {
    const dot = token.indexOf(".");
    if (dot <= 0 || !UUID.test(token.slice(0, dot)) || token.length > 200) throw linkError("link_invalid");
    const found = await withoutClinic(this.#db, (tx) => findMagicLink(tx, hash(token)));
    if (!found || found.clinicId !== token.slice(0, dot)) throw linkError("link_invalid");
    if (found.used) throw linkError("link_used");
    if (found.expired) throw linkError("link_expired");
    const sessionToken = randomBytes(32).toString("base64url");
    const now = Date.now();
    const expiresAt = new Date(
      Math.min(
        now + this.#config.session.idleMinutes * 60_000,
        now + this.#config.session.maxHours * 3_600_000,
      ),
    );
    return withClinic(this.#db, { clinicId: found.clinicId, userId: found.userId }, async (tx) => {
      if (!(await useMagicLink(tx, found.linkId))) throw linkError("link_used");
      const user = await getUser(tx, found.userId);
      if (user?.role !== "patient") throw linkError("link_invalid");
      const sessionId = await insertSession(tx, {
        userId: user.id,
        tokenHash: hash(sessionToken),
        expiresAt,
        ...origin,
      });
      await appendAudit(tx, {
        actorUserId: user.id,
        actorRole: user.role,
        action: "auth.login",
        resourceType: "session",
        resourceId: sessionId,
        ...origin,
        detail: { factor: "email_link" },
      });
      return {
        token: sessionToken,
        expiresAt,
        principal: { sessionId, user, clinic: await getCurrentClinic(tx) },
      };
    });
  }
}
