/**
 * The day-of re-screen before a session: which appointment and plan the session belongs to, and
 * what changed since the intake (new medicines, new conditions, pregnancy, breastfeeding), sent to
 * the engine. A stopped session shows why; a medicine the protocol does not recognise is reviewed
 * here by the clinician (not relevant, or screened as a class, with a reason) and the re-screen
 * goes on.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { AREA_NOT_SURE } from "../../../domain/record/area.ts";
import { errorMessage, request } from "../../api/client.ts";
import type { Appointment } from "../../api/types.ts";
import { ConditionAreaField } from "../../components/condition-area-field.tsx";
import { formatSlot } from "../../lib/format.ts";
import type { Plan } from "../../portal/record/plan.tsx";
import { placedInArea } from "../screening/profile-body.ts";
import { ZONE_CHOICES } from "./zone-map.tsx";

export interface Vocabulary {
  conditions: { id: string; label: string }[];
  medicationClasses: { id: string; label: string }[];
}

export interface StartLinks {
  planId: string | null;
  appointmentId: string | null;
}

let nextRow = 0;
/** A key for a row added on this screen (rows have no id until saved). */
export const rowKey = () => ++nextRow;

interface MedicationRow {
  key: number;
  ingredient: string;
  route: "oral" | "topical" | "subcutaneous" | "intravenous";
  prescribed: boolean;
  ongoing: boolean;
  lastTaken: string;
}

interface ConditionRow {
  key: number;
  conditionId: string;
  status: "active" | "resolved" | "history";
  /** Where it is, as the intake and the screening panel ask it. */
  zones: string[];
  severity: "" | "mild" | "moderate" | "severe";
}

export interface DayOfChanges {
  newMedications: {
    ingredient: string;
    route: MedicationRow["route"];
    prescribed: boolean;
    ongoing: boolean;
    lastTaken: string | null;
  }[];
  newConditions: {
    conditionId: string;
    status: ConditionRow["status"];
    inTreatmentArea: boolean;
    severity: "mild" | "moderate" | "severe" | null;
  }[];
  pregnant: boolean | null;
  breastfeeding: boolean | null;
}

const yesNo = (v: string) => (v === "yes" ? true : v === "no" ? false : null);

/** Plans a session may still be charted on, with how many sessions each has charted. */
export function openPlans(plans: Plan[], charted: Map<string, number>) {
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
  plans: Plan[];
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

  // The zones treated today: the chosen plan's; without a plan, any zone may be (null).
  const chosenPlan = usable.find((p) => p.id === planId);
  const treatedZones = chosenPlan ? chosenPlan.zones.map((z) => z.zone) : null;

  const setMed = (i: number, patch: Partial<MedicationRow>) =>
    setMedications(medications.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const setCondition = (i: number, patch: Partial<ConditionRow>) =>
    setConditions(conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  async function start() {
    setBusy(true);
    try {
      await onStart(
        { planId: planId || null, appointmentId: appointmentId || null },
        {
          newMedications: medications
            .filter((m) => m.ingredient.trim() !== "")
            .map((m) => ({
              ingredient: m.ingredient.trim(),
              route: m.route,
              prescribed: m.prescribed,
              ongoing: m.ongoing,
              lastTaken: m.ongoing || !m.lastTaken ? null : m.lastTaken,
            })),
          newConditions: conditions.map((c) => ({
            conditionId: c.conditionId,
            status: c.status,
            inTreatmentArea: placedInArea(c.zones, treatedZones),
            severity: c.severity || null,
          })),
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
            data={[
              { value: "", label: "As on file" },
              { value: "no", label: "No" },
              { value: "yes", label: "Yes" },
            ]}
          />
          <NativeSelect
            label="Breastfeeding now"
            value={breastfeeding}
            onChange={(e) => setBreastfeeding(e.currentTarget.value)}
            data={[
              { value: "", label: "As on file" },
              { value: "no", label: "No" },
              { value: "yes", label: "Yes" },
            ]}
          />
        </Group>

        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} size="sm">
            New medicines
          </Text>
          {medications.length === 0 ? (
            <Text size="sm" c="dimmed">
              None added.
            </Text>
          ) : null}
          {medications.map((m, i) => (
            <Paper withBorder p="sm" key={m.key} data-testid="new-medicine">
              <Group align="flex-end" wrap="wrap">
                <TextInput
                  label={`Medicine ${i + 1}`}
                  value={m.ingredient}
                  onChange={(e) => setMed(i, { ingredient: e.currentTarget.value })}
                  miw={180}
                />
                <NativeSelect
                  label="Taken as"
                  value={m.route}
                  onChange={(e) => setMed(i, { route: e.currentTarget.value as MedicationRow["route"] })}
                  data={[
                    { value: "oral", label: "By mouth" },
                    { value: "topical", label: "On the skin" },
                    { value: "subcutaneous", label: "Injection under the skin" },
                    { value: "intravenous", label: "Into a vein" },
                  ]}
                />
                <Checkbox
                  label="Prescribed"
                  checked={m.prescribed}
                  onChange={(e) => setMed(i, { prescribed: e.currentTarget.checked })}
                />
                <Checkbox
                  label="Still taking"
                  checked={m.ongoing}
                  onChange={(e) => setMed(i, { ongoing: e.currentTarget.checked })}
                />
                {m.ongoing ? null : (
                  <TextInput
                    label="Last taken"
                    type="date"
                    value={m.lastTaken}
                    onChange={(e) => setMed(i, { lastTaken: e.currentTarget.value })}
                  />
                )}
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => setMedications(medications.filter((_, j) => j !== i))}
                >
                  Remove medicine {i + 1}
                </Button>
              </Group>
            </Paper>
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() =>
                setMedications([
                  ...medications,
                  {
                    key: rowKey(),
                    ingredient: "",
                    route: "oral",
                    prescribed: true,
                    ongoing: true,
                    lastTaken: "",
                  },
                ])
              }
            >
              Add a medicine
            </Button>
          </Group>
        </Stack>

        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} size="sm">
            New conditions
          </Text>
          {conditions.length === 0 ? (
            <Text size="sm" c="dimmed">
              None added.
            </Text>
          ) : null}
          {conditions.map((c, i) => (
            <Paper withBorder p="sm" key={c.key} data-testid="new-condition">
              <Group align="flex-end" wrap="wrap">
                <NativeSelect
                  label={`Condition ${i + 1}`}
                  value={c.conditionId}
                  onChange={(e) => setCondition(i, { conditionId: e.currentTarget.value })}
                  data={vocabulary.conditions.map((v) => ({ value: v.id, label: v.label }))}
                />
                <NativeSelect
                  label="Status"
                  value={c.status}
                  onChange={(e) =>
                    setCondition(i, { status: e.currentTarget.value as ConditionRow["status"] })
                  }
                  data={[
                    { value: "active", label: "Active now" },
                    { value: "resolved", label: "Resolved" },
                    { value: "history", label: "History of it" },
                  ]}
                />
                <NativeSelect
                  label="Severity"
                  value={c.severity}
                  onChange={(e) =>
                    setCondition(i, { severity: e.currentTarget.value as ConditionRow["severity"] })
                  }
                  data={[
                    { value: "", label: "Not graded" },
                    { value: "mild", label: "Mild" },
                    { value: "moderate", label: "Moderate" },
                    { value: "severe", label: "Severe" },
                  ]}
                />
                <ConditionAreaField
                  label={`Where is condition ${i + 1}?`}
                  description="On or near a zone, somewhere else, or not sure (counted as in the area treated today)"
                  zones={ZONE_CHOICES}
                  elsewhereLabel="Somewhere else on the body"
                  notSureLabel="Not sure"
                  value={c.zones}
                  onChange={(zones) => setCondition(i, { zones })}
                />
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => setConditions(conditions.filter((_, j) => j !== i))}
                >
                  Remove condition {i + 1}
                </Button>
              </Group>
            </Paper>
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() =>
                setConditions([
                  ...conditions,
                  {
                    key: rowKey(),
                    conditionId: vocabulary.conditions[0]?.id ?? "",
                    status: "active",
                    // Until placed, the safer reading: in the area treated today.
                    zones: [AREA_NOT_SURE],
                    severity: "",
                  },
                ])
              }
            >
              Add a condition
            </Button>
          </Group>
        </Stack>
        <Group>
          <Button onClick={start} loading={busy}>
            Start session
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

interface StoppedDecision {
  outcome?: string;
  requiresReview?: boolean;
  explanations?: { id: string; kind: string; clinicianText: string }[];
  unrecognizedMedications?: { index: number; name: string }[];
}

/**
 * Why the day-of re-screen stopped the session, and the review of each medicine the protocol did
 * not recognise; once every one is reviewed, the re-screen runs again with the same links and
 * answers (the medicines are on file now).
 */
export function StoppedSession({
  patientId,
  rescreen,
  vocabulary,
  canReview,
  onRescreen,
}: {
  patientId: string;
  rescreen: { decision?: StoppedDecision; changes?: Partial<DayOfChanges> };
  vocabulary: Vocabulary;
  canReview: boolean;
  onRescreen: (changes: DayOfChanges) => Promise<void>;
}) {
  const decision = rescreen.decision ?? {};
  const reasons = (decision.explanations ?? []).filter((e) => e.kind === "reason");
  const unknown = decision.unrecognizedMedications ?? [];
  const [reviewed, setReviewed] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = unknown.filter((m) => !reviewed.has(m.name));

  async function again() {
    setBusy(true);
    setError(null);
    try {
      await onRescreen({
        newMedications: [],
        newConditions: [],
        pregnant: rescreen.changes?.pregnant ?? null,
        breastfeeding: rescreen.changes?.breastfeeding ?? null,
      });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md">
      <Alert color="red" role="alert" title="Session stopped">
        <Text size="sm">
          {decision.outcome === "eligible" && decision.requiresReview
            ? "The day-of re-screen needs a clinician's review before treatment."
            : `The day-of re-screen is ${(decision.outcome ?? "not eligible").replaceAll("-", " ")}.`}{" "}
          Do not treat until this is resolved.
        </Text>
        {reasons.length > 0 ? (
          <List size="sm" mt="xs">
            {reasons.map((r) => (
              <List.Item key={r.id}>{r.clinicianText}</List.Item>
            ))}
          </List>
        ) : null}
      </Alert>
      {unknown.map((m) => (
        <MedicationReviewForm
          key={m.name}
          patientId={patientId}
          name={m.name}
          vocabulary={vocabulary}
          disabled={!canReview || reviewed.has(m.name)}
          onReviewed={() => setReviewed(new Set([...reviewed, m.name]))}
        />
      ))}
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      {canReview && unknown.length > 0 ? (
        <Group>
          <Button onClick={again} loading={busy} disabled={left.length > 0}>
            Re-screen now
          </Button>
          {left.length > 0 ? (
            <Text size="sm" c="dimmed">
              Review every medicine first.
            </Text>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

function MedicationReviewForm({
  patientId,
  name,
  vocabulary,
  disabled,
  onReviewed,
}: {
  patientId: string;
  name: string;
  vocabulary: Vocabulary;
  disabled: boolean;
  onReviewed: () => void;
}) {
  const [decision, setDecision] = useState<"not-relevant" | "class">("not-relevant");
  const [classId, setClassId] = useState(vocabulary.medicationClasses[0]?.id ?? "");
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      await request("POST", `/api/patients/${encodeURIComponent(patientId)}/medication-reviews`, {
        body: { name, decision, classId: decision === "class" ? classId : null, reason },
      });
      setMessage({ kind: "ok", text: "Review recorded." });
      onReviewed();
    } catch (caught) {
      setMessage({ kind: "error", text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-label={`Review of ${name}`}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Not recognised: {name}
        </Title>
        <Radio.Group
          label="Your review"
          value={decision}
          onChange={(v) => setDecision(v as "not-relevant" | "class")}
        >
          <Stack gap={6} mt={4}>
            <Radio value="not-relevant" label="Not relevant to microneedling" disabled={disabled} />
            <Radio value="class" label="Screen it as a medicine class" disabled={disabled} />
          </Stack>
        </Radio.Group>
        {decision === "class" ? (
          <NativeSelect
            label="Medicine class"
            value={classId}
            disabled={disabled}
            onChange={(e) => setClassId(e.currentTarget.value)}
            data={vocabulary.medicationClasses.map((c) => ({ value: c.id, label: c.label }))}
          />
        ) : null}
        <Textarea
          label="Reason (recorded and audited)"
          description="At least 10 characters: what the medicine is and why."
          value={reason}
          disabled={disabled}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        {message ? (
          <Alert
            color={message.kind === "error" ? "red" : "green"}
            role={message.kind === "error" ? "alert" : "status"}
          >
            {message.text}
          </Alert>
        ) : null}
        <Group>
          <Button variant="default" onClick={save} loading={busy} disabled={disabled}>
            Record review of {name}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
