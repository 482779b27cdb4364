/**
 * Charting a session: the day-of check starts it (linked to today's appointment and the plan,
 * re-screened with what changed; a stop is shown with its reasons and the review of an unknown
 * medicine), then the checklist with the numbing times, depth/passes/pattern zone by zone on the
 * zone map, device and cartridge, the product and its lot, adverse events and the endpoint; every
 * field is loaded from and saved to the server. Signing locks it; a signed chart opens read-only
 * with its addenda, and addenda can be added. Owners read; only a licensed provider charts.
 */
import { Alert, Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { chartOptions } from "../../../contract/charts.ts";
import { errorMessage, request } from "../../api/client.ts";
import type { PatientRecord } from "../../api/types.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, formatSlot, todayIn } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useRequest } from "../../lib/use-request.ts";
import type { Plan } from "../../portal/record/plan.tsx";
import { useStaffUser } from "../layout.tsx";
import { ChartForm } from "./chart-form.tsx";
import { type Chart, type ChartResponse, STATUS_TEXT } from "./chart-types.ts";
import { type DayOfChanges, DayOfCheck, type StartLinks } from "./day-of-check.tsx";
import { DayOfSummary } from "./day-of-summary.tsx";
import { StoppedSession } from "./stopped-session.tsx";

const STATUS_COLOR: Record<Chart["status"], string> = { open: "blue", signed: "green", stopped: "red" };

/** The status of a chart in words, dark on a light tint so it reads at any size. */
function ChartStatus({ status }: { status: Chart["status"] }) {
  return (
    <Badge variant="light" color={STATUS_COLOR[status]} c="dark.9" tt="none" data-testid="chart-status">
      {STATUS_TEXT[status]}
    </Badge>
  );
}

export function ChartPage() {
  const user = useStaffUser();
  const { patientId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const chosenId = search.get("chart");
  const id = encodeURIComponent(patientId);
  const charts = useRequest<{ charts: Chart[] }>(`/api/patients/${id}/charts`);
  const options = useApiQuery(chartOptions);
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
        <DayOfSummary chart={shown.chart} options={options.data} />
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
