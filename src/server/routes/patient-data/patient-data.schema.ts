import { z } from "zod";

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
    processingRestrictedAt: z.date().nullable(),
    anonymisedAt: z.date().nullable(),
    lastClinicalRecordOn: z.string().nullable(),
    erasableOn: z.string().nullable(),
    erasableNow: z.boolean(),
  })
  .meta({ id: "PatientDataRights" });

export const restrictionView = z.object({
  patientId: z.uuid(),
  processingRestrictedAt: z.date().nullable(),
  appointmentsCancelled: z.array(z.uuid()).optional(),
});

export const erasureView = z.object({
  outcome: z.literal("anonymised"),
  patientId: z.uuid(),
  anonymisedAt: z.date(),
  lastClinicalRecordOn: z.string().nullable(),
  photoFilesDeleted: z.number().int(),
  photoFilesNotDeleted: z.number().int(),
});
