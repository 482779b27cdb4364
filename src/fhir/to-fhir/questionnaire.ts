/** The intake as FHIR: the Questionnaire and the patient's QuestionnaireResponse. */
import type { IntakeRecord } from "../../domain/stored-records.ts";
import {
  type FhirResource,
  PROTOCOL_CONDITION_SYSTEM,
  REMODEL_CANONICAL,
  ZONE_SYSTEM,
} from "../fhir-types.ts";
import { compact, meta, records, ref } from "./shared.ts";

export const INTAKE_QUESTIONNAIRE_ID = "intake";
export const INTAKE_QUESTIONNAIRE_URL = `${REMODEL_CANONICAL}/Questionnaire/${INTAKE_QUESTIONNAIRE_ID}`;

export interface IntakeQuestionnaireDefinition {
  conditions: { id: string; label: string }[];
  indications: { id: string; label: string; zones: string[] }[];
  zones: { id: string; label: string; face: boolean }[];
  fitzpatrick: { value: string; description: string }[];
}

const option = (system: string, code: string, display?: string) => ({
  valueCoding: compact({ system, code, display }),
});
const LOCAL = (name: string) => `${REMODEL_CANONICAL}/CodeSystem/${name}`;
const CONDITION_STATUSES = ["active", "resolved", "history"];
const SEVERITIES = ["mild", "moderate", "severe"];
const ROUTES = ["oral", "topical", "subcutaneous", "intravenous"];

/** The intake questionnaire as the protocol builds it: linkIds are the answer fields' names. */
export function toFhirQuestionnaire(q: IntakeQuestionnaireDefinition, protocolVersion: string): FhirResource {
  const choice = (linkId: string, text: string, options: object[], extra: object = {}) => ({
    linkId,
    text,
    type: "choice",
    answerOption: options,
    ...extra,
  });
  return {
    resourceType: "Questionnaire",
    id: INTAKE_QUESTIONNAIRE_ID,
    url: INTAKE_QUESTIONNAIRE_URL,
    version: protocolVersion,
    name: "RemodelIntake",
    title: "Microneedling intake questionnaire",
    status: "active",
    subjectType: ["Patient"],
    publisher: "Remodel",
    description: "What a patient is asked before a consultation, built from the clinic's protocol.",
    item: [
      { linkId: "pregnant", text: "Are you pregnant?", type: "boolean" },
      { linkId: "breastfeeding", text: "Are you breastfeeding?", type: "boolean" },
      { linkId: "deliveryDate", text: "Date of delivery, if you gave birth recently", type: "date" },
      choice(
        "fitzpatrick",
        "Skin type (Fitzpatrick)",
        q.fitzpatrick.map((f) => option(LOCAL("fitzpatrick"), f.value, f.description)),
        { required: true },
      ),
      {
        linkId: "conditions",
        text: "Conditions",
        type: "group",
        repeats: true,
        item: [
          choice(
            "conditions.conditionId",
            "Condition",
            q.conditions.map((c) => option(PROTOCOL_CONDITION_SYSTEM, c.id, c.label)),
            { required: true },
          ),
          choice(
            "conditions.status",
            "Status",
            CONDITION_STATUSES.map((s) => option(LOCAL("condition-status"), s)),
          ),
          { linkId: "conditions.site", text: "Where", type: "string" },
          { linkId: "conditions.inTreatmentArea", text: "In the area to be treated", type: "boolean" },
          choice(
            "conditions.severity",
            "Severity",
            SEVERITIES.map((s) => option(LOCAL("severity"), s)),
          ),
          { linkId: "conditions.onset", text: "Since", type: "date" },
          { linkId: "conditions.resolved", text: "Resolved on", type: "date" },
        ],
      },
      {
        linkId: "medications",
        text: "Medications",
        type: "group",
        repeats: true,
        item: [
          { linkId: "medications.ingredient", text: "Medication", type: "string", required: true },
          { linkId: "medications.product", text: "Product name", type: "string" },
          choice(
            "medications.route",
            "Taken how",
            ROUTES.map((r) => option(LOCAL("route"), r)),
          ),
          { linkId: "medications.prescribed", text: "Prescribed", type: "boolean" },
          { linkId: "medications.ongoing", text: "Still taking it", type: "boolean" },
          { linkId: "medications.lastTaken", text: "Last taken", type: "date" },
        ],
      },
      {
        linkId: "history",
        text: "History",
        type: "group",
        item: [
          { linkId: "history.keloids", text: "Have you had keloid scars?", type: "boolean" },
          { linkId: "history.coldSores", text: "Do you get cold sores?", type: "boolean" },
        ],
      },
      {
        linkId: "concerns",
        text: "What would you like treated?",
        type: "group",
        repeats: true,
        item: [
          choice(
            "concerns.indication",
            "Concern",
            q.indications.map((i) => option(LOCAL("indication"), i.id, i.label)),
            { required: true },
          ),
          choice(
            "concerns.zones",
            "Areas",
            q.zones.map((z) => option(ZONE_SYSTEM, z.id, z.label)),
            { repeats: true },
          ),
        ],
      },
    ],
  };
}

type Answer = Record<string, unknown>;

/** One answer of the right type for a value as stored, or none for null/unknown shapes. */
function answerOf(v: unknown, kind: "boolean" | "date" | "string" | "coding", system?: string): Answer[] {
  if (v === null || v === undefined) return [];
  if (kind === "boolean") return typeof v === "boolean" ? [{ valueBoolean: v }] : [];
  if (kind === "date")
    return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? [{ valueDate: v }] : [];
  if (kind === "string") return typeof v === "string" && v.trim() ? [{ valueString: v }] : [];
  return typeof v === "string" || typeof v === "number" ? [{ valueCoding: { system, code: String(v) } }] : [];
}

function answered(linkId: string, answer: Answer[]) {
  return answer.length > 0 ? [{ linkId, answer }] : [];
}

/** One intake submission, answers under the questionnaire's linkIds. */
export function toFhirQuestionnaireResponse(r: IntakeRecord): FhirResource {
  const a = (typeof r.answers === "object" && r.answers !== null ? r.answers : {}) as Record<string, unknown>;
  const history = (typeof a.history === "object" && a.history !== null ? a.history : {}) as Record<
    string,
    unknown
  >;
  const item: Record<string, unknown>[] = [
    ...answered("pregnant", answerOf(a.pregnant, "boolean")),
    ...answered("breastfeeding", answerOf(a.breastfeeding, "boolean")),
    ...answered("deliveryDate", answerOf(a.deliveryDate, "date")),
    ...answered("fitzpatrick", answerOf(a.fitzpatrick, "coding", LOCAL("fitzpatrick"))),
    ...records(a.conditions).map((c) => ({
      linkId: "conditions",
      item: [
        ...answered("conditions.conditionId", answerOf(c.conditionId, "coding", PROTOCOL_CONDITION_SYSTEM)),
        ...answered("conditions.status", answerOf(c.status, "coding", LOCAL("condition-status"))),
        ...answered("conditions.site", answerOf(c.site, "string")),
        ...answered("conditions.inTreatmentArea", answerOf(c.inTreatmentArea, "boolean")),
        ...answered("conditions.severity", answerOf(c.severity, "coding", LOCAL("severity"))),
        ...answered("conditions.onset", answerOf(c.onset, "date")),
        ...answered("conditions.resolved", answerOf(c.resolved, "date")),
      ],
    })),
    ...records(a.medications).map((m) => ({
      linkId: "medications",
      item: [
        ...answered("medications.ingredient", answerOf(m.ingredient, "string")),
        ...answered("medications.product", answerOf(m.product, "string")),
        ...answered("medications.route", answerOf(m.route, "coding", LOCAL("route"))),
        ...answered("medications.prescribed", answerOf(m.prescribed, "boolean")),
        ...answered("medications.ongoing", answerOf(m.ongoing, "boolean")),
        ...answered("medications.lastTaken", answerOf(m.lastTaken, "date")),
      ],
    })),
    {
      linkId: "history",
      item: [
        ...answered("history.keloids", answerOf(history.keloids, "boolean")),
        ...answered("history.coldSores", answerOf(history.coldSores, "boolean")),
      ],
    },
    ...records(a.concerns).map((c) => ({
      linkId: "concerns",
      item: [
        ...answered("concerns.indication", answerOf(c.indication, "coding", LOCAL("indication"))),
        ...answered(
          "concerns.zones",
          (Array.isArray(c.zones) ? c.zones : []).flatMap((z) => answerOf(z, "coding", ZONE_SYSTEM)),
        ),
      ],
    })),
  ].filter((i) => !("item" in i) || i.item.length > 0);
  return {
    resourceType: "QuestionnaireResponse",
    id: r.id,
    meta: meta(r.submittedAt),
    questionnaire: `${INTAKE_QUESTIONNAIRE_URL}|${r.protocolVersion}`,
    status: "completed",
    subject: ref("Patient", r.patientId),
    authored: r.submittedAt.toISOString(),
    author: r.submitterPatientId ? ref("Patient", r.submitterPatientId) : ref("Practitioner", r.submittedBy),
    extension: [{ url: `${REMODEL_CANONICAL}/StructureDefinition/intake-version`, valueInteger: r.version }],
    ...(item.length > 0 ? { item } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// CarePlan (the treatment series)
// ---------------------------------------------------------------------------------------------
