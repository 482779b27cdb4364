/**
 * Whether a condition the patient placed by zone lies in the area a treatment covers.
 */

/** Answers to "where is it" besides the zones themselves. */
export const AREA_NOT_SURE = "not-sure";
export const AREA_ELSEWHERE = "elsewhere";

/**
 * Whether a condition where the patient put it lies in the area to be treated: on or near one of
 * the treated zones, or "not sure" (the safer reading). Only "elsewhere" and other zones are out.
 */
export function conditionInArea(where: readonly string[], treatedZones: readonly string[]): boolean {
  if (where.includes(AREA_NOT_SURE)) return true;
  return where.some((z) => treatedZones.includes(z));
}

/** Every zone the concerns ask to treat. */
export function concernZones(concerns: readonly { zones: readonly string[] }[]): string[] {
  return [...new Set(concerns.flatMap((c) => c.zones))];
}
