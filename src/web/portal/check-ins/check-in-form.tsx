// A check-in after a session: a few taps, then what to do now. A red flag tells the patient to
// call the clinic at once (the clinic has been alerted too); an expected course reassures with the
// protocol's own words.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Radio,
  Slider,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import type { CheckInAnswers, CheckInPoint, Severity, TriageFlag } from "../../../domain/patient/triage.ts";
import { api, errorMessage } from "../../api/client.ts";
import { t } from "../../i18n/index.ts";
import { telHref } from "../../lib/format.ts";

interface Result {
  triage: "red-flag" | "watch" | "expected";
  flags: TriageFlag[];
  warning: { text: string; source: string[] } | null;
  expected: { id: string; text: string; source: string[] }[];
  clinicPhone: string | null;
}

const SEVERITY: Severity[] = ["none", "mild", "moderate", "severe"];
const YES_NO = [
  "painIncreasing",
  "warmthOrPus",
  "fever",
  "blistersOrColdSore",
  "bumpsOrDarkPatches",
] as const;

export function CheckInForm({
  chartId,
  point,
  onDone,
}: {
  chartId: string;
  point: CheckInPoint;
  onDone: () => void;
}) {
  const [a, setA] = useState<CheckInAnswers>({
    redness: "none",
    swelling: "none",
    pain: 0,
    painIncreasing: false,
    warmthOrPus: false,
    fever: false,
    blistersOrColdSore: false,
    bumpsOrDarkPatches: false,
  });
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api.post<Result>("/api/portal/check-ins", { chartId, answers: a }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    const color = result.triage === "red-flag" ? "red" : result.triage === "watch" ? "yellow" : "green";
    return (
      <Alert
        color={color}
        title={t(`checkIn.result.${result.triage}`)}
        role={result.triage === "red-flag" ? "alert" : "status"}
        data-testid="check-in-result"
      >
        <Stack gap="xs">
          <Text size="sm">{t(`checkIn.result.${result.triage}.text`)}</Text>
          {result.flags.length > 0 ? (
            <List size="sm">
              {result.flags.map((f) => (
                <List.Item key={f.id}>{t(`checkIn.flag.${f.id}`)}</List.Item>
              ))}
            </List>
          ) : null}
          {result.triage === "expected" ? (
            <List size="sm">
              {result.expected.map((x) => (
                <List.Item key={x.id}>{x.text}</List.Item>
              ))}
            </List>
          ) : null}
          {result.triage !== "expected" && result.warning ? (
            <Text size="sm">{result.warning.text}</Text>
          ) : null}
          {result.triage === "red-flag" ? (
            <>
              {result.clinicPhone ? (
                <Button component="a" href={telHref(result.clinicPhone)} color="red.9" w="fit-content">
                  {t("checkIn.call", { phone: result.clinicPhone })}
                </Button>
              ) : null}
              <Text size="sm">{t("checkIn.result.red-flag.emergency")}</Text>
            </>
          ) : null}
          <Button variant="default" w="fit-content" onClick={onDone}>
            OK
          </Button>
        </Stack>
      </Alert>
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="check-in">
      <form onSubmit={submit}>
        <Stack gap="md">
          <Title order={2} size="h3" id="check-in">
            {t("checkIn.title")} · {t(`checkIn.point.${point}`)}
          </Title>
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          {(["redness", "swelling"] as const).map((field) => (
            <Radio.Group
              key={field}
              label={t(`checkIn.${field}`)}
              value={a[field]}
              onChange={(v) => setA({ ...a, [field]: v as Severity })}
            >
              <Group mt={6} gap="md">
                {SEVERITY.map((s) => (
                  <Radio key={s} value={s} label={t(`selfCheck.extent.${s}`)} />
                ))}
              </Group>
            </Radio.Group>
          ))}
          <div>
            <Text size="sm" fw={500} id="pain-label">
              {t("checkIn.pain", { n: a.pain })}
            </Text>
            <Slider
              min={0}
              max={10}
              step={1}
              value={a.pain}
              onChange={(pain) => setA({ ...a, pain })}
              marks={[
                { value: 0, label: "0" },
                { value: 5, label: "5" },
                { value: 10, label: "10" },
              ]}
              thumbProps={{ "aria-labelledby": "pain-label" }}
              mb="md"
            />
          </div>
          {YES_NO.map((field) => (
            <Checkbox
              key={field}
              label={t(`checkIn.${field}`)}
              checked={a[field]}
              onChange={(e) => setA({ ...a, [field]: e.currentTarget.checked })}
            />
          ))}
          <Button type="submit" loading={busy} w="fit-content">
            {t("checkIn.send")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
