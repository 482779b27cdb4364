import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useId, useState } from "react";
import {
  IMPORT_ORIGIN,
  type ImportReport,
  importFhirBundle,
  type Tally,
} from "../../../contract/fhir-import.ts";
import { call, errorMessage } from "../../api/client.ts";
import { useStaffUser } from "../layout.tsx";

type FileResult =
  | { file: string; status: "waiting" | "importing" }
  | { file: string; status: "imported"; report: ImportReport }
  | { file: string; status: "failed"; message: string };

function tally(t: Tally): string {
  return `${t.created} new, ${t.updated} updated, ${t.unchanged} unchanged`;
}

function ResultRow({ result }: { result: FileResult }) {
  return (
    <Table.Tr data-testid="import-row">
      <Table.Td style={{ wordBreak: "break-all" }}>{result.file}</Table.Td>
      <Table.Td>
        {result.status === "imported" ? (
          <Badge color="spruce" variant="light">
            Imported
          </Badge>
        ) : result.status === "failed" ? (
          <Badge color="clay" variant="light">
            Not imported
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            {result.status === "importing" ? "Importing…" : "Waiting"}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {result.status === "imported" ? (
          <Stack gap={2}>
            <Text size="sm">
              {result.report.resources} resources ({result.report.bundleType})
            </Text>
            <Text size="sm">Patients: {tally(result.report.patients)}</Text>
            <Text size="sm">
              Conditions: {tally(result.report.conditions)}; {result.report.conditions.mapped} mapped to the
              protocol
            </Text>
            <Text size="sm">Medications: {tally(result.report.medications)}</Text>
            <Text size="sm">
              Allergies: {tally(result.report.allergies)}; {result.report.allergies.mapped} mapped to the
              protocol
            </Text>
            {result.report.states.pregnant + result.report.states.breastfeeding > 0 ? (
              <Text size="sm">
                Pregnancy updated for {result.report.states.pregnant}, breastfeeding for{" "}
                {result.report.states.breastfeeding}
              </Text>
            ) : null}
          </Stack>
        ) : result.status === "failed" ? (
          <Text size="sm" c="red.9">
            {result.message}
          </Text>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** Every code that could not be mapped, grouped over all files: what, how often, and why. */
function Unmapped({ results }: { results: FileResult[] }) {
  const grouped = new Map<string, { resourceType: string; codes: string; reason: string; count: number }>();
  const skipped = new Map<string, number>();
  for (const r of results) {
    if (r.status !== "imported") continue;
    for (const u of r.report.unmapped) {
      const key = `${u.resourceType} ${u.codes}`;
      const g = grouped.get(key) ?? { ...u, count: 0 };
      g.count++;
      grouped.set(key, g);
    }
    for (const [type, n] of Object.entries(r.report.skipped)) skipped.set(type, (skipped.get(type) ?? 0) + n);
  }
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Could not be mapped
      </Title>
      {grouped.size === 0 ? (
        <Text size="sm">Every code was mapped.</Text>
      ) : (
        <Table striped data-testid="unmapped-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Resource</Table.Th>
              <Table.Th>Codes</Table.Th>
              <Table.Th>Times</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...grouped.values()].map((g) => (
              <Table.Tr key={`${g.resourceType} ${g.codes}`}>
                <Table.Td>{g.resourceType}</Table.Td>
                <Table.Td style={{ wordBreak: "break-all" }}>{g.codes}</Table.Td>
                <Table.Td>{g.count}</Table.Td>
                <Table.Td>{g.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {skipped.size > 0 ? (
        <Text size="sm" data-testid="skipped-types">
          Not kept (types Remodel does not store):{" "}
          {[...skipped]
            .sort((a, b) => b[1] - a[1])
            .map(([t, n]) => `${t} ${n}`)
            .join(", ")}
        </Text>
      ) : null}
    </Stack>
  );
}

/** Owners and providers upload FHIR R4 bundles (transaction, batch or collection) exported elsewhere. */
export function FhirImportPage() {
  const user = useStaffUser();
  const allowed = user.role === "owner" || user.role === "provider";
  const inputId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [source, setSource] = useState("default");
  const [results, setResults] = useState<FileResult[]>([]);
  const [busy, setBusy] = useState(false);

  const done = results.filter((r) => r.status === "imported" || r.status === "failed").length;
  const sourceError = IMPORT_ORIGIN.test(source)
    ? null
    : "Lower-case letters, digits, '.', '_' or '-' (up to 63)";

  async function importAll() {
    if (files.length === 0 || sourceError) return;
    setBusy(true);
    const next: FileResult[] = files.map((f) => ({ file: f.name, status: "waiting" }));
    setResults([...next]);
    for (const [i, file] of files.entries()) {
      next[i] = { file: file.name, status: "importing" };
      setResults([...next]);
      try {
        let bundle: unknown;
        try {
          bundle = JSON.parse(await file.text());
        } catch {
          throw new Error("This file is not JSON.");
        }
        // A bundle is whatever the file holds: the server validates it and names what is at fault.
        const { report } = await call(importFhirBundle, { query: { source }, body: bundle });
        next[i] = { file: file.name, status: "imported", report };
      } catch (error) {
        next[i] = {
          file: file.name,
          status: "failed",
          message: error instanceof Error && !("status" in error) ? error.message : errorMessage(error),
        };
      }
      setResults([...next]);
    }
    setBusy(false);
  }

  const imported = results.filter((r) => r.status === "imported");
  const patients = imported.reduce((n, r) => n + r.report.patients.ids.length, 0);
  const finished = results.length > 0 && done === results.length;

  return (
    <Stack gap="lg" maw={960}>
      <title>Import FHIR bundles · Remodel</title>
      <Title order={1}>Import FHIR bundles</Title>
      <Text>
        Bring patients' histories from another system: FHIR R4 bundles (transaction, batch or collection, as
        EHRs and Synthea export them). Patients are matched by the ids they had there, so importing the same
        file again changes nothing. Conditions, medications, allergies and pregnancy are kept; codes are
        mapped to the protocol so that screening uses them.
      </Text>
      {allowed ? (
        <Paper withBorder p="md">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void importAll();
            }}
          >
            <Stack gap="md">
              <div>
                <Text component="label" htmlFor={inputId} fw={500} size="sm" display="block">
                  Bundle files (.json)
                </Text>
                <input
                  id={inputId}
                  type="file"
                  accept=".json,application/json,application/fhir+json"
                  multiple
                  disabled={busy}
                  onChange={(e) => {
                    setFiles([...(e.currentTarget.files ?? [])]);
                    setResults([]);
                  }}
                />
                <Text size="xs" c="dimmed" mt={4}>
                  {files.length === 0
                    ? "No files chosen."
                    : `${files.length} file${files.length === 1 ? "" : "s"} chosen.`}
                </Text>
              </div>
              <TextInput
                label="Source system"
                description="Names the system the bundles come from; its ids are kept apart from other systems' ids."
                value={source}
                onChange={(e) => setSource(e.currentTarget.value)}
                error={sourceError}
                maw={360}
              />
              <Group>
                <Button type="submit" loading={busy} disabled={files.length === 0 || sourceError !== null}>
                  Import
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : (
        <Alert variant="light" color="blue">
          Only an owner or a provider can import bundles.
        </Alert>
      )}

      {results.length > 0 ? (
        <Stack gap="md">
          <div>
            <Text size="sm" mb={4}>
              {finished ? "Done" : "Importing"}: {done} of {results.length} files
            </Text>
            <Progress.Root size="lg">
              <Progress.Section
                value={(done / results.length) * 100}
                aria-label={`Files imported: ${done} of ${results.length}`}
                animated={!finished}
              />
            </Progress.Root>
          </div>
          {finished ? (
            <Alert
              variant="light"
              color={imported.length === results.length ? "spruce" : "clay"}
              title="Import finished"
              role="status"
              data-testid="import-summary"
            >
              {imported.length} of {results.length} files imported, {patients} patient
              {patients === 1 ? "" : "s"}.
              {imported.length < results.length
                ? " A file that was not imported changed nothing; the reason is in its row."
                : null}
            </Alert>
          ) : null}
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>File</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Report</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two files may share a name; the order is fixed
                <ResultRow key={i} result={r} />
              ))}
            </Table.Tbody>
          </Table>
          {finished && imported.length > 0 ? <Unmapped results={results} /> : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
