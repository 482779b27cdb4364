/**
 * The day-of re-screen before a session: which appointment and plan the session belongs to, and
 * what changed since the intake (new medicines, new conditions placed by zone, pregnancy,
 * breastfeeding), sent to the engine. A stopped session is shown by StoppedSession.
 */
import { Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { Appointment } from "../../../contract/patients.ts";
import type { TreatmentPlan } from "../../../contract/treatment-plans.ts";
import { formatSlot } from "../../lib/format.ts";
import {
  type ConditionRow,
  type MedicationRow,
  NewConditions,
  NewMedicines,
  sentConditions,
  sentMedications,
} from "./day-of-rows.tsx";

export interface Vocabulary {
  conditions: { id: string; label: string }[];
  medicationClasses: { id: string; label: string }[];
}

export interface StartLinks {
  planId: string | null;
  appointmentId: string | null;
}

export interface DayOfChanges {
  newMedications: ReturnType<typeof sentMedications>;
  /** Each placed by zone (or not placed); the server decides whether it is in today's area. */
  newConditions: ReturnType<typeof sentConditions>;
  pregnant: boolean | null;
  breastfeeding: boolean | null;
}

const yesNo = (v: string) => (v === "yes" ? true : v === "no" ? false : null);
const AS_ON_FILE = [
  { value: "", label: "As on file" },
  { value: "no", label: "No" },
  { value: "yes", label: "Yes" },
];

/** Plans a session may still be charted on, with how many sessions each has charted. */
export function openPlans(plans: TreatmentPlan[], charted: Map<string, number>) {
  return plans.filter((p) => p.status !== "withdrawn" && (charted.get(p.id) ?? 0) < p.sessions);
}

export function DayOfCheck({
  appointments,
  plans,
  charted,
  vocabulary,
  initial,
  onStart,
}: {
  /** Today's treatment sessions of the patient, not charted yet. */
  appointments: Appointment[];
  plans: TreatmentPlan[];
  /** Sessions charted per plan id. */
  charted: Map<string, number>;
  vocabulary: Vocabulary;
  initial: StartLinks;
  onStart: (links: StartLinks, changes: DayOfChanges) => Promise<void>;
}) {
  const usable = openPlans(plans, charted);
  const defaultPlan =
    initial.planId ?? usable.find((p) => p.status === "accepted")?.id ?? usable[0]?.id ?? null;
  const [appointmentId, setAppointmentId] = useState(initial.appointmentId ?? appointments[0]?.id ?? "");
  const [planId, setPlanId] = useState(defaultPlan ?? "");
  const [pregnant, setPregnant] = useState("");
  const [breastfeeding, setBreastfeeding] = useState("");
  const [medications, setMedications] = useState<MedicationRow[]>([]);
  const [conditions, setConditions] = useState<ConditionRow[]>([]);
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    try {
      await onStart(
        { planId: planId || null, appointmentId: appointmentId || null },
        {
          newMedications: sentMedications(medications),
          newConditions: sentConditions(conditions),
          pregnant: yesNo(pregnant),
          breastfeeding: yesNo(breastfeeding),
        },
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="day-of-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="day-of-title">
          Day-of check
        </Title>
        <Group grow align="flex-end" wrap="wrap">
          <NativeSelect
            label="Appointment"
            value={appointmentId}
            onChange={(e) => setAppointmentId(e.currentTarget.value)}
            data={[
              ...appointments.map((a) => ({
                value: a.id,
                label: `${a.type.name}, ${formatSlot(a.startsAt, a.endsAt, a.locationTimeZone)}`,
              })),
              { value: "", label: "No appointment (seen without one)" },
            ]}
          />
          <NativeSelect
            label="Treatment plan"
            value={planId}
            onChange={(e) => setPlanId(e.currentTarget.value)}
            data={[
              ...usable.map((p) => ({
                value: p.id,
                label: `${p.concerns.map((c) => c.indication.replaceAll("-", " ")).join(", ")}: session ${
                  (charted.get(p.id) ?? 0) + 1
                } of ${p.sessions}${p.status === "proposed" ? " (not yet accepted)" : ""}`,
              })),
              { value: "", label: "No plan" },
            ]}
          />
        </Group>
        <Text size="sm">
          What changed since the intake? The engine screens again before you start; answers left "as on file"
          use what the patient told us before.
        </Text>
        <Group grow wrap="wrap">
          <NativeSelect
            label="Pregnant now"
            value={pregnant}
            onChange={(e) => setPregnant(e.currentTarget.value)}
            data={AS_ON_FILE}
          />
          <NativeSelect
            label="Breastfeeding now"
            value={breastfeeding}
            onChange={(e) => setBreastfeeding(e.currentTarget.value)}
            data={AS_ON_FILE}
          />
        </Group>
        <NewMedicines rows={medications} onChange={setMedications} />
        <NewConditions rows={conditions} conditions={vocabulary.conditions} onChange={setConditions} />
        <Group>
          <Button onClick={start} loading={busy}>
            Start session
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
