/**
 * The session chart being charted: checklist with numbing times, depth/passes/pattern zone by zone
 * on the zone map, device and cartridge, product and lot, endpoint and adverse events. Every field
 * loads from and saves to the server; signing saves first and locks. A chart the reader may not
 * change reads as text (ChartRecord); a signed one shows its addenda.
 */
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import {
  type AdverseEvent,
  type ChartAnswer,
  type ChartOptions,
  chartDevices,
  patientCharts,
  saveChart,
  signChart,
  type ZoneRow,
} from "../../../contract/charts.ts";
import { ApiError, call, errorMessage } from "../../api/client.ts";
import { OutcomeAlert, type OutcomeMessage } from "../../components/outcome-message.tsx";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { Addenda } from "./chart-addenda.tsx";
import { ChecklistSection, type DeviceFields, DeviceSection } from "./chart-form-sections.tsx";
import { ChartRecord } from "./chart-record.tsx";
import { CosignDialog, type CosignInput } from "./cosign-dialog.tsx";
import { RowList, rowKey } from "./row-list.tsx";
import { SeveritySelect } from "./severity-select.tsx";
import { ZoneMap } from "./zone-map.tsx";
import { ZoneTable, zoneLabel } from "./zone-table.tsx";

/** An adverse event as typed: the action is text, empty when none was written. */
type EventRow = AdverseEvent & { action: string };

/** The needling patterns, in the order offered. */
const PATTERNS = ["crosshatch", "horizontal", "vertical", "diagonal", "circular"];

export function ChartForm({
  response,
  options,
  editable,
  timeZone,
  onChange,
}: {
  response: ChartAnswer;
  options: ChartOptions;
  /** An open chart, charted by a provider; otherwise every field is read-only. */
  editable: boolean;
  timeZone: string;
  onChange: (r: ChartAnswer) => void;
}) {
  const { chart } = response;
  const signed = chart.status === "signed";
  const saved = chart.checklist ?? {};
  const [zones, setZones] = useState<ZoneRow[]>(chart.zones);
  const [selected, setSelected] = useState<string | null>(chart.zones[0]?.zone ?? null);
  const [steps, setSteps] = useState<Record<string, boolean>>(saved.steps ?? {});
  const [anaesthetic, setAnaesthetic] = useState({
    product: saved.anaesthetic?.product ?? "lidocaine 4% cream",
    startedAt: saved.anaesthetic?.startedAt ?? "",
    endedAt: saved.anaesthetic?.endedAt ?? "",
  });
  const [incompleteReason, setIncompleteReason] = useState(saved.incompleteReason ?? "");
  // Product "" is no post-procedure product.
  const [device, setDevice] = useState<DeviceFields>({
    deviceId: chart.deviceId ?? "",
    lot: chart.cartridgeLot ?? "",
    expiry: chart.cartridgeExpiry ?? "",
    product: chart.postProduct?.productId ?? "",
    productLot: chart.postProduct?.lot ?? "",
    endpoint: chart.endpoint ?? "",
  });
  const [adverseEvents, setAdverseEvents] = useState<(EventRow & { key: number })[]>(
    chart.adverseEvents.map((e) => ({ ...e, action: e.action ?? "", key: rowKey() })),
  );
  const [message, setMessage] = useState<OutcomeMessage | null>(null);
  // Set when a depth is above the provider's licence: the physician's co-signature dialog is open.
  const [cosignReason, setCosignReason] = useState<string | null>(null);
  const devices = useApiQuery(chartDevices);
  const params = { id: chart.id };
  // A save or signature changes the patient's list of sessions; the answer is the chart itself.
  const saving = useApiMutation((cosign: CosignInput | null) => put(cosign), {
    invalidates: [patientCharts],
  });
  const signing = useApiMutation(() => call(signChart, { params }), { invalidates: [patientCharts] });

  const charted = Object.fromEntries(zones.map((z) => [z.zone, z.depthMm]));
  const row = zones.find((z) => z.zone === selected) ?? null;
  const undone = options.checklistSteps.filter((s) => !steps[s.id]);

  function select(zone: string) {
    setSelected(zone);
    if (editable && !zones.some((z) => z.zone === zone)) {
      setZones([...zones, { zone, depthMm: 0.5, passes: 2, pattern: "crosshatch" }]);
    }
  }
  function update(zone: string, patch: Partial<ZoneRow>) {
    setZones(zones.map((z) => (z.zone === zone ? { ...z, ...patch } : z)));
  }
  function updateEvent(i: number, patch: Partial<EventRow>) {
    setAdverseEvents(adverseEvents.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  }

  /** Saves the chart; with `cosign`, a supervising physician's co-signature for the depths. */
  function put(cosign: CosignInput | null) {
    const numbing =
      anaesthetic.product.trim() && anaesthetic.startedAt && anaesthetic.endedAt ? anaesthetic : null;
    return call(saveChart, {
      params,
      body: {
        checklist: {
          steps,
          anaesthetic: numbing,
          incompleteReason: undone.length > 0 && incompleteReason.trim() ? incompleteReason.trim() : null,
        },
        zones,
        deviceId: device.deviceId || null,
        cartridgeLot: device.lot.trim() || null,
        cartridgeExpiry: device.expiry || null,
        postProduct: device.product
          ? { productId: device.product, lot: device.productLot.trim() || null }
          : null,
        endpoint: device.endpoint || null,
        adverseEvents: adverseEvents.map((e) => ({
          kind: e.kind.trim(),
          severity: e.severity,
          action: e.action.trim(),
        })),
        ...(cosign ? { cosign } : {}),
      },
    });
  }

  function done(res: ChartAnswer) {
    onChange(res);
    setMessage({ kind: "ok", text: res.warnings.length ? `Saved. ${res.warnings.join(" ")}` : "Saved." });
  }

  async function save(): Promise<boolean> {
    setMessage(null);
    try {
      done(await saving.mutateAsync(null));
      return true;
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "depth_above_licence")
        setCosignReason(caught.message);
      else setMessage({ kind: "error", text: errorMessage(caught) });
      return false;
    }
  }

  async function cosignAndSave(cosign: CosignInput) {
    const res = await saving.mutateAsync(cosign);
    setCosignReason(null);
    done(res);
  }

  async function sign() {
    if (!(await save())) return;
    try {
      const res = await signing.mutateAsync();
      onChange(res);
      setMessage({ kind: "ok", text: "Signed and locked." });
    } catch (caught) {
      setMessage({ kind: "error", text: errorMessage(caught) });
    }
  }

  return (
    <Stack gap="md">
      {editable ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="md">
            <ChecklistSection
              options={options}
              steps={steps}
              setSteps={setSteps}
              anaesthetic={anaesthetic}
              setAnaesthetic={setAnaesthetic}
              incompleteReason={incompleteReason}
              setIncompleteReason={setIncompleteReason}
              showReason={undone.length > 0}
            />
            <Paper withBorder p="md">
              <Title order={2} size="h3" mb="sm">
                Zones
              </Title>
              <Group align="flex-start" gap="xl" wrap="wrap">
                <ZoneMap charted={charted} selected={selected} onSelect={select} />
                <Stack gap="sm" miw={260}>
                  {row ? (
                    <>
                      <Text fw={600}>{zoneLabel(row.zone)}</Text>
                      <NumberInput
                        label="Depth (mm)"
                        min={0.1}
                        max={3}
                        step={0.25}
                        decimalScale={2}
                        value={row.depthMm}
                        onChange={(v) => update(row.zone, { depthMm: Number(v) })}
                      />
                      <NumberInput
                        label="Passes"
                        min={1}
                        max={8}
                        value={row.passes}
                        onChange={(v) => update(row.zone, { passes: Number(v) })}
                      />
                      <NativeSelect
                        label="Pattern"
                        data={PATTERNS}
                        value={row.pattern}
                        onChange={(e) => update(row.zone, { pattern: e.currentTarget.value })}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        onClick={() => setZones(zones.filter((z) => z.zone !== row.zone))}
                      >
                        Remove zone
                      </Button>
                    </>
                  ) : (
                    <Text size="sm">Choose a zone on the map.</Text>
                  )}
                </Stack>
              </Group>
              <ZoneTable zones={zones} mt="md" />
            </Paper>
            <DeviceSection
              options={options}
              devices={devices.data?.devices ?? []}
              value={device}
              onChange={(patch) => setDevice({ ...device, ...patch })}
            />
            <Paper withBorder p="md" component="section" aria-labelledby="adverse-title">
              <Title order={2} size="h3" mb="sm" id="adverse-title">
                Adverse events
              </Title>
              <RowList
                rows={adverseEvents}
                noun="adverse event"
                addLabel="Add an adverse event"
                emptyText="No adverse event recorded."
                rowTestId="adverse-event"
                emptyTestId="no-adverse-events"
                onAdd={() =>
                  setAdverseEvents([
                    ...adverseEvents,
                    { key: rowKey(), kind: "", severity: "mild", action: "" },
                  ])
                }
                onRemove={(i) => setAdverseEvents(adverseEvents.filter((_, j) => j !== i))}
              >
                {(e, i) => (
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                    <TextInput
                      label={`Adverse event ${i + 1}`}
                      value={e.kind}
                      onChange={(ev) => updateEvent(i, { kind: ev.currentTarget.value })}
                    />
                    <SeveritySelect
                      value={e.severity}
                      onChange={(severity) => updateEvent(i, { severity })}
                    />
                    <TextInput
                      label="Action taken"
                      value={e.action}
                      onChange={(ev) => updateEvent(i, { action: ev.currentTarget.value })}
                    />
                  </SimpleGrid>
                )}
              </RowList>
            </Paper>
          </Stack>
        </fieldset>
      ) : (
        // Read-only: the record as readable text, not faint disabled inputs.
        <ChartRecord chart={chart} options={options} devices={devices.data?.devices ?? []} />
      )}
      <OutcomeAlert message={message} />
      <CosignDialog reason={cosignReason} onSubmit={cosignAndSave} onCancel={() => setCosignReason(null)} />
      {editable ? (
        <Group>
          <Button variant="default" onClick={save}>
            Save
          </Button>
          <Button onClick={sign}>Sign and lock</Button>
        </Group>
      ) : null}
      {signed ? <Addenda response={response} timeZone={timeZone} onAdded={onChange} /> : null}
    </Stack>
  );
}
