// Shapes of the screening endpoints (src/server/routes/screenings/screenings.schema.ts).

export interface Explanation {
  id: string;
  kind: "reason" | "caution" | "prepInstruction" | "excludedZone";
  patientText: string;
  clinicianText: string;
  sources: string[];
  earliestEligible?: string;
  zone?: string;
}

export interface Range {
  min: number;
  max: number;
}

export interface ScreeningOutput {
  outcome: "eligible" | "defer" | "needs-physician-clearance" | "decline";
  deferral: "none" | "dated" | "undated";
  deferUntil: string | null;
  reasons: string[];
  cautions: string[];
  prepInstructions: string[];
  plan: {
    series: {
      indication: string;
      seriesRule: string;
      sessions: Range;
      intervalWeeks: Range;
      maintenanceMonths: Range;
    }[];
    combined: { sessions: Range; intervalWeeks: Range; maintenanceMonths: Range };
    maxDepthMmByZone: Record<string, number>;
    excludedZones: { zone: string; reason: string }[];
  } | null;
  protocolVersion: string;
  requiresReview: boolean;
  unrecognizedMedications: { index: number; name: string }[];
  explanations: Explanation[];
}

export interface Screening {
  id: string;
  patientId: string;
  kind: "screening" | "rescreen";
  rescreenOf: string | null;
  protocolVersion: string;
  screeningDate: string;
  requestedAppointment: string;
  outcome: ScreeningOutput["outcome"];
  deferral: string;
  deferUntil: string | null;
  requiresReview: boolean;
  reviewNotes: { kind: string; recordId: string; label: string }[];
  output: ScreeningOutput;
  screenedBy: { id: string; name: string | null };
  createdAt: string;
}

export interface ProfileCondition {
  id: string;
  conditionId: string | null;
  label: string;
  icd10cm: string | null;
  status: string;
  inTreatmentArea: boolean;
  /** Where the patient placed it (treatment zones, "not-sure", "elsewhere"), when asked. */
  zones: string[] | null;
  site: string | null;
  severity: string | null;
  onset: string | null;
  resolved: string | null;
}

export interface ProfileMedication {
  id: string;
  ingredient: string;
  product: string | null;
  rxnorm: string | null;
  route: string;
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string | null;
  started: string | null;
  indication: string | null;
}

export interface ClinicalProfile {
  patient: {
    id: string;
    sex: string;
    fitzpatrick: string | null;
    pregnant: boolean | null;
    breastfeeding: boolean | null;
  };
  conditions: ProfileCondition[];
  medications: ProfileMedication[];
  protocolVersion: string;
  vocabulary: {
    conditions: { id: string; label: string }[];
    indications: { id: string; label: string; zones: string[]; graded: boolean }[];
    zones: { id: string; label: string; prohibited: boolean }[];
    routes: string[];
  };
}
