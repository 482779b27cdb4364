/**
 * What the clinical-record services share: the clinic's calendar day (clinical dates are
 * clinic-local), the protocol in force, and the patient a principal may act for.
 */
import { Temporal } from "temporal-polyfill";
import type { Tx } from "../../db/pool.ts";
import { DomainError } from "../../domain/errors.ts";
import { ownRecord } from "../../domain/patient-access.ts";
import { type PathwayProtocol, pathwayOf } from "../../domain/protocol/pathway-types.ts";
import type { Protocol } from "../../domain/protocol/types.ts";
import type { Principal } from "./auth.service.ts";
import { currentProtocol, currentVersionId, storedProtocol } from "./protocol.service.ts";
import { accessorOf } from "./request-context.ts";

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

/** The clinic's current protocol (the owner's latest choice, else the shipped default), to read. */
export async function clinicProtocol(tx: Tx): Promise<ProtocolInForce> {
  const current = await currentProtocol(tx);
  return { protocol: current.protocol, version: current.version };
}

/**
 * The clinic's current protocol for a record about to be saved, with the id of its stored version
 * row (the shipped default is stored the first time a record uses it).
 */
export async function protocolForRecord(
  tx: Tx,
  principal: Principal,
): Promise<ProtocolInForce & { versionId: string }> {
  const current = await currentProtocol(tx);
  const versionId = await currentVersionId(tx, current, principal.user.id);
  return { protocol: current.protocol, version: current.version, versionId };
}

/**
 * The protocol a saved record was made under, reloaded from its stored version; the clinic's
 * current one for a record from before records named their version.
 */
export async function protocolOfRecord(tx: Tx, versionId: string | null): Promise<Protocol> {
  const stored = versionId ? await storedProtocol(tx, versionId) : null;
  return stored ?? (await currentProtocol(tx)).protocol;
}

/** The same protocol, checked to carry what the pathway engine (prep, aftercare, healing) reads. */
export function asPathway(protocol: Protocol): PathwayProtocol {
  return pathwayOf(protocol);
}

/** The patient record behind a patient account. */
export function ownPatientId(principal: Principal): string {
  const own = ownRecord(accessorOf(principal));
  if (!own.ok) throw new DomainError("forbidden", "forbidden", "this account has no patient record");
  return own.patientId;
}

/** Field problems as a 400 naming every field. */
export function fieldError(
  code: string,
  problems: { field: string; message: string }[],
  prefix = "body.",
): DomainError {
  const fields = Object.fromEntries(problems.map((p) => [`${prefix}${p.field}`, p.message]));
  const first = problems[0];
  return new DomainError(
    "invalid",
    code,
    first ? `${prefix}${first.field}: ${first.message}` : "invalid",
    fields,
  );
}
