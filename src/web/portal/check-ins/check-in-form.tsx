// A check-in after a session: a few taps, then what to do now. A red flag tells the patient to
// call the clinic at once (the clinic has been alerted too); an expected course reassures with the
// protocol's own words. One photo may go with it when the patient has a current photo consent;
// without one the check-in still goes, and the form says how to add photos next time.
import {
  Alert,
  Anchor,
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
import { Link } from "react-router";
import { sendCheckIn } from "../../../contract/check-ins.ts";
import { ownConsents } from "../../../contract/consents.ts";
import type { CheckInAnswers, CheckInPoint, Severity } from "../../../domain/patient/triage.ts";
import { ApiError, call, errorMessage } from "../../api/client.ts";
import { t } from "../../i18n/index.ts";
import { telHref } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

/** The picture's bytes as base64, as the check-in route takes them. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Whether the patient may send a photo: a current photo consent (null while it loads). */
function usePhotoConsent(): boolean | null {
  const consents = useApiQuery(ownConsents);
  if (!consents.data) return consents.isError ? false : null;
  return consents.data.status.some((s) => s.kind === "photo" && s.currency.current);
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
  const [error, setError] = useState<string | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const photoAllowed = usePhotoConsent();
  // The aftercare is read again when the patient closes the answer (onDone), so the answer stays
  // on screen until then.
  const checkIn = useApiMutation(
    async (withPhoto: boolean) =>
      call(sendCheckIn, {
        body:
          withPhoto && photo && photoAllowed
            ? { chartId, answers: a, photo: await base64Of(photo) }
            : { chartId, answers: a },
      }),
    {
      onMutate: () => {
        setError(null);
        setPhotoError(null);
      },
      onError: (caught) => {
        // A refused photo must not hold the answers back: say why, and offer to send without it.
        const fields =
          caught instanceof ApiError && !Array.isArray(caught.fields) ? caught.fields : undefined;
        if (caught instanceof ApiError && (fields?.["body.photo"] || caught.status === 413)) {
          setPhotoError(
            caught.status === 413
              ? t("checkIn.photo.tooLarge")
              : t("checkIn.photo.refused", { reason: fields?.["body.photo"] ?? caught.message }),
          );
        } else {
          setError(errorMessage(caught));
        }
      },
    },
  );
  const result = checkIn.data ?? null;
  const busy = checkIn.isPending;
  const send = (withPhoto: boolean) => checkIn.mutate(withPhoto);

  function submit(e: FormEvent) {
    e.preventDefault();
    void send(true);
  }

  if (result) {
    const color = result.triage === "red-flag" ? "red" : result.triage === "watch" ? "yellow" : "green";
    // While the clinic is closed, "call them now" would ring an empty clinic: its out-of-hours advice instead.
    const closed = result.triage === "red-flag" && result.clinicOpen === false;
    return (
      <Alert
        color={color}
        title={closed ? t("checkIn.result.red-flag.closedTitle") : t(`checkIn.result.${result.triage}`)}
        role={result.triage === "red-flag" ? "alert" : "status"}
        data-testid="check-in-result"
      >
        <Stack gap="xs">
          <Text size="sm">
            {closed ? t("checkIn.result.red-flag.closedText") : t(`checkIn.result.${result.triage}.text`)}
          </Text>
          {closed && result.outOfHoursAdvice ? (
            <Text size="sm" fw={600} data-testid="out-of-hours-advice">
              {result.outOfHoursAdvice}
            </Text>
          ) : null}
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
          {result.photoId ? <Text size="sm">{t("checkIn.photo.sent")}</Text> : null}
          {result.photoNotStored ? (
            <Text size="sm" data-testid="check-in-photo-not-stored">
              {t(
                result.photoNotStored === "no_photo_consent"
                  ? "checkIn.photo.notStored"
                  : "checkIn.photo.notStoredStore",
              )}
            </Text>
          ) : null}
          {result.triage === "red-flag" ? (
            <>
              {result.clinicPhone && !closed ? (
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
          {photoAllowed ? (
            <Stack gap={4}>
              <Text size="sm" fw={500} component="label" htmlFor="check-in-photo">
                {t("checkIn.photo.label")}
              </Text>
              <Text size="xs" c="dimmed" id="check-in-photo-help">
                {t("checkIn.photo.help")}
              </Text>
              <input
                id="check-in-photo"
                type="file"
                accept="image/*"
                capture="environment"
                aria-describedby="check-in-photo-help"
                disabled={busy}
                onChange={(e) => {
                  setPhoto(e.currentTarget.files?.[0] ?? null);
                  setPhotoError(null);
                  e.currentTarget.value = "";
                }}
              />
              {photo ? (
                <Group gap="xs">
                  <Text size="sm" data-testid="check-in-photo-chosen">
                    {t("checkIn.photo.chosen", { name: photo.name })}
                  </Text>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => {
                      setPhoto(null);
                      setPhotoError(null);
                    }}
                  >
                    {t("checkIn.photo.remove")}
                  </Button>
                </Group>
              ) : null}
            </Stack>
          ) : photoAllowed === false ? (
            <Text size="sm" c="dimmed" data-testid="check-in-photo-no-consent">
              {t("checkIn.photo.noConsent")}{" "}
              <Anchor component={Link} to="/portal/consent">
                {t("checkIn.photo.signConsent")}
              </Anchor>
            </Text>
          ) : null}
          {photoError ? (
            <Alert color="orange" role="alert" data-testid="check-in-photo-error">
              <Stack gap="xs">
                <Text size="sm">{photoError}</Text>
                <Button
                  variant="default"
                  w="fit-content"
                  loading={busy}
                  onClick={() => {
                    setPhoto(null);
                    void send(false);
                  }}
                >
                  {t("checkIn.photo.sendWithout")}
                </Button>
              </Stack>
            </Alert>
          ) : null}
          <Button type="submit" loading={busy} w="fit-content">
            {t("checkIn.send")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
