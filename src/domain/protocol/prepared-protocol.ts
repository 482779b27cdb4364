/**
 * A protocol prepared for a browser: checked where it is built (the full loader in protocol.ts,
 * with its schema), then cut down to what screening and the public self-check read, with the
 * version of the whole protocol carried along. The browser adopts it without checking it again,
 * and runs the same screening engine the server runs on it; its decisions name the version of the
 * full protocol, exactly as the server's do.
 *
 * What is left out is documentation the engine never reads: codes, study notes, recorded
 * alternatives (applied by applyClinicChoices before preparing, never after), the depth table,
 * aftercare and procedure texts, outcome scales, and sources no rule names. Everything a rule, a plan or an explanation uses
 * stays, and a test screens many generated inputs both ways to prove the decisions are identical.
 */
import {
  cloneJson,
  deepFreeze,
  ProtocolError,
  protocolVersion,
  recordProtocolVersion,
} from "./protocol-core.ts";
import type { Protocol } from "./types.ts";

export interface PreparedProtocol {
  /** The version of the full protocol this was cut from (`protocolVersion`). */
  version: string;
  protocol: Protocol;
}

/** Members of rules that only document them. */
const NOTES = ["alternatives", "codes", "fromBlogPosts", "note", "notes", "capSource", "kind", "status"];

function withoutNotes<T extends object>(item: T): T {
  const out = { ...item } as Record<string, unknown>;
  for (const key of NOTES) delete out[key];
  return out as T;
}

/** Cuts a loaded (checked, frozen) protocol down for a browser, keeping its version. */
export function prepareProtocol(protocol: Protocol): PreparedProtocol {
  const p = cloneJson(protocol);
  const slim: Protocol = {
    schemaVersion: p.schemaVersion,
    ruleset: p.ruleset,
    sources: undefined,
    conditions: p.conditions.map((c) => ({ id: c.id })),
    indications: p.indications.map((i) => ({ id: i.id, label: i.label })),
    medicationClasses: p.medicationClasses.map((c) => ({
      id: c.id,
      members: c.members.map((m) => ({
        ingredient: m.ingredient,
        routes: m.routes,
        whenPrescribed: m.whenPrescribed,
        rxnorm: m.rxnorm ? { code: m.rxnorm.code } : m.rxnorm,
      })),
    })),
    medicationVocabulary: p.medicationVocabulary,
    contraindications: p.contraindications.map(withoutNotes),
    cautions: p.cautions.map(withoutNotes),
    prepSteps: p.prepSteps.map(withoutNotes),
    zones: p.zones.map(withoutNotes),
    zoneRules: p.zoneRules.map(withoutNotes),
    indicationDepth: Object.fromEntries(
      Object.entries(p.indicationDepth).map(([id, d]) => [id, withoutNotes(d)]),
    ),
    seriesRules: p.seriesRules.map(withoutNotes),
    seriesByIndication: p.seriesByIndication,
    planAlgorithm: {
      depthCapModes: p.planAlgorithm.depthCapModes,
      defaultDepthCapMode: p.planAlgorithm.defaultDepthCapMode,
    },
    clinicChoices: p.clinicChoices,
  };
  // The citations of the sources a rule names (the ones an explanation can show).
  const named = new Set<string>();
  JSON.stringify(slim, (key, value: unknown) => {
    if (key === "source" && Array.isArray(value)) for (const id of value) named.add(String(id));
    return value;
  });
  slim.sources = p.sources?.filter((s) => named.has(s.id)).map((s) => ({ id: s.id, citation: s.citation }));
  // JSON drops the members left undefined, as the file the build writes will.
  return { version: protocolVersion(protocol), protocol: cloneJson(slim) };
}

/**
 * The protocol a browser screens with, from a prepared protocol (as built, not from a person):
 * frozen, and carrying the full protocol's version.
 */
export function adoptPreparedProtocol(prepared: PreparedProtocol): Protocol {
  if (!prepared || typeof prepared.version !== "string" || typeof prepared.protocol !== "object") {
    throw new ProtocolError("not a prepared protocol");
  }
  const protocol = deepFreeze(cloneJson(prepared.protocol));
  recordProtocolVersion(protocol, prepared.version);
  return protocol;
}
