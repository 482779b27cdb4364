import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Divider,
  Group,
  List,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { concernZones } from "../../../domain/record/area.ts";
import { errorMessage, request } from "../../api/client.ts";
import { ConditionAreaField } from "../../components/condition-area-field.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, todayIn } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";
import { useStaffUser } from "../layout.tsx";
import { ClearanceGrants } from "./clearance-grant.tsx";
import {
  type ConcernDraft,
  type ConditionDraft,
  concernsFromIntake,
  conditionBody,
  type MedicationDraft,
  medicationBody,
  NEW_CONDITION,
  NEW_MEDICATION,
} from "./profile-body.ts";
import { OUTCOME_TEXT, ScreeningResult } from "./screening-result.tsx";
import type { ClinicalProfile, Screening } from "./types.ts";

const YES_NO = [
  { value: "false", label: "No" },
  { value: "true", label: "Yes" },
];

/** The patient page's screening panel: the profile the engine reads, running a screening, history. */
export function ScreeningPanel({ patientId }: { patientId: string }) {
  const user = useStaffUser();
  const profile = useRequest<ClinicalProfile>(
    `/api/patients/${encodeURIComponent(patientId)}/clinical-profile`,
  );
  const history = useRequest<{ screenings: Screening[]; total: number }>(
    `/api/patients/${encodeURIComponent(patientId)}/screenings?limit=20`,
  );
  const intake = useRequest<{
    last: { answers: { concerns: { indication: string; zones: string[] }[] } } | null;
  }>(`/api/patients/${encodeURIComponent(patientId)}/intake`);
  const [shown, setShown] = useState<Screening | null>(null);

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="screening-title">
      <Title order={2} size="h4" id="screening-title" mb="md">
        Screening
      </Title>
      {profile.status === "error" && !profile.data ? (
        <ErrorState
          error={profile.error}
          title="Could not load the clinical profile"
          onRetry={profile.reload}
        />
      ) : !profile.data ? (
        <LoadingState label="Loading clinical profile…" />
      ) : (
        <Stack gap="lg">
          <ProfileEditor
            patientId={patientId}
            profile={profile.data}
            treatedZones={intake.data?.last ? concernZones(intake.data.last.answers.concerns) : null}
            onChange={profile.reload}
          />
          <Divider />
          <ScreeningForm
            // Starts from the intake's concerns once they are known.
            key={intake.data ? "from-intake" : "blank"}
            initialConcerns={concernsFromIntake(intake.data?.last?.answers.concerns)}
            patientId={patientId}
            profile={profile.data}
            today={todayIn(user.clinic.timeZone, new Date())}
            onScreened={(s) => {
              setShown(s);
              history.reload();
            }}
          />
          {shown ? <ScreeningResult screening={shown} /> : null}
          {/* Remounted when a screening is added: a newer screening supersedes a grant. */}
          <ClearanceGrants
            key={history.data?.total ?? 0}
            patientId={patientId}
            screenings={history.data?.screenings ?? []}
          />
          <Divider />
          <section aria-labelledby="screening-history-title">
            <Title order={3} size="h5" id="screening-history-title" mb="xs">
              History
            </Title>
            {history.data && history.data.screenings.length > 0 ? (
              <Stack gap={4}>
                {history.data.screenings.map((s) => (
                  <UnstyledButton
                    key={s.id}
                    onClick={() => setShown(s)}
                    aria-label={`Show screening of ${formatCalendarDate(s.screeningDate)}: ${OUTCOME_TEXT[s.outcome].label}`}
                  >
                    <Group gap="sm" wrap="nowrap">
                      <Text size="sm" w={110}>
                        {formatCalendarDate(s.screeningDate)}
                      </Text>
                      <Badge color={OUTCOME_TEXT[s.outcome].color} variant="light" c="dark.8" tt="none">
                        {OUTCOME_TEXT[s.outcome].label}
                      </Badge>
                      {s.kind === "rescreen" ? (
                        <Badge color="gray" variant="outline" c="dark.8" tt="none">
                          re-screen
                        </Badge>
                      ) : null}
                      {s.requiresReview ? (
                        <Badge color="orange" variant="outline" c="dark.8" tt="none">
                          review
                        </Badge>
                      ) : null}
                      <Text size="xs" c="dimmed" truncate="end">
                        {s.protocolVersion}
                      </Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                No screenings yet.
              </Text>
            )}
          </section>
        </Stack>
      )}
    </Paper>
  );
}

function ProfileEditor({
  patientId,
  profile,
  treatedZones,
  onChange,
}: {
  patientId: string;
  profile: ClinicalProfile;
  /** The zones the intake's concerns treat; null while there is no intake. */
  treatedZones: string[] | null;
  onChange: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [conditionId, setConditionId] = useState<string | null>(null);
  const [cond, setCond] = useState<Omit<ConditionDraft, "conditionId">>(NEW_CONDITION);
  const [med, setMed] = useState<MedicationDraft>(NEW_MEDICATION);
  const id = encodeURIComponent(patientId);

  async function send(method: "POST" | "DELETE", path: string, body?: unknown): Promise<boolean> {
    setError(null);
    try {
      await request(method, path, body === undefined ? {} : { body });
      onChange();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  }

  async function addCondition(event: FormEvent) {
    event.preventDefault();
    if (!conditionId) return;
    const ok = await send(
      "POST",
      `/api/patients/${id}/conditions`,
      conditionBody({ ...cond, conditionId }, treatedZones),
    );
    if (ok) {
      setConditionId(null);
      setCond(NEW_CONDITION);
    }
  }

  async function addMedication(event: FormEvent) {
    event.preventDefault();
    const ok = await send("POST", `/api/patients/${id}/medications`, medicationBody(med));
    if (ok) setMed(NEW_MEDICATION);
  }

  const labels = new Map(profile.vocabulary.conditions.map((c) => [c.id, c.label]));
  const zoneLabels = new Map<string, string>([
    ...profile.vocabulary.zones.map((z) => [z.id, z.label] as [string, string]),
    ["not-sure", "not sure where"],
    ["elsewhere", "elsewhere on the body"],
  ]);
  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h5" mb="xs">
          Conditions
        </Title>
        {profile.conditions.length === 0 ? (
          <Text size="sm" c="dimmed">
            None recorded.
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {profile.conditions.map((c) => (
              <List.Item key={c.id}>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">
                    {c.label} · {c.status}
                    {c.zones && c.zones.length > 0
                      ? ` · on or near: ${c.zones.map((z) => zoneLabels.get(z) ?? z).join(", ")}`
                      : c.inTreatmentArea
                        ? " · in the treatment area"
                        : ""}
                    {c.severity ? ` · ${c.severity}` : ""}
                    {c.site ? ` · ${c.site}` : ""}
                    {c.icd10cm ? ` · ICD-10-CM ${c.icd10cm}` : ""}
                    {c.onset ? ` · since ${formatCalendarDate(c.onset)}` : ""}
                    {c.resolved ? ` · cleared ${formatCalendarDate(c.resolved)}` : ""}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={`Remove condition ${c.label}`}
                    onClick={() => send("DELETE", `/api/patients/${id}/conditions/${c.id}`)}
                  >
                    ×
                  </ActionIcon>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        <form onSubmit={addCondition} aria-label="Add a condition">
          <Group gap="xs" align="flex-end" mt="xs">
            <Select
              label="Condition"
              data={profile.vocabulary.conditions.map((c) => ({
                value: c.id,
                label: labels.get(c.id) ?? c.id,
              }))}
              value={conditionId}
              onChange={setConditionId}
              searchable
              required
              w={260}
            />
            <Select
              label="Status"
              data={["active", "resolved", "history"]}
              value={cond.status}
              onChange={(v) => setCond({ ...cond, status: (v ?? "active") as ConditionDraft["status"] })}
              allowDeselect={false}
              w={120}
            />
            <Select
              label="Severity"
              data={["mild", "moderate", "severe"]}
              value={cond.severity}
              onChange={(v) => setCond({ ...cond, severity: v })}
              clearable
              w={130}
            />
            <TextInput
              label="Onset"
              type="date"
              value={cond.onset}
              onChange={(e) => setCond({ ...cond, onset: e.currentTarget.value })}
            />
            {cond.status === "resolved" ? (
              <TextInput
                label="Resolved"
                type="date"
                value={cond.resolved}
                onChange={(e) => setCond({ ...cond, resolved: e.currentTarget.value })}
              />
            ) : null}
            <TextInput
              label="Site"
              value={cond.site}
              onChange={(e) => setCond({ ...cond, site: e.currentTarget.value })}
              w={160}
            />
            <TextInput
              label="ICD-10-CM"
              value={cond.icd10cm}
              onChange={(e) => setCond({ ...cond, icd10cm: e.currentTarget.value })}
              w={110}
            />
            <ConditionAreaField
              label="Where is it?"
              description="On or near a zone to be treated, somewhere else, or not sure (counted as in the treatment area)"
              zones={profile.vocabulary.zones.filter((z) => !z.prohibited)}
              elsewhereLabel="Somewhere else on the body"
              notSureLabel="Not sure"
              value={cond.zones}
              onChange={(zones) => setCond({ ...cond, zones })}
            />
            <Button type="submit" variant="default" disabled={!conditionId}>
              Add condition
            </Button>
          </Group>
        </form>
      </div>
      <div>
        <Title order={3} size="h5" mb="xs">
          Medications
        </Title>
        {profile.medications.length === 0 ? (
          <Text size="sm" c="dimmed">
            None recorded.
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {profile.medications.map((m) => (
              <List.Item key={m.id}>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">
                    {m.ingredient}
                    {m.product ? ` (${m.product})` : ""} · {m.route} ·{" "}
                    {m.prescribed ? "prescribed" : "own use"}
                    {m.indication ? ` for ${m.indication}` : ""}
                    {m.rxnorm ? ` · RxNorm ${m.rxnorm}` : ""}
                    {m.started ? ` · since ${formatCalendarDate(m.started)}` : ""} ·{" "}
                    {m.ongoing ? "taking now" : `last taken ${formatCalendarDate(m.lastTaken ?? "")}`}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={`Remove medication ${m.ingredient}`}
                    onClick={() => send("DELETE", `/api/patients/${id}/medications/${m.id}`)}
                  >
                    ×
                  </ActionIcon>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        <form onSubmit={addMedication} aria-label="Add a medication">
          <Group gap="xs" align="flex-end" mt="xs">
            <TextInput
              label="Medication (ingredient or brand)"
              value={med.ingredient}
              onChange={(e) => setMed({ ...med, ingredient: e.currentTarget.value })}
              required
              w={240}
            />
            <TextInput
              label="Product"
              value={med.product}
              onChange={(e) => setMed({ ...med, product: e.currentTarget.value })}
              w={160}
            />
            <TextInput
              label="RxNorm"
              value={med.rxnorm}
              onChange={(e) => setMed({ ...med, rxnorm: e.currentTarget.value })}
              w={110}
            />
            <Select
              label="Route"
              data={profile.vocabulary.routes}
              value={med.route}
              onChange={(v) => setMed({ ...med, route: v ?? "oral" })}
              allowDeselect={false}
              w={140}
            />
            <TextInput
              label="For (indication)"
              value={med.indication}
              onChange={(e) => setMed({ ...med, indication: e.currentTarget.value })}
              w={160}
            />
            <TextInput
              label="Started"
              type="date"
              value={med.started}
              onChange={(e) => setMed({ ...med, started: e.currentTarget.value })}
            />
            <Checkbox
              label="Prescribed"
              checked={med.prescribed}
              onChange={(e) => setMed({ ...med, prescribed: e.currentTarget.checked })}
              mb={8}
            />
            <Checkbox
              label="Taking now"
              checked={med.ongoing}
              onChange={(e) => setMed({ ...med, ongoing: e.currentTarget.checked })}
              mb={8}
            />
            {!med.ongoing ? (
              <TextInput
                label="Last taken"
                type="date"
                value={med.lastTaken}
                onChange={(e) => setMed({ ...med, lastTaken: e.currentTarget.value })}
                required
              />
            ) : null}
            <Button type="submit" variant="default" disabled={med.ingredient.trim() === ""}>
              Add medication
            </Button>
          </Group>
        </form>
      </div>
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}

function ScreeningForm({
  initialConcerns,
  patientId,
  profile,
  today,
  onScreened,
}: {
  initialConcerns: ConcernDraft[];
  patientId: string;
  profile: ClinicalProfile;
  today: string;
  onScreened: (s: Screening) => void;
}) {
  const { vocabulary, patient } = profile;
  const [concerns, setConcerns] = useState<ConcernDraft[]>(initialConcerns);
  const [requested, setRequested] = useState(today);
  const [pregnant, setPregnant] = useState<string | null>(null);
  const [breastfeeding, setBreastfeeding] = useState<string | null>(null);
  const [fitzpatrick, setFitzpatrick] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zoneLabels = new Map(vocabulary.zones.map((z) => [z.id, z.label]));
  const prohibited = vocabulary.zones.filter((z) => z.prohibited).map((z) => z.id);
  const askState = patient.sex !== "male";

  function update(key: number, change: Partial<ConcernDraft>) {
    setConcerns((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const asked: Record<string, unknown> = {};
    if (pregnant !== null) asked.pregnant = pregnant === "true";
    if (breastfeeding !== null) asked.breastfeeding = breastfeeding === "true";
    if (fitzpatrick !== null) asked.fitzpatrick = fitzpatrick;
    try {
      const { screening } = await request<{ screening: Screening }>(
        "POST",
        `/api/patients/${encodeURIComponent(patientId)}/screenings`,
        {
          body: {
            requestedAppointment: requested,
            request: {
              setting: "clinic",
              concerns: concerns.map((c) => ({
                indication: c.indication,
                zones: c.zones,
                ...(c.grade ? { goodmanBaronGrade: Number(c.grade) } : {}),
              })),
            },
            ...(Object.keys(asked).length > 0 ? { patient: asked } : {}),
          },
        },
      );
      onScreened(screening);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Run a screening">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Run a screening
        </Title>
        {concerns.map((c, i) => {
          const indication = vocabulary.indications.find((x) => x.id === c.indication);
          const zoneOptions = [...(indication?.zones ?? []), ...prohibited].map((z) => ({
            value: z,
            label: zoneLabels.get(z) ?? z,
          }));
          return (
            <Group key={c.key} gap="xs" align="flex-end">
              <Select
                label={`Concern ${i + 1}`}
                data={vocabulary.indications.map((x) => ({ value: x.id, label: x.label }))}
                value={c.indication}
                onChange={(value) => update(c.key, { indication: value, zones: [], grade: null })}
                required
                w={280}
              />
              <MultiSelect
                label={`Zones for concern ${i + 1}`}
                data={zoneOptions}
                value={c.zones}
                onChange={(zones) => update(c.key, { zones })}
                disabled={!indication}
                required
                w={300}
              />
              {indication?.graded ? (
                <Select
                  label="Goodman & Baron grade"
                  data={["1", "2", "3", "4"]}
                  value={c.grade}
                  onChange={(grade) => update(c.key, { grade })}
                  clearable
                  w={180}
                />
              ) : null}
              {concerns.length > 1 ? (
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => setConcerns((list) => list.filter((x) => x.key !== c.key))}
                >
                  Remove concern {i + 1}
                </Button>
              ) : null}
            </Group>
          );
        })}
        <Group gap="xs">
          <Button
            variant="subtle"
            onClick={() =>
              setConcerns((list) => [
                ...list,
                { key: Math.max(...list.map((x) => x.key)) + 1, indication: null, zones: [], grade: null },
              ])
            }
          >
            Add a concern
          </Button>
        </Group>
        <Group gap="xs" align="flex-end">
          <TextInput
            label="Requested appointment"
            type="date"
            min={today}
            value={requested}
            onChange={(e) => setRequested(e.currentTarget.value)}
            required
          />
          {askState ? (
            <>
              <Select
                label={`Pregnant?${patient.pregnant === null ? " (not recorded)" : ""}`}
                placeholder={
                  patient.pregnant === null ? "Ask" : patient.pregnant ? "Yes (recorded)" : "No (recorded)"
                }
                data={YES_NO}
                value={pregnant}
                onChange={setPregnant}
                clearable
                w={170}
              />
              <Select
                label={`Breastfeeding?${patient.breastfeeding === null ? " (not recorded)" : ""}`}
                placeholder={
                  patient.breastfeeding === null
                    ? "Ask"
                    : patient.breastfeeding
                      ? "Yes (recorded)"
                      : "No (recorded)"
                }
                data={YES_NO}
                value={breastfeeding}
                onChange={setBreastfeeding}
                clearable
                w={190}
              />
            </>
          ) : null}
          {patient.fitzpatrick === null ? (
            <Select
              label="Fitzpatrick type (not recorded)"
              data={["I", "II", "III", "IV", "V", "VI"]}
              value={fitzpatrick}
              onChange={setFitzpatrick}
              clearable
              w={220}
            />
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          Screened under the clinic's current protocol ({profile.protocolVersion}), with the conditions and
          medications above.
        </Text>
        <Group>
          <Button type="submit" loading={busy}>
            Screen
          </Button>
        </Group>
        {error ? (
          <Alert color="red" variant="light" role="alert" title="Not screened">
            {error}
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}
