/** Small helpers the resource mappings share: references, meta, dropping empty fields, millimetres. */
import { MAX_NEEDLE_DEPTH_EXTENSION, SYSTEMS } from "../fhir-types.ts";

export const ref = (type: string, id: string) => ({ reference: `${type}/${id}` });
export const meta = (updatedAt: Date) => ({ lastUpdated: updatedAt.toISOString() });
export const compact = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

export const mm = (value: number) => ({ value, unit: "mm", system: SYSTEMS.ucum, code: "mm" });

/** The licence depth limit, as an extension under Remodel's canonical base (docs/fhir.md). */
export function maxDepthExtension(value: number) {
  return { url: MAX_NEEDLE_DEPTH_EXTENSION, valueQuantity: mm(value) };
}

/** The objects in a stored list of answers (anything else in it is skipped). */
export const records = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
