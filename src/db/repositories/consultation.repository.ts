import type { Outcome, ScreeningOutput } from "../../domain/protocol/types.ts";
import type { PlanZone } from "../../domain/record/chart-rules.ts";
import type { Tx } from "../pool.ts";

export interface ConsultationRow {
  id: string;
  patientId: string;
  providerId: string;
  /** The engine's output the consultation started from, as stored. */
  decision: ScreeningOutput;
  decisionSource: "screening-store" | "engine";
  /** The columns' checks allow the four outcomes only. */
  engineOutcome: Outcome;
  protocolVersion: string;
  /** The stored protocol version row (null on rows made before the record named it). */
  protocolVersionId: string | null;
  overrideOutcome: Outcome | null;
  overrideJustification: string | null;
  goodmanBaronGrade: number | null;
  createdAt: Date;
}

const CONSULTATION_COLUMNS = `id, patient_id as "patientId", provider_id as "providerId", decision,
  decision_source as "decisionSource", engine_outcome as "engineOutcome", protocol_version as "protocolVersion",
  protocol_version_id as "protocolVersionId", override_outcome as "overrideOutcome", override_justification as "overrideJustification",
  goodman_baron_grade as "goodmanBaronGrade", created_at as "createdAt"`;

export async function insertConsultation(
  tx: Tx,
  c: Omit<ConsultationRow, "id" | "createdAt">,
): Promise<ConsultationRow> {
  const { rows } = await tx.query<ConsultationRow>(
    `insert into consultations (clinic_id, patient_id, provider_id, decision, decision_source, engine_outcome,
       protocol_version, override_outcome, override_justification, goodman_baron_grade, protocol_version_id)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${CONSULTATION_COLUMNS}`,
    [
      c.patientId,
      c.providerId,
      JSON.stringify(c.decision),
      c.decisionSource,
      c.engineOutcome,
      c.protocolVersion,
      c.overrideOutcome,
      c.overrideJustification,
      c.goodmanBaronGrade,
      c.protocolVersionId,
    ],
  );
  return rows[0]!;
}

export async function getConsultation(tx: Tx, id: string): Promise<ConsultationRow | null> {
  const { rows } = await tx.query<ConsultationRow>(
    `select ${CONSULTATION_COLUMNS} from consultations where id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * What the patient's latest decision asks to prepare: the rules it fired and the preparation
 * steps it listed (the latest consultation's decision, else the latest stored screening's).
 */
export async function latestPrepDecision(
  tx: Tx,
  patientId: string,
): Promise<{ firedRuleIds: string[]; prepInstructionIds: string[] } | null> {
  const { rows } = await tx.query<{
    decision: { reasons?: string[]; cautions?: string[]; prepInstructions?: string[] };
  }>(`select decision from consultations where patient_id = $1 order by created_at desc, id limit 1`, [
    patientId,
  ]);
  const stored =
    rows[0]?.decision ??
    ((await latestStoredScreening(tx, patientId))?.output as (typeof rows)[number]["decision"] | undefined);
  if (!stored) return null;
  return {
    firedRuleIds: [...(stored.reasons ?? []), ...(stored.cautions ?? [])],
    prepInstructionIds: stored.prepInstructions ?? [],
  };
}

/** The patient's consultations, newest first. */
export async function listConsultations(tx: Tx, patientId: string, limit = 20): Promise<ConsultationRow[]> {
  const { rows } = await tx.query<ConsultationRow>(
    `select ${CONSULTATION_COLUMNS} from consultations where patient_id = $1 order by created_at desc, id limit $2`,
    [patientId, limit],
  );
  return rows;
}

/**
 * The latest stored screening decision for the patient, when the screenings store exists in this
 * database (it is optional to the record); null otherwise.
 */
export async function latestStoredScreening(
  tx: Tx,
  patientId: string,
): Promise<{ output: Record<string, unknown>; protocolVersion: string } | null> {
  const exists = await tx.query<{ ok: boolean }>("select to_regclass('public.screenings') is not null as ok");
  if (!exists.rows[0]?.ok) return null;
  await tx.query("savepoint stored_screening");
  try {
    const { rows } = await tx.query<{ output: Record<string, unknown>; protocolVersion: string }>(
      `select output, protocol_version as "protocolVersion" from screenings where patient_id = $1
       order by created_at desc limit 1`,
      [patientId],
    );
    await tx.query("release savepoint stored_screening");
    return rows[0] ?? null;
  } catch {
    // A store of another shape is not ours to read: fall back to running the engine.
    await tx.query("rollback to savepoint stored_screening");
    return null;
  }
}

export interface PlanRow {
  id: string;
  patientId: string;
  consultationId: string;
  createdBy: string;
  concerns: { indication: string; zones: string[]; goodmanBaronGrade: number | null }[];
  zones: PlanZone[];
  sessions: number;
  intervalWeeks: number;
  maintenanceMonths: number | null;
  priceCents: number;
  protocolVersion: string;
  /** The stored protocol version row (null on plans made before the record named it). */
  protocolVersionId: string | null;
  status: "proposed" | "accepted" | "withdrawn";
  acceptedAt: Date | null;
  createdAt: Date;
}

const PLAN_COLUMNS = `id, patient_id as "patientId", consultation_id as "consultationId", created_by as "createdBy",
  concerns, zones, sessions, interval_weeks as "intervalWeeks", maintenance_months as "maintenanceMonths",
  price_cents as "priceCents", protocol_version as "protocolVersion", protocol_version_id as "protocolVersionId", status, accepted_at as "acceptedAt",
  created_at as "createdAt"`;

export async function insertPlan(
  tx: Tx,
  p: Omit<PlanRow, "id" | "status" | "acceptedAt" | "createdAt">,
): Promise<PlanRow> {
  const { rows } = await tx.query<PlanRow>(
    `insert into treatment_plans (clinic_id, patient_id, consultation_id, created_by, concerns, zones, sessions,
       interval_weeks, maintenance_months, price_cents, protocol_version, protocol_version_id)
     values (app_clinic_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning ${PLAN_COLUMNS}`,
    [
      p.patientId,
      p.consultationId,
      p.createdBy,
      JSON.stringify(p.concerns),
      JSON.stringify(p.zones),
      p.sessions,
      p.intervalWeeks,
      p.maintenanceMonths,
      p.priceCents,
      p.protocolVersion,
      p.protocolVersionId,
    ],
  );
  return rows[0]!;
}

export async function getPlan(tx: Tx, id: string): Promise<PlanRow | null> {
  const { rows } = await tx.query<PlanRow>(`select ${PLAN_COLUMNS} from treatment_plans where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listPlans(tx: Tx, patientId: string): Promise<PlanRow[]> {
  const { rows } = await tx.query<PlanRow>(
    `select ${PLAN_COLUMNS} from treatment_plans where patient_id = $1 order by created_at desc`,
    [patientId],
  );
  return rows;
}

export async function acceptPlan(tx: Tx, id: string, userId: string): Promise<PlanRow | null> {
  const { rows } = await tx.query<PlanRow>(
    `update treatment_plans set status = 'accepted', accepted_at = now(), accepted_by = $2
     where id = $1 and status = 'proposed' returning ${PLAN_COLUMNS}`,
    [id, userId],
  );
  return rows[0] ?? null;
}

/**
 * The appointment type a plan's sessions will be booked as, for its price: among the clinic's
 * offered microneedling types, the cheapest whose zones cover every zone of the plan; null when
 * none does (the plan then has no price to take, rather than a made-up one).
 */
export async function sessionTypeForZones(
  tx: Tx,
  zones: readonly string[],
): Promise<{ id: string; name: string; priceCents: number } | null> {
  const { rows } = await tx.query<{ id: string; name: string; priceCents: number }>(
    `select id, name, price_cents as "priceCents" from appointment_types
     where kind = 'microneedling' and active and zones @> $1::text[]
     order by price_cents, name limit 1`,
    [[...zones]],
  );
  return rows[0] ?? null;
}

/** Offered microneedling types that say no zones: no plan can be priced from them until they do. */
export async function microneedlingTypesWithoutZones(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ name: string }>(
    `select name from appointment_types
     where kind = 'microneedling' and active and cardinality(zones) = 0 order by name`,
  );
  return rows.map((r) => r.name);
}
