/**
 * Accepting the treatment plan in the portal (`/portal/plan/accept`; `/portal/plan` is the
 * progress view): what the provider proposed, zone by zone, with the number of sessions, the
 * interval and the price; the patient accepts it here, and later rates their own results (GAIS
 * and satisfaction).
 */

import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { z } from "zod";
import { outcomeScales, ownOutcomes, rateOwnOutcome, type scaleView } from "../../../contract/outcomes.ts";
import { portalOverview } from "../../../contract/portal.ts";
import { acceptPlan, ownPlans, type planView } from "../../../contract/treatment-plans.ts";
import { call, errorMessage, submit } from "../../api/client.ts";
import { Empty, ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tCount, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useMoney } from "../../lib/use-clinic.ts";

/** A plan as it comes over the wire (dates as ISO strings), as screens still reading it untyped get it. */
export type Plan = z.input<typeof planView>;

const words = (id: string) => id.replaceAll("-", " ");
/** The patient's words for a concern and a zone (the intake's); a clinic's own entry keeps its id in words. */
const concernLabel = (id: string) => tMaybe(`selfCheck.concern.${id}`, words(id));
const zoneLabel = (id: string) => tMaybe(`intake.zone.${id}`, words(id));

/** The plan as both the patient and the provider read it. */
export function PlanSummary({
  plan,
}: {
  plan: Pick<Plan, "concerns" | "sessions" | "intervalWeeks" | "maintenanceMonths" | "zones" | "priceCents">;
}) {
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

type Scale = z.output<typeof scaleView>;

function SelfRating({ planId }: { planId: string }) {
  const scales = useApiQuery(outcomeScales);
  const own = useApiQuery(ownOutcomes, { query: { planId } });
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const rateable = (scales.data?.scales ?? []).filter((s) => s.raters.includes("patient") && s.levels);

  const rate = useApiMutation(
    (body: { scaleId: string; value: number; planId: string }) => submit(rateOwnOutcome, { body }),
    {
      invalidates: [ownOutcomes],
      onSuccess: () => setMessage({ ok: true, text: t("planAccept.ratingSaved") }),
      onError: (caught) => setMessage({ ok: false, text: errorMessage(caught) }),
    },
  );

  function save(scale: Scale) {
    const value = choice[scale.id];
    if (!value) return;
    rate.mutate({ scaleId: scale.id, value: Number(value), planId });
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
        <Text size="sm" c={message.ok ? undefined : "red.9"} role="status">
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
  const result = useApiQuery(ownPlans);
  const accepting = useApiMutation((id: string) => call(acceptPlan, { params: { id } }), {
    invalidates: [ownPlans, portalOverview],
  });
  const error = accepting.isError ? errorMessage(accepting.error) : null;
  const busy = accepting.isPending ? accepting.variables : null;
  const accept = (id: string) => accepting.mutate(id);

  return (
    <Stack gap="lg">
      <title>{t("planAccept.title")}</title>
      <Title order={1}>{t("planAccept.title")}</Title>
      {result.isError ? (
        <ErrorState
          error={result.error}
          title={t("planAccept.loadFailed")}
          onRetry={() => void result.refetch()}
        />
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
            aria-label={t("planAccept.planOf", {
              date: formatCalendarDate(plan.createdAt.toISOString().slice(0, 10)),
            })}
          >
            <Stack gap="md">
              <Group justify="space-between">
                <Text size="sm" c="dimmed">
                  {t("planAccept.proposedOn", {
                    date: formatCalendarDate(plan.createdAt.toISOString().slice(0, 10)),
                  })}
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
