/**
 * Charting a session: the day-of check starts it (linked to today's appointment and the plan,
 * re-screened with what changed; a stop is shown with its reasons and the review of an unknown
 * medicine), then the checklist with the numbing times, depth/passes/pattern zone by zone on the
 * zone map, device and cartridge, the product and its lot, adverse events and the endpoint; every
 * field is loaded from and saved to the server. Signing locks it; a signed chart opens read-only
 * with its addenda, and addenda can be added. Owners read; only a licensed provider charts.
 */
import { Alert, Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import {
  type SessionChart as Chart,
  type ChartAnswer,
  chartOptions,
  patientCharts,
  sessionChart,
  startChart,
} from "../../../contract/charts.ts";
import { patient } from "../../../contract/patients.ts";
import { patientPlans } from "../../../contract/treatment-plans.ts";
import { call, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, formatSlot, todayIn } from "../../lib/format.ts";
import { queryClient, queryKey, useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { ChartForm } from "./chart-form.tsx";
import { type DayOfChanges, DayOfCheck, type StartLinks } from "./day-of-check.tsx";
import { DayOfSummary } from "./day-of-summary.tsx";
import { StoppedSession } from "./stopped-session.tsx";

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

export function ChartPage() {
  const user = useStaffUser();
  const { patientId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const chosenId = search.get("chart");
  const params = { id: patientId };
  const charts = useApiQuery(patientCharts, { params });
  const options = useApiQuery(chartOptions);
  const plans = useApiQuery(patientPlans, { params });
  const record = useApiQuery(patient, { params });
  const chosen = useApiQuery(sessionChart, chosenId ? { params: { id: chosenId } } : null);
  const [current, setCurrent] = useState<ChartAnswer | null>(null);
  const provider = user.role === "provider";

  // An open chart of the patient is the one being charted: it opens with everything saved so far.
  const openId = charts.data?.charts.find((c) => c.status === "open")?.id ?? null;
  const loadOpen = !chosenId && openId !== null && current?.chart.id !== openId;
  const opened = useApiQuery(sessionChart, loadOpen && openId ? { params: { id: openId } } : null);
  const openedChart = loadOpen && opened.data?.chart.id === openId ? opened.data : null;

  /** A chart as the server answered a change to it: shown, and kept as its latest answer. */
  function changed(res: ChartAnswer) {
    queryClient.setQueryData(queryKey(sessionChart, { id: res.chart.id }), res);
    if (!chosenId) setCurrent(res);
  }

  const starting = useApiMutation(
    ({ links, changes }: { links: StartLinks; changes: DayOfChanges }) =>
      call(startChart, { params, body: { ...links, changes } }),
    { invalidates: [patientCharts], onSuccess: (res) => setCurrent(res) },
  );
  const startError = starting.error ? errorMessage(starting.error) : null;
  const error = startError ?? (loadOpen && opened.error ? errorMessage(opened.error) : null);

  async function start(links: StartLinks, changes: DayOfChanges) {
    starting.reset();
    // A refusal shows above the form (startError); the form itself only waits for the answer.
    await starting.mutateAsync({ links, changes }).catch(() => undefined);
  }

  if (charts.isError)
    return <ErrorState title="The chart could not be loaded" error={charts.error} onRetry={charts.refetch} />;
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
      todayIn(tz, a.startsAt) === today &&
      !chartedAppointments.has(a.id),
  );
  const shown = chosenId ? chosen.data : (openedChart ?? current);
  const context = (c: Chart) => {
    const plan = plans.data?.plans.find((p) => p.id === c.planId) ?? null;
    const appointment = record.data?.appointments.find((a) => a.id === c.appointmentId) ?? null;
    const number =
      plan === null
        ? null
        : all
            .filter((x) => x.planId === plan.id && x.status !== "stopped")
            .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
            .findIndex((x) => x.id === c.id) + 1;
    return { plan, appointment, number };
  };

  let main: React.ReactNode;
  if (chosenId) {
    main = chosen.isError ? (
      <ErrorState title="This chart could not be loaded" error={chosen.error} onRetry={chosen.refetch} />
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
            onChange={changed}
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
