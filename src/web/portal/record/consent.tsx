/**
 * Signing consent forms: the microneedling consent and the photo consent (with its scope). The
 * same form serves the portal (`/portal/consent`) and the clinic tablet
 * (`/app/patients/:id/consent`); only the endpoint differs.
 */
import {
  Alert,
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
import { formatCalendarDate } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";

export interface ConsentStatus {
  kind: "microneedling" | "photo";
  template: { id: string; version: number; title: string; body: string };
  currency: { current: boolean; reason?: "none" | "outdated-version" | "expired"; expiresOn: string | null };
  consentId: string | null;
  photoScope: "clinical" | "marketing" | null;
}

const WHY: Record<NonNullable<ConsentStatus["currency"]["reason"]>, string> = {
  none: "Not signed yet",
  "outdated-version": "The form has changed since you signed: please sign the new version",
  expired: "Signed more than 12 months ago: please sign again",
};

function ConsentForm({
  status,
  endpoint,
  onSigned,
}: {
  status: ConsentStatus;
  endpoint: string;
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
    if (typedName.trim().length < 2) return setError("Type your full name.");
    if (!signature) return setError("Sign in the box (or use “Sign with my typed name”).");
    if (isPhoto && scope === "") return setError("Choose how the photographs may be used.");
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
              Signed · valid until {formatCalendarDate(status.currency.expiresOn ?? "")}
            </Badge>
          ) : (
            <Badge
              color="orange"
              variant="light"
              c="dark.8"
              tt="none"
              data-testid={`consent-${status.kind}-status`}
            >
              {WHY[status.currency.reason ?? "none"]}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Version {status.template.version}
          {status.photoScope
            ? ` · you chose: ${status.photoScope === "marketing" ? "record and marketing" : "clinical record only"}`
            : ""}
        </Text>
        {status.currency.current ? null : (
          <>
            <ScrollArea.Autosize mah={260} type="auto" offsetScrollbars>
              <Stack gap="xs" tabIndex={0} aria-label={`Text of ${status.template.title}`}>
                {status.template.body.split("\n").map((line) => (
                  <Text size="sm" key={line}>
                    {line}
                  </Text>
                ))}
              </Stack>
            </ScrollArea.Autosize>
            {isPhoto ? (
              <Radio.Group
                label="How may the photographs be used?"
                value={scope}
                onChange={(v) => setScope(v as "clinical" | "marketing")}
              >
                <Stack gap="xs" mt="xs">
                  <Radio value="clinical" label="Clinical record only" />
                  <Radio
                    value="marketing"
                    label="Clinical record and the clinic's marketing (without my name)"
                  />
                </Stack>
              </Radio.Group>
            ) : null}
            <TextInput
              label="Full name"
              autoComplete="name"
              value={typedName}
              onChange={(e) => setTypedName(e.currentTarget.value)}
            />
            <SignaturePad label="Signature" typedName={typedName} onChange={setSignature} />
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <Group>
              <Button onClick={sign} loading={busy}>
                Sign {isPhoto ? "photo consent" : "consent"}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** Every consent form of the patient, each signable when it is not current. */
export function ConsentForms({ statusPath, signPath }: { statusPath: string; signPath: string }) {
  const result = useRequest<{ status: ConsentStatus[] }>(statusPath);
  if (result.status === "error") {
    return (
      <ErrorState error={result.error} title="Could not load the consent forms" onRetry={result.reload} />
    );
  }
  if (!result.data) return <LoadingState label="Loading consent forms…" />;
  return (
    <Stack gap="lg">
      {result.data.status.map((s) => (
        <ConsentForm
          key={`${s.kind}-${s.template.version}-${s.consentId ?? ""}`}
          status={s}
          endpoint={signPath}
          onSigned={result.reload}
        />
      ))}
    </Stack>
  );
}

export function PortalConsentPage() {
  return (
    <Stack gap="lg">
      <title>Consent forms</title>
      <Title order={1}>Consent forms</Title>
      <Text c="dimmed">
        Read each form, type your name and sign. You can ask the clinic about anything first.
      </Text>
      <ConsentForms statusPath="/api/portal/consents" signPath="/api/portal/consents" />
    </Stack>
  );
}
