// What the clinic sent, to whom and when: reminders, aftercare messages, sign-in links (shown only
// as "sign-in link sent", never the link). Without a mail server, messages are kept here for staff.
// The clinic's CSV exports are linked from here too.
import { Anchor, Badge, Box, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { type OutboxMessage, outbox } from "../../../contract/appointments.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatShortDateTime } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import "./outbox.css";

const KIND: Record<string, string> = {
  confirmation: "Booking confirmed",
  "day-before": "Reminder, day before",
  prep: "Preparation",
  "next-session": "Next session",
  maintenance: "Maintenance recall",
  cancellation: "Cancellation",
  rescheduled: "Moved",
  "sign-in-link": "Sign-in link sent",
  "account-setup": "Password set-up link sent",
  aftercare: "Aftercare",
  "check-in-alert": "Check-in alert to clinic",
  "staff-invitation": "Staff invitation",
  "lot-recall": "Lot recall",
  "request-lapsed": "Online request not confirmed",
};

function status(m: OutboxMessage): { label: string; color: string } {
  if (m.undeliverableAt) return { label: "Not deliverable (no mail server)", color: "orange" };
  if (m.withdrawnAt) return { label: "Withdrawn", color: "gray" };
  if (m.sentAt) return { label: "Sent", color: "green" };
  if (m.keptForStaffAt) return { label: "Kept for staff (no mail server)", color: "yellow" };
  if (m.lastError) return { label: "Not sent yet: retrying", color: "red" };
  if (Date.parse(m.sendAfter) > Date.now()) return { label: "Scheduled", color: "blue" };
  return { label: "Waiting to send", color: "blue" };
}

/** A sign-in message's subject is shown as what it is; its link stays secret. */
const subjectOf = (m: OutboxMessage) => (m.kind === "sign-in-link" ? "Sign-in link sent" : m.subject);

export function OutboxPage() {
  const user = useStaffUser();
  // Only what says what went where is shown: a message's body may carry a sign-in link.
  const result = useApiQuery(outbox, { query: { limit: 200 } });
  const tz = user.clinic.timeZone;
  return (
    <Stack gap="lg" maw={1200}>
      <title>{`Outbox · ${user.clinic.name}`}</title>
      <div>
        <Title order={1} size="h2" c="spruce.9">
          Outbox
        </Title>
        <Text c="dimmed" size="sm">
          What the clinic sent to whom, and when. Message contents (which may hold sign-in links) are never
          shown.
        </Text>
      </div>
      <Paper withBorder p="md" component="section" aria-labelledby="exports-title">
        <Title order={2} size="h5" id="exports-title" mb={4}>
          Exports
        </Title>
        <Group gap="lg">
          <Anchor href="/api/exports/patients.csv" download>
            Patients (CSV)
          </Anchor>
          <Anchor href="/api/exports/appointments.csv" download>
            Appointments (CSV)
          </Anchor>
        </Group>
      </Paper>
      {result.isError ? (
        <ErrorState
          error={result.error}
          title="Could not load the outbox"
          onRetry={() => void result.refetch()}
        />
      ) : result.data === undefined ? (
        <LoadingState label="Loading the outbox…" />
      ) : result.data.messages.length === 0 ? (
        <Text c="dimmed">Nothing sent yet.</Text>
      ) : (
        <Box style={{ overflowX: "auto" }}>
          <Table verticalSpacing="xs" striped aria-label="Messages" className="outbox-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">To</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.data.messages.map((m) => {
                const s = status(m);
                return (
                  <Table.Tr key={m.id} data-kind={m.kind}>
                    <Table.Td data-label="When">
                      <time style={{ whiteSpace: "nowrap" }} dateTime={m.sentAt ?? m.sendAfter}>
                        {formatShortDateTime(m.sentAt ?? m.sendAfter, tz)}
                      </time>
                    </Table.Td>
                    <Table.Td data-label="What">
                      <Text size="sm" fw={600}>
                        {KIND[m.kind] ?? m.kind}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {subjectOf(m)}
                      </Text>
                    </Table.Td>
                    <Table.Td data-label="To">
                      {m.patientId ? (
                        <Anchor component={Link} to={`/app/patients/${m.patientId}`} size="sm">
                          {m.toAddress}
                        </Anchor>
                      ) : (
                        <Text size="sm">{m.toAddress}</Text>
                      )}
                    </Table.Td>
                    <Table.Td data-label="Status">
                      <Badge variant="light" color={s.color} tt="none" className="outbox-status">
                        {s.label}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Box>
      )}
    </Stack>
  );
}
