/**
 * Signing consent forms: the microneedling consent and the photo consent (with its scope). The
 * same form serves the portal (`/portal/consent`) and the clinic tablet
 * (`/app/patients/:id/consent`); only the endpoint differs.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Radio,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { errorMessage, request } from "../../api/client.ts";
import { SignaturePad } from "../../components/signature-pad.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { t } from "../../i18n/index.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";

export interface ConsentStatus {
  kind: "microneedling" | "photo";
  template: { id: string; version: number; title: string; body: string };
  currency: { current: boolean; reason?: "none" | "outdated-version" | "expired"; expiresOn: string | null };
  consentId: string | null;
  photoScope: "clinical" | "marketing" | null;
}

function ConsentForm({
  status,
  endpoint,
  pdfPath,
  onSigned,
}: {
  status: ConsentStatus;
  endpoint: string;
  /** Where the signed PDF of a consent is read. */
  pdfPath: (consentId: string) => string;
  onSigned: () => void;
}) {
  const [typedName, setTypedName] = useState("");
  const [signature, setSignature] = useState<string | null>(null);
  const [scope, setScope] = useState<"clinical" | "marketing" | "">("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = `consent-${status.kind}`;
  const isPhoto = status.kind === "photo";

  async function sign() {
    setError(null);
    if (typedName.trim().length < 2) return setError(t("consent.error.name"));
    if (!signature) return setError(t("consent.error.signature"));
    if (isPhoto && scope === "") return setError(t("consent.error.scope"));
    setBusy(true);
    try {
      await request("POST", endpoint, {
        body: {
          templateId: status.template.id,
          typedName: typedName.trim(),
          signature,
          photoScope: isPhoto ? scope : null,
        },
      });
      onSigned();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id={headingId}>
            {status.template.title}
          </Title>
          {status.currency.current ? (
            <Badge
              color="green"
              variant="light"
              c="dark.8"
              tt="none"
              data-testid={`consent-${status.kind}-status`}
            >
              {t("consent.signedUntil", { date: formatCalendarDate(status.currency.expiresOn ?? "") })}
            </Badge>
          ) : (
            <Badge
              color="orange"
              variant="light"
              c="dark.8"
              tt="none"
              data-testid={`consent-${status.kind}-status`}
            >
              {t(`consent.why.${status.currency.reason ?? "none"}`)}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t("consent.version", { version: status.template.version })}
          {status.photoScope ? ` · ${t(`consent.chose.${status.photoScope}`)}` : ""}
        </Text>
        {status.consentId ? (
          <Anchor href={pdfPath(status.consentId)} target="_blank" rel="noopener" size="sm">
            {t("consent.pdf")}
          </Anchor>
        ) : null}
        {status.currency.current ? null : (
          <>
            <ScrollArea.Autosize mah={260} type="auto" offsetScrollbars>
              <Stack gap="xs" tabIndex={0} aria-label={t("consent.textOf", { title: status.template.title })}>
                {status.template.body.split("\n").map((line) => (
                  <Text size="sm" key={line}>
                    {line}
                  </Text>
                ))}
              </Stack>
            </ScrollArea.Autosize>
            {isPhoto ? (
              <Radio.Group
                label={t("consent.scope.label")}
                value={scope}
                onChange={(v) => setScope(v as "clinical" | "marketing")}
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="clinical" label={t("consent.scope.clinical")} />
                  <Radio value="marketing" label={t("consent.scope.marketing")} />
                </Stack>
              </Radio.Group>
            ) : null}
            <TextInput
              label={t("consent.fullName")}
              autoComplete="name"
              value={typedName}
              onChange={(e) => setTypedName(e.currentTarget.value)}
            />
            <SignaturePad label={t("consent.signature")} typedName={typedName} onChange={setSignature} />
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <Group>
              <Button onClick={sign} loading={busy}>
                {isPhoto ? t("consent.signPhoto") : t("consent.sign")}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** Every consent form of the patient, each signable when it is not current. */
export function ConsentForms({
  statusPath,
  signPath,
  pdfPath,
}: {
  statusPath: string;
  signPath: string;
  pdfPath: (consentId: string) => string;
}) {
  const result = useRequest<{ status: ConsentStatus[] }>(statusPath);
  if (result.status === "error") {
    return <ErrorState error={result.error} title={t("consent.loadFailed")} onRetry={result.reload} />;
  }
  if (!result.data) return <LoadingState label={t("consent.loading")} />;
  return (
    <Stack gap="lg">
      {result.data.status.map((s) => (
        <ConsentForm
          key={`${s.kind}-${s.template.version}-${s.consentId ?? ""}`}
          status={s}
          endpoint={signPath}
          pdfPath={pdfPath}
          onSigned={result.reload}
        />
      ))}
    </Stack>
  );
}

export function PortalConsentPage() {
  return (
    <Stack gap="lg">
      <title>{t("consent.title")}</title>
      <Title order={1}>{t("consent.title")}</Title>
      <Text c="dimmed">{t("consent.intro")}</Text>
      <ConsentForms
        statusPath="/api/portal/consents"
        signPath="/api/portal/consents"
        pdfPath={(id) => `/api/portal/consents/${id}/pdf`}
      />
    </Stack>
  );
}
