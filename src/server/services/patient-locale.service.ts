/**
 * The patient's own language for the portal, e-mails and consent forms: read and set by the patient
 * only (the patient is the session's, never a path parameter), audited like their other own data.
 */

import { PATIENT_LOCALES } from "../../contract/portal.ts";
import type { Db } from "../../db/pool.ts";
import { findPatientLocale, setPatientLocale } from "../../db/repositories/patient-side.repository.ts";
import { clinicalTx } from "./clinical-tx.ts";
import { ownPatientId } from "./record-context.ts";
import type { RequestContext } from "./request-context.ts";

export { PATIENT_LOCALES };
export type PatientLocale = (typeof PATIENT_LOCALES)[number];

export class PatientLocaleService {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  get(ctx: RequestContext) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      const locale = await findPatientLocale(tx, patientId);
      await audit("portal.locale_read", "patient", patientId, {});
      return { locale: (locale as PatientLocale | null) ?? null };
    });
  }

  set(ctx: RequestContext, locale: PatientLocale) {
    const patientId = ownPatientId(ctx.principal);
    return clinicalTx(this.#db, ctx, async (tx, audit) => {
      await setPatientLocale(tx, patientId, locale);
      await audit("portal.locale_set", "patient", patientId, { locale });
      return { locale };
    });
  }
}
