// The patient's plan: how far along the series is, when the next session is due, what it costs,
// the next session's dated preparation checklist (ticked off here and stored), the forms still to
// complete, and upcoming appointments with "add to calendar".

import { Anchor, Badge, Button, Checkbox, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { portalAppointments } from "../../../contract/patients.ts";
import { type PortalOverview, portalOverview, tickPrepStep } from "../../../contract/portal.ts";
import { call, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tCount, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate, formatSlot, todayIn } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useMoney } from "../../lib/use-clinic.ts";
import { usePatientUser } from "../layout.tsx";

export function PlanPage() {
  const user = usePatientUser();
  const result = useApiQuery(portalOverview);
  return (
    <Stack gap="xl">
      <title>{`${t("plan.title")} · ${user.clinic.name}`}</title>
      <Title order={1} c="spruce.9">
        {t("plan.title")}
      </Title>
      {result.isError ? (
        <ErrorState
          error={result.error}
          title={t("common.loadFailed")}
          onRetry={() => void result.refetch()}
        />
      ) : result.data === undefined ? (
        <LoadingState label={t("common.loading")} />
      ) : (
        <PlanBody data={result.data} />
      )}
    </Stack>
  );
}

function PlanBody({ data }: { data: PortalOverview }) {
  const money = useMoney();
  const { plan } = data;
  // The next session already in the calendar, on or after the day it is due from: the patient is
  // not asked to book it again. (A session booked earlier than that is not the one the window is for.)
  const nextBooked = data.upcoming.find(
    (a) =>
      a.kind === "microneedling" &&
      (data.nextWindow === null || todayIn(a.timeZone, a.startsAt) >= data.nextWindow.from),
  );
  return (
    <>
      <Paper withBorder p="md" component="section" aria-labelledby="plan-progress">
        {plan ? (
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={2} size="h3" id="plan-progress" data-testid="plan-progress">
                {t("plan.progress", { done: plan.sessionsDone, total: plan.sessions })}
              </Title>
              {plan.status !== "accepted" ? (
                <Badge c="dark.8" variant="light" color="yellow">
                  {t("plan.proposed")}
                </Badge>
              ) : null}
            </Group>
            <Progress.Root>
              <Progress.Section
                value={(plan.sessionsDone / plan.sessions) * 100}
                aria-label={t("plan.progress", { done: plan.sessionsDone, total: plan.sessions })}
              />
            </Progress.Root>
            <Text>
              {t("plan.concerns", {
                concerns: plan.concerns.map((c) => tMaybe(`selfCheck.concern.${c}`, c)).join(", "),
              })}
            </Text>
            <Text>{t("plan.price", { price: money(plan.priceCents) })}</Text>
            {nextBooked ? (
              <Text fw={600} data-testid="next-booked">
                {t("plan.nextBooked", {
                  when: formatSlot(nextBooked.startsAt, nextBooked.endsAt, nextBooked.timeZone),
                })}
              </Text>
            ) : data.nextWindow ? (
              <Text fw={600} data-testid="next-window">
                {t("plan.nextWindow", {
                  from: formatCalendarDate(data.nextWindow.from),
                  to: formatCalendarDate(data.nextWindow.to),
                })}
              </Text>
            ) : plan.sessionsDone >= plan.sessions && plan.maintenanceMonths ? (
              <Text>{t("plan.complete", { months: plan.maintenanceMonths })}</Text>
            ) : null}
            {nextBooked ? null : (
              <Button component={Link} to="/portal/book" variant="light" w="fit-content">
                {t("plan.bookNext")}
              </Button>
            )}
          </Stack>
        ) : (
          <NoPlanYet />
        )}
      </Paper>
      <Prep prep={data.prep} />
      <section aria-labelledby="upcoming">
        <Title order={2} size="h3" id="upcoming" mb="sm">
          {t("plan.upcoming")}
        </Title>
        {data.upcoming.length === 0 ? <Text>{t("plan.noUpcoming")}</Text> : null}
        <Stack gap="sm">
          {data.upcoming.map((a) => (
            <Paper key={a.id} withBorder p="md">
              <Text fw={700}>{a.typeName}</Text>
              <Text size="sm">{formatSlot(a.startsAt, a.endsAt, a.timeZone)}</Text>
              <Text size="sm" c="dimmed">
                {a.location} · {a.priceCents === 0 ? t("prices.free") : money(a.priceCents)}
              </Text>
              <Anchor href={`/api/appointments/${a.id}/ics`} download size="sm">
                {t("plan.addToCalendar")}
              </Anchor>
            </Paper>
          ))}
        </Stack>
      </section>
      <section aria-labelledby="forms">
        <Title order={2} size="h3" id="forms" mb="sm">
          {t("plan.forms.title")}
        </Title>
        <Stack gap="xs">
          <FormRow label={t("plan.forms.intake")} done={data.forms.intake.done} to="/portal/intake" />
          <FormRow
            label={t("plan.forms.consent")}
            done={data.forms.microneedlingConsent}
            to="/portal/consent"
          />
          <FormRow label={t("plan.forms.photoConsent")} done={data.forms.photoConsent} to="/portal/consent" />
        </Stack>
      </section>
    </>
  );
}

/** No plan in the portal: a patient who has had sessions is told so, not that the plan is still to come. */
function NoPlanYet() {
  const visits = useApiQuery(portalAppointments);
  const done = (visits.data?.appointments ?? []).filter(
    (a) => a.status === "completed" && a.type.kind === "microneedling",
  ).length;
  return (
    <Stack gap="xs">
      <Text id="plan-progress">{done > 0 ? tCount("plan.noneOnline", done) : t("plan.none")}</Text>
      <Button component={Link} to="/portal/book" variant="light" w="fit-content">
        {t("portal.home.book")}
      </Button>
    </Stack>
  );
}

function FormRow({ label, done, to }: { label: string; done: boolean; to: string | null }) {
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" wrap="nowrap">
        {/* The label wraps on a phone; what is done and what to do keep their full width. */}
        <Text style={{ flex: 1, minWidth: 0 }}>{label}</Text>
        {done && to === "/portal/intake" ? (
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge c="dark.8" variant="light" color="green">
              {t("plan.forms.done")}
            </Badge>
            <Button component={Link} to={to} size="compact-sm" variant="light">
              {t("plan.forms.update")}
            </Button>
          </Group>
        ) : done ? (
          <Badge c="dark.8" variant="light" color="green" style={{ flexShrink: 0 }}>
            {t("plan.forms.done")}
          </Badge>
        ) : to ? (
          <Button component={Link} to={to} size="compact-sm" style={{ flexShrink: 0 }}>
            {to === "/portal/consent" ? t("plan.forms.sign") : t("plan.forms.open")}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            {t("plan.forms.atClinic")}
          </Text>
        )}
      </Group>
    </Paper>
  );
}

function Prep({ prep }: { prep: PortalOverview["prep"] }) {
  const [done, setDone] = useState<Record<string, boolean>>(() =>
    Object.fromEntries((prep?.items ?? []).map((i) => [i.id, i.done])),
  );
  const tick = useApiMutation(
    ({ appointmentId, stepId, done: value }: { appointmentId: string; stepId: string; done: boolean }) =>
      call(tickPrepStep, { params: { appointmentId }, body: { stepId, done: value } }),
    {
      invalidates: [portalOverview],
      // The box shows the patient's tick at once; a refusal turns it back and says why.
      onMutate: ({ stepId, done: value }) => setDone((d) => ({ ...d, [stepId]: value })),
      onError: (_caught, { stepId, done: value }) => setDone((d) => ({ ...d, [stepId]: !value })),
    },
  );
  const error = tick.isError ? errorMessage(tick.error) : null;
  if (!prep)
    return (
      <Paper withBorder p="md">
        <Text>{t("plan.prep.none")}</Text>
      </Paper>
    );
  const toggle = (stepId: string, value: boolean) =>
    tick.mutate({ appointmentId: prep.appointmentId, stepId, done: value });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="prep">
      <Stack gap="sm">
        <Title order={2} size="h3" id="prep">
          {t("plan.prep.title", { date: formatCalendarDate(prep.appointmentDate) })}
        </Title>
        <Text size="sm">{t("plan.prep.intro")}</Text>
        {prep.requiresPhysicianClearance ? <Text c="orange.9">{t("plan.prep.clearance")}</Text> : null}
        {error ? (
          <Text c="red.9" role="alert">
            {error}
          </Text>
        ) : null}
        {prep.items.map((i) => (
          <Checkbox
            key={i.id}
            checked={done[i.id] ?? false}
            onChange={(e) => toggle(i.id, e.currentTarget.checked)}
            label={
              <span>
                <strong>{formatCalendarDate(i.date)}</strong>: {prepLine(i)}
                {i.tooLate ? (
                  <Text span c="red.9" size="sm">
                    {" "}
                    {t("plan.prep.tooLate")}
                  </Text>
                ) : null}
              </span>
            }
          />
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * One checklist line from the message catalogue: which of the patient's medicines to stop (or, when
 * a doctor prescribed them, to ask about first), then the step in plain words. The date is shown
 * once, beside the line.
 */
function prepLine(i: NonNullable<PortalOverview["prep"]>["items"][number]): string {
  const names = i.medications ?? [];
  const prescribed = new Set(i.prescribedMedications ?? []);
  const own = names.filter((n) => !prescribed.has(n));
  const parts: string[] = [];
  if (i.kind === "stop-medication") {
    if (own.length > 0) parts.push(t("prep.stop", { names: own.join(", ") }));
    if (prescribed.size > 0) parts.push(t("prep.askPrescriber", { names: [...prescribed].join(", ") }));
  } else if (i.kind === "keep-taking" && names.length > 0) {
    parts.push(t("prep.keep", { names: names.join(", ") }));
  }
  parts.push(
    tMaybe(`prep.${i.id}`, i.patientText, i.days ? { min: i.days.min, max: i.days.max } : undefined),
  );
  return parts.join(" ");
}
