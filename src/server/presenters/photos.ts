/**
 * A photo as the API answers it (contract/photos.ts: `photoView`): its facts, never its picture,
 * and for a removed photo the tombstone (who, when, why).
 */
import type { PhotoRow } from "../../db/repositories/photo.repository.ts";
import type { PhotoScope } from "../../domain/record/consent-rules.ts";
import type { PhotoView } from "../../domain/record/photo-rules.ts";

export interface PhotoSummary<V extends PhotoRow["view"] = PhotoView> {
  id: string;
  patientId: string;
  chartId: string | null;
  view: V;
  consentScope: PhotoScope;
  width: number;
  height: number;
  bytes: number;
  takenOn: string;
  createdAt: Date;
  /** Set on a removed photo (a tombstone): the picture is gone, the fact and the reason stay. */
  removed: { at: Date; by: string; byName: string | null; reason: string } | null;
}

export function presentPhoto<V extends PhotoRow["view"]>(row: PhotoRow & { view: V }): PhotoSummary<V> {
  return {
    id: row.id,
    patientId: row.patientId,
    chartId: row.chartId,
    view: row.view,
    consentScope: row.consentScope,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    takenOn: row.takenOn,
    createdAt: row.createdAt,
    removed:
      row.removedAt && row.removedBy
        ? { at: row.removedAt, by: row.removedBy, byName: row.removedByName, reason: row.removalReason ?? "" }
        : null,
  };
}
