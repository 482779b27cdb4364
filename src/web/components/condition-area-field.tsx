/**
 * "Where is it?" for a condition, by the same zones as the concerns, plus "somewhere else" and
 * "not sure" (each of which stands alone). Not sure counts as in the treatment area, the safer
 * reading (src/domain/record/area.ts). One row part shared by the patient's intake, the staff
 * intake and the staff screening panel, so all of them place a condition the same way.
 */
import { Checkbox, Group } from "@mantine/core";
import { AREA_ELSEWHERE, AREA_NOT_SURE } from "../../domain/record/area.ts";

export function ConditionAreaField({
  label,
  description,
  zones,
  elsewhereLabel,
  notSureLabel,
  value,
  onChange,
  required,
}: {
  label: string;
  description?: string;
  zones: readonly { id: string; label: string }[];
  elsewhereLabel: string;
  notSureLabel: string;
  value: readonly string[];
  onChange: (zones: string[]) => void;
  required?: boolean;
}) {
  const options = [
    ...zones.map((z) => ({ value: z.id, label: z.label })),
    { value: AREA_ELSEWHERE, label: elsewhereLabel },
    { value: AREA_NOT_SURE, label: notSureLabel },
  ];
  return (
    <Checkbox.Group
      label={label}
      description={description}
      value={[...value]}
      onChange={(next) => {
        // "Not sure" and "somewhere else" each stand alone.
        const added = next.find((z) => !value.includes(z));
        const special = added === AREA_NOT_SURE || added === AREA_ELSEWHERE;
        onChange(
          special && added ? [added] : next.filter((z) => z !== AREA_NOT_SURE && z !== AREA_ELSEWHERE),
        );
      }}
      required={required}
    >
      <Group mt={4} gap="sm">
        {options.map((o) => (
          <Checkbox key={o.value} value={o.value} label={o.label} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/**
 * Where a recorded condition is, in the words the staff screens show it back with: whether it is
 * in the treatment area, then where it was placed ("on or near: Cheeks", "not sure where",
 * "elsewhere on the body"). Empty for a condition neither placed nor in the area.
 */
export function conditionPlaceParts(
  c: { zones: readonly string[] | null | undefined; inTreatmentArea?: boolean | null },
  zoneLabel: (id: string) => string,
): string[] {
  const zones = c.zones ?? [];
  const where =
    zones.length === 0
      ? []
      : zones[0] === AREA_NOT_SURE
        ? ["not sure where"]
        : zones[0] === AREA_ELSEWHERE
          ? ["elsewhere on the body"]
          : [`on or near: ${zones.map(zoneLabel).join(", ")}`];
  return [...(c.inTreatmentArea ? ["in the treatment area"] : []), ...where];
}
