/**
 * The intake questionnaire, for the patient in the portal and for staff entering it on the
 * patient's behalf: pregnancy, breastfeeding and a recent delivery; conditions with where they are
 * (by the same zones as the concerns), how bad where a rule grades it, and since when; medicines
 * with how they are taken; history; skin type with a guide; the concerns and zones to treat.
 * Prefilled from the last answers, else (first time) from the self-check sent with a booking.
 * The data it holds and sends is built by the pure functions of domain/record/intake-form.ts.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import { endpoint } from "../../../contract/endpoint.ts";
import { intakeFormView, intakeSubmitted } from "../../../contract/intake.ts";
import { portalOverview } from "../../../contract/portal.ts";
import type { SelfCheckAnswers } from "../../../domain/patient/self-check.ts";
import type { IntakeAnswers, IntakeCondition, IntakeMedication } from "../../../domain/record/intake.ts";
import {
  draftFromAnswers,
  draftFromSelfCheck,
  EMPTY_INTAKE,
  type IntakeDraft,
  intakeBody,
  newCondition,
  newMedication,
} from "../../../domain/record/intake-form.ts";
import { call, errorMessage } from "../../api/client.ts";
import { ConditionAreaField } from "../../components/condition-area-field.tsx";
import { DateField } from "../../components/date-field.tsx";
import { OutcomeAlert, type OutcomeMessage } from "../../components/outcome-message.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t, tMaybe } from "../../i18n/index.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

const yesNo = (v: boolean | null) => (v === null ? "" : v ? "yes" : "no");

const ROUTES: { value: IntakeMedication["route"]; key: Parameters<typeof t>[0] }[] = [
  { value: "oral", key: "intake.route.oral" },
  { value: "topical", key: "intake.route.topical" },
  { value: "subcutaneous", key: "intake.route.subcutaneous" },
  { value: "intravenous", key: "intake.route.intravenous" },
];

export function IntakeForm({
  path,
  staff = false,
  heading,
}: {
  /** GET for the questions and last answers, POST to send. */
  path: string;
  /** Entered by staff on the patient's behalf (the wording says so). */
  staff?: boolean;
  heading: string;
}) {
  // The portal's own intake or, for staff, a patient's: both answer with the contract's intake form.
  const formEndpoint = useMemo(() => endpoint("GET", path, intakeFormView), [path]);
  const form = useApiQuery(formEndpoint);
  const [answers, setAnswers] = useState<IntakeDraft>(EMPTY_INTAKE);
  const [fromSelfCheck, setFromSelfCheck] = useState(false);
  const [message, setMessage] = useState<OutcomeMessage | null>(null);
  const submitting = useApiMutation(
    (body: ReturnType<typeof intakeBody>) => call(endpoint("POST", path, intakeSubmitted), { body }),
    {
      invalidates: [formEndpoint, portalOverview],
      onMutate: () => setMessage(null),
      onSuccess: (res) => {
        setMessage({
          kind: "ok",
          text: staff
            ? t("intake.staff.saved", { version: res.version })
            : t("intake.saved", { version: res.version }),
        });
        setFromSelfCheck(false);
      },
      onError: (caught) => setMessage({ kind: "error", text: errorMessage(caught) }),
    },
  );
  const busy = submitting.isPending;

  useEffect(() => {
    if (!form.data) return;
    // The contract leaves the stored answers unchecked: they are the intake's and the self-check's own.
    if (form.data.last) setAnswers(draftFromAnswers(form.data.last.answers as IntakeAnswers));
    else if (form.data.selfCheck) {
      setAnswers(draftFromSelfCheck(form.data.selfCheck as SelfCheckAnswers, form.data.questionnaire));
      setFromSelfCheck(true);
    }
  }, [form.data]);

  if (form.isError)
    return (
      <ErrorState title={t("intake.loadFailed")} error={form.error} onRetry={() => void form.refetch()} />
    );
  if (!form.data) return <LoadingState />;
  const q = form.data.questionnaire;
  const set = (patch: Partial<IntakeDraft>) => setAnswers({ ...answers, ...patch });
  // The patient's words for the protocol's zones, conditions and concerns; a clinic's own entry keeps its label.
  const zoneLabel = (id: string) =>
    tMaybe(`intake.zone.${id}`, q.zones.find((z) => z.id === id)?.label ?? id);
  const conditionLabel = (o: { id: string; label: string }) =>
    tMaybe(`intake.conditionName.${o.id}`, o.label);
  const setCondition = (i: number, patch: Partial<IntakeCondition>) =>
    set({ conditions: answers.conditions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const setMedication = (i: number, patch: Partial<IntakeMedication>) =>
    set({ medications: answers.medications.map((x, j) => (j === i ? { ...x, ...patch } : x)) });

  function toggleConcern(indication: string, zone: string, on: boolean) {
    const others = answers.concerns.filter((c) => c.indication !== indication);
    const current = answers.concerns.find((c) => c.indication === indication)?.zones ?? [];
    const zones = on ? [...new Set([...current, zone])] : current.filter((z) => z !== zone);
    set({ concerns: zones.length ? [...others, { indication, zones }] : others });
  }

  function submit() {
    submitting.mutate(intakeBody(answers, q));
  }

  return (
    <Stack gap="lg">
      <title>{heading}</title>
      <Title order={1}>{heading}</Title>
      {staff ? (
        <Text>
          {t("intake.staff.intro")}
          {form.data.last
            ? ` ${form.data.last.enteredBy === "staff" ? t("intake.staff.lastByStaff", { version: form.data.last.version }) : t("intake.staff.lastByPatient", { version: form.data.last.version })}`
            : ""}
        </Text>
      ) : (
        <Text>
          {t("intake.intro")} {form.data.last ? t("intake.introLast") : ""}
        </Text>
      )}
      {fromSelfCheck ? (
        <Alert color="blue" role="note">
          {staff ? t("intake.staff.fromSelfCheck") : t("intake.fromSelfCheck")}
        </Alert>
      ) : null}
      {form.data.sex !== "male" ? (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Radio.Group
              label={t("intake.pregnant")}
              value={yesNo(answers.pregnant)}
              onChange={(v) => set({ pregnant: v === "yes" })}
            >
              <Group mt="xs">
                <Radio value="yes" label={t("intake.yes")} />
                <Radio value="no" label={t("intake.no")} />
              </Group>
            </Radio.Group>
            <Radio.Group
              label={t("intake.breastfeeding")}
              value={yesNo(answers.breastfeeding)}
              onChange={(v) => set({ breastfeeding: v === "yes" })}
            >
              <Group mt="xs">
                <Radio value="yes" label={t("intake.yes")} />
                <Radio value="no" label={t("intake.no")} />
              </Group>
            </Radio.Group>
            <DateField
              label={t("intake.deliveryDate")}
              description={t("intake.deliveryDate.help")}
              value={answers.deliveryDate ?? ""}
              onChange={(value) => set({ deliveryDate: value || null })}
            />
          </Stack>
        </Paper>
      ) : null}
      <Paper withBorder p="md">
        <Radio.Group
          label={t("intake.skinType")}
          description={t("intake.skinType.help")}
          value={answers.fitzpatrick}
          onChange={(v) => set({ fitzpatrick: v as IntakeDraft["fitzpatrick"] })}
        >
          <Stack mt="xs" gap={6}>
            {q.fitzpatrick.map((f) => (
              <Radio
                key={f.value}
                value={f.value}
                label={t("intake.skinType.option", {
                  type: f.value,
                  description: tMaybe(`selfCheck.skin.${f.value}`, f.description),
                })}
              />
            ))}
          </Stack>
        </Radio.Group>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t("intake.conditions")}
          </Title>
          {answers.conditions.map((c, i) => {
            const option = q.conditions.find((o) => o.id === c.conditionId);
            const n = i + 1;
            return (
              <Paper
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place
                key={`condition-${i}`}
                withBorder
                p="sm"
                component="fieldset"
                aria-label={t("intake.condition.row", { n })}
                data-testid="intake-condition"
              >
                <Stack gap="xs">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                    <NativeSelect
                      label={t("intake.condition")}
                      value={c.conditionId}
                      data={q.conditions.map((o) => ({ value: o.id, label: conditionLabel(o) }))}
                      onChange={(e) =>
                        setCondition(i, { conditionId: e.currentTarget.value, severity: null })
                      }
                    />
                    <NativeSelect
                      label={t("intake.condition.now")}
                      value={c.status}
                      data={[
                        { value: "active", label: t("intake.condition.active") },
                        { value: "resolved", label: t("intake.condition.resolved") },
                        { value: "history", label: t("intake.condition.history") },
                      ]}
                      onChange={(e) =>
                        setCondition(i, { status: e.currentTarget.value as IntakeCondition["status"] })
                      }
                    />
                  </SimpleGrid>
                  <ConditionAreaField
                    label={t("intake.where.label")}
                    description={t("intake.where.help")}
                    zones={q.zones.map((z) => ({ id: z.id, label: zoneLabel(z.id) }))}
                    elsewhereLabel={t("intake.where.elsewhere")}
                    notSureLabel={t("intake.where.notSure")}
                    value={c.zones}
                    onChange={(zones) => setCondition(i, { zones })}
                    required={option?.askArea}
                  />
                  {option?.graded ? (
                    <NativeSelect
                      label={t("intake.severity.label")}
                      value={c.severity ?? ""}
                      data={[
                        { value: "", label: t("intake.severity.choose") },
                        { value: "mild", label: t("intake.severity.mild") },
                        { value: "moderate", label: t("intake.severity.moderate") },
                        { value: "severe", label: t("intake.severity.severe") },
                      ]}
                      onChange={(e) =>
                        setCondition(i, {
                          severity: (e.currentTarget.value || null) as IntakeCondition["severity"],
                        })
                      }
                      required
                      maw={320}
                    />
                  ) : null}
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                    <DateField
                      label={option?.askOnset ? t("intake.onset.required") : t("intake.onset")}
                      value={c.onset ?? ""}
                      onChange={(value) => setCondition(i, { onset: value || null })}
                      required={option?.askOnset}
                    />
                    {c.status === "resolved" ? (
                      <DateField
                        label={t("intake.resolved")}
                        value={c.resolved ?? ""}
                        onChange={(value) => setCondition(i, { resolved: value || null })}
                      />
                    ) : null}
                    <TextInput
                      label={t("intake.site")}
                      value={c.site ?? ""}
                      onChange={(e) => setCondition(i, { site: e.currentTarget.value || null })}
                    />
                  </SimpleGrid>
                  <Group>
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() => set({ conditions: answers.conditions.filter((_, j) => j !== i) })}
                    >
                      {t("intake.condition.remove", { n })}
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            );
          })}
          <Group>
            <Button
              variant="default"
              onClick={() =>
                set({ conditions: [...answers.conditions, newCondition(q.conditions[0]?.id ?? "")] })
              }
            >
              {t("intake.condition.add")}
            </Button>
          </Group>
          <Checkbox
            label={t("intake.keloids")}
            checked={answers.history.keloids}
            onChange={(e) => set({ history: { ...answers.history, keloids: e.currentTarget.checked } })}
          />
          <Checkbox
            label={t("intake.coldSores")}
            checked={answers.history.coldSores}
            onChange={(e) => set({ history: { ...answers.history, coldSores: e.currentTarget.checked } })}
          />
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t("intake.medicines")}
          </Title>
          {answers.medications.map((m, i) => {
            const n = i + 1;
            return (
              <Paper
                // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place
                key={`med-${i}`}
                withBorder
                p="sm"
                component="fieldset"
                aria-label={t("intake.medicine.row", { n })}
                data-testid="intake-medicine"
              >
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                  <TextInput
                    label={t("intake.medicine.name")}
                    value={m.ingredient}
                    onChange={(e) => setMedication(i, { ingredient: e.currentTarget.value })}
                  />
                  <NativeSelect
                    label={t("intake.route.label")}
                    value={m.route}
                    data={ROUTES.map((r) => ({ value: r.value, label: t(r.key) }))}
                    onChange={(e) =>
                      setMedication(i, { route: e.currentTarget.value as IntakeMedication["route"] })
                    }
                  />
                  <DateField
                    label={t("intake.medicine.lastTaken")}
                    value={m.lastTaken ?? ""}
                    onChange={(value) =>
                      setMedication(i, {
                        lastTaken: value || null,
                        ongoing: !value,
                      })
                    }
                  />
                </SimpleGrid>
                <Group mt="xs" justify="space-between">
                  <Checkbox
                    label={t("intake.medicine.prescribed")}
                    checked={m.prescribed}
                    onChange={(e) => setMedication(i, { prescribed: e.currentTarget.checked })}
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    onClick={() => set({ medications: answers.medications.filter((_, j) => j !== i) })}
                  >
                    {t("intake.medicine.remove", { n })}
                  </Button>
                </Group>
              </Paper>
            );
          })}
          <Group>
            <Button
              variant="default"
              onClick={() => set({ medications: [...answers.medications, newMedication()] })}
            >
              {t("intake.medicine.add")}
            </Button>
          </Group>
          <Text size="sm">{t("intake.medicine.never")}</Text>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t("intake.concerns")}
          </Title>
          {q.indications.map((ind) => (
            <Checkbox.Group
              key={ind.id}
              label={tMaybe(`selfCheck.concern.${ind.id}`, ind.label)}
              value={answers.concerns.find((c) => c.indication === ind.id)?.zones ?? []}
              onChange={(zones) => {
                const others = answers.concerns.filter((c) => c.indication !== ind.id);
                set({ concerns: zones.length ? [...others, { indication: ind.id, zones }] : others });
              }}
            >
              <Group mt={4} gap="sm">
                {ind.zones.map((z) => (
                  <Checkbox
                    key={z}
                    value={z}
                    label={zoneLabel(z)}
                    onChange={(e) => toggleConcern(ind.id, z, e.currentTarget.checked)}
                  />
                ))}
              </Group>
            </Checkbox.Group>
          ))}
        </Stack>
      </Paper>
      <OutcomeAlert message={message} />
      <Group>
        <Button onClick={submit} loading={busy}>
          {staff ? t("intake.staff.submit") : t("intake.submit")}
        </Button>
      </Group>
    </Stack>
  );
}
