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
import { useEffect, useMemo, useState } from "react";
import type { z } from "zod";
import { consentStatusView, type signBody, signOwnConsent } from "../../../contract/consents.ts";
import { type Endpoint, endpoint } from "../../../contract/endpoint.ts";
import { portalOverview } from "../../../contract/portal.ts";
import { submit } from "../../api/client.ts";

import { errorMessageIn } from "../../api/field-names.ts";
import { SignaturePad } from "../../components/signature-pad.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { type Locale, t } from "../../i18n/index.ts";
import { pageTranslator, type Translator, translatorFor } from "../../i18n/translator.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";

type ConsentStatus = z.output<typeof consentStatusView>["status"][number];

/** What a signature sends: the body the server's schema takes. */
export type SignConsent = (body: z.input<typeof signBody>) => Promise<unknown>;

function ConsentForm({
  status,
  sign: send,
  pdfPath,
  invalidates,
  tr,
}: {
  status: ConsentStatus;
  /** Keeps the signature: the portal's own, or a patient's on a clinic tablet. */
  sign: SignConsent;
  /** Where the signed PDF of a consent is read. */
  pdfPath: (consentId: string) => string;
  /** The answers a signature outdates: the forms' own status among them, read again once it is kept. */
  invalidates: Endpoint[];
  /** The patient's language: everything the patient reads and touches follows it. */
  tr: Translator;
}) {
  const { t } = tr;
  const [typedName, setTypedName] = useState("");
  const [signature, setSignature] = useState<string | null>(null);
  const [scope, setScope] = useState<"clinical" | "marketing" | "">("");
  const [error, setError] = useState<string | null>(null);
  const signing = useApiMutation(send, {
    invalidates,
    onError: (caught) => setError(errorMessageIn(caught, tr.maybe)),
  });
  const busy = signing.isPending;
  const headingId = `consent-${status.kind}`;
  const isPhoto = status.kind === "photo";

  function sign() {
    setError(null);
    if (typedName.trim().length < 2) return setError(t("consent.error.name"));
    if (!signature) return setError(t("consent.error.signature"));
    if (isPhoto && scope === "") return setError(t("consent.error.scope"));
    signing.mutate({
      templateId: status.template.id,
      typedName: typedName.trim(),
      signature,
      photoScope: isPhoto && scope !== "" ? scope : null,
    });
  }

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={headingId} lang={tr.locale}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id={headingId} lang={status.template.locale}>
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
              {t("consent.signedUntil", {
                date: tr.date(status.currency.expiresOn ?? ""),
              })}
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
            {status.template.locale === tr.locale ? null : (
              <Alert color="blue" variant="light" data-testid={`consent-${status.kind}-only-english`}>
                {t("consent.onlyEnglish")}
              </Alert>
            )}
            <ScrollArea.Autosize mah={260} type="auto" offsetScrollbars>
              <Stack
                gap="xs"
                tabIndex={0}
                lang={status.template.locale}
                aria-label={t("consent.textOf", { title: status.template.title })}
              >
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
            <SignaturePad
              label={t("consent.signature")}
              typedName={typedName}
              onChange={setSignature}
              tr={tr}
            />
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
  sign,
  pdfPath,
  patientIntro = false,
}: {
  statusPath: string;
  sign: SignConsent;
  pdfPath: (consentId: string) => string;
  /** Opens with the patient's instructions in the patient's language (on a clinic tablet). */
  patientIntro?: boolean;
}) {
  // The portal's own consents or, on a clinic tablet, a patient's: both answer with the contract's
  // consent status.
  const status = useMemo(() => endpoint("GET", statusPath, consentStatusView), [statusPath]);
  const result = useApiQuery(status);
  const tr = usePatientTranslator(result.data?.locale);
  if (result.isError) {
    return (
      <ErrorState
        error={result.error}
        title={t("consent.loadFailed")}
        onRetry={() => void result.refetch()}
      />
    );
  }
  if (!result.data || !tr) return <LoadingState label={t("consent.loading")} />;
  return (
    <Stack gap="lg">
      {patientIntro ? (
        <Text lang={tr.locale} fw={500}>
          {tr.t("consent.intro")}
        </Text>
      ) : null}
      {result.data.status.map((s) => (
        <ConsentForm
          key={`${s.kind}-${s.template.version}-${s.consentId ?? ""}`}
          status={s}
          sign={sign}
          pdfPath={pdfPath}
          invalidates={[status, portalOverview]}
          tr={tr}
        />
      ))}
    </Stack>
  );
}

/** Lookups in the patient's language (null while its catalogue loads); the page's until it is known. */
function usePatientTranslator(locale: Locale | undefined): Translator | null {
  const [loaded, setLoaded] = useState<Translator | null>(null);
  useEffect(() => {
    if (!locale) return;
    let live = true;
    void translatorFor(locale).then((next) => live && setLoaded(next));
    return () => {
      live = false;
    };
  }, [locale]);
  if (!locale) return pageTranslator();
  return loaded?.locale === locale ? loaded : null;
}

export function PortalConsentPage() {
  return (
    <Stack gap="lg">
      <title>{t("consent.title")}</title>
      <Title order={1}>{t("consent.title")}</Title>
      <Text c="dimmed">{t("consent.intro")}</Text>
      <ConsentForms
        statusPath="/api/portal/consents"
        sign={(body) => submit(signOwnConsent, { body })}
        pdfPath={(id) => `/api/portal/consents/${id}/pdf`}
      />
    </Stack>
  );
}
