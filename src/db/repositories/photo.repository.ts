import type { PhotoScope } from "../../domain/record/consent-rules.ts";
import type { PhotoView } from "../../domain/record/photo-rules.ts";
import type { Tx } from "../pool.ts";

/** A standard view, or the patient's own picture sent with a check-in. */
export type StoredPhotoView = PhotoView | "check-in";

export interface PhotoRow {
  id: string;
  patientId: string;
  chartId: string | null;
  view: StoredPhotoView;
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
  /** Set when the photo was removed: its files are gone, the row is the tombstone. */
  removedAt: Date | null;
  removedBy: string | null;
  removedByName: string | null;
  removalReason: string | null;
}

const COLUMNS = `id, patient_id as "patientId", chart_id as "chartId", view, consent_scope as "consentScope",
  consent_id as "consentId", storage_key as "storageKey", thumb_key as "thumbKey", width, height, bytes,
  taken_on::text as "takenOn", created_by as "createdBy", created_at as "createdAt",
  removed_at as "removedAt", removed_by as "removedBy", removal_reason as "removalReason",
  (select u.name from users u where u.id = photos.removed_by) as "removedByName"`;

export async function insertPhoto(
  tx: Tx,
  p: Omit<
    PhotoRow,
    "createdAt" | "createdBy" | "removedAt" | "removedBy" | "removedByName" | "removalReason"
  > & {
    createdBy: string;
  },
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

/**
 * A patient's photos in the standard views, removed ones (tombstones) included, oldest first (the
 * order of a comparison). Check-in photos are read with their check-in.
 */
export async function listPatientPhotos(
  tx: Tx,
  patientId: string,
  view: PhotoView | null,
): Promise<(PhotoRow & { view: PhotoView })[]> {
  const { rows } = await tx.query<PhotoRow & { view: PhotoView }>(
    `select ${COLUMNS} from photos where patient_id = $1 and view <> 'check-in' and ($2::text is null or view = $2)
     order by taken_on, created_at, id`,
    [patientId, view],
  );
  return rows;
}

/** Photos taken under a marketing consent and not removed, newest first. */
export async function listMarketingScopedPhotos(
  tx: Tx,
  limit: number,
): Promise<(PhotoRow & { view: PhotoView })[]> {
  const { rows } = await tx.query<PhotoRow & { view: PhotoView }>(
    `select ${COLUMNS} from photos where consent_scope = 'marketing' and removed_at is null
     order by created_at desc, id limit $1`,
    [limit],
  );
  return rows;
}

/** Turns a photo into its tombstone; null when it does not exist or was already removed. */
export async function markPhotoRemoved(
  tx: Tx,
  id: string,
  removedBy: string,
  reason: string,
): Promise<PhotoRow | null> {
  const { rows } = await tx.query<PhotoRow>(
    `update photos set removed_at = now(), removed_by = $2, removal_reason = $3
     where id = $1 and removed_at is null returning ${COLUMNS}`,
    [id, removedBy, reason],
  );
  return rows[0] ?? null;
}

/** Whether each of these photos still has its picture (false: removed), for lists that link to them. */
export async function photoStates(tx: Tx, ids: string[]): Promise<Map<string, { removed: boolean }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; removed: boolean }>(
    "select id, removed_at is not null as removed from photos where id = any($1::uuid[])",
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { removed: r.removed }]));
}
