/**
 * Mild, moderate or severe: one choice for an adverse event on the chart and a condition reported
 * at the day-of check. With `ungradedLabel`, "not graded" is a choice too (value "").
 */
import { NativeSelect } from "@mantine/core";

export type Severity = "mild" | "moderate" | "severe";

export const SEVERITY_TEXT: Record<Severity, string> = {
  mild: "Mild",
  moderate: "Moderate",
  severe: "Severe",
};

export function SeveritySelect<V extends Severity | "">({
  label = "Severity",
  value,
  onChange,
  ungradedLabel,
}: {
  label?: string;
  value: V;
  onChange: (value: V) => void;
  ungradedLabel?: string;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as V)}
      data={[
        ...(ungradedLabel === undefined ? [] : [{ value: "", label: ungradedLabel }]),
        ...(Object.entries(SEVERITY_TEXT) as [Severity, string][]).map(([v, l]) => ({ value: v, label: l })),
      ]}
    />
  );
}
