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
import { request } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";
import { useSave } from "../setup/use-save.ts";

interface Template {
  id: string;
  kind: "microneedling" | "photo";
  version: number;
  title: string;
  body: string;
  createdAt: string;
}

const KIND: Record<Template["kind"], string> = {
  microneedling: "Microneedling treatment",
  photo: "Photographs",
};

export function ConsentTemplatesPage() {
  const user = useStaffUser();
  const list = useRequest<{ templates: Template[] }>("/api/consent-templates?history=true");
  const [kind, setKind] = useState<Template["kind"]>("microneedling");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const save = useSave();
  const templates = list.data?.templates ?? [];
  const ofKind = (k: Template["kind"]) =>
    templates.filter((t) => t.kind === k).sort((a, b) => b.version - a.version);
  const current = ofKind(kind)[0];
  // The form starts from the current wording of the chosen kind.
  useEffect(() => {
    setTitle(current?.title ?? "");
    setBody(current?.body ?? "");
  }, [current?.title, current?.body]);

  return (
    <Stack gap="lg" maw={900}>
      <title>Consent wording · Remodel</title>
      <Title order={1}>Consent wording</Title>
      <Text c="dimmed">
        Patients sign the current version. A new version applies to signatures from now on; what a patient
        already signed keeps its own wording.
      </Text>
      {list.status === "error" ? (
        <ErrorState
          error={list.error}
          title="The consent wording could not be loaded"
          onRetry={list.reload}
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
                void save
                  .run(
                    () => request("POST", "/api/consent-templates", { body: { kind, title, body } }),
                    "Saved. Patients sign the new version from now on.",
                  )
                  .then((ok) => ok && list.reload());
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
                <Button type="submit" loading={save.busy} style={{ alignSelf: "flex-start" }}>
                  Save as a new version
                </Button>
                <FormStatus error={save.error} done={save.done} />
              </Stack>
            </form>
          </Paper>
        </>
      )}
    </Stack>
  );
}
