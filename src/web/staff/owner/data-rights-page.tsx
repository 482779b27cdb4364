// A patient's data rights, for the owner: a copy of everything stored (a download), restricting
// processing and lifting it, and erasure, which the server refuses within the retention period.
// Every step is audited on the server. A restricted patient is hidden from every list, so the
// chosen patient stays in the address (?patient=) to come back to.
import { Alert, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useSearchParams } from "react-router";
import {
  dataRights,
  erasePatientData,
  liftRestriction,
  patientDataExport,
  restrictProcessing,
} from "../../../contract/patient-data.ts";
import { patients } from "../../../contract/patients.ts";
import { call } from "../../api/client.ts";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCalendarDate, formatShortDateTime, fullName } from "../../lib/format.ts";
import { useApiQuery } from "../../lib/query.ts";
import { useStaffUser } from "../layout.tsx";
import { FormStatus } from "../setup/form-status.tsx";
import { useSave } from "../setup/use-save.ts";

function FindPatient({ onPick }: { onPick: (id: string) => void }) {
  const [q, setQ] = useState("");
  const [asked, setAsked] = useState<string | null>(null);
  const found = useApiQuery(patients, asked === null ? null : { query: { limit: 20, q: asked } });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <form
          aria-label="Find a patient"
          onSubmit={(e) => {
            e.preventDefault();
            setAsked(q.trim());
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label="Patient name, e-mail or phone"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              style={{ flex: "1 1 14rem" }}
            />
            <Button type="submit">Find</Button>
          </Group>
        </form>
        {asked === null ? null : found.isError ? (
          <ErrorState error={found.error} title="The search failed" onRetry={found.refetch} />
        ) : !found.data ? (
          <LoadingState />
        ) : found.data.patients.length === 0 ? (
          <Text>No patient found. A restricted patient is not listed: open it from its saved address.</Text>
        ) : (
          <Stack gap={4}>
            {found.data.patients.map((p) => (
              <Button key={p.id} variant="subtle" justify="flex-start" onClick={() => onPick(p.id)}>
                {fullName(p)} · born {formatCalendarDate(p.dateOfBirth)}
              </Button>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function Rights({ patientId }: { patientId: string }) {
  const user = useStaffUser();
  const status = useApiQuery(dataRights, { params: { id: patientId } });
  const save = useSave();
  const [confirmErase, setConfirmErase] = useState(false);
  if (status.isError)
    return (
      <ErrorState error={status.error} title="This patient could not be loaded" onRetry={status.refetch} />
    );
  if (!status.data) return <LoadingState />;
  const s = status.data;
  const tz = user.clinic.timeZone;
  const done = (ok: boolean) => {
    if (ok) void status.refetch();
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="Data rights of this patient">
      <Stack gap="md">
        <Table variant="vertical" layout="fixed" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={200}>Processing</Table.Th>
              <Table.Td data-testid="restriction">
                {s.anonymisedAt
                  ? `Erased (anonymised) on ${formatShortDateTime(s.anonymisedAt, tz)}`
                  : s.processingRestrictedAt
                    ? `Restricted since ${formatShortDateTime(s.processingRestrictedAt, tz)}`
                    : "Not restricted"}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Last clinical record</Table.Th>
              <Table.Td>
                {s.lastClinicalRecordOn ? formatCalendarDate(s.lastClinicalRecordOn) : "None"}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Erasure possible</Table.Th>
              <Table.Td data-testid="erasable">
                {s.erasableNow
                  ? "Now"
                  : s.erasableOn
                    ? `From ${formatCalendarDate(s.erasableOn)} (records are kept ${s.retentionYears} years)`
                    : "Not yet"}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {s.anonymisedAt ? null : (
          <>
            <Group wrap="wrap">
              <Button
                variant="default"
                loading={save.busy}
                onClick={() =>
                  void save.run(async () => {
                    const data = await call(patientDataExport, { params: { id: patientId } });
                    const url = URL.createObjectURL(
                      new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }),
                    );
                    const a = document.createElement("a");
                    a.href = url;
                    a.download = `patient-${patientId}.json`;
                    a.click();
                    setTimeout(() => URL.revokeObjectURL(url), 10_000);
                  }, "The export was downloaded. Keep it safe: it holds everything about this patient.")
                }
              >
                Download everything stored (JSON)
              </Button>
              {s.processingRestrictedAt ? (
                <Button
                  variant="default"
                  loading={save.busy}
                  onClick={() =>
                    void save
                      .run(
                        () => call(liftRestriction, { params: { id: patientId } }),
                        "The restriction is lifted: the patient is listed again.",
                      )
                      .then(done)
                  }
                >
                  Lift the restriction
                </Button>
              ) : (
                <Button
                  variant="default"
                  loading={save.busy}
                  onClick={() =>
                    void save
                      .run(
                        () => call(restrictProcessing, { params: { id: patientId } }),
                        "Processing is restricted: the patient is hidden from lists, upcoming visits are cancelled and no messages go out.",
                      )
                      .then(done)
                  }
                >
                  Restrict processing
                </Button>
              )}
            </Group>
            <Alert variant="light" color="red" title="Erase">
              <Stack gap="xs">
                <Text size="sm">
                  Erasing anonymises the record and deletes the photographs. It cannot be undone. It is
                  refused while the clinical record must still be kept.
                </Text>
                <Checkbox
                  label="I understand the record is anonymised for good"
                  checked={confirmErase}
                  onChange={(e) => setConfirmErase(e.currentTarget.checked)}
                />
                <Button
                  color="red.9"
                  disabled={!confirmErase}
                  loading={save.busy}
                  style={{ alignSelf: "flex-start" }}
                  onClick={() =>
                    void save
                      .run(
                        () => call(erasePatientData, { params: { id: patientId } }),
                        "The record is anonymised.",
                      )
                      .then(done)
                  }
                >
                  Erase this patient's data
                </Button>
              </Stack>
            </Alert>
          </>
        )}
        <FormStatus error={save.error} done={save.done} />
      </Stack>
    </Paper>
  );
}

export function DataRightsPage() {
  const [params, setParams] = useSearchParams();
  const patientId = params.get("patient");
  return (
    <Stack gap="lg" maw={900}>
      <title>Data rights · Remodel</title>
      <Title order={1}>Patient data rights</Title>
      <Text c="dimmed">
        A patient can ask for a copy of their data, for processing to be restricted, or for erasure once the
        record no longer has to be kept.
      </Text>
      <FindPatient onPick={(id) => setParams({ patient: id })} />
      {patientId ? <Rights key={patientId} patientId={patientId} /> : null}
    </Stack>
  );
}
