/**
 * What importing one FHIR bundle did, as the import answers it (API, CLI) and the staff import
 * page shows it. One shape for the importer and the page, so neither drifts from the other.
 */
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

/** A code the protocol has no rule for, reported rather than guessed. */
export interface UnmappedCode {
  entry: number;
  resourceType: string;
  codes: string;
  reason: string;
}

export interface ImportReport {
  bundleType: string;
  resources: number;
  patients: Tally & { ids: string[] };
  conditions: Tally & { mapped: number };
  medications: Tally;
  allergies: Tally & { mapped: number };
  states: { pregnant: number; breastfeeding: number };
  skipped: Record<string, number>;
  unmapped: UnmappedCode[];
}
