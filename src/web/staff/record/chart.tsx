/**
 * Charting a session: the day-of check starts it (linked to today's appointment and the plan,
 * re-screened with what changed; a stop is shown with its reasons and the review of an unknown
 * medicine), then the checklist with the numbing times, depth/passes/pattern zone by zone on the
 * zone map, device and cartridge, the product and its lot, adverse events and the endpoint; every
 * field is loaded from and saved to the server. Signing locks it; a signed chart opens read-only
 * with its addenda, and addenda can be added. Owners read; only a licensed provider charts.
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
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { Fragment, useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError, errorMessage, request } from "../../api/client.ts";
import type { PatientRecord } from "../../api/types.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, formatDate, formatSlot, todayIn } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";
import type { Plan } from "../../portal/record/plan.tsx";
import { useStaffUser } from "../layout.tsx";
import { TimeField } from "../time-field.tsx";
import { CosignDialog, type CosignInput } from "./cosign-dialog.tsx";
import {
  type DayOfChanges,
  DayOfCheck,
  rowKey,
  type StartLinks,
  StoppedSession,
  type Vocabulary,
} from "./day-of-check.tsx";
import { ZoneMap } from "./zone-map.tsx";

interface ZoneRow {
  zone: string;
  depthMm: number;
  passes: number;
  pattern: string;
}

interface AdverseEvent {
  kind: string;
  severity: "mild" | "moderate" | "severe";
  action: string;
}

interface Checklist {
  steps?: Record<string, boolean>;
  anaesthetic?: { product: string; startedAt: string; endedAt: string } | null;
  incompleteReason?: string | null;
}

interface Chart {
  id: string;
  status: "open" | "stopped" | "signed";
  planId: string | null;
  appointmentId: string | null;
  providerId: string;
  sessionDate: string;
  // biome-ignore lint/suspicious/noExplicitAny: the stored re-screen is read by the stop screen
  rescreen: any;
  checklist: Checklist;
  zones: ZoneRow[];
  deviceId: string | null;
  cartridgeLot: string | null;
  cartridgeExpiry: string | null;
  postProduct: { productId: string; lot: string | null } | null;
  endpoint: string | null;
  adverseEvents: AdverseEvent[];
  signedAt: string | null;
  createdAt: string;
}

interface ChartResponse {
  chart: Chart;
  addenda: { id: string; authorId: string; text: string; createdAt: string }[];
  warnings: string[];
}

interface Options extends Vocabulary {
  checklistSteps: { id: string; text: string }[];
  postProducts: { id: string; label: string; granulomaRisk: boolean }[];
}

const STATUS_TEXT: Record<Chart["status"], string> = {
  open: "Open",
  signed: "Signed",
  stopped: "Stopped",
};
const STATUS_COLOR: Record<Chart["status"], string> = { open: "blue", signed: "green", stopped: "red" };

/** The status of a chart in words, dark on a light tint so it reads at any size. */
function ChartStatus({ status }: { status: Chart["status"] }) {
  return (
    <Badge variant="light" color={STATUS_COLOR[status]} c="dark.9" tt="none" data-testid="chart-status">
      {STATUS_TEXT[status]}
    </Badge>
  );
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
  const [search, setSearch] = useSearchParams();
  const chosenId = search.get("chart");
  const id = encodeURIComponent(patientId);
  const charts = useRequest<{ charts: Chart[] }>(`/api/patients/${id}/charts`);
  const options = useRequest<Options>("/api/charts/options");
  const plans = useRequest<{ plans: Plan[] }>(`/api/patients/${id}/plans`);
  const record = useRequest<PatientRecord>(`/api/patients/${id}`);
  const chosen = useRequest<ChartResponse>(chosenId ? `/api/charts/${encodeURIComponent(chosenId)}` : null);
  const [current, setCurrent] = useState<ChartResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const provider = user.role === "provider";

  // An open chart of the patient is the one being charted: it opens with everything saved so far.
  const openId = charts.data?.charts.find((c) => c.status === "open")?.id ?? null;
  useEffect(() => {
    if (chosenId || !openId || current?.chart.id === openId) return;
    request<ChartResponse>("GET", `/api/charts/${openId}`).then(setCurrent, (e) => setError(errorMessage(e)));
  }, [openId, chosenId, current]);

  async function start(links: StartLinks, changes: DayOfChanges) {
    setError(null);
    try {
      const res = await request<ChartResponse>("POST", `/api/patients/${id}/charts`, {
        body: { ...links, changes },
      });
      setCurrent(res);
      charts.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  if (charts.status === "error")
    return <ErrorState title="The chart could not be loaded" error={charts.error} onRetry={charts.reload} />;
  if (!charts.data || !options.data || !plans.data || !record.data) return <LoadingState />;

  const all = charts.data.charts;
  const charted = new Map<string, number>();
  for (const c of all)
    if (c.planId && c.status !== "stopped") charted.set(c.planId, (charted.get(c.planId) ?? 0) + 1);
  const tz = user.clinic.timeZone;
  const today = todayIn(tz, new Date());
  const chartedAppointments = new Set(all.filter((c) => c.status !== "stopped").map((c) => c.appointmentId));
  const todays = record.data.appointments.filter(
    (a) =>
      a.type.kind === "microneedling" &&
      (a.status === "booked" || a.status === "checked_in" || a.status === "completed") &&
      todayIn(tz, new Date(a.startsAt)) === today &&
      !chartedAppointments.has(a.id),
  );
  const shown = chosenId ? chosen.data : current;
  const context = (c: Chart) => {
    const plan = plans.data?.plans.find((p) => p.id === c.planId) ?? null;
    const appointment = record.data?.appointments.find((a) => a.id === c.appointmentId) ?? null;
    const number =
      plan === null
        ? null
        : all
            .filter((x) => x.planId === plan.id && x.status !== "stopped")
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .findIndex((x) => x.id === c.id) + 1;
    return { plan, appointment, number };
  };

  let main: React.ReactNode;
  if (chosenId) {
    main =
      chosen.status === "error" ? (
        <ErrorState title="This chart could not be loaded" error={chosen.error} onRetry={chosen.reload} />
      ) : !chosen.data ? (
        <LoadingState />
      ) : null;
  }
  if (!main && shown) {
    const { plan, appointment, number } = context(shown.chart);
    main = (
      <Stack gap="md">
        <Group gap="sm" wrap="wrap">
          <ChartStatus status={shown.chart.status} />
          <Text size="sm">Session of {formatCalendarDate(shown.chart.sessionDate)}</Text>
          {plan && number ? (
            <Text size="sm" data-testid="chart-plan">
              Session {number} of {plan.sessions} of the plan
            </Text>
          ) : (
            <Text size="sm">{plan ? "On the plan, not counted as a session" : "No plan"}</Text>
          )}
          {appointment ? (
            <Text size="sm" data-testid="chart-appointment">
              Appointment {formatSlot(appointment.startsAt, appointment.endsAt, appointment.locationTimeZone)}
            </Text>
          ) : null}
        </Group>
        {shown.chart.status === "stopped" ? (
          <StoppedSession
            key={shown.chart.id}
            patientId={patientId}
            rescreen={shown.chart.rescreen}
            vocabulary={options.data}
            canReview={provider}
            onRescreen={async (changes) => {
              setSearch({});
              await start({ planId: shown.chart.planId, appointmentId: shown.chart.appointmentId }, changes);
            }}
          />
        ) : (
          <ChartForm
            key={`${shown.chart.id}-${shown.chart.status}`}
            response={shown}
            options={options.data}
            editable={provider && shown.chart.status === "open"}
            timeZone={tz}
            onChange={(res) => {
              if (chosenId) chosen.reload();
              else setCurrent(res);
              charts.reload();
            }}
          />
        )}
      </Stack>
    );
  } else if (!main) {
    main = provider ? (
      <DayOfCheck
        appointments={todays}
        plans={plans.data.plans}
        charted={charted}
        vocabulary={options.data}
        initial={{ planId: search.get("plan"), appointmentId: search.get("appointment") }}
        onStart={start}
      />
    ) : (
      <Text size="sm">Only a licensed provider starts a session. Earlier sessions are listed below.</Text>
    );
  }

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
      {main}
      <Paper withBorder p="md" component="section" aria-labelledby="sessions-title">
        <Title order={2} size="h3" id="sessions-title" mb="sm">
          Sessions
        </Title>
        {all.length === 0 ? (
          <Text size="sm" c="dimmed">
            No session charted yet.
          </Text>
        ) : (
          <Table data-testid="chart-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Plan</Table.Th>
                <Table.Th>Chart</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((c) => {
                const { plan, number } = context(c);
                return (
                  <Table.Tr key={c.id}>
                    <Table.Td>{formatCalendarDate(c.sessionDate)}</Table.Td>
                    <Table.Td>{STATUS_TEXT[c.status]}</Table.Td>
                    <Table.Td>
                      {plan && number
                        ? `Session ${number} of ${plan.sessions}`
                        : plan
                          ? "Plan (not counted)"
                          : "No plan"}
                    </Table.Td>
                    <Table.Td>
                      {c.id === chosenId ? (
                        <Text size="sm">Shown above</Text>
                      ) : (
                        <Anchor
                          component={Link}
                          to={`?chart=${c.id}`}
                          onClick={() => setCurrent(null)}
                          aria-label={`Open the chart of ${formatCalendarDate(c.sessionDate)} (${STATUS_TEXT[c.status]})`}
                        >
                          Open
                        </Anchor>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {chosenId ? (
        <Anchor component={Link} to="?" size="sm">
          Back to today's session
        </Anchor>
      ) : null}
    </Stack>
  );
}

function ChartForm({
  response,
  options,
  editable,
  timeZone,
  onChange,
}: {
  response: ChartResponse;
  options: Options;
  /** An open chart, charted by a provider; otherwise every field is read-only. */
  editable: boolean;
  timeZone: string;
  onChange: (r: ChartResponse) => void;
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
  const [deviceId, setDeviceId] = useState(chart.deviceId ?? "");
  const [lot, setLot] = useState(chart.cartridgeLot ?? "");
  const [expiry, setExpiry] = useState(chart.cartridgeExpiry ?? "");
  // "" is no post-procedure product.
  const [product, setProduct] = useState(chart.postProduct?.productId ?? "");
  const [productLot, setProductLot] = useState(chart.postProduct?.lot ?? "");
  const [adverseEvents, setAdverseEvents] = useState<(AdverseEvent & { key: number })[]>(
    (chart.adverseEvents ?? []).map((e) => ({ ...e, key: rowKey() })),
  );
  const [endpoint, setEndpoint] = useState(chart.endpoint ?? "");
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  // Set when a depth is above the provider's licence: the physician's co-signature dialog is open.
  const [cosignReason, setCosignReason] = useState<string | null>(null);
  const devices = useRequest<{ devices: { id: string; name: string }[] }>("/api/charts/devices");

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
  function updateEvent(i: number, patch: Partial<AdverseEvent>) {
    setAdverseEvents(adverseEvents.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  }

  /** Saves the chart; with `cosign`, a supervising physician's co-signature for the depths. */
  function put(cosign: CosignInput | null) {
    const numbing =
      anaesthetic.product.trim() && anaesthetic.startedAt && anaesthetic.endedAt ? anaesthetic : null;
    return request<ChartResponse>("PUT", `/api/charts/${chart.id}`, {
      body: {
        checklist: {
          steps,
          anaesthetic: numbing,
          incompleteReason: undone.length > 0 && incompleteReason.trim() ? incompleteReason.trim() : null,
        },
        zones,
        deviceId: deviceId || null,
        cartridgeLot: lot.trim() || null,
        cartridgeExpiry: expiry || null,
        postProduct: product ? { productId: product, lot: productLot.trim() || null } : null,
        endpoint: endpoint || null,
        adverseEvents: adverseEvents.map((e) => ({
          kind: e.kind.trim(),
          severity: e.severity,
          action: e.action.trim(),
        })),
        ...(cosign ? { cosign } : {}),
      },
    });
  }

  function done(res: ChartResponse) {
    onChange(res);
    setMessage({ kind: "ok", text: res.warnings.length ? `Saved. ${res.warnings.join(" ")}` : "Saved." });
  }

  async function save(): Promise<boolean> {
    setMessage(null);
    try {
      done(await put(null));
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
    done(res);
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

  const productOf = (id: string) => options.postProducts.find((p) => p.id === id);

  return (
    <Stack gap="md">
      {editable ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
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
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput
                    label="Anaesthetic"
                    value={anaesthetic.product}
                    onChange={(e) => setAnaesthetic({ ...anaesthetic, product: e.currentTarget.value })}
                  />
                  <TimeField
                    label="Anaesthetic on at"
                    stepMinutes={5}
                    value={anaesthetic.startedAt}
                    onChange={(startedAt) => setAnaesthetic({ ...anaesthetic, startedAt })}
                  />
                  <TimeField
                    label="Anaesthetic off at"
                    stepMinutes={5}
                    value={anaesthetic.endedAt}
                    onChange={(endedAt) => setAnaesthetic({ ...anaesthetic, endedAt })}
                  />
                </SimpleGrid>
                {undone.length > 0 && (editable || incompleteReason) ? (
                  <Textarea
                    label="Why a step was not done"
                    description="Needed to sign with a step not ticked (at least 10 characters)."
                    value={incompleteReason}
                    onChange={(e) => setIncompleteReason(e.currentTarget.value)}
                    autosize
                    minRows={2}
                  />
                ) : null}
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
                      {editable ? (
                        <Button
                          variant="subtle"
                          color="red"
                          onClick={() => setZones(zones.filter((z) => z.zone !== row.zone))}
                        >
                          Remove zone
                        </Button>
                      ) : null}
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
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <NativeSelect
                  label="Device"
                  value={deviceId}
                  onChange={(e) => setDeviceId(e.currentTarget.value)}
                  data={[
                    { value: "", label: "Choose…" },
                    ...(devices.data?.devices ?? []).map((d) => ({ value: d.id, label: d.name })),
                  ]}
                />
                <TextInput
                  label="Cartridge lot"
                  value={lot}
                  onChange={(e) => setLot(e.currentTarget.value)}
                />
                <TextInput
                  label="Cartridge expiry"
                  type="date"
                  value={expiry}
                  onChange={(e) => setExpiry(e.currentTarget.value)}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="sm">
                <NativeSelect
                  label="Post-procedure product"
                  value={product}
                  onChange={(e) => setProduct(e.currentTarget.value)}
                  data={[
                    { value: "", label: "None" },
                    ...options.postProducts.map((p) => ({
                      value: p.id,
                      label: p.granulomaRisk ? `${p.label} (granuloma warning)` : p.label,
                    })),
                  ]}
                />
                <TextInput
                  label="Product lot"
                  description={
                    product ? "Needed to sign: a lot recall finds the chart by it" : "No product used"
                  }
                  value={productLot}
                  disabled={!product}
                  onChange={(e) => setProductLot(e.currentTarget.value)}
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
              </SimpleGrid>
              {product && productOf(product)?.granulomaRisk ? (
                <Text size="sm" c="red.9" mt="xs">
                  Linked to granulomatous reactions on freshly needled skin.
                </Text>
              ) : null}
            </Paper>
            <Paper withBorder p="md" component="section" aria-labelledby="adverse-title">
              <Title order={2} size="h3" mb="sm" id="adverse-title">
                Adverse events
              </Title>
              <Stack gap="sm">
                {adverseEvents.length === 0 ? (
                  <Text size="sm" data-testid="no-adverse-events">
                    No adverse event recorded.
                  </Text>
                ) : null}
                {adverseEvents.map((e, i) => (
                  <Paper withBorder p="sm" key={e.key} data-testid="adverse-event">
                    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                      <TextInput
                        label={`Adverse event ${i + 1}`}
                        value={e.kind}
                        onChange={(ev) => updateEvent(i, { kind: ev.currentTarget.value })}
                      />
                      <NativeSelect
                        label="Severity"
                        value={e.severity}
                        onChange={(ev) =>
                          updateEvent(i, { severity: ev.currentTarget.value as AdverseEvent["severity"] })
                        }
                        data={[
                          { value: "mild", label: "Mild" },
                          { value: "moderate", label: "Moderate" },
                          { value: "severe", label: "Severe" },
                        ]}
                      />
                      <TextInput
                        label="Action taken"
                        value={e.action}
                        onChange={(ev) => updateEvent(i, { action: ev.currentTarget.value })}
                      />
                    </SimpleGrid>
                    {editable ? (
                      <Button
                        mt="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setAdverseEvents(adverseEvents.filter((_, j) => j !== i))}
                      >
                        Remove adverse event {i + 1}
                      </Button>
                    ) : null}
                  </Paper>
                ))}
                {editable ? (
                  <Group>
                    <Button
                      variant="default"
                      onClick={() =>
                        setAdverseEvents([
                          ...adverseEvents,
                          { key: rowKey(), kind: "", severity: "mild", action: "" },
                        ])
                      }
                    >
                      Add an adverse event
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </Paper>
          </Stack>
        </fieldset>
      ) : (
        // Read-only: the record as readable text, not faint disabled inputs.
        <ChartRecord chart={chart} options={options} devices={devices.data?.devices ?? []} />
      )}
      {message ? (
        <Alert
          color={message.kind === "error" ? "red" : "green"}
          role={message.kind === "error" ? "alert" : "status"}
        >
          {message.text}
        </Alert>
      ) : null}
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

const ENDPOINTS: Record<string, string> = {
  erythema: "Even erythema",
  "erythema-pinpoint-bleeding": "Erythema with pinpoint bleeding",
  "not-reached": "Not reached",
};
const SEVERITIES: Record<string, string> = { mild: "Mild", moderate: "Moderate", severe: "Severe" };

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
function ChartRecord({
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
        {chart.zones.length === 0 ? (
          <Text>No zone treated.</Text>
        ) : (
          <Table data-testid="zone-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Zone</Table.Th>
                <Table.Th>Depth</Table.Th>
                <Table.Th>Passes</Table.Th>
                <Table.Th>Pattern</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {chart.zones.map((z) => (
                <Table.Tr key={z.zone}>
                  <Table.Td>{ZONE_LABELS[z.zone] ?? z.zone}</Table.Td>
                  <Table.Td>{z.depthMm} mm</Table.Td>
                  <Table.Td>{z.passes}</Table.Td>
                  <Table.Td>{z.pattern}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
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
                  ["Severity", SEVERITIES[e.severity] ?? e.severity],
                  ["Action taken", e.action],
                ]}
              />
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

/** The dated notes added to a signed chart, and a form to add one. */
function Addenda({
  response,
  timeZone,
  onAdded,
}: {
  response: ChartResponse;
  timeZone: string;
  onAdded: (r: ChartResponse) => void;
}) {
  const [text, setText] = useState("");
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function add() {
    setBusy(true);
    setMessage(null);
    try {
      await request("POST", `/api/charts/${response.chart.id}/addenda`, { body: { text } });
      const fresh = await request<ChartResponse>("GET", `/api/charts/${response.chart.id}`);
      setText("");
      setMessage({ kind: "ok", text: "Addendum added." });
      onAdded(fresh);
    } catch (caught) {
      setMessage({ kind: "error", text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="addenda-title">
      <Title order={2} size="h3" mb="sm" id="addenda-title">
        Addenda
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Signed {response.chart.signedAt ? formatDate(response.chart.signedAt, timeZone) : ""}: the chart is
        locked. Corrections and later notes are added as dated addenda.
      </Text>
      <Stack gap="sm">
        {response.addenda.length === 0 ? <Text size="sm">No addendum yet.</Text> : null}
        {response.addenda.map((a) => (
          <Paper key={a.id} withBorder p="sm" data-testid="addendum">
            <Text size="xs" c="dimmed">
              {formatDate(a.createdAt, timeZone)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {a.text}
            </Text>
          </Paper>
        ))}
        <Textarea
          label="New addendum"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {message ? (
          <Alert
            color={message.kind === "error" ? "red" : "green"}
            role={message.kind === "error" ? "alert" : "status"}
          >
            {message.text}
          </Alert>
        ) : null}
        <Group>
          <Button variant="default" onClick={add} loading={busy} disabled={text.trim() === ""}>
            Add addendum
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
