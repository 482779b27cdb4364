// "Am I a candidate?": a step-by-step form that runs the clinic's screening engine in this browser.
// Nothing leaves the phone until the person chooses to book; then the answers travel to /book in
// sessionStorage (and the address), so the consultation starts from them.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Container,
  Group,
  List,
  Paper,
  Progress,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type ReactNode, useMemo, useState } from "react";
import {
  AREAS,
  type Area,
  ASPIRIN_REASONS,
  type AspirinReason,
  type Extent,
  emptyAnswers,
  encodeAnswers,
  GRADED_QUESTIONS,
  type GradedQuestion,
  HEALTH_QUESTIONS,
  type HealthQuestion,
  MEDICINE_QUESTIONS,
  type MedicineQuestion,
  type SelfCheckAnswers,
  type SelfCheckProblem,
  selfCheckProblems,
  selfCheckToScreeningInput,
} from "../../../domain/patient/self-check.ts";
import { screenPatient } from "../../../domain/protocol/screen-patient.ts";
import type { Protocol, ScreeningOutput } from "../../../domain/protocol/types.ts";
import { DayPicker } from "../../components/day-picker.tsx";
import { numberSources, SourceList, SourceRefs } from "../../components/sources.tsx";
import { type MessageKey, t, tMaybe } from "../../i18n/index.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { patientExplanation } from "../../lib/patient-explanations.ts";
import { useNavigate } from "../router.tsx";
import { selfCheckProtocol } from "./protocol.ts";

export const SELF_CHECK_STORAGE_KEY = "remodel.selfCheck";

const STEPS = ["concerns", "about", "health", "medicines", "when"] as const;
type Step = (typeof STEPS)[number];
/** Which step asks each field, so a problem sends the person back to the right place. */
function stepOf(field: string): Step {
  if (field === "concerns" || field === "areas") return "concerns";
  if (["age", "sex", "pregnant", "breastfeeding", "fitzpatrick"].includes(field)) return "about";
  if (field.startsWith("health") || field.startsWith("graded")) return "health";
  if (field === "startDate") return "when";
  return "medicines";
}

const SKIN = ["I", "II", "III", "IV", "V", "VI"] as const;
const EXTENTS: Extent[] = ["none", "mild", "moderate", "severe"];

function todayLocal(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function problemText(p: SelfCheckProblem): string {
  const concern = p.detail ? tMaybe(`selfCheck.concern.${p.detail}`, p.detail) : "";
  return t(`selfCheck.problem.${p.code}` as MessageKey, { concern });
}

function YesNo({
  label,
  value,
  onChange,
  allowNa,
}: {
  label: string;
  value: boolean | null;
  onChange: (v: boolean | null) => void;
  allowNa?: boolean;
}) {
  return (
    <Radio.Group
      label={label}
      value={value === null ? (allowNa ? "na" : "") : value ? "yes" : "no"}
      onChange={(v) => onChange(v === "yes" ? true : v === "no" ? false : null)}
    >
      <Group mt={6} gap="lg">
        <Radio value="yes" label={t("common.yes")} />
        <Radio value="no" label={t("common.no")} />
        {allowNa ? <Radio value="na" label={t("selfCheck.notApplicable")} /> : null}
      </Group>
    </Radio.Group>
  );
}

export function SelfCheckPage() {
  const protocol = useMemo(() => selfCheckProtocol(), []);
  const [answers, setAnswers] = useState<SelfCheckAnswers>(emptyAnswers);
  const [step, setStep] = useState(0);
  const [problems, setProblems] = useState<SelfCheckProblem[]>([]);
  const [result, setResult] = useState<ScreeningOutput | null>(null);
  const navigate = useNavigate();
  const today = todayLocal();
  const current = STEPS[step] ?? "concerns";
  const set = (patch: Partial<SelfCheckAnswers>) => setAnswers((a) => ({ ...a, ...patch }));

  function next() {
    const all = selfCheckProblems(answers, protocol, today);
    const here = all.filter((p) => stepOf(p.field) === current);
    setProblems(here);
    if (here.length > 0) return;
    if (step < STEPS.length - 1) {
      setStep(step + 1);
      return;
    }
    if (all.length > 0) {
      setProblems(all);
      setStep(STEPS.indexOf(stepOf(all[0]!.field)));
      return;
    }
    // Answers free of problems always make an input the server's full check accepts unchanged
    // (prepared-protocol.test.ts), so the browser screens it without carrying that check.
    setResult(screenPatient(selfCheckToScreeningInput(answers, protocol, today), protocol));
    window.scrollTo(0, 0);
  }

  function book() {
    const carried = {
      answers,
      outcome: result?.outcome ?? null,
      deferUntil: result?.deferUntil ?? null,
      protocolVersion: result?.protocolVersion ?? null,
    };
    try {
      sessionStorage.setItem(SELF_CHECK_STORAGE_KEY, JSON.stringify(carried));
    } catch {
      // Private mode without storage: the address still carries the answers.
    }
    navigate(`/book?selfCheck=${encodeAnswers(answers)}`);
  }

  if (result) {
    return (
      <SelfCheckResult
        result={result}
        protocol={protocol}
        onBook={book}
        onChange={() => {
          setResult(null);
          setStep(0);
        }}
      />
    );
  }

  const stepTitle: Record<Step, MessageKey> = {
    concerns: "selfCheck.step.concerns",
    about: "selfCheck.step.about",
    health: "selfCheck.step.health",
    medicines: "selfCheck.step.medicines",
    when: "selfCheck.step.when",
  };
  const male = answers.sex === "male";

  let body: ReactNode;
  if (current === "concerns") {
    body = (
      <Stack gap="md">
        <Checkbox.Group
          label={t("selfCheck.concerns.label")}
          value={answers.concerns}
          onChange={(concerns) => set({ concerns })}
        >
          <Stack gap={10} mt={8}>
            {protocol.indications.map((i) => (
              <Checkbox
                key={i.id}
                value={i.id}
                label={tMaybe(`selfCheck.concern.${i.id}`, i.label ?? i.id)}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Checkbox.Group
          label={t("selfCheck.areas.label")}
          value={answers.areas}
          onChange={(areas) => set({ areas: areas as Area[] })}
        >
          <Stack gap={10} mt={8}>
            {AREAS.map((a) => (
              <Checkbox key={a} value={a} label={t(`selfCheck.area.${a}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Stack>
    );
  } else if (current === "about") {
    body = (
      <Stack gap="md">
        <TextInput
          label={t("selfCheck.age")}
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          value={answers.age ?? ""}
          onChange={(e) => set({ age: e.currentTarget.value === "" ? null : Number(e.currentTarget.value) })}
          w={140}
        />
        <Radio.Group
          label={t("selfCheck.sex")}
          value={answers.sex ?? ""}
          onChange={(v) => set({ sex: v as SelfCheckAnswers["sex"] })}
        >
          <Group mt={6} gap="lg">
            {(["female", "male", "other"] as const).map((s) => (
              <Radio key={s} value={s} label={t(`selfCheck.sex.${s}`)} />
            ))}
          </Group>
        </Radio.Group>
        <YesNo
          label={t("selfCheck.pregnant")}
          value={answers.pregnant}
          allowNa={male}
          onChange={(pregnant) => set({ pregnant })}
        />
        <YesNo
          label={t("selfCheck.breastfeeding")}
          value={answers.breastfeeding}
          allowNa={male}
          onChange={(breastfeeding) => set({ breastfeeding })}
        />
        <Radio.Group
          label={t("selfCheck.skinType")}
          value={answers.fitzpatrick ?? ""}
          onChange={(v) => set({ fitzpatrick: v as SelfCheckAnswers["fitzpatrick"] })}
        >
          <Stack gap={10} mt={8}>
            {SKIN.map((s) => (
              <Radio key={s} value={s} label={t(`selfCheck.skin.${s}`)} />
            ))}
          </Stack>
        </Radio.Group>
      </Stack>
    );
  } else if (current === "health") {
    body = (
      <Stack gap="md">
        <Checkbox.Group
          label={t("selfCheck.health.label")}
          value={Object.entries(answers.health)
            .filter(([, v]) => v)
            .map(([k]) => k)}
          onChange={(keys) =>
            set({
              health: Object.fromEntries(
                (Object.keys(HEALTH_QUESTIONS) as HealthQuestion[]).map((k) => [k, keys.includes(k)]),
              ),
            })
          }
        >
          <Stack gap={10} mt={8}>
            {(Object.keys(HEALTH_QUESTIONS) as HealthQuestion[]).map((k) => (
              <Checkbox key={k} value={k} label={t(`selfCheck.health.${k}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        {(Object.keys(GRADED_QUESTIONS) as GradedQuestion[]).map((k) => (
          <Radio.Group
            key={k}
            label={t(`selfCheck.graded.${k}`)}
            value={answers.graded[k] ?? "none"}
            onChange={(v) => set({ graded: { ...answers.graded, [k]: v as Extent } })}
          >
            <Group mt={6} gap="md">
              {EXTENTS.map((x) => (
                <Radio key={x} value={x} label={t(`selfCheck.extent.${x}`)} />
              ))}
            </Group>
          </Radio.Group>
        ))}
      </Stack>
    );
  } else if (current === "medicines") {
    body = (
      <Stack gap="md">
        <Radio.Group
          label={t("selfCheck.isotretinoin")}
          value={answers.isotretinoin}
          onChange={(v) => set({ isotretinoin: v as SelfCheckAnswers["isotretinoin"] })}
        >
          <Stack gap={10} mt={8}>
            {(["never", "now", "stopped"] as const).map((v) => (
              <Radio key={v} value={v} label={t(`selfCheck.isotretinoin.${v}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {answers.isotretinoin === "stopped" ? (
          // A recent day (the months since the last dose matter), found quickly on the calendar: the
          // native picker with the day in words, which keeps this page within its download budget.
          <DayPicker
            label={t("selfCheck.isotretinoinLastDose")}
            value={answers.isotretinoinLastDose ?? ""}
            max={today}
            onChange={(e) => set({ isotretinoinLastDose: e.currentTarget.value || null })}
            w={220}
          />
        ) : null}
        <Checkbox.Group
          label={t("selfCheck.medicines.label")}
          value={Object.entries(answers.medicines)
            .filter(([, v]) => v)
            .map(([k]) => k)}
          onChange={(keys) =>
            set({
              medicines: Object.fromEntries(
                (Object.keys(MEDICINE_QUESTIONS) as MedicineQuestion[]).map((k) => [k, keys.includes(k)]),
              ),
            })
          }
        >
          <Stack gap={10} mt={8}>
            {(Object.keys(MEDICINE_QUESTIONS) as MedicineQuestion[]).map((k) => (
              <Checkbox key={k} value={k} label={t(`selfCheck.medicines.${k}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        {answers.medicines.aspirin ? (
          <Radio.Group
            label={t("selfCheck.aspirinReason")}
            value={answers.aspirinReason ?? ""}
            onChange={(v) => set({ aspirinReason: v as AspirinReason })}
          >
            <Stack gap={10} mt={8}>
              {ASPIRIN_REASONS.map((v) => (
                <Radio key={v} value={v} label={t(`selfCheck.aspirinReason.${v}`)} />
              ))}
            </Stack>
          </Radio.Group>
        ) : null}
        <Text size="sm" c="dimmed">
          {t("selfCheck.medicines.note")}
        </Text>
      </Stack>
    );
  } else {
    body = (
      // A day to come, picked on the calendar: the native picker, with the day in words.
      <DayPicker
        label={t("selfCheck.startDate")}
        value={answers.startDate ?? ""}
        min={today}
        onChange={(e) => set({ startDate: e.currentTarget.value || null })}
        w={240}
      />
    );
  }

  return (
    <Container size="sm" py={{ base: 24, sm: 56 }}>
      <title>{t("selfCheck.title")}</title>
      <Stack gap="lg">
        <Title order={1} c="spruce.9">
          {t("selfCheck.title")}
        </Title>
        {step === 0 ? <Text>{t("selfCheck.intro")}</Text> : null}
        <div>
          <Text size="sm" fw={600} id="self-check-progress">
            {t("selfCheck.step", { n: step + 1, total: STEPS.length })}
          </Text>
          <Progress.Root mt={6}>
            <Progress.Section
              value={((step + 1) / STEPS.length) * 100}
              aria-label={t("selfCheck.step", { n: step + 1, total: STEPS.length })}
            />
          </Progress.Root>
        </div>
        <Paper withBorder p={{ base: "md", sm: "xl" }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              next();
            }}
          >
            <Stack gap="lg">
              <Title order={2} size="h3">
                {t(stepTitle[current])}
              </Title>
              {problems.length > 0 ? (
                <Alert color="red" title={t("selfCheck.problemsTitle")} role="alert">
                  <List size="sm">
                    {problems.map((p) => (
                      <List.Item key={`${p.field}-${p.code}`}>{problemText(p)}</List.Item>
                    ))}
                  </List>
                </Alert>
              ) : null}
              {body}
              <Group justify="space-between">
                <Button
                  variant="default"
                  disabled={step === 0}
                  onClick={() => {
                    setProblems([]);
                    setStep(step - 1);
                  }}
                >
                  {t("common.back")}
                </Button>
                <Button type="submit">
                  {step === STEPS.length - 1 ? t("selfCheck.seeResult") : t("common.next")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}

function SelfCheckResult({
  result,
  protocol,
  onBook,
  onChange,
}: {
  result: ScreeningOutput;
  protocol: Protocol;
  onBook: () => void;
  onChange: () => void;
}) {
  const citations = new Map((protocol.sources ?? []).map((s) => [s.id, s.citation ?? s.id]));
  const color = { eligible: "green", defer: "yellow", "needs-physician-clearance": "orange", decline: "red" }[
    result.outcome
  ];
  const reasons = result.explanations.filter((e) => e.kind === "reason");
  const cautions = result.explanations.filter((e) => e.kind === "caution");
  const prep = result.explanations.filter((e) => e.kind === "prepInstruction");
  const numbers = numberSources([...reasons, ...cautions, ...prep].map((e) => e.sources));
  const lead =
    result.outcome === "defer"
      ? result.deferUntil
        ? t("selfCheck.result.defer.dated", { date: formatCalendarDate(result.deferUntil) })
        : t("selfCheck.result.defer.undated")
      : t(`selfCheck.result.${result.outcome}.text` as MessageKey);
  const combined = result.plan?.combined;
  return (
    <Container size="sm" py={{ base: 24, sm: 56 }}>
      <title>{t("selfCheck.result.title")}</title>
      <Stack gap="lg">
        <Title order={1} c="spruce.9">
          {t("selfCheck.result.title")}
        </Title>
        <Paper
          withBorder
          p={{ base: "md", sm: "xl" }}
          data-testid="self-check-result"
          data-outcome={result.outcome}
          data-protocol-version={result.protocolVersion}
        >
          <Stack gap="sm">
            <Badge
              c="dark.8"
              color={color}
              size="lg"
              variant="light"
              w="fit-content"
              maw="100%"
              h="auto"
              py={4}
              // A long outcome wraps on a phone instead of being cut ("…DOCTOR'S AGRE…").
              styles={{ label: { whiteSpace: "normal", overflow: "visible", textOverflow: "clip" } }}
            >
              {t(`selfCheck.result.${result.outcome}` as MessageKey)}
            </Badge>
            <Title order={2} size="h3">
              {t(`selfCheck.result.${result.outcome}` as MessageKey)}
            </Title>
            <Text>{lead}</Text>
            {combined ? (
              <Text>
                {t("selfCheck.result.plan", {
                  min: combined.sessions.min,
                  max: combined.sessions.max,
                  wmin: combined.intervalWeeks.min,
                  wmax: combined.intervalWeeks.max,
                })}
              </Text>
            ) : null}
          </Stack>
        </Paper>
        {[
          ["selfCheck.result.why", reasons],
          ["selfCheck.result.cautions", cautions],
          ["selfCheck.result.prep", prep],
        ].map(([key, list]) =>
          (list as typeof reasons).length > 0 ? (
            <section key={key as string}>
              <Title order={2} size="h4" mb="xs">
                {t(key as MessageKey)}
              </Title>
              <List spacing="xs">
                {(list as typeof reasons).map((e) => (
                  <List.Item key={e.id}>
                    {patientExplanation(e, protocol)} <SourceRefs ids={e.sources} numbers={numbers} inline />
                  </List.Item>
                ))}
              </List>
            </section>
          ) : null,
        )}
        <Paper withBorder p={{ base: "md", sm: "xl" }} bg="spruce.0">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t("selfCheck.result.bookTitle")}
            </Title>
            <Text size="sm">{t("selfCheck.result.bookText")}</Text>
            <Group>
              <Button onClick={onBook}>{t("common.book")}</Button>
              <Button variant="default" onClick={onChange}>
                {t("selfCheck.change")}
              </Button>
            </Group>
          </Stack>
        </Paper>
        <Text size="sm">{t("selfCheck.result.disclaimer")}</Text>
        <SourceList numbers={numbers} citations={citations} />
      </Stack>
    </Container>
  );
}
