/**
 * Outcome scores on the staff patient page: record a score (Goodman & Baron, GAIS by clinician or
 * patient, satisfaction) against a plan, and a trend chart per scale over the plan.
 */
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import type { z } from "zod";
import { patientCharts } from "../../../contract/charts.ts";
import {
  outcomeScales,
  patientOutcomes,
  recordOutcome,
  type scaleView,
  type trendView,
} from "../../../contract/outcomes.ts";
import { patientPlans } from "../../../contract/treatment-plans.ts";
import { call, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

type Scale = z.output<typeof scaleView>;
type Trend = z.output<typeof trendView>;

const COLOURS = { clinician: "#1f6f78", patient: "#c2653a" } as const;

/** One scale's series over time: a small SVG line chart with the data table beside it. */
function TrendChart({ scale, series }: { scale: Scale; series: Trend[] }) {
  const W = 320;
  const H = 150;
  const pad = { l: 34, r: 10, t: 10, b: 24 };
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.recordedOn)))].sort();
  const t = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const t0 = t(dates[0] ?? "2000-01-01");
  const t1 = t(dates[dates.length - 1] ?? "2000-01-01");
  const x = (d: string) =>
    pad.l + (t1 === t0 ? (W - pad.l - pad.r) / 2 : ((t(d) - t0) / (t1 - t0)) * (W - pad.l - pad.r));
  const y = (v: number) => pad.t + ((scale.max - v) / (scale.max - scale.min || 1)) * (H - pad.t - pad.b);
  const summary = series
    .map(
      (s) =>
        `${s.rater}: ${s.points.map((p) => p.value).join(", ")}${s.direction ? ` (${s.direction})` : ""}`,
    )
    .join("; ");
  return (
    <Paper withBorder p="sm" data-testid={`trend-${scale.id}`}>
      <Text size="sm" fw={600}>
        {scale.name}
      </Text>
      <Text size="xs" c="dimmed">
        {scale.better === "lower" ? "Lower is better" : "Higher is better"} · {scale.min}–{scale.max}
      </Text>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${scale.name}: ${summary}`}>
        <line x1={pad.l} y1={y(scale.min)} x2={W - pad.r} y2={y(scale.min)} stroke="#bbb" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} stroke="#bbb" />
        <text x={pad.l - 4} y={y(scale.max) + 4} fontSize="10" textAnchor="end" fill="#555">
          {scale.max}
        </text>
        <text x={pad.l - 4} y={y(scale.min) + 4} fontSize="10" textAnchor="end" fill="#555">
          {scale.min}
        </text>
        {series.map((s) => (
          <g key={s.rater}>
            <polyline
              fill="none"
              stroke={COLOURS[s.rater]}
              strokeWidth={2}
              points={s.points.map((p) => `${x(p.recordedOn)},${y(p.value)}`).join(" ")}
            />
            {s.points.map((p) => (
              <circle
                key={`${p.recordedOn}-${p.value}`}
                cx={x(p.recordedOn)}
                cy={y(p.value)}
                r={3.5}
                fill={COLOURS[s.rater]}
              />
            ))}
          </g>
        ))}
      </svg>
      <Table fz="xs" mt={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rated by</Table.Th>
            <Table.Th>Scores</Table.Th>
            <Table.Th>Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {series.map((s) => (
            <Table.Tr key={s.rater}>
              <Table.Td style={{ color: COLOURS[s.rater] }}>{s.rater}</Table.Td>
              <Table.Td>
                {s.points.map((p) => `${formatCalendarDate(p.recordedOn)}: ${p.value}`).join(" · ")}
              </Table.Td>
              <Table.Td>{s.direction ?? "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

export function OutcomesPanel({ patientId }: { patientId: string }) {
  const params = { id: patientId };
  const plans = useApiQuery(patientPlans, { params });
  const scales = useApiQuery(outcomeScales);
  const [planChoice, setPlanChoice] = useState("");
  const planId = planChoice || plans.data?.plans[0]?.id || "";
  const scores = useApiQuery(patientOutcomes, planId ? { params, query: { planId } } : null);
  const [scaleId, setScaleId] = useState("goodman-baron-qualitative");
  const [rater, setRater] = useState<"clinician" | "patient">("clinician");
  const [value, setValue] = useState<string | number>("");
  // A score belongs to a session of the plan (or to none, e.g. at the baseline) and a date.
  const charts = useApiQuery(patientCharts, { params });
  const [chartId, setChartId] = useState("");
  const [recordedOn, setRecordedOn] = useState("");
  const sessions = (charts.data?.charts ?? [])
    .filter((c) => c.planId === planId && c.status === "signed")
    .sort((a, b) => a.sessionDate.localeCompare(b.sessionDate));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const scale = scales.data?.scales.find((s) => s.id === scaleId);
  const raters = scale?.raters ?? ["clinician"];
  const activeRater = raters.includes(rater) ? rater : raters[0]!;

  const recording = useApiMutation(
    () =>
      call(recordOutcome, {
        params,
        body: {
          scaleId,
          rater: activeRater,
          value: Number(value),
          planId,
          chartId: chartId || null,
          recordedOn: recordedOn || null,
        },
      }),
    {
      invalidates: [patientOutcomes],
      onMutate: () => setMessage(null),
      onSuccess: () => {
        setMessage({ ok: true, text: "Score recorded." });
        setValue("");
      },
      onError: (caught) => setMessage({ ok: false, text: errorMessage(caught) }),
    },
  );

  let body: React.ReactNode;
  if (plans.isError || scales.isError) {
    body = (
      <ErrorState
        error={plans.error ?? scales.error}
        title="Could not load outcomes"
        onRetry={() => {
          void plans.refetch();
          void scales.refetch();
        }}
      />
    );
  } else if (!plans.data || !scales.data) {
    body = <LoadingState label="Loading outcomes…" />;
  } else if (plans.data.plans.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        Scores are recorded against a treatment plan; build one in the consultation first.
      </Text>
    );
  } else {
    const trend = scores.data?.trend ?? [];
    const charted = scales.data.scales.filter((s) => trend.some((t) => t.scaleId === s.id));
    body = (
      <Stack gap="md">
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label="Plan"
            value={planId}
            onChange={(e) => setPlanChoice(e.currentTarget.value)}
            data={plans.data.plans.map((p) => ({
              value: p.id,
              label: `${formatCalendarDate(p.createdAt.toISOString().slice(0, 10))} · ${p.sessions} sessions (${p.status})`,
            }))}
          />
        </Group>
        <Group align="flex-end" gap="sm" component="section" aria-label="Record a score">
          <NativeSelect
            label="Scale"
            value={scaleId}
            onChange={(e) => {
              setScaleId(e.currentTarget.value);
              setValue("");
            }}
            data={scales.data.scales.map((s) => ({ value: s.id, label: s.name }))}
            maw={320}
          />
          <NativeSelect
            label="Rated by"
            value={activeRater}
            onChange={(e) => setRater(e.currentTarget.value as "clinician" | "patient")}
            data={raters.map((r) => ({ value: r, label: r === "clinician" ? "Clinician" : "Patient" }))}
          />
          {scale?.levels ? (
            <NativeSelect
              label="Score"
              value={String(value)}
              onChange={(e) => setValue(e.currentTarget.value)}
              data={[
                { value: "", label: "Choose…" },
                ...scale.levels.map((l) => ({ value: String(l.value), label: `${l.value} · ${l.label}` })),
              ]}
            />
          ) : (
            <NumberInput
              label={`Score (${scale?.min ?? 0}–${scale?.max ?? 0})`}
              value={value}
              onChange={setValue}
              min={scale?.min}
              max={scale?.max}
              allowDecimal={false}
              w={140}
            />
          )}
          <NativeSelect
            label="Session"
            value={chartId}
            onChange={(e) => setChartId(e.currentTarget.value)}
            data={[
              { value: "", label: "No session (baseline)" },
              ...sessions.map((c, i) => ({
                value: c.id,
                label: `Session ${i + 1}, ${formatCalendarDate(c.sessionDate)}`,
              })),
            ]}
          />
          <TextInput
            label="Scored on"
            description="Blank: today"
            type="date"
            value={recordedOn}
            onChange={(e) => setRecordedOn(e.currentTarget.value)}
          />
          <Button onClick={() => recording.mutate()} disabled={value === ""}>
            Record score
          </Button>
        </Group>
        {scale?.caveat ? (
          <Text size="xs" c="dimmed">
            Protocol note: {scale.caveat}
          </Text>
        ) : null}
        {message ? (
          message.ok ? (
            <Text size="sm" role="status">
              {message.text}
            </Text>
          ) : (
            <Alert color="red" role="alert">
              {message.text}
            </Alert>
          )
        ) : null}
        {charted.length === 0 ? (
          <Text size="sm" c="dimmed">
            No scores for this plan yet.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            {charted.map((s) => (
              <TrendChart key={s.id} scale={s} series={trend.filter((t) => t.scaleId === s.id)} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    );
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="outcomes-title">
      <Title order={2} size="h4" id="outcomes-title" mb="md">
        Outcomes
      </Title>
      {body}
    </Paper>
  );
}
