/** Treatment plans and outcome scales as FHIR: CarePlan and Observation. */
import type { ObservationRecord, PlanRecord } from "../../domain/stored-records.ts";
import { DEPTH_RANGE_EXTENSION, type FhirResource, REMODEL_CANONICAL, SYSTEMS } from "../fhir-types.ts";
import { toFhirPregnancyObservation } from "./clinical.ts";
import { compact, meta, mm, records, ref } from "./shared.ts";

const PLAN_STATUS: Record<PlanRecord["status"], string> = {
  proposed: "draft",
  accepted: "active",
  withdrawn: "revoked",
};

/** A treatment plan: the session series (count and interval), and each zone with its depth range. */
export function toFhirCarePlan(p: PlanRecord): FhirResource {
  const zones = records(p.zones).filter((z) => typeof z.zone === "string");
  const concerns = records(p.concerns)
    .map((c) => (typeof c.indication === "string" ? c.indication : null))
    .filter((c): c is string => c !== null);
  const series = {
    detail: {
      kind: "ServiceRequest",
      code: {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/procedure`, code: "microneedling" }],
        text: "Microneedling session",
      },
      status: p.status === "withdrawn" ? "cancelled" : "not-started",
      scheduledTiming: {
        repeat: { count: p.sessions, frequency: 1, period: p.intervalWeeks, periodUnit: "wk" },
      },
      description: `${p.sessions} sessions, ${p.intervalWeeks} weeks apart${
        p.maintenanceMonths ? `; maintenance every ${p.maintenanceMonths} months` : ""
      }`,
    },
  };
  const perZone = zones.map((z) => {
    const min = typeof z.minMm === "number" ? z.minMm : null;
    const max = typeof z.maxMm === "number" ? z.maxMm : null;
    return {
      detail: compact({
        kind: "ServiceRequest",
        extension:
          min !== null && max !== null
            ? [{ url: DEPTH_RANGE_EXTENSION, valueRange: { low: mm(min), high: mm(max) } }]
            : null,
        code: {
          coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/zone`, code: String(z.zone) }],
          text: String(z.zone),
        },
        status: p.status === "withdrawn" ? "cancelled" : "not-started",
        description:
          min !== null && max !== null ? `${String(z.zone)}: ${min}–${max} mm` : `${String(z.zone)}`,
      }),
    };
  });
  return compact({
    resourceType: "CarePlan",
    id: p.id,
    meta: meta(p.acceptedAt ?? p.createdAt),
    status: PLAN_STATUS[p.status],
    intent: "plan",
    title: "Microneedling treatment series",
    description: concerns.length > 0 ? `For: ${concerns.join(", ")}` : null,
    subject: ref("Patient", p.patientId),
    created: p.createdAt.toISOString(),
    author: ref("Practitioner", p.createdBy),
    extension: [
      { url: `${REMODEL_CANONICAL}/StructureDefinition/protocol-version`, valueString: p.protocolVersion },
      {
        url: `${REMODEL_CANONICAL}/StructureDefinition/price`,
        valueMoney: { value: p.priceCents / 100 },
      },
    ],
    activity: [series, ...perZone],
  });
}

// ---------------------------------------------------------------------------------------------
// Observation: pregnancy status, Fitzpatrick skin type, outcome scores
// ---------------------------------------------------------------------------------------------

/**
 * No LOINC or SNOMED CT code for the Fitzpatrick skin type could be confirmed in a terminology
 * browser while this was written, so it is coded locally (as the protocol asks for unverified
 * codes); a confirmed standard code can be added beside it later without breaking readers.
 */
export const FITZPATRICK_CODE = {
  system: `${REMODEL_CANONICAL}/CodeSystem/observation`,
  code: "fitzpatrick",
};
export const OUTCOME_SCALE_SYSTEM = `${REMODEL_CANONICAL}/CodeSystem/outcome-scale`;
export const fitzpatrickObservationId = (patientId: string) => `fitzpatrick-${patientId}`;

export function toFhirObservation(
  o: ObservationRecord,
  scaleNames: ReadonlyMap<string, string> = new Map(),
): FhirResource | null {
  if (o.kind === "pregnancy") {
    return toFhirPregnancyObservation({ id: o.patientId, pregnant: o.pregnant, updatedAt: o.updatedAt });
  }
  if (o.kind === "fitzpatrick") {
    if (o.fitzpatrick === null) return null;
    return {
      resourceType: "Observation",
      id: fitzpatrickObservationId(o.patientId),
      meta: meta(o.updatedAt),
      status: "final",
      category: [{ coding: [{ system: SYSTEMS.observationCategory, code: "exam" }] }],
      code: {
        coding: [{ ...FITZPATRICK_CODE, display: "Fitzpatrick skin type" }],
        text: "Fitzpatrick skin type",
      },
      subject: ref("Patient", o.patientId),
      effectiveDateTime: o.updatedAt.toISOString(),
      valueCodeableConcept: {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/fitzpatrick`, code: o.fitzpatrick }],
        text: `Type ${o.fitzpatrick}`,
      },
    };
  }
  const scale = o.scaleId ?? "unknown";
  return compact({
    resourceType: "Observation",
    id: o.id,
    meta: meta(o.updatedAt),
    status: "final",
    category: [
      { coding: [{ system: SYSTEMS.observationCategory, code: o.rater === "patient" ? "survey" : "exam" }] },
    ],
    code: {
      coding: [
        {
          system: OUTCOME_SCALE_SYSTEM,
          code: scale,
          ...(scaleNames.has(scale) ? { display: scaleNames.get(scale) } : {}),
        },
      ],
      text: scaleNames.get(scale) ?? scale,
    },
    subject: ref("Patient", o.patientId),
    effectiveDateTime: o.recordedOn,
    issued: o.updatedAt.toISOString(),
    performer: o.recordedBy ? [ref("Practitioner", o.recordedBy)] : null,
    valueQuantity:
      o.value === null ? null : { value: o.value, system: SYSTEMS.ucum, code: "{score}", unit: "score" },
    method: o.rater ? { coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/rater`, code: o.rater }] } : null,
    partOf: o.chartId ? [ref("Procedure", o.chartId)] : null,
    basedOn: o.planId ? [ref("CarePlan", o.planId)] : null,
  });
}

// ---------------------------------------------------------------------------------------------
// DocumentReference: photos and signed consent PDFs, as links to the signed-in routes
// ---------------------------------------------------------------------------------------------
