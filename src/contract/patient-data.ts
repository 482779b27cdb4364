import { z } from "zod";
import { instant } from "./codecs.ts";
import { endpoint } from "./endpoint.ts";

export const patientIdParams = z.strictObject({ id: z.uuid() });

/** The export is the stored rows themselves, table by table (see docs/patient-data-rights.md). */
export const patientExport = z
  .looseObject({
    format: z.string(),
    exportedAt: z.string(),
    clinic: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    patient: z.record(z.string(), z.unknown()),
    auditEntries: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: "PatientExport" });

export const dataRightsStatus = z
  .object({
    patientId: z.uuid(),
    retentionYears: z.number().int(),
    processingRestrictedAt: instant.nullable(),
    anonymisedAt: instant.nullable(),
    lastClinicalRecordOn: z.string().nullable(),
    erasableOn: z.string().nullable(),
    erasableNow: z.boolean(),
  })
  .meta({ id: "PatientDataRights" });

export const restrictionView = z.object({
  patientId: z.uuid(),
  processingRestrictedAt: instant.nullable(),
  appointmentsCancelled: z.array(z.uuid()).optional(),
});

export const erasureView = z.object({
  outcome: z.literal("anonymised"),
  patientId: z.uuid(),
  anonymisedAt: instant,
  lastClinicalRecordOn: z.string().nullable(),
  photoFilesDeleted: z.number().int(),
  photoFilesNotDeleted: z.number().int(),
});

// Endpoints the web reads.
export const dataRights = endpoint("GET", "/api/patients/:id/data-rights", dataRightsStatus);

export const patientDataExport = endpoint("GET", "/api/patients/:id/export", patientExport);
// The owner's data-rights steps; none sends a body.
export const restrictProcessing = endpoint("POST", "/api/patients/:id/restriction", restrictionView);
export const liftRestriction = endpoint("DELETE", "/api/patients/:id/restriction", restrictionView);
export const erasePatientData = endpoint("POST", "/api/patients/:id/erasure", erasureView);
