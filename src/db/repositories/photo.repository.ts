import type { PhotoScope } from "../../domain/record/consent-rules.ts";
import type { PhotoView } from "../../domain/record/photo-rules.ts";
import type { Tx } from "../pool.ts";

export interface PhotoRow {
  id: string;
  patientId: string;
  chartId: string | null;
  view: PhotoView;
  consentScope: PhotoScope;
  consentId: string;
  storageKey: string;
  thumbKey: string;
  width: number;
  height: number;
  bytes: number;
  takenOn: string;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `id, patient_id as "patientId", chart_id as "chartId", view, consent_scope as "consentScope",
  consent_id as "consentId", storage_key as "storageKey", thumb_key as "thumbKey", width, height, bytes,
  taken_on::text as "takenOn", created_by as "createdBy", created_at as "createdAt"`;

export async function insertPhoto(
  tx: Tx,
  p: Omit<PhotoRow, "createdAt" | "createdBy"> & { createdBy: string },
): Promise<PhotoRow> {
  const { rows } = await tx.query<PhotoRow>(
    `insert into photos (id, clinic_id, patient_id, chart_id, view, consent_scope, consent_id, storage_key,
       thumb_key, width, height, bytes, taken_on, created_by)
     values ($1, app_clinic_id(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${COLUMNS}`,
    [
      p.id,
      p.patientId,
      p.chartId,
      p.view,
      p.consentScope,
      p.consentId,
      p.storageKey,
      p.thumbKey,
      p.width,
      p.height,
      p.bytes,
      p.takenOn,
      p.createdBy,
    ],
  );
  return rows[0]!;
}

export async function getPhoto(tx: Tx, id: string): Promise<PhotoRow | null> {
  const { rows } = await tx.query<PhotoRow>(`select ${COLUMNS} from photos where id = $1`, [id]);
  return rows[0] ?? null;
}

/** A patient's photos, oldest first (the order of a comparison). */
export async function listPatientPhotos(
  tx: Tx,
  patientId: string,
  view: PhotoView | null,
): Promise<PhotoRow[]> {
  const { rows } = await tx.query<PhotoRow>(
    `select ${COLUMNS} from photos where patient_id = $1 and ($2::text is null or view = $2)
     order by taken_on, created_at, id`,
    [patientId, view],
  );
  return rows;
}

/** Photos taken under a marketing consent, newest first. */
export async function listMarketingScopedPhotos(tx: Tx, limit: number): Promise<PhotoRow[]> {
  const { rows } = await tx.query<PhotoRow>(
    `select ${COLUMNS} from photos where consent_scope = 'marketing' order by created_at desc, id limit $1`,
    [limit],
  );
  return rows;
}
