/**
 * Charting a session: start it (day-of re-screen; a stop is shown with its reasons), then the
 * checklist, depth/passes/pattern zone by zone on the zone map, device and cartridge, product,
 * endpoint; save, and sign to lock it.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, errorMessage, request } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { useRequest } from "../../lib/use-request.ts";
import { useStaffUser } from "../layout.tsx";
import { CosignDialog, type CosignInput } from "./cosign-dialog.tsx";
import { ZoneMap } from "./zone-map.tsx";

interface ZoneRow {
  zone: string;
  depthMm: number;
  passes: number;
  pattern: string;
}

interface Chart {
  id: string;
  status: "open" | "stopped" | "signed";
  sessionDate: string;
  rescreen: { decision?: { outcome: string; reasons: string[] } };
  zones: ZoneRow[];
  deviceId: string | null;
  cartridgeLot: string | null;
  cartridgeExpiry: string | null;
  endpoint: string | null;
  signedAt: string | null;
}

interface ChartResponse {
  chart: Chart;
  addenda: { id: string; text: string; createdAt: string }[];
  warnings: string[];
}

interface Options {
  checklistSteps: { id: string; text: string }[];
  postProducts: { id: string; label: string; granulomaRisk: boolean }[];
}

const ZONE_LABELS: Record<string, string> = {
  scalp: "Scalp",
  forehead: "Forehead",
  periorbital: "Around the eyes",
  nose: "Nose",
  cheeks: "Cheeks",
  perioral: "Around the mouth",
  "chin-jawline": "Chin and jawline",
  neck: "Neck",
  body: "Body",
};
const PATTERNS = ["crosshatch", "horizontal", "vertical", "diagonal", "circular"];

export function ChartPage() {
  const user = useStaffUser();
  const { patientId = "" } = useParams();
  const charts = useRequest<{ charts: Chart[] }>(`/api/patients/${encodeURIComponent(patientId)}/charts`);
  const options = useRequest<Options>("/api/charts/options");
  const [current, setCurrent] = useState<ChartResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [coldSore, setColdSore] = useState(false);

  useEffect(() => {
    const open = charts.data?.charts.find((c) => c.status === "open");
    if (open && !current) setCurrent({ chart: open, addenda: [], warnings: [] });
  }, [charts.data, current]);

  async function start() {
    setError(null);
    try {
      const res = await request<ChartResponse>(
        "POST",
        `/api/patients/${encodeURIComponent(patientId)}/charts`,
        {
          body: {
            changes: coldSore
              ? {
                  newConditions: [
                    { conditionId: "herpes-labialis", status: "active", inTreatmentArea: true },
                  ],
                }
              : {},
          },
        },
      );
      setCurrent(res);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  if (charts.status === "error")
    return <ErrorState title="The chart could not be loaded" error={charts.error} onRetry={charts.reload} />;
  if (!charts.data || !options.data) return <LoadingState />;

  return (
    <Stack gap="lg" maw={1100}>
      <title>{`Session chart · ${user.clinic.name}`}</title>
      <Anchor component={Link} to={`/app/patients/${patientId}`} size="sm">
        Back to the patient
      </Anchor>
      <Title order={1}>Session chart</Title>
      {error ? (
        <Alert color="red" role="alert" title="Not started">
          {error}
        </Alert>
      ) : null}
      {!current ? (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={2} size="h3">
              Day-of check
            </Title>
            <Text size="sm">What changed since the intake? The engine screens again before you start.</Text>
            <Checkbox
              label="Active cold sore today"
              checked={coldSore}
              onChange={(e) => setColdSore(e.currentTarget.checked)}
            />
            <Group>
              <Button onClick={start}>Start session</Button>
            </Group>
          </Stack>
        </Paper>
      ) : current.chart.status === "stopped" ? (
        <Alert color="red" role="alert" title="Session stopped">
          The day-of re-screen is {current.chart.rescreen.decision?.outcome}:{" "}
          {(current.chart.rescreen.decision?.reasons ?? []).join(", ") || "review needed"}. Do not treat
          today.
        </Alert>
      ) : (
        <ChartForm response={current} options={options.data} onChange={setCurrent} />
      )}
    </Stack>
  );
}

function ChartForm({
  response,
  options,
  onChange,
}: {
  response: ChartResponse;
  options: Options;
  onChange: (r: ChartResponse) => void;
}) {
  const { chart } = response;
  const signed = chart.status === "signed";
  const [zones, setZones] = useState<ZoneRow[]>(chart.zones);
  const [selected, setSelected] = useState<string | null>(chart.zones[0]?.zone ?? null);
  const [steps, setSteps] = useState<Record<string, boolean>>({});
  const [anaesthetic, setAnaesthetic] = useState({
    product: "lidocaine 4% cream",
    startedAt: "",
    endedAt: "",
  });
  const [deviceId, setDeviceId] = useState(chart.deviceId ?? "");
  const [lot, setLot] = useState(chart.cartridgeLot ?? "");
  const [expiry, setExpiry] = useState(chart.cartridgeExpiry ?? "");
  const [product, setProduct] = useState("ha-hydrogel");
  const [endpoint, setEndpoint] = useState(chart.endpoint ?? "");
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  // Set when a depth is above the provider's licence: the physician's co-signature dialog is open.
  const [cosignReason, setCosignReason] = useState<string | null>(null);
  const devices = useRequest<{ devices: { id: string; name: string }[] }>("/api/charts/devices");

  const charted = Object.fromEntries(zones.map((z) => [z.zone, z.depthMm]));
  const row = zones.find((z) => z.zone === selected) ?? null;

  function select(zone: string) {
    setSelected(zone);
    if (!zones.some((z) => z.zone === zone)) {
      setZones([...zones, { zone, depthMm: 0.5, passes: 2, pattern: "crosshatch" }]);
    }
  }
  function update(zone: string, patch: Partial<ZoneRow>) {
    setZones(zones.map((z) => (z.zone === zone ? { ...z, ...patch } : z)));
  }

  /** Saves the chart; with `cosign`, a supervising physician's co-signature for the depths. */
  function put(cosign: CosignInput | null) {
    return request<ChartResponse>("PUT", `/api/charts/${chart.id}`, {
      body: {
        checklist: {
          steps,
          anaesthetic: anaesthetic.startedAt && anaesthetic.endedAt ? anaesthetic : null,
        },
        zones,
        deviceId: deviceId || null,
        cartridgeLot: lot || null,
        cartridgeExpiry: expiry || null,
        postProduct: { productId: product, lot: null },
        endpoint: endpoint || null,
        adverseEvents: [],
        ...(cosign ? { cosign } : {}),
      },
    });
  }

  function saved(res: ChartResponse) {
    onChange(res);
    setMessage({ kind: "ok", text: res.warnings.length ? `Saved. ${res.warnings.join(" ")}` : "Saved." });
  }

  async function save(): Promise<boolean> {
    setMessage(null);
    try {
      saved(await put(null));
      return true;
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "depth_above_licence")
        setCosignReason(caught.message);
      else setMessage({ kind: "error", text: errorMessage(caught) });
      return false;
    }
  }

  async function cosignAndSave(cosign: CosignInput) {
    const res = await put(cosign);
    setCosignReason(null);
    saved(res);
  }

  async function sign() {
    if (!(await save())) return;
    try {
      const res = await request<ChartResponse>("POST", `/api/charts/${chart.id}/sign`);
      onChange(res);
      setMessage({ kind: "ok", text: "Signed and locked." });
    } catch (caught) {
      setMessage({ kind: "error", text: errorMessage(caught) });
    }
  }

  return (
    <Stack gap="md">
      <Group gap="sm">
        <Badge variant="light" color={signed ? "green.9" : "blue.9"} data-testid="chart-status">
          {signed ? "Signed" : "Open"}
        </Badge>
        <Text size="sm">Session of {chart.sessionDate}</Text>
      </Group>
      <fieldset disabled={signed} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="md">
          <Paper withBorder p="md">
            <Title order={2} size="h3" mb="sm">
              Checklist
            </Title>
            <Stack gap="xs">
              {options.checklistSteps.map((s) => (
                <Checkbox
                  key={s.id}
                  label={s.text}
                  checked={steps[s.id] ?? false}
                  onChange={(e) => setSteps({ ...steps, [s.id]: e.currentTarget.checked })}
                />
              ))}
              <Group grow>
                <TextInput
                  label="Anaesthetic"
                  value={anaesthetic.product}
                  onChange={(e) => setAnaesthetic({ ...anaesthetic, product: e.currentTarget.value })}
                />
                <TextInput
                  label="Anaesthetic on at"
                  type="time"
                  value={anaesthetic.startedAt}
                  onChange={(e) => setAnaesthetic({ ...anaesthetic, startedAt: e.currentTarget.value })}
                />
                <TextInput
                  label="Anaesthetic off at"
                  type="time"
                  value={anaesthetic.endedAt}
                  onChange={(e) => setAnaesthetic({ ...anaesthetic, endedAt: e.currentTarget.value })}
                />
              </Group>
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h3" mb="sm">
              Zones
            </Title>
            <Group align="flex-start" gap="xl" wrap="wrap">
              <ZoneMap charted={charted} selected={selected} onSelect={select} />
              <Stack gap="sm" miw={260}>
                {row ? (
                  <>
                    <Text fw={600}>{ZONE_LABELS[row.zone] ?? row.zone}</Text>
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
            <Table mt="md" data-testid="zone-table">
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
                    <Table.Td>{ZONE_LABELS[z.zone] ?? z.zone}</Table.Td>
                    <Table.Td>{z.depthMm} mm</Table.Td>
                    <Table.Td>{z.passes}</Table.Td>
                    <Table.Td>{z.pattern}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} size="h3" mb="sm">
              Device, cartridge and product
            </Title>
            <Group grow align="flex-end">
              <NativeSelect
                label="Device"
                value={deviceId}
                onChange={(e) => setDeviceId(e.currentTarget.value)}
                data={[
                  { value: "", label: "Choose…" },
                  ...(devices.data?.devices ?? []).map((d) => ({ value: d.id, label: d.name })),
                ]}
              />
              <TextInput label="Cartridge lot" value={lot} onChange={(e) => setLot(e.currentTarget.value)} />
              <TextInput
                label="Cartridge expiry"
                type="date"
                value={expiry}
                onChange={(e) => setExpiry(e.currentTarget.value)}
              />
            </Group>
            <Group grow mt="sm">
              <NativeSelect
                label="Post-procedure product"
                value={product}
                onChange={(e) => setProduct(e.currentTarget.value)}
                data={options.postProducts.map((p) => ({
                  value: p.id,
                  label: p.granulomaRisk ? `${p.label} (granuloma warning)` : p.label,
                }))}
              />
              <NativeSelect
                label="Endpoint"
                value={endpoint}
                onChange={(e) => setEndpoint(e.currentTarget.value)}
                data={[
                  { value: "", label: "Choose…" },
                  { value: "erythema", label: "Even erythema" },
                  { value: "erythema-pinpoint-bleeding", label: "Erythema with pinpoint bleeding" },
                  { value: "not-reached", label: "Not reached" },
                ]}
              />
            </Group>
          </Paper>
        </Stack>
      </fieldset>
      {message ? (
        <Alert
          color={message.kind === "error" ? "red" : "green"}
          role={message.kind === "error" ? "alert" : "status"}
        >
          {message.text}
        </Alert>
      ) : null}
      <CosignDialog reason={cosignReason} onSubmit={cosignAndSave} onCancel={() => setCosignReason(null)} />
      {signed ? null : (
        <Group>
          <Button variant="default" onClick={save}>
            Save
          </Button>
          <Button onClick={sign}>Sign and lock</Button>
        </Group>
      )}
    </Stack>
  );
}
