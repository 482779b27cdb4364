/**
 * Rows a person adds and removes before saving: the chart's adverse events, and the day-of check's
 * new medicines and new conditions. One component, so each list reads and behaves the same way:
 * its rows numbered ("Medicine 2"), a remove button naming the row, an add button below.
 */
import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

let nextRow = 0;
/** A key for a row added on this screen (rows have no id until saved). */
export const rowKey = () => ++nextRow;

export function RowList<T extends { key: number }>({
  rows,
  noun,
  addLabel,
  emptyText,
  rowTestId,
  emptyTestId,
  editable = true,
  onAdd,
  onRemove,
  children,
}: {
  rows: readonly T[];
  /** What one row is, as its remove button names it: "Remove medicine 2". */
  noun: string;
  addLabel: string;
  emptyText: string;
  rowTestId: string;
  emptyTestId?: string;
  editable?: boolean;
  onAdd: () => void;
  onRemove: (index: number) => void;
  /** The fields of one row. */
  children: (row: T, index: number) => ReactNode;
}) {
  return (
    <Stack gap="sm">
      {rows.length === 0 ? (
        <Text size="sm" data-testid={emptyTestId}>
          {emptyText}
        </Text>
      ) : null}
      {rows.map((row, i) => (
        <Paper withBorder p="sm" key={row.key} data-testid={rowTestId}>
          {children(row, i)}
          {editable ? (
            <Button mt="xs" variant="subtle" color="red" onClick={() => onRemove(i)}>
              Remove {noun} {i + 1}
            </Button>
          ) : null}
        </Paper>
      ))}
      {editable ? (
        <Group>
          <Button variant="default" onClick={onAdd}>
            {addLabel}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
