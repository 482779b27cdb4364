/**
 * The parts of the protocol that the pathway engine (prep checklist, aftercare timeline, healing
 * forecast, event planning) reads, as a view derived from the protocol's own type (inferred from
 * its one schema, schema.ts), plus the input checks those modules share.
 *
 * Nothing clinical lives here: every window, text and id is read from the protocol object.
 */
import { Temporal } from "temporal-polyfill";

export { triggerClassIds } from "./protocol-core.ts";

import type {
  AftercareEntry,
  Caution,
  Contraindication,
  PrepStep,
  Protocol,
  Range,
  SeriesRule,
  SeriesSelection,
} from "./types.ts";

// The pathway engine reads the protocol's own types (inferred from the one schema, schema.ts);
// these names are kept for the modules that read them.
export type {
  AftercareEntry,
  HealingPhase,
  PhaseDays,
  PrepStep,
  ResultMilestone,
  SeriesRule,
} from "./types.ts";

export type NumberRange = Range;

/** A series id, or one chosen by Goodman & Baron grade: the protocol's own type. */
export type SeriesChoice = SeriesSelection;

export type ProtocolSource = NonNullable<Protocol["sources"]>[number];

export type ProtocolCondition = Protocol["conditions"][number];

/** A contraindication or caution: the rules a prep step or a triage answer may name. */
export type ProtocolRule = Contraindication | Caution;

/**
 * `appliesWhen` of a prep step, read field by field: which medication classes, conditions or rule
 * it names (a view of the protocol's trigger union, not a second definition of it).
 */
export interface PrepAppliesWhen {
  type: string;
  classIds?: string[];
  conditionIds?: string[];
  ruleId?: string;
}

/** The prep step's `appliesWhen`, or null when it always applies. */
export function appliesWhenOf(step: PrepStep): PrepAppliesWhen | null {
  return typeof step.appliesWhen === "string" ? null : (step.appliesWhen as PrepAppliesWhen);
}

/**
 * The protocol sections the pathway engine reads, derived from the protocol's own type (a full
 * protocol object satisfies it): the timelines, optional in a protocol, are required here.
 */
export type PathwayProtocol = Partial<
  Pick<Protocol, "ruleset" | "schemaVersion" | "conditions" | "sources" | "contraindications" | "cautions">
> &
  Pick<Protocol, "seriesRules" | "seriesByIndication" | "prepSteps"> & {
    aftercareTimeline: AftercareEntry[];
    healingPhases: NonNullable<Protocol["healingPhases"]>;
    resultsTimeline: NonNullable<Protocol["resultsTimeline"]>;
  };

/**
 * A protocol as the pathway engine reads it: the same object, once its timelines (optional in a
 * protocol) are known to be there.
 */
export function pathwayOf(protocol: Protocol): PathwayProtocol {
  for (const section of ["aftercareTimeline", "healingPhases", "resultsTimeline"] as const) {
    if (!protocol[section]) throw new PathwayInputError(`protocol.${section}`, "missing from the protocol");
  }
  return protocol as PathwayProtocol;
}

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
