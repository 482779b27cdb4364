import type { Tx } from "../pool.ts";

export interface PatientMatch {
  clinicId: string;
  clinicSlug: string;
  timeZone: string;
  patientId: string;
}

/**
 * For administrator tools on the owner connection (no clinic yet, so no row-level security):
 * the patients a reference names in any clinic, or in the one clinic given: by Remodel's id, or
 * by an identifier kept on the patient (an imported record's source id, an MRN).
 */
export async function findPatientsByReference(
  q: Pick<Tx, "query">,
  ref: string,
  clinicSlug: string | null,
): Promise<PatientMatch[]> {
  const { rows } = await q.query<PatientMatch>(
    `select distinct c.id as "clinicId", c.slug as "clinicSlug", c.time_zone as "timeZone", m.patient_id as "patientId"
     from (
       select p.clinic_id, p.id as patient_id from patients p where p.id::text = lower($1)
       union
       select i.clinic_id, i.patient_id from patient_identifiers i where i.value = $1
     ) m
     join clinics c on c.id = m.clinic_id
     join patients p on p.id = m.patient_id and p.clinic_id = m.clinic_id and p.anonymised_at is null
     where $2::text is null or c.slug = $2
     order by c.slug, m.patient_id`,
    [ref, clinicSlug],
  );
  return rows;
}
