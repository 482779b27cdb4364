/**
 * What importing one FHIR bundle did, as the importer reports it (API, CLI). The API answers it
 * through the contract's schema (src/contract/fhir-import.ts), which the staff import page reads;
 * the route's response schema keeps the two from drifting apart.
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
