/**
 * The link that lets a visitor who booked online set the password of the account made for them.
 * Like a sign-in link it is a secret: the outbox row keeps the slot `{{account-setup-token}}` and
 * names its set-up token; the sender makes the token as the e-mail goes out (`issueSetupToken`)
 * and stores only its SHA-256, so the row staff can read never holds a usable link.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Tx } from "../../db/pool.ts";
import { insertSetupToken, rekeySetupToken } from "../../db/repositories/account-setup.repository.ts";

export const SETUP_TOKEN_DAYS = 7;
export const SETUP_TOKEN_SLOT = "{{account-setup-token}}";

const hash = (token: string) => createHash("sha256").update(token).digest();

/** The page the e-mail links to; the token sits in the fragment, so it never reaches a server log. */
export function setupLinkUrl(publicUrl: string): string {
  return `${publicUrl}/portal/set-password#${SETUP_TOKEN_SLOT}`;
}

/** A set-up token for the account whose hash belongs to no token yet: the sender makes the real one. */
export function newSetupToken(tx: Tx, userId: string): Promise<string> {
  const placeholder = randomBytes(32).toString("base64url");
  return insertSetupToken(
    tx,
    userId,
    hash(placeholder),
    new Date(Date.now() + SETUP_TOKEN_DAYS * 86_400_000),
  );
}

/** Makes the token as its e-mail goes out; null when it was used or has expired meanwhile. */
export async function issueSetupToken(tx: Tx, tokenId: string): Promise<string | null> {
  const token = randomBytes(32).toString("base64url");
  return (await rekeySetupToken(tx, tokenId, hash(token), SETUP_TOKEN_DAYS)) ? token : null;
}
