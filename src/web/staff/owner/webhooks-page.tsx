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
import {
  addWebhook,
  type NewWebhookBody,
  removeWebhook,
  type Webhook,
  webhookDeliveries,
  webhooks,
} from "../../../contract/webhooks.ts";
import { call } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useApiMutation, useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { fieldError } from "../setup/form-errors.ts";
import { FormStatus } from "../setup/form-status.tsx";

const EVENTS: [NewWebhookBody["events"][number], string][] = [
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

function AddWebhook() {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<NewWebhookBody["events"]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const save = useApiMutation((body: NewWebhookBody) => call(addWebhook, { body }), {
    invalidates: [webhooks],
    onSuccess: (answer) => {
      setSecret(answer.webhook.secret);
      setUrl("");
      setDescription("");
      setEvents([]);
    },
  });
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Add a webhook"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSecret(null);
          save.mutate({ url, events, ...(description.trim() ? { description: description.trim() } : {}) });
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
            onChange={(chosen) => setEvents(chosen as NewWebhookBody["events"])}
            error={fieldError(save.error, "body.events")}
          >
            <Group mt="xs" gap="sm" wrap="wrap">
              {EVENTS.map(([value, label]) => (
                <Checkbox key={value} value={value} label={label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
            Add the webhook
          </Button>
          <FormStatus error={save.error} done={save.isSuccess ? "The webhook is added." : null} />
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
  const list = useApiQuery(webhookDeliveries, { params: { id }, query: { limit: 20 } });
  if (list.isError)
    return (
      <ErrorState
        error={list.error}
        title="The deliveries could not be loaded"
        onRetry={() => void list.refetch()}
      />
    );
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

function WebhookCard({ webhook }: { webhook: Webhook }) {
  const user = useStaffUser();
  const [open, setOpen] = useState(false);
  const save = useApiMutation(() => call(removeWebhook, { params: { id: webhook.id } }), {
    invalidates: [webhooks],
  });
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
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            Remove (nothing more is sent)
          </Button>
        </Group>
        <FormStatus error={save.error} done={save.isSuccess ? "Removed." : null} />
        {open ? <Deliveries id={webhook.id} /> : null}
      </Stack>
    </Paper>
  );
}

export function WebhooksPage() {
  const list = useApiQuery(webhooks);
  return (
    <Stack gap="lg" maw={900}>
      <title>Webhooks · Remodel</title>
      <Title order={1}>Webhooks</Title>
      <Text c="dimmed">
        Another system hears about visits and session charts as they happen. Each delivery is signed with the
        webhook's secret.
      </Text>
      <AddWebhook />
      {list.isError ? (
        <ErrorState
          error={list.error}
          title="The webhooks could not be loaded"
          onRetry={() => void list.refetch()}
        />
      ) : !list.data ? (
        <LoadingState />
      ) : list.data.webhooks.length === 0 ? (
        <Text>No webhooks yet.</Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label="Webhooks">
          {list.data.webhooks.map((w) => (
            <WebhookCard key={w.id} webhook={w} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
