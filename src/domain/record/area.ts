/**
 * Whether a condition the patient placed by zone lies in the area a treatment covers, and which
 * placements are well formed. One reading for the intake, the screening panel, the day-of check
 * and the server, so a condition never reads "in the area" on one screen and not on another.
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

/**
 * As conditionInArea, when the zones to be treated may not be known yet (no plan, no intake):
 * then any treatment zone counts, since it may well be treated; only "elsewhere" is out.
 */
export function placedInArea(where: readonly string[], treatedZones: readonly string[] | null): boolean {
  if (treatedZones === null) return where.some((z) => z !== AREA_ELSEWHERE);
  return conditionInArea(where, treatedZones);
}

/** Every zone the concerns ask to treat. */
export function concernZones(concerns: readonly { zones: readonly string[] }[]): string[] {
  return [...new Set(concerns.flatMap((c) => c.zones))];
}

/** Stored placements: none said is null (the row keeps its in_treatment_area as said). */
export function storedZones(where: readonly string[] | null | undefined): string[] | null {
  return where && where.length > 0 ? [...where] : null;
}

/**
 * What is wrong with a placement, each problem with its field (`${field}[1]`, or `field` itself):
 * every entry a zone that may be treated or one of the two answers, no entry twice, and "not sure"
 * and "somewhere else" each alone (the database refuses anything else: 115_condition_zones_shape.sql).
 */
export function placementProblems(
  where: readonly string[],
  treatableZones: readonly string[],
  field: string,
): { field: string; message: string }[] {
  const placeable = new Set([AREA_NOT_SURE, AREA_ELSEWHERE, ...treatableZones]);
  const problems: { field: string; message: string }[] = [];
  where.forEach((z, j) => {
    if (!placeable.has(z))
      problems.push({ field: `${field}[${j}]`, message: "is not a zone of the protocol" });
    else if (where.indexOf(z) !== j) problems.push({ field: `${field}[${j}]`, message: "is given twice" });
  });
  const alone = where.filter((z) => z === AREA_NOT_SURE || z === AREA_ELSEWHERE);
  if (alone.length > 0 && where.length > 1)
    problems.push({ field, message: `"${alone[0]}" stands alone: not with zones or another answer` });
  return problems;
}

/**
 * A condition as it is recorded from a form or the API: placed by zones, the zones decide
 * inTreatmentArea against the zones to be treated; not placed, it stands as said (false when not).
 * Saying both is refused first (conditionPlacementProblems).
 */
export function placedCondition<T extends { zones?: readonly string[] | null; inTreatmentArea?: boolean }>(
  c: T,
  treatedZones: readonly string[] | null,
): Omit<T, "zones" | "inTreatmentArea"> & { zones: string[] | null; inTreatmentArea: boolean } {
  const zones = storedZones(c.zones);
  return {
    ...c,
    zones,
    inTreatmentArea: zones ? placedInArea(zones, treatedZones) : (c.inTreatmentArea ?? false),
  };
}

/**
 * What is wrong with how a condition is placed, fields under `prefix` ("body.",
 * "changes.newConditions[0]."): its zones, and saying inTreatmentArea besides zones (two answers
 * that may disagree; the zones decide).
 */
export function conditionPlacementProblems(
  c: { zones?: readonly string[] | null; inTreatmentArea?: boolean },
  treatable: readonly string[],
  prefix: string,
): { field: string; message: string }[] {
  return [
    ...placementProblems(c.zones ?? [], treatable, `${prefix}zones`),
    ...(storedZones(c.zones) !== null && c.inTreatmentArea !== undefined
      ? [
          {
            field: `${prefix}inTreatmentArea`,
            message: "not with zones: the zones decide whether it is in the area",
          },
        ]
      : []),
  ];
}

/** The zones a condition may be placed on: every zone of the protocol that is ever treated. */
export function treatableZones(protocol: {
  zones: readonly { id: string; prohibited?: boolean }[];
}): string[] {
  return protocol.zones.filter((z) => !z.prohibited).map((z) => z.id);
}
