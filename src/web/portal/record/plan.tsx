/**
 * Accepting the treatment plan in the portal (`/portal/plan/accept`; `/portal/plan` is the
 * progress view): what the provider proposed, zone by zone, with the number of sessions, the
 * interval and the price; the patient accepts it here, and later rates their own results (GAIS
 * and satisfaction).
 */

import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { errorMessage, request } from "../../api/client.ts";
import { Empty, ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tCount, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { useMoney } from "../../lib/use-clinic.ts";
import { useRequest } from "../../lib/use-request.ts";

export interface Plan {
  id: string;
  concerns: { indication: string; zones: string[]; goodmanBaronGrade: number | null }[];
  zones: { zone: string; minMm: number; maxMm: number }[];
  sessions: number;
  intervalWeeks: number;
  maintenanceMonths: number | null;
  priceCents: number;
  protocolVersion: string;
  status: "proposed" | "accepted" | "withdrawn";
  acceptedAt: string | null;
  createdAt: string;
}

const words = (id: string) => id.replaceAll("-", " ");
/** The patient's words for a concern and a zone (the intake's); a clinic's own entry keeps its id in words. */
const concernLabel = (id: string) => tMaybe(`selfCheck.concern.${id}`, words(id));
const zoneLabel = (id: string) => tMaybe(`intake.zone.${id}`, words(id));

/** The plan as both the patient and the provider read it. */
export function PlanSummary({ plan }: { plan: Plan }) {
  const money = useMoney();
  return (
    <Stack gap="sm">
      <Text size="sm">
        {t("plan.concerns", { concerns: plan.concerns.map((c) => concernLabel(c.indication)).join(", ") })}
      </Text>
      <Text size="sm" data-testid="plan-series">
        {tCount("planAccept.series", plan.sessions, { weeks: plan.intervalWeeks })}
        {plan.maintenanceMonths ? t("planAccept.maintenance", { months: plan.maintenanceMonths }) : ""}
      </Text>
      {/* Two columns wrap on a phone: no sideways scrolling region to reach by keyboard. */}
      <Table fz="sm" data-testid="plan-zones">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("planAccept.area")}</Table.Th>
            <Table.Th>{t("planAccept.depth")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.zones.map((z) => (
            <Table.Tr key={z.zone}>
              <Table.Td>{zoneLabel(z.zone)}</Table.Td>
              <Table.Td>{z.minMm === z.maxMm ? `${z.maxMm} mm` : `${z.minMm}–${z.maxMm} mm`}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={600} data-testid="plan-price">
        {t("planAccept.price", { price: money(plan.priceCents) })}
      </Text>
    </Stack>
  );
}

interface Scale {
  id: string;
  name: string;
  raters: ("clinician" | "patient")[];
  levels: { value: number; label: string }[] | null;
}

function SelfRating({ planId }: { planId: string }) {
  const scales = useRequest<{ scales: Scale[] }>("/api/outcome-scales");
  const own = useRequest<{ scores: { id: string; scaleId: string; value: number; recordedOn: string }[] }>(
    `/api/portal/outcomes?planId=${planId}`,
  );
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const rateable = (scales.data?.scales ?? []).filter((s) => s.raters.includes("patient") && s.levels);

  async function save(scale: Scale) {
    const value = choice[scale.id];
    if (!value) return;
    try {
      await request("POST", "/api/portal/outcomes", {
        body: { scaleId: scale.id, value: Number(value), planId },
      });
      setMessage({ ok: true, text: t("planAccept.ratingSaved") });
      own.reload();
    } catch (caught) {
      setMessage({ ok: false, text: errorMessage(caught) });
    }
  }

  if (rateable.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-label={t("planAccept.rate")}>
      <Title order={3} size="h5">
        {t("planAccept.rate")}
      </Title>
      {rateable.map((scale) => (
        <Group key={scale.id} align="flex-end" gap="sm">
          <NativeSelect
            label={scale.name}
            value={choice[scale.id] ?? ""}
            onChange={(e) => setChoice({ ...choice, [scale.id]: e.currentTarget.value })}
            data={[
              { value: "", label: t("planAccept.choose") },
              ...(scale.levels ?? []).map((l) => ({ value: String(l.value), label: l.label })),
            ]}
          />
          <Button variant="default" onClick={() => save(scale)} disabled={!choice[scale.id]}>
            {t("planAccept.saveRating")}
          </Button>
        </Group>
      ))}
      {message ? (
        <Text size="sm" c={message.ok ? undefined : "red.8"} role="status">
          {message.text}
        </Text>
      ) : null}
      {(own.data?.scores ?? []).length > 0 ? (
        <Text size="xs" c="dimmed">
          {t("planAccept.earlier")}{" "}
          {own.data?.scores
            .map((s) => `${formatCalendarDate(s.recordedOn)} ${words(s.scaleId)} ${s.value}`)
            .join(" · ")}
        </Text>
      ) : null}
    </Stack>
  );
}

export function PortalPlanPage() {
  const result = useRequest<{ plans: Plan[] }>("/api/portal/plans");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function accept(id: string) {
    setError(null);
    setBusy(id);
    try {
      await request("POST", `/api/portal/plans/${id}/accept`);
      result.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="lg">
      <title>{t("planAccept.title")}</title>
      <Title order={1}>{t("planAccept.title")}</Title>
      {result.status === "error" ? (
        <ErrorState error={result.error} title={t("planAccept.loadFailed")} onRetry={result.reload} />
      ) : !result.data ? (
        <LoadingState label={t("planAccept.loading")} />
      ) : result.data.plans.length === 0 ? (
        <Paper withBorder>
          <Empty icon={null} title={t("planAccept.none")} description={t("planAccept.noneText")} />
        </Paper>
      ) : (
        result.data.plans.map((plan) => (
          <Paper
            withBorder
            p="lg"
            key={plan.id}
            component="section"
            aria-label={t("planAccept.planOf", { date: formatCalendarDate(plan.createdAt.slice(0, 10)) })}
          >
            <Stack gap="md">
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {t("planAccept.proposedOn", { date: formatCalendarDate(plan.createdAt.slice(0, 10)) })}
                </Text>
                <Badge
                  variant="light"
                  c="dark.8"
                  tt="none"
                  color={plan.status === "accepted" ? "green" : "blue"}
                  data-testid="plan-status"
                >
                  {t(`planAccept.status.${plan.status}`)}
                </Badge>
              </Group>
              <PlanSummary plan={plan} />
              {plan.status === "proposed" ? (
                <Group>
                  <Button onClick={() => accept(plan.id)} loading={busy === plan.id}>
                    {t("planAccept.accept")}
                  </Button>
                </Group>
              ) : null}
              {plan.status === "accepted" ? <SelfRating planId={plan.id} /> : null}
            </Stack>
          </Paper>
        ))
      )}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
