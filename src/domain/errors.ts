/**
 * Why a request was refused, in the product's terms. Services and domain rules throw these; the
 * HTTP layer (`src/server/http/errors.ts`) maps each kind to its status once, and the CLI to its
 * exit code, so no service knows about HTTP.
 */
export type RefusalKind =
  | "invalid" // the input itself is wrong (a field, a combination of fields)
  | "unauthenticated" // who is asking is unknown or their proof failed
  | "forbidden" // known, but not allowed to do this
  | "not_found" // no such record visible to the caller
  | "conflict" // the record's current state does not allow it (taken, already signed...)
  | "gone" // it existed but has expired or been used
  | "too_large" // the payload is over a limit
  | "unsupported_media" // a file of a kind we do not take
  | "unprocessable" // well-formed, but the rules refuse it
  | "unavailable"; // a store we depend on is away; the caller may try again

export class DomainError extends Error {
  readonly kind: RefusalKind;
  /** A stable, machine-readable reason (`slot_taken`, `no_intake`). */
  readonly code: string;
  /** Which input field was wrong and how (`body.startsAt` → "in the past"). */
  readonly fields: Record<string, string> | undefined;
  constructor(kind: RefusalKind, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = "DomainError";
    this.kind = kind;
    this.code = code;
    this.fields = fields;
  }
}

export const notFound = (what: string) => new DomainError("not_found", "not_found", `${what} not found`);
