import { ActionIcon, Button, Fieldset, Group, Stack, Text } from "@mantine/core";
import { TimeField } from "../time-field.tsx";
import { fieldError, WEEKDAYS } from "./form-errors.ts";

export interface WeekRow {
  weekday: number;
  start: string;
  end: string;
}

/**
 * A week of opening or working hours: each day holds any number of intervals (two intervals with a
 * gap between them are a break). Rows stay in one flat list so that a server error on
 * `body.hours.<n>.end` lands next to row n.
 */
export function WeekGrid({
  rows,
  onChange,
  readOnly,
  error,
  label,
}: {
  rows: WeekRow[];
  onChange: (rows: WeekRow[]) => void;
  readOnly: boolean;
  error: unknown;
  label: string;
}) {
  const update = (index: number, patch: Partial<WeekRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <Stack gap="sm">
      {WEEKDAYS.map((dayName, d) => {
        const weekday = d + 1;
        const indexed = rows
          .map((row, index) => ({ row, index }))
          .filter(({ row }) => row.weekday === weekday)
          .sort((a, b) => a.row.start.localeCompare(b.row.start));
        return (
          <Fieldset key={dayName} legend={`${dayName} (${label})`} p="sm" data-testid={`day-${weekday}`}>
            <Stack gap="xs">
              {indexed.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Closed
                </Text>
              ) : null}
              {indexed.map(({ row, index }, n) => (
                <Group key={index} gap="xs" align="flex-start" wrap="wrap">
                  <TimeField
                    label={`${dayName} ${n + 1} from`}
                    value={row.start}
                    readOnly={readOnly}
                    onChange={(start) => update(index, { start })}
                    error={fieldError(error, `body.hours.${index}.start`)}
                    w={140}
                  />
                  <TimeField
                    label={`${dayName} ${n + 1} until`}
                    value={row.end}
                    readOnly={readOnly}
                    onChange={(end) => update(index, { end })}
                    error={
                      fieldError(error, `body.hours.${index}.end`) ?? fieldError(error, `body.hours.${index}`)
                    }
                    w={140}
                  />
                  {readOnly ? null : (
                    <ActionIcon
                      mt={28}
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${dayName} ${row.start}–${row.end}`}
                      onClick={() => onChange(rows.filter((_, i) => i !== index))}
                    >
                      ×
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {readOnly ? null : (
                <Button
                  variant="subtle"
                  size="xs"
                  style={{ alignSelf: "flex-start" }}
                  onClick={() => {
                    const last = indexed.at(-1)?.row;
                    const start = last ? last.end : "09:00";
                    onChange([...rows, { weekday, start, end: start < "17:00" ? "17:00" : "23:59" }]);
                  }}
                >
                  Add hours on {dayName}
                </Button>
              )}
            </Stack>
          </Fieldset>
        );
      })}
    </Stack>
  );
}
