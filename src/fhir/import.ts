/**
 * Applies an import plan (from-fhir.ts) inside the caller's one transaction: patients found by the
 * source id kept as an identifier (so a re-import updates rather than duplicates, and an identifier
 * already naming another patient stops the bundle instead of merging two people), then their
 * conditions, medications, allergies and pregnancy/breastfeeding state, each keyed by its source
 * resource. The writes go through a FhirImportTarget (source.ts) that the server builds from the
 * repositories in its one transaction.
 */
import type { ImportReport, Tally } from "../domain/import-report.ts";
import type { UpsertResult } from "../domain/stored-records.ts";
import { sourceIdSystem } from "./fhir-types.ts";
import {
  BundleError,
  type FieldError,
  type ImportPlan,
  type PatientKey,
  type StateEvidence,
} from "./from-fhir.ts";
import type { FhirImportTarget } from "./source.ts";

export type AuditFn = (
  action: string,
  resourceType: string,
  resourceId: string | null,
  detail?: Record<string, unknown>,
) => Promise<void>;

export type { ImportReport, Tally } from "../domain/import-report.ts";

const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });
const count = (t: Tally, r: UpsertResult) => {
  t[r]++;
};

/** The latest evidence wins; on the same day, "yes" wins (the safer reading). */
function decideState(evidence: StateEvidence[]): boolean {
  const sorted = [...evidence].sort(
    (a, b) => (a.date ?? "").localeCompare(b.date ?? "") || Number(a.value) - Number(b.value),
  );
  return sorted[sorted.length - 1]!.value;
}

export async function applyImport(
  target: FhirImportTarget,
  plan: ImportPlan,
  origin: string,
  audit: AuditFn,
): Promise<ImportReport> {
  const patientSystem = sourceIdSystem(origin, "Patient");
  const report: ImportReport = {
    bundleType: plan.bundleType,
    resources: plan.resourceCount,
    patients: { ...tally(), ids: [] },
    conditions: { ...tally(), mapped: 0 },
    medications: tally(),
    allergies: { ...tally(), mapped: 0 },
    states: { pregnant: 0, breastfeeding: 0 },
    skipped: plan.skipped,
    unmapped: plan.unmapped,
  };
  const errors: FieldError[] = [];
  const bySource = new Map<string, string>();

  for (const p of plan.patients) {
    const path = `entry[${p.entry}].resource`;
    const fields = {
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      email: p.email,
      phone: p.phone,
    };
    let id = await target.findPatientByIdentifier(patientSystem, p.sourceId);
    const existed = id !== null;
    if (id) {
      count(report.patients, (await target.updatePatient(id, fields)) ? "updated" : "unchanged");
    } else {
      id = await target.insertPatient(fields);
      await target.claimIdentifier(id, patientSystem, p.sourceId);
      count(report.patients, "created");
    }
    for (const [i, ident] of p.identifiers.entries()) {
      const owner = await target.claimIdentifier(id, ident.system, ident.value);
      if (owner !== id) {
        errors.push({
          path: `${path}.identifier[${i}]`,
          message: `${ident.system}|${ident.value} already identifies another patient; not merged (check the source record)`,
        });
      }
    }
    bySource.set(p.sourceId, id);
    report.patients.ids.push(id);
    await audit(existed ? "patient.reimport" : "patient.import", "patient", id, {
      source: "fhir",
    });
  }

  const resolve = async (key: PatientKey): Promise<string | null> => {
    const known = bySource.get(key.sourceId);
    if (known) return known;
    const found = key.inBundle ? null : await target.findPatientByIdentifier(patientSystem, key.sourceId);
    if (found) {
      bySource.set(key.sourceId, found);
      return found;
    }
    errors.push({
      path: `${key.path}.reference`,
      message: "points to no Patient in this bundle or imported before",
    });
    return null;
  };

  for (const c of plan.conditions) {
    const patientId = await resolve(c.patient);
    if (!patientId) continue;
    const { entry: _e, sourceRef, patient: _p, ...fields } = c;
    count(report.conditions, await target.upsertCondition(patientId, sourceRef, fields));
    if (c.conditionId) report.conditions.mapped++;
  }
  for (const m of plan.medications) {
    const patientId = await resolve(m.patient);
    if (!patientId) continue;
    const { entry: _e, sourceRef, patient: _p, ...fields } = m;
    count(report.medications, await target.upsertMedication(patientId, sourceRef, fields));
  }
  for (const a of plan.allergies) {
    const patientId = await resolve(a.patient);
    if (!patientId) continue;
    const { entry: _e, sourceRef, patient: _p, ...fields } = a;
    count(report.allergies, await target.upsertAllergy(patientId, sourceRef, fields));
    if (a.conditionId) report.allergies.mapped++;
  }
  const evidence = new Map<string, StateEvidence[]>();
  for (const s of plan.states) {
    const patientId = await resolve(s.patient);
    if (!patientId) continue;
    const key = `${patientId}|${s.state}`;
    evidence.set(key, [...(evidence.get(key) ?? []), s]);
  }
  for (const [key, list] of evidence) {
    const [patientId, state] = key.split("|") as [string, "pregnant" | "breastfeeding"];
    if (await target.applyState(patientId, state, decideState(list))) report.states[state]++;
  }
  // Anything wrong stops the whole bundle: the caller's transaction rolls back.
  if (errors.length > 0) throw new BundleError(errors);
  await audit("fhir.import", "Bundle", null, {
    resources: report.resources,
    patients: report.patients.ids,
    conditions: { ...report.conditions },
    medications: { ...report.medications },
    allergies: { ...report.allergies },
  });
  return report;
}
