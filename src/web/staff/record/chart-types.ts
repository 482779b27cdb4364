/** The session chart as the chart screens read it (GET /api/charts/:id, /api/charts/options). */
import type { DayOfChanges, Vocabulary } from "./day-of-check.tsx";

export interface ZoneRow {
  zone: string;
  depthMm: number;
  passes: number;
  pattern: string;
}

export interface AdverseEvent {
  kind: string;
  severity: "mild" | "moderate" | "severe";
  action: string;
}

export interface Checklist {
  steps?: Record<string, boolean>;
  anaesthetic?: { product: string; startedAt: string; endedAt: string } | null;
  incompleteReason?: string | null;
}

export interface Chart {
  id: string;
  status: "open" | "stopped" | "signed";
  planId: string | null;
  appointmentId: string | null;
  providerId: string;
  sessionDate: string;
  rescreen: {
    changes?: Partial<DayOfChanges>;
    decision?: {
      outcome?: string;
      requiresReview?: boolean;
      explanations?: { id: string; kind: string; clinicianText: string }[];
      unrecognizedMedications?: { index: number; name: string }[];
    };
  };
  checklist: Checklist;
  zones: ZoneRow[];
  deviceId: string | null;
  cartridgeLot: string | null;
  cartridgeExpiry: string | null;
  postProduct: { productId: string; lot: string | null } | null;
  endpoint: string | null;
  adverseEvents: AdverseEvent[];
  signedAt: string | null;
  createdAt: string;
}

export interface ChartResponse {
  chart: Chart;
  addenda: { id: string; authorId: string; text: string; createdAt: string }[];
  warnings: string[];
}

export interface Options extends Vocabulary {
  checklistSteps: { id: string; text: string }[];
  postProducts: { id: string; label: string; granulomaRisk: boolean }[];
}

export const STATUS_TEXT: Record<Chart["status"], string> = {
  open: "Open",
  signed: "Signed",
  stopped: "Stopped",
};

export const PATTERNS = ["crosshatch", "horizontal", "vertical", "diagonal", "circular"];
