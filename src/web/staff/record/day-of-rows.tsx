/**
 * The day-of check's new medicines and new conditions: rows added and removed as the chart's
 * adverse events are (RowList), each condition placed by zone with the same choice as the intake
 * and the screening panel, and how the rows are sent.
 */
import { Checkbox, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { AREA_NOT_SURE } from "../../../domain/record/area.ts";
import { ConditionAreaField } from "../../components/condition-area-field.tsx";
import { DateField } from "../../components/date-field.tsx";
import { RowList, rowKey } from "./row-list.tsx";
import { type Severity, SeveritySelect } from "./severity-select.tsx";
import { ZONE_CHOICES } from "./zone-map.tsx";

export const MEDICINE_ROUTES = [
  { value: "oral", label: "By mouth" },
  { value: "topical", label: "On the skin" },
  { value: "subcutaneous", label: "Injection under the skin" },
  { value: "intravenous", label: "Into a vein" },
] as const;

export interface MedicationRow {
  key: number;
  ingredient: string;
  route: (typeof MEDICINE_ROUTES)[number]["value"];
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string;
}

export interface ConditionRow {
  key: number;
  conditionId: string;
  status: "active" | "resolved" | "history";
  /** Where it is, as the intake and the screening panel ask it. */
  zones: string[];
  severity: Severity | "";
}

/** What the day-of check sends: the server places each condition against today's zones. */
export function sentMedications(rows: readonly MedicationRow[]) {
  return rows
    .filter((m) => m.ingredient.trim() !== "")
    .map((m) => ({
      ingredient: m.ingredient.trim(),
      route: m.route,
      prescribed: m.prescribed,
      ongoing: m.ongoing,
      lastTaken: m.ongoing || !m.lastTaken ? null : m.lastTaken,
    }));
}

export function sentConditions(rows: readonly ConditionRow[]) {
  return rows.map((c) => ({
    conditionId: c.conditionId,
    status: c.status,
    zones: c.zones.length > 0 ? [...c.zones] : null,
    severity: c.severity || null,
  }));
}

const Legend = ({ children }: { children: string }) => (
  <Text component="legend" fw={600} size="sm">
    {children}
  </Text>
);
const FIELDSET = { border: 0, padding: 0, margin: 0 };

export function NewMedicines({
  rows,
  onChange,
}: {
  rows: MedicationRow[];
  onChange: (rows: MedicationRow[]) => void;
}) {
  const set = (i: number, patch: Partial<MedicationRow>) =>
    onChange(rows.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <Stack gap="xs" component="fieldset" style={FIELDSET}>
      <Legend>New medicines</Legend>
      <RowList
        rows={rows}
        noun="medicine"
        addLabel="Add a medicine"
        emptyText="None added."
        rowTestId="new-medicine"
        onAdd={() =>
          onChange([
            ...rows,
            { key: rowKey(), ingredient: "", route: "oral", prescribed: true, ongoing: true, lastTaken: "" },
          ])
        }
        onRemove={(i) => onChange(rows.filter((_, j) => j !== i))}
      >
        {(m, i) => (
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={`Medicine ${i + 1}`}
              value={m.ingredient}
              onChange={(e) => set(i, { ingredient: e.currentTarget.value })}
              miw={180}
            />
            <NativeSelect
              label="Taken as"
              value={m.route}
              onChange={(e) => set(i, { route: e.currentTarget.value as MedicationRow["route"] })}
              data={[...MEDICINE_ROUTES]}
            />
            <Checkbox
              label="Prescribed"
              checked={m.prescribed}
              onChange={(e) => set(i, { prescribed: e.currentTarget.checked })}
            />
            <Checkbox
              label="Still taking"
              checked={m.ongoing}
              onChange={(e) => set(i, { ongoing: e.currentTarget.checked })}
            />
            {m.ongoing ? null : (
              <DateField
                label="Last taken"
                value={m.lastTaken}
                onChange={(lastTaken) => set(i, { lastTaken })}
              />
            )}
          </Group>
        )}
      </RowList>
    </Stack>
  );
}

export function NewConditions({
  rows,
  conditions,
  onChange,
}: {
  rows: ConditionRow[];
  /** The protocol's conditions, to choose from. */
  conditions: { id: string; label: string }[];
  onChange: (rows: ConditionRow[]) => void;
}) {
  const set = (i: number, patch: Partial<ConditionRow>) =>
    onChange(rows.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <Stack gap="xs" component="fieldset" style={FIELDSET}>
      <Legend>New conditions</Legend>
      <RowList
        rows={rows}
        noun="condition"
        addLabel="Add a condition"
        emptyText="None added."
        rowTestId="new-condition"
        onAdd={() =>
          onChange([
            ...rows,
            {
              key: rowKey(),
              conditionId: conditions[0]?.id ?? "",
              status: "active",
              // Until placed, the safer reading: in the area treated today.
              zones: [AREA_NOT_SURE],
              severity: "",
            },
          ])
        }
        onRemove={(i) => onChange(rows.filter((_, j) => j !== i))}
      >
        {(c, i) => (
          <Group align="flex-end" wrap="wrap">
            <NativeSelect
              label={`Condition ${i + 1}`}
              value={c.conditionId}
              onChange={(e) => set(i, { conditionId: e.currentTarget.value })}
              data={conditions.map((v) => ({ value: v.id, label: v.label }))}
            />
            <NativeSelect
              label="Status"
              value={c.status}
              onChange={(e) => set(i, { status: e.currentTarget.value as ConditionRow["status"] })}
              data={[
                { value: "active", label: "Active now" },
                { value: "resolved", label: "Resolved" },
                { value: "history", label: "History of it" },
              ]}
            />
            <SeveritySelect
              value={c.severity}
              ungradedLabel="Not graded"
              onChange={(severity) => set(i, { severity })}
            />
            <ConditionAreaField
              label={`Where is condition ${i + 1}?`}
              description="On or near a zone, somewhere else, or not sure (counted as in the area treated today)"
              zones={ZONE_CHOICES}
              elsewhereLabel="Somewhere else on the body"
              notSureLabel="Not sure"
              value={c.zones}
              onChange={(zones) => set(i, { zones })}
            />
          </Group>
        )}
      </RowList>
    </Stack>
  );
}
