/**
 * Why the day-of re-screen stopped a session, and the clinician's review of each medicine the
 * protocol did not recognise (not relevant, or screened as a class, with a reason); then the
 * re-screen runs again with the same links and answers.
 */
import {
  Alert,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { reviewMedication, type SessionChart } from "../../../contract/charts.ts";
import { errorMessage, submit } from "../../api/client.ts";
import { OutcomeAlert, type OutcomeMessage } from "../../components/outcome-message.tsx";
import type { DayOfChanges, Vocabulary } from "./day-of-check.tsx";

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
  /** The stopped chart's re-screen: the engine's decision and the changes it screened. */
  rescreen: SessionChart["rescreen"];
  vocabulary: Vocabulary;
  canReview: boolean;
  onRescreen: (changes: DayOfChanges) => Promise<void>;
}) {
  const decision = rescreen.decision ?? {};
  const reasons = (decision.explanations ?? []).filter((e) => e.kind === "reason");
  // An anonymised record keeps no medicine names: there is nothing left to review by name.
  const unknown = (decision.unrecognizedMedications ?? []).flatMap((m) => (m.name === null ? [] : [m.name]));
  const [reviewed, setReviewed] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const left = unknown.filter((name) => !reviewed.has(name));

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
      {unknown.map((name) => (
        <MedicationReviewForm
          key={name}
          patientId={patientId}
          name={name}
          vocabulary={vocabulary}
          disabled={!canReview || reviewed.has(name)}
          onReviewed={() => setReviewed(new Set([...reviewed, name]))}
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
  const [message, setMessage] = useState<OutcomeMessage | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      await submit(reviewMedication, {
        params: { id: patientId },
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
        <OutcomeAlert message={message} />
        <Group>
          <Button variant="default" onClick={save} loading={busy} disabled={disabled}>
            Record review of {name}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
