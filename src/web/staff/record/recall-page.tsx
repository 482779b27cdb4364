/**
 * A lot recall: every session charted with a cartridge or post-procedure product lot, the patient
 * of each, and a message drafted to each patient (sent from the clinic's own mail, or read out on
 * the phone). The search itself is audited by the server.
 */
import {
  Alert,
  Anchor,
  Button,
  Group,
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
import { errorMessage, request } from "../../api/client.ts";
import { formatCalendarDate } from "../../lib/format.ts";
import { useStaffUser } from "../layout.tsx";

interface RecallRow {
  chartId: string;
  patientId: string;
  sessionDate: string;
  match: "cartridge" | "product";
  patient: { givenName: string; familyName: string; email: string | null; phone: string | null } | null;
}

function draft(clinic: string, lot: string, rows: RecallRow[]): string {
  const first = rows[0]!;
  const dates = rows.map((r) => formatCalendarDate(r.sessionDate)).join(", ");
  return `Dear ${first.patient?.givenName ?? "patient"},\n\nThe maker of a product used in your treatment at ${clinic} on ${dates} has recalled one batch (${lot}). We are contacting everyone treated with it. Most people need do nothing, but please call us if the treated skin has become red, swollen, hot or painful, or has bumps that are not going away, and we will see you.\n\n${clinic}`;
}

export function RecallPage() {
  const user = useStaffUser();
  const [lot, setLot] = useState("");
  const [searched, setSearched] = useState<string | null>(null);
  const [rows, setRows] = useState<RecallRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const res = await request<{ charts: RecallRow[] }>(
        "GET",
        `/api/recalls?lot=${encodeURIComponent(lot.trim())}`,
      );
      setRows(res.charts);
      setSearched(lot.trim());
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  const byPatient = new Map<string, RecallRow[]>();
  for (const r of rows ?? []) byPatient.set(r.patientId, [...(byPatient.get(r.patientId) ?? []), r]);

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
            {[...byPatient.entries()].map(([patientId, sessions]) => {
              const p = sessions[0]!.patient;
              const name = p ? `${p.givenName} ${p.familyName}` : "Patient record not visible";
              const text = draft(user.clinic.name, searched, sessions);
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
                    <Title order={2} size="h4">
                      <Anchor component={Link} to={`/app/patients/${patientId}`}>
                        {name}
                      </Anchor>
                    </Title>
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
                    <Textarea label={`Message to ${name}`} value={text} readOnly autosize minRows={4} />
                    <Group gap="md">
                      {p?.email ? (
                        <Anchor
                          href={`mailto:${p.email}?subject=${encodeURIComponent(`Product recall: lot ${searched}`)}&body=${encodeURIComponent(text)}`}
                        >
                          E-mail {p.email}
                        </Anchor>
                      ) : null}
                      {p?.phone ? (
                        <Anchor href={`tel:${p.phone.replace(/[^+\d]/g, "")}`}>Call {p.phone}</Anchor>
                      ) : null}
                    </Group>
                  </Stack>
                </Paper>
              );
            })}
          </Stack>
        )
      ) : null}
    </Stack>
  );
}
