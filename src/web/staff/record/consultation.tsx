/**
 * The consultation on the staff patient page: the engine's decision with its reasons, cautions
 * and sources; an override only with a written justification; the Goodman & Baron grade; then
 * the treatment plan built from the engine's plan, priced from the clinic's price list.
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import {
  type Consultation,
  patientConsultations,
  patientDecision,
  recordConsultation,
} from "../../../contract/consultations.ts";
import { outcomeScales } from "../../../contract/outcomes.ts";
import type { ScreeningOutput } from "../../../contract/screenings.ts";
import { buildPlan, patientPlans, type TreatmentPlan } from "../../../contract/treatment-plans.ts";
import { ApiError, call, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { PlanSummary } from "../../portal/record/plan.tsx";
import { OUTCOME_TEXT } from "../screening/screening-result.tsx";
import { OutcomesPanel } from "./outcomes.tsx";
import { PhotosPanel } from "./photos.tsx";

type Outcome = ScreeningOutput["outcome"];

function Decision({ decision, source }: { decision: ScreeningOutput; source: string }) {
  const outcome = OUTCOME_TEXT[decision.outcome];
  const of = (kind: "reason" | "caution") => decision.explanations.filter((e) => e.kind === kind);
  return (
    <Stack gap="sm" data-testid="consultation-decision">
      <Group gap="sm">
        <Badge size="lg" color={outcome.color} variant="light" c="dark.8" tt="none">
          {outcome.label}
        </Badge>
        {decision.deferUntil ? <Text size="sm">until {formatCalendarDate(decision.deferUntil)}</Text> : null}
      </Group>
      <Text size="xs" c="dimmed">
        {source === "engine" ? "Engine run now on the patient's profile" : "Latest stored screening"} ·
        protocol <Code>{decision.protocolVersion}</Code>
      </Text>
      {(["reason", "caution"] as const).map((kind) =>
        of(kind).length === 0 ? null : (
          <section key={kind} aria-label={kind === "reason" ? "Reasons" : "Cautions"}>
            <Title order={4} size="h6">
              {kind === "reason" ? "Reasons" : "Cautions"}
            </Title>
            <List size="sm" spacing={4}>
              {of(kind).map((e) => (
                <List.Item key={`${e.id}-${e.zone ?? ""}`}>
                  {e.clinicianText}
                  <Text size="xs" c="dimmed">
                    {e.id}
                    {e.sources.length > 0 ? ` · sources: ${e.sources.join(", ")}` : ""}
                  </Text>
                </List.Item>
              ))}
            </List>
          </section>
        ),
      )}
      {decision.requiresReview ? (
        <Alert color="orange" title="Review needed" role="note">
          The engine could not recognise everything in the profile (
          {decision.unrecognizedMedications.map((m) => m.name).join(", ") || "see the screening"}).
        </Alert>
      ) : null}
    </Stack>
  );
}

interface PlanZoneDraft {
  zone: string;
  include: boolean;
  minMm: number | string;
  maxMm: number | string;
  capMm: number;
}

function PlanBuilder({
  consultation,
  planZones,
}: {
  consultation: Consultation;
  planZones: { zone: string; minMm: number; maxMm: number; capMm: number }[];
}) {
  const combined = consultation.decision.plan?.combined;
  const [sessions, setSessions] = useState<number | string>(combined?.sessions.min ?? 3);
  const [interval, setInterval] = useState<number | string>(combined?.intervalWeeks.min ?? 4);
  const [maintenance, setMaintenance] = useState<number | string>(combined?.maintenanceMonths.min ?? "");
  const [zones, setZones] = useState<PlanZoneDraft[]>(planZones.map((z) => ({ ...z, include: true })));
  const [price, setPrice] = useState<number | string>("");
  const building = useApiMutation(
    () => {
      const chosen = zones.filter((z) => z.include);
      return call(buildPlan, {
        params: { id: consultation.id },
        body: {
          // No zone listed (an override without the engine's plan): the server's defaults.
          zones:
            zones.length === 0
              ? null
              : chosen.map((z) => ({ zone: z.zone, minMm: Number(z.minMm), maxMm: Number(z.maxMm) })),
          sessions: Number(sessions),
          intervalWeeks: Number(interval),
          maintenanceMonths: maintenance === "" ? null : Number(maintenance),
          priceCents: price === "" ? null : Math.round(Number(price) * 100),
        },
      });
    },
    { invalidates: [patientPlans] },
  );
  const error = building.error ? errorMessage(building.error) : null;
  const busy = building.isPending;
  const setZone = (zone: string, patch: Partial<PlanZoneDraft>) =>
    setZones((list) => list.map((z) => (z.zone === zone ? { ...z, ...patch } : z)));

  function build() {
    building.mutate();
  }

  return (
    <Stack gap="sm" component="section" aria-labelledby="plan-builder-title">
      <Title order={3} size="h5" id="plan-builder-title">
        Treatment plan
      </Title>
      {combined ? (
        <Text size="sm" c="dimmed">
          The engine's plan: {combined.sessions.min}–{combined.sessions.max} sessions every{" "}
          {combined.intervalWeeks.min}–{combined.intervalWeeks.max} weeks, maintenance every{" "}
          {combined.maintenanceMonths.min}–{combined.maintenanceMonths.max} months; depth per zone up to the
          engine's cap.
        </Text>
      ) : null}
      {zones.length > 0 ? (
        <Table.ScrollContainer minWidth={360}>
          <Table fz="sm" verticalSpacing={4} aria-label="Zones of the plan">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Zone</Table.Th>
                <Table.Th>From (mm)</Table.Th>
                <Table.Th>To (mm)</Table.Th>
                <Table.Th>Cap</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {zones.map((z) => (
                <Table.Tr key={z.zone} data-testid="plan-zone">
                  <Table.Td>
                    <Checkbox
                      label={zoneName(z.zone)}
                      checked={z.include}
                      onChange={(e) => setZone(z.zone, { include: e.currentTarget.checked })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${zoneName(z.zone)}: from (mm)`}
                      value={z.minMm}
                      onChange={(v) => setZone(z.zone, { minMm: v })}
                      min={0.1}
                      max={z.capMm}
                      step={0.25}
                      decimalScale={2}
                      disabled={!z.include}
                      w={100}
                    />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`${zoneName(z.zone)}: to (mm)`}
                      value={z.maxMm}
                      onChange={(v) => setZone(z.zone, { maxMm: v })}
                      min={0.1}
                      max={z.capMm}
                      step={0.25}
                      decimalScale={2}
                      disabled={!z.include}
                      w={100}
                    />
                  </Table.Td>
                  <Table.Td>{z.capMm} mm</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <Group align="flex-end">
        <NumberInput
          label="Sessions"
          value={sessions}
          onChange={setSessions}
          min={combined?.sessions.min ?? 1}
          max={combined?.sessions.max ?? 24}
          w={120}
        />
        <NumberInput
          label="Every (weeks)"
          value={interval}
          onChange={setInterval}
          min={combined?.intervalWeeks.min ?? 1}
          max={combined?.intervalWeeks.max ?? 52}
          w={140}
        />
        <NumberInput
          label="Maintenance every (months)"
          value={maintenance}
          onChange={setMaintenance}
          min={combined?.maintenanceMonths.min ?? 1}
          max={combined?.maintenanceMonths.max ?? 60}
          w={220}
        />
        <NumberInput
          label="Price (blank: price list)"
          value={price}
          onChange={setPrice}
          min={0}
          decimalScale={2}
          w={200}
        />
        <Button onClick={build} loading={busy}>
          Build plan
        </Button>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** The plan with its dates as sent, the form the shared plan summary reads. */
const asSent = (p: TreatmentPlan) => ({
  ...p,
  acceptedAt: p.acceptedAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
});

const zoneName = (zone: string) => {
  const words = zone.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function ConsultationPanel({ patientId }: { patientId: string }) {
  const id = encodeURIComponent(patientId);
  const params = { id: patientId };
  const decision = useApiQuery(patientDecision, { params });
  const recorded = useApiQuery(patientConsultations, { params });
  const plans = useApiQuery(patientPlans, { params });
  const scales = useApiQuery(outcomeScales);
  const [override, setOverride] = useState<string>("");
  const [justification, setJustification] = useState("");
  const [grade, setGrade] = useState<string>("");
  const [fresh, setFresh] = useState<Consultation | null>(null);
  const [again, setAgain] = useState(false);
  // The latest consultation under the protocol in force reopens after a reload.
  const latest = recorded.data?.consultations[0] ?? null;
  const consultation =
    fresh ??
    (!again && latest && latest.protocolVersion === decision.data?.decision.protocolVersion ? latest : null);
  const recording = useApiMutation(
    () =>
      call(recordConsultation, {
        params,
        body: {
          overrideOutcome: override === "" ? null : override,
          justification: override === "" ? null : justification.trim() || null,
          goodmanBaronGrade: grade === "" ? null : Number(grade),
        },
      }),
    {
      invalidates: [patientConsultations],
      onSuccess: (res) => {
        setFresh(res.consultation);
        setAgain(false);
      },
    },
  );
  const error = recording.error ? errorMessage(recording.error) : null;
  const busy = recording.isPending;

  const gradeLevels = scales.data?.scales.find((s) => s.id === "goodman-baron-qualitative")?.levels ?? [];
  const treatsAcneScars =
    decision.data?.decision.plan?.series.some((s) => s.indication === "acne-scars") ?? false;

  function record() {
    recording.mutate();
  }

  let body: React.ReactNode;
  if (decision.isError) {
    const noIntake = decision.error instanceof ApiError && decision.error.status === 409;
    body = noIntake ? (
      <Stack gap="xs" align="flex-start">
        <Text size="sm" c="dimmed">
          {errorMessage(decision.error)}
        </Text>
        {decision.error instanceof ApiError && decision.error.code === "no_intake" ? (
          <Button component={Link} to={`/app/patients/${id}/intake`} variant="light">
            Enter the intake with the patient
          </Button>
        ) : null}
      </Stack>
    ) : (
      <ErrorState
        error={decision.error}
        title="Could not load the decision"
        onRetry={() => void decision.refetch()}
      />
    );
  } else if (!decision.data) {
    body = <LoadingState label="Loading the engine's decision…" />;
  } else {
    const outcome = consultation ? (consultation.overrideOutcome ?? consultation.engineOutcome) : null;
    body = (
      <Stack gap="md">
        <Decision decision={decision.data.decision} source={decision.data.source} />
        {consultation ? (
          <Stack gap="xs" align="flex-start">
            <Alert color="green" role="status" w="100%">
              Consultation recorded {formatCalendarDate(consultation.createdAt.toISOString().slice(0, 10))}.
              Decision: {OUTCOME_TEXT[outcome ?? "decline"].label}
              {consultation.overrideOutcome ? " (override, justification recorded)" : ""}
              {consultation.goodmanBaronGrade
                ? ` · Goodman & Baron grade ${consultation.goodmanBaronGrade}`
                : ""}
              {consultation.overrideJustification ? (
                <Text size="sm" mt={4}>
                  Justification: {consultation.overrideJustification}
                </Text>
              ) : null}
            </Alert>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => {
                setFresh(null);
                setAgain(true);
              }}
            >
              Record a new consultation
            </Button>
          </Stack>
        ) : (
          <Stack gap="sm" component="section" aria-label="Record the consultation">
            {treatsAcneScars ? (
              <NativeSelect
                label="Goodman & Baron grade (acne scars)"
                value={grade}
                onChange={(e) => setGrade(e.currentTarget.value)}
                data={[
                  { value: "", label: "Not graded" },
                  ...gradeLevels.map((l) => ({ value: String(l.value), label: `${l.value} · ${l.label}` })),
                ]}
                description={gradeLevels.find((l) => String(l.value) === grade)?.description}
              />
            ) : null}
            <NativeSelect
              label="Override the decision"
              value={override}
              onChange={(e) => setOverride(e.currentTarget.value)}
              data={[
                { value: "", label: "No override: accept the engine's decision" },
                ...(Object.keys(OUTCOME_TEXT) as Outcome[])
                  .filter((o) => o !== decision.data?.decision.outcome)
                  .map((o) => ({ value: o, label: OUTCOME_TEXT[o].label })),
              ]}
            />
            {override !== "" ? (
              <Textarea
                label="Justification (recorded and audited)"
                description="At least 20 characters: why the engine's decision does not apply."
                value={justification}
                onChange={(e) => setJustification(e.currentTarget.value)}
                autosize
                minRows={2}
                required
              />
            ) : null}
            <Group>
              <Button onClick={record} loading={busy}>
                Record consultation
              </Button>
            </Group>
          </Stack>
        )}
        {consultation && outcome === "eligible" ? (
          <PlanBuilder
            key={consultation.id}
            consultation={consultation}
            planZones={decision.data.planZones}
          />
        ) : null}
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
      </Stack>
    );
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="consultation-title">
      <Title order={2} size="h4" id="consultation-title" mb="md">
        Consultation
      </Title>
      {body}
      {(plans.data?.plans ?? []).length > 0 ? (
        <Stack gap="md" mt="lg" component="section" aria-labelledby="plans-title">
          <Title order={3} size="h5" id="plans-title">
            Plans
          </Title>
          {plans.data?.plans.map((p) => (
            <Paper withBorder p="md" key={p.id} data-testid="staff-plan">
              <Group justify="space-between" mb="xs">
                <Text size="sm" c="dimmed">
                  {formatCalendarDate(p.createdAt.toISOString().slice(0, 10))} · protocol{" "}
                  <Code>{p.protocolVersion}</Code>
                </Text>
                <Badge
                  variant="light"
                  c="dark.8"
                  tt="none"
                  color={p.status === "accepted" ? "green" : "blue"}
                >
                  {p.status === "accepted"
                    ? "Accepted by the patient"
                    : p.status === "proposed"
                      ? "Proposed"
                      : "Withdrawn"}
                </Badge>
              </Group>
              <PlanSummary plan={asSent(p)} />
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}

/**
 * The clinical record on the patient page: links to the session chart and the tablet consent,
 * then (for clinicians) the consultation, photos and outcomes.
 */
export function ClinicalRecordSection({ patientId, role }: { patientId: string; role: string }) {
  const id = encodeURIComponent(patientId);
  const clinician = role === "owner" || role === "provider";
  return (
    <Stack gap="lg">
      <Group gap="sm">
        {/* Only a provider charts a session; an owner who is not one would be refused. */}
        {role === "provider" ? (
          <Button component={Link} to={`/app/patients/${id}/chart`} variant="default">
            Session chart
          </Button>
        ) : null}
        <Button component={Link} to={`/app/patients/${id}/consent`} variant="default">
          Consent on the tablet
        </Button>
        {clinician ? (
          <Button component={Link} to={`/app/patients/${id}/intake`} variant="default">
            Intake questionnaire
          </Button>
        ) : null}
      </Group>
      {clinician ? (
        <>
          <ConsultationPanel patientId={patientId} />
          <PhotosPanel patientId={patientId} />
          <OutcomesPanel patientId={patientId} />
        </>
      ) : null}
    </Stack>
  );
}
