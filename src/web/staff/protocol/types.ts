// Shapes of the protocol endpoints (src/server/routes/protocol/protocol.schema.ts).

export interface RuleChoice {
  alternative?: string;
  enabled?: boolean;
  action?: string;
  windowDays?: number;
  windowMonths?: number;
}

export interface ClinicChoices {
  rules?: Record<string, RuleChoice>;
  depthCapMode?: string;
  seriesAlternatives?: string[];
  zoneCapsMm?: Record<string, number>;
}

export interface ChoiceOption {
  id: string;
  summary: string;
  note?: string;
  sources: string[];
}

export interface ChoosableRule {
  ruleId: string;
  kind: "contraindication" | "prepStep";
  label: string;
  evidence: string | null;
  sources: string[];
  default: ChoiceOption;
  alternatives: ChoiceOption[];
}

export interface Range {
  min: number;
  max: number;
}

export interface SeriesValues {
  sessions: Range;
  intervalWeeks: Range;
  maintenanceMonths: Range;
}

export interface ProtocolOverview {
  current: {
    version: string;
    isDefault: boolean;
    ruleset: string;
    choices: ClinicChoices;
    since: string | null;
  };
  defaultVersion: string;
  catalogue: {
    ruleset: string;
    rules: ChoosableRule[];
    depthCapModes: {
      id: string;
      globalMaxMm: number;
      source: string | null;
      sources: string[];
      isRulesetDefault: boolean;
    }[];
    seriesAlternatives: {
      indication: string;
      indicationLabel: string;
      seriesRule: string;
      default: SeriesValues;
      alternative: Partial<SeriesValues>;
      source: string | null;
      sources: string[];
    }[];
    sources: { id: string; citation: string; url: string | null }[];
  };
}

export interface ProtocolHistory {
  defaultVersion: string;
  total: number;
  versions: {
    version: string;
    choices: ClinicChoices;
    selectedAt: string;
    selectedBy: { id: string; name: string | null };
  }[];
}

export interface RescreenResult {
  protocolVersion: string;
  examined: number;
  rescreened: number;
  alreadyCurrent: number;
  unchanged: number;
  changes: {
    patientId: string;
    from: { outcome: string; deferUntil: string | null };
    to: { outcome: string; deferUntil: string | null };
  }[];
  failed: { patientId: string; field: string; message: string }[];
  nextAfter: string | null;
}
