// Webhooks: the owner adds an endpoint (its signing secret shown once), sees the recent deliveries
// of each and removes one (nothing more is sent to it).
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { request } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useRequest } from "../../lib/use-request.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";
import { useSave } from "../setup/use-save.ts";

interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string;
  active: boolean;
  createdAt: string;
}
interface Delivery {
  id: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

const EVENTS: [string, string][] = [
  ["appointment.booked", "Visit booked"],
  ["appointment.rescheduled", "Visit moved"],
  ["appointment.checked_in", "Patient checked in"],
  ["appointment.completed", "Visit completed"],
  ["appointment.cancelled", "Visit cancelled"],
  ["appointment.no_show", "Patient did not come"],
  ["chart.opened", "Session chart opened"],
  ["chart.signed", "Session chart signed"],
  ["chart.stopped", "Session stopped"],
];
const STATUS_COLOR = { pending: "gray.8", delivered: "dark", failed: "red.9" } as const;

function AddWebhook({ reload }: { reload: () => void }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const save = useSave();
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Add a webhook"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSecret(null);
          void save
            .run(async () => {
              const r = await request<{ webhook: { secret: string } }>("POST", "/api/webhooks", {
                body: { url, events, ...(description.trim() ? { description: description.trim() } : {}) },
              });
              setSecret(r.webhook.secret);
              setUrl("");
              setDescription("");
              setEvents([]);
            }, "The webhook is added.")
            .then((ok) => ok && reload());
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h3">
            Add a webhook
          </Title>
          <TextInput
            label="Address (https)"
            required
            type="url"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={fieldError(save.error, "body.url")}
          />
          <TextInput
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={fieldError(save.error, "body.description")}
          />
          <Checkbox.Group
            label="Events"
            required
            value={events}
            onChange={setEvents}
            error={fieldError(save.error, "body.events")}
          >
            <Group mt="xs" gap="sm" wrap="wrap">
              {EVENTS.map(([value, label]) => (
                <Checkbox key={value} value={value} label={label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Button type="submit" loading={save.busy} style={{ alignSelf: "flex-start" }}>
            Add the webhook
          </Button>
          <FormStatus error={save.error} done={save.done} />
          {secret ? (
            <Alert color="blue" title="Signing secret: copy it now, it is not shown again">
              <Code data-testid="webhook-secret" style={{ wordBreak: "break-all" }}>
                {secret}
              </Code>
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}

function Deliveries({ id }: { id: string }) {
  const user = useStaffUser();
  const list = useRequest<{ deliveries: Delivery[] }>(`/api/webhooks/${id}/deliveries?limit=20`);
  if (list.status === "error")
    return <ErrorState error={list.error} title="The deliveries could not be loaded" onRetry={list.reload} />;
  if (!list.data) return <LoadingState />;
  if (list.data.deliveries.length === 0) return <Text size="sm">Nothing sent yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table aria-label="Recent deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Tries</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.deliveries.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{formatShortDateTime(d.createdAt, user.clinic.timeZone)}</Table.Td>
              <Table.Td>{d.event}</Table.Td>
              <Table.Td>
                <Badge variant="outline" color={STATUS_COLOR[d.status]}>
                  {d.status}
                </Badge>{" "}
                {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? "")}
              </Table.Td>
              <Table.Td>{d.attempts}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function WebhookCard({ webhook, reload }: { webhook: Webhook; reload: () => void }) {
  const user = useStaffUser();
  const [open, setOpen] = useState(false);
  const save = useSave();
  return (
    <Paper withBorder p="md" component="li" style={{ listStyle: "none" }}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} style={{ wordBreak: "break-all" }}>
            {webhook.url}
          </Text>
          <Badge variant="outline" color={webhook.active ? "dark" : "gray.8"}>
            {webhook.active ? "On" : "Off"}
          </Badge>
        </Group>
        {webhook.description ? <Text size="sm">{webhook.description}</Text> : null}
        <Text size="sm" c="dimmed">
          {webhook.events.map((e) => EVENTS.find(([v]) => v === e)?.[1] ?? e).join(", ")} · added{" "}
          {formatShortDateTime(webhook.createdAt, user.clinic.timeZone)}
        </Text>
        <Group gap="sm" wrap="wrap">
          <Button variant="default" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {open ? "Hide deliveries" : "Recent deliveries"}
          </Button>
          <Button
            variant="default"
            color="red"
            size="xs"
            loading={save.busy}
            onClick={() =>
              void save
                .run(() => request("DELETE", `/api/webhooks/${webhook.id}`), "Removed.")
                .then((ok) => ok && reload())
            }
          >
            Remove (nothing more is sent)
          </Button>
        </Group>
        <FormStatus error={save.error} done={save.done} />
        {open ? <Deliveries id={webhook.id} /> : null}
      </Stack>
    </Paper>
  );
}

export function WebhooksPage() {
  const list = useRequest<{ webhooks: Webhook[] }>("/api/webhooks");
  return (
    <Stack gap="lg" maw={900}>
      <title>Webhooks · Remodel</title>
      <Title order={1}>Webhooks</Title>
      <Text c="dimmed">
        Another system hears about visits and session charts as they happen. Each delivery is signed with the
        webhook's secret.
      </Text>
      <AddWebhook reload={list.reload} />
      {list.status === "error" ? (
        <ErrorState error={list.error} title="The webhooks could not be loaded" onRetry={list.reload} />
      ) : !list.data ? (
        <LoadingState />
      ) : list.data.webhooks.length === 0 ? (
        <Text>No webhooks yet.</Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label="Webhooks">
          {list.data.webhooks.map((w) => (
            <WebhookCard key={w.id} webhook={w} reload={list.reload} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
