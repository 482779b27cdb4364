/**
 * The clinical profile the engine reads, on the screening panel: conditions (each placed by zone as
 * the intake places it, and shown back with where it is) and medications, added and removed.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import {
  addCondition as addConditionWrite,
  addMedication as addMedicationWrite,
  type ClinicalProfile,
  CONDITION_SEVERITIES,
  removeCondition,
  removeMedication,
} from "../../../contract/screenings.ts";
import { call, errorMessage, submit } from "../../api/client.ts";
import { ConditionAreaField, conditionPlaceParts } from "../../components/condition-area-field.tsx";
import { DateField } from "../../components/date-field.tsx";
import { formatCalendarDate } from "../../lib/format.ts";
import {
  type ConditionDraft,
  conditionBody,
  type MedicationDraft,
  medicationBody,
  NEW_CONDITION,
  NEW_MEDICATION,
} from "./profile-body.ts";

export function ProfileEditor({
  patientId,
  profile,
  onChange,
}: {
  patientId: string;
  profile: ClinicalProfile;
  onChange: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [conditionId, setConditionId] = useState<string | null>(null);
  const [cond, setCond] = useState<Omit<ConditionDraft, "conditionId">>(NEW_CONDITION);
  const [med, setMed] = useState<MedicationDraft>(NEW_MEDICATION);

  async function send(write: () => Promise<unknown>): Promise<boolean> {
    setError(null);
    try {
      await write();
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
    const body = conditionBody({ ...cond, conditionId });
    const ok = await send(() => submit(addConditionWrite, { params: { id: patientId }, body }));
    if (ok) {
      setConditionId(null);
      setCond(NEW_CONDITION);
    }
  }

  async function addMedication(event: FormEvent) {
    event.preventDefault();
    const body = medicationBody(med);
    const ok = await send(() => submit(addMedicationWrite, { params: { id: patientId }, body }));
    if (ok) setMed(NEW_MEDICATION);
  }

  const labels = new Map(profile.vocabulary.conditions.map((c) => [c.id, c.label]));
  const zoneLabels = new Map(profile.vocabulary.zones.map((z) => [z.id, z.label]));
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
                    {[c.label, c.status, ...conditionPlaceParts(c, (z) => zoneLabels.get(z) ?? z)].join(
                      " · ",
                    )}
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
                    onClick={() =>
                      send(() => call(removeCondition, { params: { id: patientId, recordId: c.id } }))
                    }
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
              data={[...CONDITION_SEVERITIES]}
              value={cond.severity}
              onChange={(v) =>
                setCond({ ...cond, severity: CONDITION_SEVERITIES.find((s) => s === v) ?? null })
              }
              clearable
              w={130}
            />
            <DateField label="Onset" value={cond.onset} onChange={(onset) => setCond({ ...cond, onset })} />
            {cond.status === "resolved" ? (
              <DateField
                label="Resolved"
                value={cond.resolved}
                onChange={(resolved) => setCond({ ...cond, resolved })}
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
                    onClick={() =>
                      send(() => call(removeMedication, { params: { id: patientId, recordId: m.id } }))
                    }
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
            <DateField
              label="Started"
              value={med.started}
              onChange={(started) => setMed({ ...med, started })}
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
              <DateField
                label="Last taken"
                value={med.lastTaken}
                onChange={(lastTaken) => setMed({ ...med, lastTaken })}
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
