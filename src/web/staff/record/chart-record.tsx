/**
 * A session chart as readable text (signed, stopped, or not the reader's to chart): the checklist
 * with the numbing times, the zones, device, lots, endpoint and adverse events, as definition
 * lists rather than faint disabled inputs.
 */
import { Paper, Stack, Text, Title } from "@mantine/core";
import { Fragment } from "react";
import type { SessionChart as Chart, ChartOptions as Options } from "../../../contract/charts.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { SEVERITY_TEXT, type Severity } from "./severity-select.tsx";
import { ZoneTable } from "./zone-table.tsx";

const ENDPOINTS: Record<string, string> = {
  erythema: "Even erythema",
  "erythema-pinpoint-bleeding": "Erythema with pinpoint bleeding",
  "not-reached": "Not reached",
};

/** Terms and their values, as readable text: the read-only chart is read, not filled in. */
function Facts({ items, testId }: { items: [string, string][]; testId?: string }) {
  return (
    <dl
      data-testid={testId}
      style={{
        display: "grid",
        gridTemplateColumns: "fit-content(45%) minmax(0, 1fr)",
        gap: "0.35rem 1.5rem",
        margin: 0,
      }}
    >
      {items.map(([term, value]) => (
        <Fragment key={term}>
          <dt style={{ fontWeight: 600 }}>{term}</dt>
          <dd style={{ margin: 0, overflowWrap: "anywhere" }}>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** A chart that cannot be changed here (signed, stopped, or not the reader's to chart), as text. */
export function ChartRecord({
  chart,
  options,
  devices,
}: {
  chart: Chart;
  options: Options;
  devices: { id: string; name: string }[];
}) {
  const checklist = chart.checklist ?? {};
  const numbing = checklist.anaesthetic ?? null;
  const product = chart.postProduct
    ? options.postProducts.find((p) => p.id === chart.postProduct?.productId)
    : null;
  const none = "Not recorded";
  return (
    <Stack gap="md" data-testid="chart-record">
      <Paper withBorder p="md" component="section" aria-labelledby="record-checklist">
        <Title order={2} size="h3" mb="sm" id="record-checklist">
          Checklist
        </Title>
        <Facts
          testId="record-checklist-steps"
          items={[
            ...options.checklistSteps.map((s): [string, string] => [
              s.text,
              checklist.steps?.[s.id] ? "Done" : "Not done",
            ]),
            [
              "Anaesthetic",
              numbing
                ? `${numbing.product}, on at ${numbing.startedAt}, off at ${numbing.endedAt}`
                : "None recorded",
            ],
            ...(checklist.incompleteReason
              ? ([["Why a step was not done", checklist.incompleteReason]] as [string, string][])
              : []),
          ]}
        />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="record-zones">
        <Title order={2} size="h3" mb="sm" id="record-zones">
          Zones
        </Title>
        {chart.zones.length === 0 ? <Text>No zone treated.</Text> : <ZoneTable zones={chart.zones} />}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="record-device">
        <Title order={2} size="h3" mb="sm" id="record-device">
          Device, cartridge and product
        </Title>
        <Facts
          testId="record-device"
          items={[
            [
              "Device",
              devices.find((d) => d.id === chart.deviceId)?.name ??
                (chart.deviceId ? "A device no longer listed" : none),
            ],
            ["Cartridge lot", chart.cartridgeLot ?? none],
            ["Cartridge expiry", chart.cartridgeExpiry ? formatCalendarDate(chart.cartridgeExpiry) : none],
            [
              "Post-procedure product",
              chart.postProduct ? (product?.label ?? chart.postProduct.productId) : "None",
            ],
            ...(chart.postProduct
              ? ([["Product lot", chart.postProduct.lot ?? none]] as [string, string][])
              : []),
            ["Endpoint", chart.endpoint ? (ENDPOINTS[chart.endpoint] ?? chart.endpoint) : none],
          ]}
        />
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="record-adverse">
        <Title order={2} size="h3" mb="sm" id="record-adverse">
          Adverse events
        </Title>
        {(chart.adverseEvents ?? []).length === 0 ? (
          <Text data-testid="no-adverse-events">No adverse event recorded.</Text>
        ) : (
          <Stack gap="sm">
            {chart.adverseEvents.map((e, i) => (
              <Facts
                // biome-ignore lint/suspicious/noArrayIndexKey: a locked list, never reordered or edited
                key={i}
                testId="record-adverse-event"
                items={[
                  [`Adverse event ${i + 1}`, e.kind],
                  ["Severity", SEVERITY_TEXT[e.severity as Severity] ?? e.severity],
                  ["Action taken", e.action ?? ""],
                ]}
              />
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
