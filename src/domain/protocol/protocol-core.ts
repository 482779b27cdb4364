/**
 * The parts of the protocol module that need no schema library: the version of a protocol, whether
 * a rule runs, the medication classes a patient must never be told to stop, and freezing. The
 * screening engine imports only these, so that it runs in a browser without the loader's checks
 * (`protocol.ts` validates; `prepared-protocol.ts` carries a protocol validated at build time).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Protocol } from "./types.ts";

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** A rule trigger as far as medication classes go (nested `all` groups included). */
export interface ClassTrigger {
  type: string;
  classIds?: readonly string[];
  of?: readonly ClassTrigger[];
}

/** Every medication class a trigger names, including inside `all` groups. */
export function triggerClassIds(trigger: ClassTrigger | undefined): string[] {
  if (!trigger) return [];
  return [...(trigger.classIds ?? []), ...(trigger.of ?? []).flatMap((sub) => triggerClassIds(sub))];
}

/** The parts of a protocol that say which medications a patient must never be told to stop. */
export interface ProtectionSections {
  contraindications?: readonly { id: string; action?: string; trigger: ClassTrigger }[];
  cautions?: readonly { id: string; trigger: ClassTrigger }[];
  prepSteps: readonly { appliesWhen: string | { type: string; ruleId?: string } }[];
}

/**
 * Medication classes a patient must never be told to stop (prescribed antithrombotics): the
 * classes of every contraindication whose action is physician clearance, and of every rule a prep
 * step points at by rule (such a step advises, e.g. "do not stop"; it never washes anything out).
 * The screening engine, the protocol checks and the preparation checklist all read this one set.
 */
export function protectedMedicationClasses(protocol: ProtectionSections): Set<string> {
  const rules = new Map<string, ClassTrigger>();
  for (const rule of protocol.contraindications ?? []) rules.set(rule.id, rule.trigger);
  for (const rule of protocol.cautions ?? []) rules.set(rule.id, rule.trigger);
  const out = new Set<string>();
  for (const rule of protocol.contraindications ?? []) {
    if (rule.action === "physician-clearance") for (const id of triggerClassIds(rule.trigger)) out.add(id);
  }
  for (const step of protocol.prepSteps) {
    const when = step.appliesWhen;
    if (typeof when !== "object" || when.type !== "rule" || !when.ruleId) continue;
    for (const id of triggerClassIds(rules.get(when.ruleId))) out.add(id);
  }
  return out;
}

/** Whether a rule runs: a clinic's explicit choice, else enabledByDefault, else (no flag) it runs. */
export function isRuleEnabled(rule: { enabled?: boolean; enabledByDefault?: boolean }): boolean {
  if (rule.enabled !== undefined) return rule.enabled;
  return rule.enabledByDefault !== false;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------------------------
// Version: ruleset@schemaVersion+sha256:<12 hex> over canonical JSON of the whole protocol
// ---------------------------------------------------------------------------------------------

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

const versions = new WeakMap<object, string>();

export function protocolVersion(protocol: Protocol): string {
  const cached = versions.get(protocol);
  if (cached) return cached;
  const digest = bytesToHex(sha256(utf8ToBytes(canonicalJson(protocol)))).slice(0, 12);
  const version = `${protocol.ruleset}@${protocol.schemaVersion}+sha256:${digest}`;
  versions.set(protocol, version);
  return version;
}

/**
 * Records the version of a frozen protocol that was cut down from a larger one (a prepared
 * protocol): decisions made with the cut-down copy then name the protocol they came from.
 */
export function recordProtocolVersion(protocol: Protocol, version: string): void {
  if (!Object.isFrozen(protocol)) throw new ProtocolError("only a frozen protocol can carry a version");
  versions.set(protocol, version);
}
