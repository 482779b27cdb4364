/** A patient's check-in as staff read it in the Inbox (contract/inbox.ts: `inboxItem`). */
import type { z } from "zod";
import type { inboxItem } from "../../contract/inbox.ts";
import type { InboxRow } from "../../db/repositories/patient-side.repository.ts";

/**
 * `photoRemoved` says whether the check-in's photo is gone; an unknown photo counts as removed.
 * The photo itself is shown through the photo routes (clinicians only, each view audited).
 */
export function presentInboxItem(r: InboxRow, photoRemoved: boolean | undefined): z.output<typeof inboxItem> {
  return {
    id: r.id,
    patientId: r.patientId,
    patientName: `${r.givenName} ${r.familyName}`,
    chartId: r.chartId,
    sessionDate: r.sessionDate,
    point: r.point,
    triage: r.triage,
    flags: r.flags.map((f) => ({ id: f.id, level: f.level })),
    answers: r.answers,
    photo: r.photoId ? { id: r.photoId, removed: photoRemoved ?? true } : null,
    createdAt: r.createdAt,
    acknowledgedAt: r.acknowledgedAt ?? null,
  };
}
