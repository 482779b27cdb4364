/**
 * What the clinical-record services share: the clinic's calendar day (clinical dates are
 * clinic-local), the protocol in force, and the patient a principal may act for.
 */
import { Temporal } from "temporal-polyfill";
import { defaultProtocol } from "../../domain/protocol/default-protocol.ts";
import { protocolVersion } from "../../domain/protocol/protocol.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import { HttpError } from "../http/errors.ts";
import type { Principal } from "./auth.service.ts";

export function clinicToday(principal: Principal, now: Date = new Date()): string {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(principal.clinic.timeZone)
    .toPlainDate()
    .toString();
}

/** The calendar day of an instant in the clinic's zone. */
export function clinicDateOf(principal: Principal, at: Date): string {
  return clinicToday(principal, at);
}

export interface ProtocolInForce {
  protocol: Protocol;
  version: string;
}

let cached: ProtocolInForce | undefined;

/** The protocol the record validates against (the shipped default until clinics store their own). */
export function protocolInForce(): ProtocolInForce {
  if (!cached) {
    const protocol = defaultProtocol();
    cached = { protocol, version: protocolVersion(protocol) };
  }
  return cached;
}

/** The patient record behind a patient account. */
export function ownPatientId(principal: Principal): string {
  if (!principal.user.patientId) throw new HttpError(403, "forbidden", "this account has no patient record");
  return principal.user.patientId;
}

/** Field problems as a 400 naming every field. */
export function fieldError(
  code: string,
  problems: { field: string; message: string }[],
  prefix = "body.",
): HttpError {
  const fields = Object.fromEntries(problems.map((p) => [`${prefix}${p.field}`, p.message]));
  const first = problems[0];
  return new HttpError(400, code, first ? `${prefix}${first.field}: ${first.message}` : "invalid", fields);
}
