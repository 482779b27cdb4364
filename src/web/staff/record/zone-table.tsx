/** The zones charted in a session, as a table: the same on the open chart and the locked record. */
import { Table } from "@mantine/core";
import type { ZoneRow } from "../../../contract/charts.ts";
import { ZONE_CHOICES } from "./zone-map.tsx";

export const zoneLabel = (zone: string) => ZONE_CHOICES.find((z) => z.id === zone)?.label ?? zone;

export function ZoneTable({ zones, mt }: { zones: readonly ZoneRow[]; mt?: string }) {
  return (
    <Table mt={mt} data-testid="zone-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Zone</Table.Th>
          <Table.Th>Depth</Table.Th>
          <Table.Th>Passes</Table.Th>
          <Table.Th>Pattern</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {zones.map((z) => (
          <Table.Tr key={z.zone}>
            <Table.Td>{zoneLabel(z.zone)}</Table.Td>
            <Table.Td>{z.depthMm} mm</Table.Td>
            <Table.Td>{z.passes}</Table.Td>
            <Table.Td>{z.pattern}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
