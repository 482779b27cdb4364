// Patients' check-ins for staff: open red flags first, then ones to watch, then the rest. A member
// of staff marks one as handled once the patient has been contacted.
import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { tMaybe } from "../../i18n/index.ts";
import { useRequest } from "../../lib/use-request.ts";

interface InboxItem {
  id: string;
  patientId: string;
  patientName: string;
  sessionDate: string;
  point: string;
  triage: "red-flag" | "watch" | "expected";
  flags: { id: string; level: string }[];
  createdAt: string;
  acknowledgedAt: string | null;
}

const COLOR = { "red-flag": "red", watch: "yellow", expected: "green" } as const;
const LABEL = { "red-flag": "Red flag", watch: "Watch", expected: "Expected course" } as const;

export function InboxPage() {
  const [all, setAll] = useState(false);
  const result = useRequest<{ openRedFlags: number; items: InboxItem[] }>(`/api/inbox?all=${all}`);
  const [error, setError] = useState<string | null>(null);
  async function acknowledge(id: string) {
    setError(null);
    try {
      await api.post(`/api/inbox/${id}/acknowledge`);
      result.reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }
  return (
    <Stack gap="lg">
      <title>Inbox · Remodel</title>
      <Group justify="space-between">
        <Title order={1}>Inbox</Title>
        <Switch label="Show handled" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
      </Group>
      {error ? (
        <Text c="red.8" role="alert">
          {error}
        </Text>
      ) : null}
      {result.status === "error" ? (
        <ErrorState error={result.error} title="Could not load the inbox" onRetry={result.reload} />
      ) : result.data === null ? (
        <LoadingState />
      ) : (
        <>
          <Text fw={700} data-testid="open-red-flags">
            {result.data.openRedFlags} open red {result.data.openRedFlags === 1 ? "flag" : "flags"}
          </Text>
          {result.data.items.length === 0 ? <Text>No check-ins.</Text> : null}
          <Stack gap="sm" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {result.data.items.map((i) => (
              <Paper
                component="li"
                key={i.id}
                withBorder
                p="md"
                data-testid="inbox-item"
                data-triage={i.triage}
              >
                <Group justify="space-between" align="flex-start">
                  <Stack gap={4}>
                    <Group gap="xs">
                      <Badge c="dark.8" variant="light" color={COLOR[i.triage]}>
                        {LABEL[i.triage]}
                      </Badge>
                      {i.acknowledgedAt ? (
                        <Badge c="dark.8" variant="outline">
                          Handled
                        </Badge>
                      ) : null}
                    </Group>
                    <Anchor component={Link} to={`/app/patients/${i.patientId}`} fw={700}>
                      {i.patientName}
                    </Anchor>
                    <Text size="sm">
                      {i.point} check-in after the session on {i.sessionDate} · sent{" "}
                      {new Date(i.createdAt).toLocaleString("en-GB")}
                    </Text>
                    {i.flags.length > 0 ? (
                      <Text size="sm">
                        {i.flags.map((f) => tMaybe(`checkIn.flag.${f.id}`, f.id)).join(" ")}
                      </Text>
                    ) : null}
                  </Stack>
                  {i.acknowledgedAt ? null : (
                    <Button size="compact-sm" variant="light" onClick={() => acknowledge(i.id)}>
                      Mark handled
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
