/**
 * What the scheduler reads about a patient: that they exist, their medications (for the
 * preparation lead time) and their latest stored screening.
 */
import type { MedicationFields } from "../../domain/stored-records.ts";
import type { Tx } from "../pool.ts";

export async function getPatientContact(tx: Tx, id: string) {
  const { rows } = await tx.query<{ id: string; givenName: string; email: string | null }>(
    `select id, given_name as "givenName", email::text as email from patients where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Which of these patients the current clinic may book (unknown ids, and other clinics', are left out). */
export async function knownPatients(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ id: string }>({
    name: "scheduling.known-patients",
    text: "select id from patients where id = any($1::uuid[])",
    values: [ids],
  });
  return new Set(rows.map((r) => r.id));
}

/** What the preparation checklist reads of a patient's medication. */
export type PrepMedicationRow = Pick<
  MedicationFields,
  "ingredient" | "product" | "rxnorm" | "route" | "prescribed" | "ongoing" | "lastTaken" | "indication"
>;

export async function listMedicationsForPrep(tx: Tx, patientId: string) {
  const { rows } = await tx.query<PrepMedicationRow>(
    `select ingredient, product, rxnorm, route, prescribed, ongoing, last_taken as "lastTaken", indication
     from patient_medications where patient_id = $1`,
    [patientId],
  );
  return rows;
}

export async function listConditionIds(tx: Tx, patientId: string): Promise<string[]> {
  const { rows } = await tx.query<{ conditionId: string }>(
    `select distinct condition_id as "conditionId" from patient_conditions
     where patient_id = $1 and condition_id is not null and status = 'active'`,
    [patientId],
  );
  return rows.map((r) => r.conditionId);
}

/**
 * The latest screening row as JSON, when the clinical record's `screenings` table exists. It is
 * read inside a savepoint: a table of another shape gives "no screening" (the safer answer)
 * instead of failing the booking.
 */
export async function latestScreeningRow(tx: Tx, patientId: string): Promise<Record<string, unknown> | null> {
  const exists = await tx.query<{ t: string | null }>("select to_regclass('public.screenings')::text as t");
  if (!exists.rows[0]?.t) return null;
  await tx.query("savepoint latest_screening");
  try {
    const { rows } = await tx.query<{ row: Record<string, unknown> }>(
      `select to_jsonb(s.*) as row from screenings s where s.patient_id = $1
       order by s.created_at desc, s.id desc limit 1`,
      [patientId],
    );
    await tx.query("release savepoint latest_screening");
    return rows[0]?.row ?? null;
  } catch {
    await tx.query("rollback to savepoint latest_screening");
    return null;
  }
}
