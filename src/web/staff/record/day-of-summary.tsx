/**
 * What the day-of check recorded before a session (new medicines, new conditions with where they
 * are, pregnancy and breastfeeding), read back from the chart's stored re-screen on the open chart,
 * the stopped one and the locked record alike.
 */
import { List, Paper, Text, Title } from "@mantine/core";
import type { SessionChart as Chart, ChartOptions as Options } from "../../../contract/charts.ts";
import { conditionPlaceParts } from "../../components/condition-area-field.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import { MEDICINE_ROUTES } from "./day-of-rows.tsx";
import { SEVERITY_TEXT, type Severity } from "./severity-select.tsx";
import { zoneLabel } from "./zone-table.tsx";

const STATUS: Record<string, string> = {
  active: "active now",
  resolved: "resolved",
  history: "history of it",
};
const yesNo = (v: boolean) => (v ? "yes" : "no");

export function DayOfSummary({ chart, options }: { chart: Chart; options: Options }) {
  const changes = chart.rescreen?.changes ?? {};
  const conditionLabel = (id: string) => options.conditions.find((c) => c.id === id)?.label ?? id;
  const items = [
    ...(changes.newConditions ?? []).map((c) =>
      [
        conditionLabel(c.conditionId),
        STATUS[c.status] ?? c.status,
        ...(c.severity ? [SEVERITY_TEXT[c.severity as Severity].toLowerCase()] : []),
        ...conditionPlaceParts({ zones: c.zones, inTreatmentArea: c.inTreatmentArea }, zoneLabel),
      ].join(" · "),
    ),
    ...(changes.newMedications ?? []).map((m) =>
      [
        m.ingredient,
        (MEDICINE_ROUTES.find((r) => r.value === m.route)?.label ?? m.route).toLowerCase(),
        m.prescribed ? "prescribed" : "own use",
        m.ongoing
          ? "still taking"
          : m.lastTaken
            ? `last taken ${formatCalendarDate(m.lastTaken)}`
            : "stopped",
      ].join(" · "),
    ),
    ...(typeof changes.pregnant === "boolean" ? [`Pregnant now: ${yesNo(changes.pregnant)}`] : []),
    ...(typeof changes.breastfeeding === "boolean"
      ? [`Breastfeeding now: ${yesNo(changes.breastfeeding)}`]
      : []),
  ];
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="reported-title"
      data-testid="day-of-summary"
    >
      <Title order={2} size="h3" mb="sm" id="reported-title">
        Reported before the session
      </Title>
      {items.length === 0 ? (
        <Text size="sm">Nothing new since the intake.</Text>
      ) : (
        <List size="sm" spacing={4}>
          {items.map((text, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a stored list, never reordered
            <List.Item key={i}>{text}</List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
