// Consent wording, by kind, with every version kept: patients sign the version current at the time,
// and a new version never changes what someone already signed.
import {
  Accordion,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useEffect, useState } from "react";
import {
  type ConsentTemplate,
  consentTemplates,
  type NewTemplateBody,
  newConsentTemplate,
} from "../../../contract/consents.ts";
import { call } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";

type Template = ConsentTemplate;

const KIND: Record<Template["kind"], string> = {
  microneedling: "Microneedling treatment",
  photo: "Photographs",
};

export function ConsentTemplatesPage() {
  const user = useStaffUser();
  const list = useApiQuery(consentTemplates, { query: { history: "true" } });
  const [kind, setKind] = useState<Template["kind"]>("microneedling");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [titleEs, setTitleEs] = useState("");
  const [bodyEs, setBodyEs] = useState("");
  // Saved, the versions are read again and the form starts from the new current wording.
  const save = useApiMutation((b: NewTemplateBody) => call(newConsentTemplate, { body: b }), {
    invalidates: [consentTemplates],
  });
  const templates = list.data?.templates ?? [];
  const ofKind = (k: Template["kind"]) =>
    templates.filter((t) => t.kind === k).sort((a, b) => b.version - a.version);
  const current = ofKind(kind)[0];
  // The form starts from the current wording of the chosen kind.
  useEffect(() => {
    setTitle(current?.title ?? "");
    setBody(current?.body ?? "");
    setTitleEs(current?.titleEs ?? "");
    setBodyEs(current?.bodyEs ?? "");
  }, [current?.title, current?.body, current?.titleEs, current?.bodyEs]);

  return (
    <Stack gap="lg" maw={900}>
      <title>Consent wording · Remodel</title>
      <Title order={1}>Consent wording</Title>
      <Text c="dimmed">
        Patients sign the current version. A new version applies to signatures from now on; what a patient
        already signed keeps its own wording.
      </Text>
      {list.isError ? (
        <ErrorState
          error={list.error}
          title="The consent wording could not be loaded"
          onRetry={() => void list.refetch()}
        />
      ) : !list.data ? (
        <LoadingState />
      ) : (
        <>
          {(Object.keys(KIND) as Template["kind"][]).map((k) => {
            const versions = ofKind(k);
            const [latest, ...older] = versions;
            return (
              <Paper withBorder p="md" key={k} component="section" aria-label={KIND[k]}>
                <Stack gap="sm">
                  <Group justify="space-between">
                    <Title order={2} size="h3">
                      {KIND[k]}
                    </Title>
                    {latest ? (
                      <Badge data-testid={`current-${k}`}>Current: version {latest.version}</Badge>
                    ) : null}
                  </Group>
                  {latest ? (
                    <>
                      <Text fw={600}>{latest.title}</Text>
                      <Text size="sm" c="dimmed">
                        Since {formatShortDateTime(latest.createdAt, user.clinic.timeZone)}
                      </Text>
                      <Text style={{ whiteSpace: "pre-wrap" }}>{latest.body}</Text>
                      <SpanishWording template={latest} />
                    </>
                  ) : (
                    <Text>No wording yet: patients cannot sign this consent until there is one.</Text>
                  )}
                  {older.length > 0 ? (
                    <Accordion variant="contained">
                      {older.map((t) => (
                        <Accordion.Item value={t.id} key={t.id}>
                          <Accordion.Control>
                            Version {t.version} · {formatShortDateTime(t.createdAt, user.clinic.timeZone)}
                          </Accordion.Control>
                          <Accordion.Panel>
                            <Text fw={600}>{t.title}</Text>
                            <Text style={{ whiteSpace: "pre-wrap" }}>{t.body}</Text>
                            <SpanishWording template={t} />
                          </Accordion.Panel>
                        </Accordion.Item>
                      ))}
                    </Accordion>
                  ) : null}
                </Stack>
              </Paper>
            );
          })}
          <Paper withBorder p="md">
            <form
              aria-label="New version"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate({ kind, title, body, titleEs: titleEs || null, bodyEs: bodyEs || null });
              }}
            >
              <Stack gap="md">
                <Title order={2} size="h3">
                  New version
                </Title>
                <Select
                  label="Consent"
                  data={(Object.keys(KIND) as Template["kind"][]).map((k) => ({ value: k, label: KIND[k] }))}
                  value={kind}
                  onChange={(v) => v && setKind(v as Template["kind"])}
                  allowDeselect={false}
                  error={fieldError(save.error, "body.kind")}
                />
                <TextInput
                  label="Title"
                  required
                  value={title}
                  onChange={(e) => setTitle(e.currentTarget.value)}
                  error={fieldError(save.error, "body.title")}
                />
                <Textarea
                  label="Wording"
                  description="Plain words a patient understands; at least 20 characters"
                  required
                  autosize
                  minRows={6}
                  value={body}
                  onChange={(e) => setBody(e.currentTarget.value)}
                  error={fieldError(save.error, "body.body")}
                />
                <TextInput
                  label="Spanish title (optional)"
                  lang="es"
                  description="Spanish-speaking patients read and sign the Spanish wording; without one they see the English with a note that the form is only in English"
                  value={titleEs}
                  onChange={(e) => setTitleEs(e.currentTarget.value)}
                  error={fieldError(save.error, "body.titleEs")}
                />
                <Textarea
                  label="Spanish wording (optional)"
                  lang="es"
                  description="The same form in Spanish, written or checked by someone who reads Spanish"
                  autosize
                  minRows={4}
                  value={bodyEs}
                  onChange={(e) => setBodyEs(e.currentTarget.value)}
                  error={fieldError(save.error, "body.bodyEs")}
                />
                <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
                  Save as a new version
                </Button>
                <FormStatus
                  error={save.error}
                  done={save.isSuccess ? "Saved. Patients sign the new version from now on." : null}
                />
              </Stack>
            </form>
          </Paper>
        </>
      )}
    </Stack>
  );
}

/** A version's Spanish wording, or that it has none. */
function SpanishWording({ template }: { template: Template }) {
  if (!template.titleEs || !template.bodyEs) {
    return (
      <Text size="sm" c="dimmed" data-testid={`spanish-${template.kind}-${template.version}`}>
        No Spanish wording: Spanish-speaking patients see the English with a note that it is only in English.
      </Text>
    );
  }
  return (
    <Stack gap={4} lang="es" data-testid={`spanish-${template.kind}-${template.version}`}>
      <Text size="sm" fw={600} lang="en">
        Spanish wording
      </Text>
      <Text fw={600}>{template.titleEs}</Text>
      <Text style={{ whiteSpace: "pre-wrap" }}>{template.bodyEs}</Text>
    </Stack>
  );
}
