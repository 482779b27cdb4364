/** Photos, signed consents and the audit trail as FHIR: DocumentReference and AuditEvent. */
import type { AuditRecord, DocumentRecord } from "../../domain/stored-records.ts";
import { type FhirResource, REMODEL_CANONICAL, SYSTEMS } from "../fhir-types.ts";
import { compact, meta, ref } from "./shared.ts";

export const photoDocumentId = (id: string) => `photo-${id}`;
export const consentDocumentId = (id: string) => `consent-${id}`;

/**
 * `appBase` is the site's origin (the FHIR base without /fhir/r4). The bytes stay behind the
 * signed-in routes: a photo link opens in the clinical context, which the photo routes allow
 * for every photo of the patient and for clinicians only.
 */
export function toFhirDocumentReference(d: DocumentRecord, appBase: string): FhirResource {
  if (d.kind === "photo") {
    return compact({
      resourceType: "DocumentReference",
      id: photoDocumentId(d.id),
      meta: meta(d.createdAt),
      status: "current",
      type: {
        coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/document-type`, code: "clinical-photo" }],
        text: "Clinical photograph",
      },
      category: [
        {
          coding: [
            { system: `${REMODEL_CANONICAL}/CodeSystem/photo-consent-scope`, code: d.scope ?? "clinical" },
          ],
          text: `taken under a ${d.scope ?? "clinical"} photo consent`,
        },
      ],
      subject: ref("Patient", d.patientId),
      date: d.createdAt.toISOString(),
      description: `Photo, ${d.label} view`,
      content: [
        {
          attachment: {
            contentType: "image/jpeg",
            url: `${appBase}/api/photos/${d.id}/image?context=clinical`,
            title: `${d.label} ${d.day}`,
            creation: d.day,
          },
        },
      ],
      context: compact({
        related: [
          ...(d.consentId ? [ref("Consent", d.consentId)] : []),
          ...(d.chartId ? [ref("Procedure", d.chartId)] : []),
        ],
        period: { start: d.day },
      }),
    });
  }
  return compact({
    resourceType: "DocumentReference",
    id: consentDocumentId(d.id),
    meta: meta(d.createdAt),
    status: "current",
    type: { coding: [{ system: SYSTEMS.loinc, code: "59284-0", display: "Patient Consent" }] },
    subject: ref("Patient", d.patientId),
    date: d.createdAt.toISOString(),
    description: `Signed ${d.label} consent${d.templateVersion ? `, template version ${d.templateVersion}` : ""}`,
    content: [
      {
        attachment: {
          contentType: "application/pdf",
          url: `${appBase}/api/consents/${d.id}/pdf`,
          title: `${d.label} consent ${d.day}`,
          creation: d.createdAt.toISOString(),
        },
      },
    ],
    context: { related: [ref("Consent", d.id)] },
  });
}

// ---------------------------------------------------------------------------------------------
// AuditEvent
// ---------------------------------------------------------------------------------------------

/** C, R, U, D or E from Remodel's action names (`patient.read`, `chart.sign`, `fhir.search`). */
function auditAction(action: string): string {
  const verb = action.split(".").pop() ?? "";
  if (/^(create|import|book|upload|sign|add|record|submit|start)/.test(verb)) return "C";
  if (/^(read|list|view|search|gallery|download|deliveries)/.test(verb)) return "R";
  if (/^(update|reimport|cancel|reschedule|accept|withdraw|edit|change)/.test(verb)) return "U";
  if (/^(delete|remove|anonymise)/.test(verb)) return "D";
  return "E";
}

export function toFhirAuditEvent(a: AuditRecord, clinicId: string): FhirResource {
  const entity: Record<string, unknown>[] = [];
  if (a.patientId)
    entity.push({
      what: ref("Patient", a.patientId),
      type: { code: "1", system: "http://terminology.hl7.org/CodeSystem/audit-entity-type" },
    });
  if (a.resourceId && !(a.resourceType === "patient" && a.resourceId === a.patientId))
    entity.push({
      what: {
        identifier: { system: `${REMODEL_CANONICAL}/audit-resource/${a.resourceType}`, value: a.resourceId },
      },
    });
  return {
    resourceType: "AuditEvent",
    id: String(a.id),
    type: { system: SYSTEMS.dicomDcid, code: "110110", display: "Patient Record" },
    subtype: [{ system: `${REMODEL_CANONICAL}/CodeSystem/audit-action`, code: a.action }],
    action: auditAction(a.action),
    recorded: a.at.toISOString(),
    outcome: "0",
    agent: [
      compact({
        type: a.actorRole
          ? { coding: [{ system: `${REMODEL_CANONICAL}/CodeSystem/staff-role`, code: a.actorRole }] }
          : null,
        who:
          a.actorUserId && a.actorRole !== "patient"
            ? ref("Practitioner", a.actorUserId)
            : a.actorUserId
              ? {
                  identifier: { system: `${REMODEL_CANONICAL}/user`, value: a.actorUserId },
                  display: "patient portal user",
                }
              : { display: a.userAgent ?? "system" },
        requestor: true,
        network: a.ip ? { address: a.ip, type: "2" } : null,
      }),
    ],
    source: {
      observer: ref("Organization", clinicId),
      type: [{ system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4" }],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
}
