// The patient's plan: how far along the series is, when the next session is due, what it costs,
// the next session's dated preparation checklist (ticked off here and stored), the forms still to
// complete, and upcoming appointments with "add to calendar".

import { Anchor, Badge, Button, Checkbox, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tCount, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate, formatSlot } from "../../lib/format.ts";
import { useMoney } from "../../lib/use-clinic.ts";
import { useRequest } from "../../lib/use-request.ts";
import { usePatientUser } from "../layout.tsx";

export interface Overview {
  today: string;
  plan: {
    id: string;
    status: string;
    concerns: string[];
    sessions: number;
    sessionsDone: number;
    intervalWeeks: number;
    maintenanceMonths: number | null;
    priceCents: number;
  } | null;
  nextWindow: { from: string; to: string } | null;
  upcoming: {
    id: string;
    startsAt: string;
    endsAt: string;
    typeName: string;
    kind: string;
    priceCents: number;
    timeZone: string;
    location: string;
  }[];
  prep: {
    appointmentId: string;
    appointmentDate: string;
    protocolVersion: string;
    tooSoon: boolean;
    requiresPhysicianClearance: boolean;
    items: {
      id: string;
      kind?: string;
      date: string;
      medications?: string[];
      prescribedMedications?: string[];
      days?: { min: number; max: number } | null;
      summary: string;
      patientText: string;
      source: string[];
      tooLate: boolean;
      done: boolean;
    }[];
  } | null;
  forms: { intake: { done: boolean }; microneedlingConsent: boolean; photoConsent: boolean };
}

export function PlanPage() {
  const user = usePatientUser();
  const result = useRequest<Overview>("/api/portal/overview");
  return (
    <Stack gap="xl">
      <title>{`${t("plan.title")} · ${user.clinic.name}`}</title>
      <Title order={1} c="spruce.9">
        {t("plan.title")}
      </Title>
      {result.status === "error" ? (
        <ErrorState error={result.error} title={t("common.loadFailed")} onRetry={result.reload} />
      ) : result.data === null ? (
        <LoadingState label={t("common.loading")} />
      ) : (
        <PlanBody data={result.data} />
      )}
    </Stack>
  );
}

function PlanBody({ data }: { data: Overview }) {
  const money = useMoney();
  const { plan } = data;
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
            {data.nextWindow ? (
              <Text fw={600} data-testid="next-window">
                {t("plan.nextWindow", {
                  from: formatCalendarDate(data.nextWindow.from),
                  to: formatCalendarDate(data.nextWindow.to),
                })}
              </Text>
            ) : plan.sessionsDone >= plan.sessions && plan.maintenanceMonths ? (
              <Text>{t("plan.complete", { months: plan.maintenanceMonths })}</Text>
            ) : null}
            <Button component={Link} to="/portal/book" variant="light" w="fit-content">
              {t("plan.bookNext")}
            </Button>
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
  const visits = useRequest<{ appointments: { status: string; type: { kind: string } }[] }>(
    "/api/portal/appointments",
  );
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
        <Text>{label}</Text>
        {done && to === "/portal/intake" ? (
          <Group gap="xs" wrap="nowrap">
            <Badge c="dark.8" variant="light" color="green">
              {t("plan.forms.done")}
            </Badge>
            <Button component={Link} to={to} size="compact-sm" variant="light">
              {t("plan.forms.update")}
            </Button>
          </Group>
        ) : done ? (
          <Badge c="dark.8" variant="light" color="green">
            {t("plan.forms.done")}
          </Badge>
        ) : to ? (
          <Button component={Link} to={to} size="compact-sm">
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

function Prep({ prep }: { prep: Overview["prep"] }) {
  const [done, setDone] = useState<Record<string, boolean>>(() =>
    Object.fromEntries((prep?.items ?? []).map((i) => [i.id, i.done])),
  );
  const [error, setError] = useState<string | null>(null);
  if (!prep)
    return (
      <Paper withBorder p="md">
        <Text>{t("plan.prep.none")}</Text>
      </Paper>
    );
  async function toggle(stepId: string, value: boolean) {
    setDone((d) => ({ ...d, [stepId]: value }));
    setError(null);
    try {
      await api.post(`/api/portal/prep/${prep!.appointmentId}/ticks`, { stepId, done: value });
    } catch (caught) {
      setDone((d) => ({ ...d, [stepId]: !value }));
      setError(errorMessage(caught));
    }
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="prep">
      <Stack gap="sm">
        <Title order={2} size="h3" id="prep">
          {t("plan.prep.title", { date: formatCalendarDate(prep.appointmentDate) })}
        </Title>
        <Text size="sm">{t("plan.prep.intro")}</Text>
        {prep.requiresPhysicianClearance ? <Text c="orange.9">{t("plan.prep.clearance")}</Text> : null}
        {error ? (
          <Text c="red.8" role="alert">
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
                  <Text span c="red.8" size="sm">
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
function prepLine(i: NonNullable<Overview["prep"]>["items"][number]): string {
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
