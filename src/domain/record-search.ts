/**
 * The criteria of a search over stored records (src/domain/stored-records.ts) and the page it
 * returns: declared once for the repositories that run the searches and the interchange layer
 * (src/fhir) that asks for them. Plain types: no behaviour, no I/O.
 */

export interface Page {
  limit: number;
  offset: number;
}

/** One page of rows and the total that matched. */
export interface Found<T> {
  rows: T[];
  total: number;
}

/** A date comparison: prefix (eq, ge, le, gt, lt, ne) and day. */
export interface DateFilter {
  op: "eq" | "ge" | "le" | "gt" | "lt" | "ne";
  day: string;
}

export interface PatientSearch {
  ids: string[] | null;
  name: string | null;
  birthdate: DateFilter | null;
  identifierSystem: string | null;
  identifierValue: string | null;
}

export interface ByPatientSearch {
  ids: string[] | null;
  patientId: string | null;
  date: DateFilter | null;
  status: string | null;
}

export type CodedSearch = ByPatientSearch & { code: string | null };

export interface ObservationSearch {
  /** Ids split by kind: derived per patient (pregnancy-, fitzpatrick-) or an outcome score's uuid. */
  pregnancyOf: string[] | null;
  fitzpatrickOf: string[] | null;
  scoreIds: string[] | null;
  /** Which kinds to return (a `code` search narrows it). */
  kinds: ("pregnancy" | "fitzpatrick" | "outcome")[];
  scaleId: string | null;
  patientId: string | null;
  date: DateFilter | null;
}

export interface DocumentSearch {
  photoIds: string[] | null;
  consentIds: string[] | null;
  patientId: string | null;
  date: DateFilter | null;
  /** Photos only for roles the photo routes serve (clinicians); consent PDFs for all staff. */
  photos: boolean;
}

export interface AuditSearch {
  ids: number[] | null;
  patientId: string | null;
  date: DateFilter | null;
}
