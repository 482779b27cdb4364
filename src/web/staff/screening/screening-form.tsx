/** Running a screening from the panel: the concerns (from the intake), the date, states asked today. */
import { Alert, Button, Group, MultiSelect, Select, Stack, Text, Title } from "@mantine/core";
import { type FormEvent, useState } from "react";
import {
  type ClinicalProfile,
  FITZPATRICK_TYPES,
  type Fitzpatrick,
  runScreening,
  type Screening,
  type ScreeningBody,
} from "../../../contract/screenings.ts";
import { errorMessage, submit } from "../../api/client.ts";
import { DayPicker } from "../../components/day-picker.tsx";
import type { ConcernDraft } from "./profile-body.ts";

const YES_NO = [
  { value: "false", label: "No" },
  { value: "true", label: "Yes" },
];

export function ScreeningForm({
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
  const [fitzpatrick, setFitzpatrick] = useState<Fitzpatrick | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zoneLabels = new Map(vocabulary.zones.map((z) => [z.id, z.label]));
  const prohibited = vocabulary.zones.filter((z) => z.prohibited).map((z) => z.id);
  const askState = patient.sex !== "male";

  function update(key: number, change: Partial<ConcernDraft>) {
    setConcerns((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));
  }

  async function screen(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const asked: NonNullable<ScreeningBody["patient"]> = {};
    if (pregnant !== null) asked.pregnant = pregnant === "true";
    if (breastfeeding !== null) asked.breastfeeding = breastfeeding === "true";
    if (fitzpatrick !== null) asked.fitzpatrick = fitzpatrick;
    try {
      const { screening } = await submit(runScreening, {
        params: { id: patientId },
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
      });
      onScreened(screening);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={screen} aria-label="Run a screening">
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
          {/* A day to come, picked on the calendar: the native picker, with the day in words. */}
          <DayPicker
            label="Requested appointment"
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
              data={[...FITZPATRICK_TYPES]}
              value={fitzpatrick}
              onChange={(value) => setFitzpatrick(FITZPATRICK_TYPES.find((f) => f === value) ?? null)}
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
