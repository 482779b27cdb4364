/**
 * Clinic-wide export as NDJSON, one stream per resource type (the FHIR Bulk Data format): the same
 * searches the REST API serves, paged through in one transaction so the files are one consistent
 * snapshot. The caller decides where each part goes (files for the CLI, rows for $export).
 * Slot is left out: slots are computed from working hours and bookings for a few days at a time,
 * not stored (Schedule, PractitionerRole and Appointment carry what they are made of).
 */
import { mayRead } from "../domain/record-access.ts";
import type { FhirResource } from "./fhir-types.ts";
import { allResources, type FhirContext, FhirError, RESOURCES } from "./rest.ts";

export const EXPORT_TYPES = RESOURCES.filter((r) => r.exported !== false).map((r) => r.type);

export interface ExportPart {
  type: string;
  /** 1-based part number within the type. */
  part: number;
  count: number;
  ndjson: string;
}

/** Checks a `_type` list ("Patient,Condition"); null = every type. */
export function exportTypes(raw: string | null): string[] {
  if (raw === null || raw.trim() === "") return [...EXPORT_TYPES];
  const types = raw.split(",").map((t) => t.trim());
  for (const t of types) {
    if (!EXPORT_TYPES.includes(t))
      throw new FhirError(
        400,
        "not-supported",
        `_type: ${t} is not exported here (${EXPORT_TYPES.join(", ")})`,
        "_type",
      );
  }
  return [...new Set(types)];
}

/**
 * Streams every resource of the given types to `write`, at most `partSize` resources per part.
 * `since` keeps resources whose meta.lastUpdated is at or after it (resources without one are kept).
 * A type the reader's role may not see (AuditEvent for non-owners) is skipped.
 */
export async function exportResources(
  ctx: FhirContext,
  types: string[],
  write: (part: ExportPart) => Promise<void>,
  options: { since?: Date | null; partSize?: number } = {},
): Promise<Record<string, number>> {
  const partSize = options.partSize ?? 10_000;
  const counts: Record<string, number> = {};
  for (const type of types) {
    const r = RESOURCES.find((x) => x.type === type);
    if (!r || r.exported === false || !mayRead(r.record, ctx.role)) continue;
    let lines: string[] = [];
    let part = 0;
    let total = 0;
    const flush = async () => {
      if (lines.length === 0) return;
      part++;
      await write({ type, part, count: lines.length, ndjson: `${lines.join("\n")}\n` });
      lines = [];
    };
    for await (const resource of allResources(ctx, r, {})) {
      if (!keep(resource, options.since ?? null)) continue;
      lines.push(JSON.stringify(resource));
      total++;
      if (lines.length >= partSize) await flush();
    }
    await flush();
    counts[type] = total;
  }
  return counts;
}

function keep(resource: FhirResource, since: Date | null): boolean {
  if (!since) return true;
  const updated = resource.meta?.lastUpdated;
  return !updated || new Date(updated).getTime() >= since.getTime();
}

/**
 * The Bulk Data error file for types left out of an export because the requester may not read
 * them (an API client's scopes): one OperationOutcome line per type; null when none was left out.
 */
export function omittedTypesPart(omitted: readonly string[]): ExportPart | null {
  if (omitted.length === 0) return null;
  const lines = omitted.map((type) =>
    JSON.stringify({
      resourceType: "OperationOutcome",
      issue: [
        {
          severity: "warning",
          code: "forbidden",
          diagnostics: `${type}: left out of this export; the access token's scopes do not allow reading it (system/${type}.rs)`,
          expression: ["_type"],
        },
      ],
    }),
  );
  return { type: "OperationOutcome", part: 1, count: lines.length, ndjson: `${lines.join("\n")}\n` };
}
