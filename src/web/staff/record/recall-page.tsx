/**
 * A lot recall: every session charted with a cartridge or post-procedure product lot, the patient
 * of each, and the message each patient gets in their own language. A clinician sends the messages
 * through the clinic's outbox after confirming; a patient already written to for this recall is not
 * written to again, and a patient without an e-mail address is telephoned. Searches and sending
 * are audited by the server.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import {
  type RecallChart,
  type RecallMessage,
  recallMessageDrafts,
  recalls,
  sendRecallMessages,
} from "../../../contract/charts.ts";
import { call, errorMessage, submit } from "../../api/client.ts";
import { formatCalendarDate, formatShortDateTime } from "../../lib/format.ts";
import { useStaffUser } from "../layout.tsx";

export function RecallPage() {
  const user = useStaffUser();
  const tz = user.clinic.timeZone;
  const [lot, setLot] = useState("");
  const [searched, setSearched] = useState<string | null>(null);
  const [rows, setRows] = useState<RecallChart[] | null>(null);
  const [messages, setMessages] = useState<RecallMessage[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [sentNote, setSentNote] = useState<string | null>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSentNote(null);
    const wanted = lot.trim();
    try {
      const res = await call(recalls, { query: { lot: wanted } });
      const drafted =
        res.charts.length === 0
          ? { messages: [] }
          : await call(recallMessageDrafts, { query: { lot: wanted } });
      setRows(res.charts);
      setMessages(drafted.messages);
      setSearched(wanted);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function send() {
    if (!searched) return;
    setSending(true);
    setError(null);
    try {
      const res = await submit(sendRecallMessages, { body: { lot: searched } });
      setMessages(res.messages);
      setSentNote(
        res.queued === 0
          ? "No new message: every patient with an e-mail address has had this recall's message."
          : `${res.queued} message${res.queued === 1 ? "" : "s"} sent to the outbox.`,
      );
      setConfirming(false);
    } catch (caught) {
      setError(errorMessage(caught));
      setConfirming(false);
    } finally {
      setSending(false);
    }
  }

  const byPatient = new Map<string, RecallChart[]>();
  for (const r of rows ?? []) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);
  const messageOf = new Map(messages.map((m) => [m.patientId, m]));
  const toSend = messages.filter((m) => m.toAddress && !m.queuedAt);

  return (
    <Stack gap="lg" maw={1100}>
      <title>{`Lot recall · ${user.clinic.name}`}</title>
      <Title order={1}>Lot recall</Title>
      <Paper withBorder p="md" component="form" onSubmit={search}>
        <Group align="flex-end">
          <TextInput
            label="Lot number"
            description="A needle cartridge lot or a post-procedure product lot"
            value={lot}
            onChange={(e) => setLot(e.currentTarget.value)}
            required
          />
          <Button type="submit" disabled={lot.trim() === ""}>
            Find sessions
          </Button>
        </Group>
      </Paper>
      {error ? (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      ) : null}
      {rows && searched ? (
        rows.length === 0 ? (
          <Text role="status">No session was charted with lot {searched}.</Text>
        ) : (
          <Stack gap="md">
            <Text role="status">
              Lot {searched}: {rows.length} session{rows.length === 1 ? "" : "s"}, {byPatient.size} patient
              {byPatient.size === 1 ? "" : "s"}.
            </Text>
            <Paper withBorder p="md">
              <Group justify="space-between" align="center">
                <Text>
                  {toSend.length === 0
                    ? "Every patient with an e-mail address has had this recall's message."
                    : `${toSend.length} patient${toSend.length === 1 ? "" : "s"} still to be written to by e-mail.`}
                </Text>
                <Button onClick={() => setConfirming(true)} disabled={toSend.length === 0}>
                  Send the messages
                </Button>
              </Group>
              {sentNote ? (
                <Text role="status" mt="sm">
                  {sentNote}
                </Text>
              ) : null}
            </Paper>
            {[...byPatient.entries()].map(([patientId, sessions]) => {
              const p = sessions[0]!.patient;
              const name = p ? `${p.givenName} ${p.familyName}` : "Patient record not visible";
              const message = messageOf.get(patientId);
              return (
                <Paper
                  withBorder
                  p="md"
                  key={patientId}
                  component="section"
                  aria-label={name}
                  data-testid="recall-patient"
                >
                  <Stack gap="sm">
                    <Group justify="space-between">
                      <Title order={2} size="h4">
                        <Anchor component={Link} to={`/app/patients/${patientId}`}>
                          {name}
                        </Anchor>
                      </Title>
                      {message?.queuedAt ? (
                        <Badge color="teal" variant="light">
                          {message.sentAt
                            ? `E-mailed ${formatShortDateTime(message.sentAt, tz)}`
                            : `In the outbox since ${formatShortDateTime(message.queuedAt, tz)}`}
                        </Badge>
                      ) : message && !message.toAddress ? (
                        <Badge color="orange" variant="light">
                          No e-mail address: telephone
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          Not written to yet
                        </Badge>
                      )}
                    </Group>
                    <Table>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Session</Table.Th>
                          <Table.Th>Lot used as</Table.Th>
                          <Table.Th>Chart</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {sessions.map((s) => (
                          <Table.Tr key={s.chartId}>
                            <Table.Td>{formatCalendarDate(s.sessionDate)}</Table.Td>
                            <Table.Td>
                              {s.match === "cartridge" ? "Needle cartridge" : "Post-procedure product"}
                            </Table.Td>
                            <Table.Td>
                              <Anchor
                                component={Link}
                                to={`/app/patients/${patientId}/chart?chart=${s.chartId}`}
                              >
                                Open chart
                              </Anchor>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                    {message ? (
                      <Textarea
                        label={`Message to ${name}`}
                        description={
                          message.toAddress
                            ? `By e-mail to ${message.toAddress}: ${message.subject}`
                            : `No e-mail address on file: read it out on the phone. ${message.subject}`
                        }
                        value={message.bodyText}
                        readOnly
                        autosize
                        minRows={4}
                      />
                    ) : null}
                    {p?.phone ? (
                      <Anchor href={`tel:${p.phone.replace(/[^+\d]/g, "")}`}>Call {p.phone}</Anchor>
                    ) : null}
                  </Stack>
                </Paper>
              );
            })}
          </Stack>
        )
      ) : null}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Send the recall messages?"
        closeButtonProps={{ "aria-label": "Do not send" }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {toSend.length} patient{toSend.length === 1 ? "" : "s"} will get the message shown for them, by
            e-mail, about lot {searched}. Each patient gets this recall's message once.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button onClick={send} loading={sending}>
              Send {toSend.length} message{toSend.length === 1 ? "" : "s"}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
