/**
 * The parts of the protocol that the pathway engine (prep checklist, aftercare timeline, healing
 * forecast, event planning) reads, typed as loosely as the JSON allows so that a protocol loaded
 * from a file or a database row fits without casts, plus the input checks those modules share.
 *
 * Nothing clinical lives here: every window, text and id is read from the protocol object.
 */
import { Temporal } from "temporal-polyfill";

export { triggerClassIds } from "./protocol-core.ts";

import type { Protocol, SeriesRule as ProtocolSeriesRule, SeriesSelection } from "./types.ts";

export interface NumberRange {
  min: number;
  max: number;
}

/** `appliesWhen` of a prep step: the string "always" or one of the typed conditions. */
export interface PrepAppliesWhen {
  type: string;
  classIds?: string[];
  conditionIds?: string[];
  ruleId?: string;
}

export interface PrepEnforcement {
  type: string;
  windowDays?: number;
  onViolation?: string;
}

export interface PrepStep {
  id: string;
  daysBefore: NumberRange | null;
  text: string;
  appliesWhen: string | PrepAppliesWhen;
  enforcement: PrepEnforcement | null;
  emitInstructionWhen: string;
  source: string[];
  evidence?: string;
  fromBlogPosts?: boolean;
}

export interface RuleTrigger {
  type: string;
  classIds?: string[];
  of?: RuleTrigger[];
}

/** A contraindication or caution, as far as the pathway engine needs it. */
export interface ProtocolRule {
  id: string;
  label?: string;
  action?: string;
  trigger: RuleTrigger;
  source?: string[];
  evidence?: string;
  enabledByDefault?: boolean;
}

export interface AftercareEntry {
  id: string;
  startHours: number;
  endHours: number | null;
  type: string;
  text: string;
  source: string[];
  claimStatus?: string;
  enabledByDefault?: boolean;
  note?: string;
}

export interface PhaseDays {
  startDay: number;
  peakDay: number | null;
  endDay: number | null;
}

export interface HealingPhase {
  id: string;
  blogDefault: PhaseDays;
  literature: PhaseDays;
  source: string[];
  note?: string;
}

export interface ResultMilestone {
  id: string;
  startDays: number;
  endDays: number;
  text: string;
  source: string[];
  claimStatus?: string;
  note?: string;
}

/** A series rule: the protocol's own type (src/domain/protocol/types.ts), not a copy. */
export type SeriesRule = ProtocolSeriesRule;

/** A series id, or one chosen by Goodman & Baron grade: the protocol's own type. */
export type SeriesChoice = SeriesSelection;

export type ProtocolSource = NonNullable<Protocol["sources"]>[number];

export type ProtocolCondition = Protocol["conditions"][number];

/**
 * The protocol sections the pathway engine reads, derived from the protocol's own type (a full
 * protocol object satisfies it); the rules, prep steps and timelines are typed as loosely as the
 * JSON allows, so a protocol read from a file or a database row fits without casts.
 */
export type PathwayProtocol = Partial<
  Pick<Protocol, "ruleset" | "schemaVersion" | "conditions" | "sources">
> &
  Pick<Protocol, "seriesRules" | "seriesByIndication"> & {
    contraindications?: ProtocolRule[];
    cautions?: ProtocolRule[];
    prepSteps: PrepStep[];
    aftercareTimeline: AftercareEntry[];
    healingPhases: HealingPhase[];
    resultsTimeline: ResultMilestone[];
  };

/** Bad input to a pathway function; `field` names where, e.g. `medications[2].lastTaken`. */
export class PathwayInputError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = "PathwayInputError";
    this.field = field;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date written exactly as YYYY-MM-DD that exists (no 2025-02-30, no times). */
export function parseIsoDate(value: unknown, field: string): Temporal.PlainDate {
  if (typeof value !== "string" || !ISO_DATE.test(value)) {
    throw new PathwayInputError(field, `${JSON.stringify(value)} is not a date (YYYY-MM-DD)`);
  }
  try {
    return Temporal.PlainDate.from(value, { overflow: "reject" });
  } catch {
    throw new PathwayInputError(field, `${JSON.stringify(value)} is not a calendar date`);
  }
}

/** An exact instant: an ISO date-time with `Z` or a UTC offset. */
export function parseInstant(value: unknown, field: string): Temporal.Instant {
  if (typeof value !== "string") {
    throw new PathwayInputError(field, `${JSON.stringify(value)} is not an instant`);
  }
  try {
    return Temporal.Instant.from(value);
  } catch {
    throw new PathwayInputError(
      field,
      `${JSON.stringify(value)} is not an instant (give a date-time with Z or an offset, e.g. 2026-12-10T15:30:00Z)`,
    );
  }
}

/** An IANA time zone id that the runtime knows (Europe/London, America/New_York, UTC). */
export function checkTimeZone(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") {
    throw new PathwayInputError(field, `${JSON.stringify(value)} is not a time zone`);
  }
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(value).timeZoneId;
  } catch {
    throw new PathwayInputError(field, `${JSON.stringify(value)} is not a known time zone`);
  }
}

/** The source ids a text rests on, kept in the protocol's order, unknown ids included as given. */
export function sourceIds(ids: readonly string[] | undefined): string[] {
  return ids ? [...ids] : [];
}

/** Looks up a contraindication or caution by id. */
export function findRule(protocol: PathwayProtocol, id: string): ProtocolRule | undefined {
  return (
    protocol.contraindications?.find((rule) => rule.id === id) ??
    protocol.cautions?.find((rule) => rule.id === id)
  );
}

/** Which series rule a concern gets, per `seriesByIndication`. */
export function seriesRuleIdFor(
  protocol: PathwayProtocol,
  indication: string,
  goodmanBaronGrade: number | undefined,
  field: string,
): string {
  const choice = protocol.seriesByIndication[indication];
  if (choice === undefined) {
    const known = Object.keys(protocol.seriesByIndication).join(", ");
    throw new PathwayInputError(field, `unknown indication ${JSON.stringify(indication)} (known: ${known})`);
  }
  if (typeof choice === "string") return choice;
  const id = goodmanBaronGrade === 4 ? choice.goodmanBaronGrade4 : choice.otherwise;
  if (!id) throw new PathwayInputError(field, `the protocol gives no series for ${indication}`);
  return id;
}

/**
 * The series a concern gets under this protocol: its series rule, with the values the clinic chose
 * for that indication (a series alternative, e.g. weekly sessions for alopecia) in place.
 */
export function seriesRuleFor(
  protocol: PathwayProtocol,
  indication: string,
  goodmanBaronGrade: number | undefined,
  field: string,
): SeriesRule {
  const rule = findSeriesRule(
    protocol,
    seriesRuleIdFor(protocol, indication, goodmanBaronGrade, field),
    field,
  );
  const own = rule.byIndication?.[indication];
  return own ? { ...rule, ...own } : rule;
}

export function findSeriesRule(protocol: PathwayProtocol, id: string, field: string): SeriesRule {
  const rule = protocol.seriesRules.find((candidate) => candidate.id === id);
  if (!rule) {
    const known = protocol.seriesRules.map((candidate) => candidate.id).join(", ");
    throw new PathwayInputError(field, `unknown series rule ${JSON.stringify(id)} (known: ${known})`);
  }
  return rule;
}

/** The protocol version label shown beside every result (ruleset@schemaVersion). */
export function protocolLabel(protocol: PathwayProtocol): string {
  return `${protocol.ruleset ?? "unnamed"}@${protocol.schemaVersion ?? "?"}`;
}
